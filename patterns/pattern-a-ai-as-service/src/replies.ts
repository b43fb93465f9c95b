/** Pattern A's prompt and its answers. The answers are templates filled by code: no second LLM call. */
import { weekdayOf, type Booking, type BookingService, type PartOfDay, type Slot } from '@tennis/booking-service';
import { clubFacts, dateContext } from '@tennis/runtime';

export function parsePrompt(bookings: BookingService, offered: Slot[]): string {
  const lines = [
    "You turn a tennis club member's message into fields. You do not answer the member.",
    dateContext(bookings),
    clubFacts(bookings),
    'Resolve relative days ("tomorrow", "next Monday") to absolute dates and times to 24h HH:MM. Leave a field null when the message does not say it.',
  ];
  if (offered.length > 0) lines.push(`We just offered these numbered options: ${numbered(offered).join('; ')}.`);
  return lines.join('\n');
}

/** "Sunday 2026-11-22". */
function day(date: string): string {
  return `${weekdayOf(date)} ${date}`;
}

function numbered(slots: Slot[]): string[] {
  return slots.map((s, i) => `${i + 1}. ${s.time} on ${s.court}`);
}

function optionList(slots: Slot[]): string {
  return `${numbered(slots).join('\n')}\nWhich one would you like? Reply with its number, or a time and court.`;
}

export const replies = {
  booked: (b: Booking) => `Booked: ${b.court} on ${day(b.date)} at ${b.time}, for you. Your booking reference is ${b.booking_id}.`,

  askDay: () => 'I can check free courts and book one for you. Which day would you like to play, and at what time?',

  freeSlots: (date: string, partOfDay: PartOfDay | null, slots: Slot[]) =>
    slots.length === 0
      ? `Nothing is free on ${day(date)}${partOfDay ? ` in the ${partOfDay}` : ''}. Would you like to try another day?`
      : `Free on ${day(date)}${partOfDay ? ` in the ${partOfDay}` : ''}:\n${optionList(slots)}`,

  alternatives: ({ date, time, court }: { date: string; time: string; court: string | null }, slots: Slot[]) => {
    const when = `on ${day(date)} at ${time}`;
    const what = court ? `${court} is not free ${when}` : `no court is free ${when}`;
    return slots.length === 0
      ? `Sorry, ${what}, and I found nothing close. Would you like to try another day?`
      : `Sorry, ${what}. The nearest free slots are:\n${optionList(slots)}`;
  },

  /** A booking rule said no (past, outside the window, taken meanwhile): its message is written for users. */
  refused: (message: string) => `${message} Which day and time would you like instead?`,

  /** A booking rule said no, with the nearest free slots to choose from instead. */
  refusedWithOptions: (message: string, slots: Slot[]) =>
    slots.length === 0 ? replies.refused(message) : `${message} The nearest free slots are:\n${optionList(slots)}`,
};
