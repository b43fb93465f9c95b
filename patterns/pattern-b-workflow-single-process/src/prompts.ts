/** Pattern B's prompts (one per model step) and the answers code writes when the workflow stops early. */
import type { Booking, BookingService, PartOfDay, Slot } from '@tennis/booking-service';
import { clubFacts, dateContext } from '@tennis/runtime';
import type { ParsedRequest } from './schemas';

const context = (bookings: BookingService) => `${dateContext(bookings)}\n${clubFacts(bookings)}`;

export function parsePrompt(bookings: BookingService, earlier: ParsedRequest | null): string {
  return [
    "You turn a tennis club member's booking message into fields. You do not answer the member.",
    context(bookings),
    'Resolve relative days to absolute dates and times to 24h HH:MM. Leave a field null when the message does not say it.',
    ...(earlier ? [`The member's request so far (keep these unless the new message changes them): ${JSON.stringify(earlier)}`] : []),
  ].join('\n');
}

export const SELECT_TOOL = {
  name: 'select_slot',
  description: "Choose the one candidate slot that best fits the member's request and stated preferences.",
};

export function selectPrompt(bookings: BookingService): string {
  return [
    'You choose the best tennis court slot for a club member from candidate slots that code found free.',
    context(bookings),
    'Choose exactly one candidate, by its slot_id, and give a one-sentence reason. Prefer what the member asked for.',
  ].join('\n');
}

export function selectInput(message: string, request: ParsedRequest, candidates: Slot[]): string {
  return `Member's message: ${message}\nParsed request: ${JSON.stringify(request)}\nCandidate slots: ${JSON.stringify(candidates)}`;
}

export function confirmPrompt(bookings: BookingService): string {
  return [
    'You write the confirmation a tennis club member reads after code booked a court for them.',
    context(bookings),
    'In one or two friendly sentences, confirm the court, the day and the start time (HH:MM) from the booking below. Do not offer anything else.',
  ].join('\n');
}

export function confirmInput(booking: Booking): string {
  return `Booking: ${JSON.stringify(booking)}`;
}

const WEEKDAY = new Intl.DateTimeFormat('en-GB', { weekday: 'long', timeZone: 'UTC' });
const day = (date: string) => `${WEEKDAY.format(new Date(`${date}T12:00:00Z`))} ${date}`;
const slotList = (slots: Slot[]) => slots.map((s) => `${s.time} on ${s.court}`).join(', ');
const distinctTimes = (slots: Slot[]) => [...new Set(slots.map((s) => s.time))].join(', ');

/** Answers for the gates where the workflow stops before booking, and the fallback confirmation. */
export const codeAnswers = {
  askDay: () => 'I can check free courts and book one for you. Which day would you like to play, and at what time?',
  refused: (message: string) => `${message} Which day and time would you like instead?`,
  freeTimes: (date: string, partOfDay: PartOfDay | null, slots: Slot[]) =>
    `Free times on ${day(date)}${partOfDay ? ` in the ${partOfDay}` : ''}: ${distinctTimes(slots)}. Which time (and court) would you like?`,
  alternatives: ({ date, time, court }: ParsedRequest & { date: string }, slots: Slot[]) => {
    const what = `nothing${court ? ` on ${court}` : ''} is free on ${day(date)}${time ? ` at ${time}` : ''}`;
    return slots.length === 0
      ? `Sorry, ${what}. Would you like another day?`
      : `Sorry, ${what}. The nearest free slots are: ${slotList(slots)}. Would one of those suit you?`;
  },
  booked: (b: Booking) => `Booked: ${b.court} on ${day(b.date)} at ${b.time}. Your booking reference is ${b.booking_id}.`,
};
