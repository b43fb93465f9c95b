/** The sentences the model writes: plain English, no markdown tables, dates as "Sunday 22 November". */
import { formatDay } from '../../../booking-service/src/calendar';
import type { AvailabilityResult, Booking, Slot } from '../../../booking-service/src/types';
import { hashSeed } from '../model-errors';
import type { PartOfDay, Understanding } from '../language';

const PARTS_OF_DAY: Record<PartOfDay, [number, number]> = { morning: [8, 12], afternoon: [12, 17], evening: [17, 22] };
const MAX_OPTIONS = 6;

export { formatDay };

export const describeSlot = (slot: Pick<Slot, 'court' | 'date' | 'time'>): string =>
  `${slot.court} on ${formatDay(slot.date)} at ${slot.time}`;

export function inPartOfDay(time: string, part: PartOfDay | undefined): boolean {
  if (!part) return true;
  const hour = Number(time.slice(0, 2));
  const [from, to] = PARTS_OF_DAY[part];
  return hour >= from && hour < to;
}

const numbered = (lines: string[]): string => lines.map((line, i) => `${i + 1}. ${line}`).join('\n');

/** Free slots grouped per time: "1. 15:00: Court A, Court B". */
export function listAvailability(result: AvailabilityResult, wish: Understanding): string {
  const slots = result.available.filter((s) => inPartOfDay(s.time, wish.partOfDay) && (!wish.time || s.time === wish.time));
  const when = `${formatDay(result.date)}${wish.time ? ` at ${wish.time}` : wish.partOfDay ? ` in the ${wish.partOfDay}` : ''}`;
  if (slots.length === 0) {
    return result.alternatives.length > 0
      ? offerAlternatives(`Sorry, nothing is free on ${when}.`, result.alternatives)
      : `Sorry, nothing is free on ${when}. Would you like to try another day?`;
  }
  const byTime = new Map<string, string[]>();
  for (const slot of slots) byTime.set(slot.time, [...(byTime.get(slot.time) ?? []), slot.court]);
  const lines = [...byTime].map(([time, courts]) => `${time}: ${courts.join(', ')}`);
  const question = wish.intent === 'book' ? 'Which time and court would you like?' : 'Would you like me to book one of them?';
  return `Free courts on ${when}:\n${numbered(lines)}\n${question}`;
}

export function offerAlternatives(apology: string, alternatives: Slot[]): string {
  if (alternatives.length === 0) return `${apology} There are no free slots nearby. Would you like to try another day?`;
  const lines = alternatives.slice(0, MAX_OPTIONS).map(describeSlot);
  return `${apology} The nearest free slots are:\n${numbered(lines)}\nWhich one would you like?`;
}

export const confirmBooking = (booking: Booking): string => `Booked: ${describeSlot(booking)}. Your booking id is ${booking.booking_id}.`;

export const askForDay = (): string => 'Which day would you like to play? For example tomorrow, Sunday or 28 November?';

export function smallTalk(latestText: string): string {
  if (/\b(?:thanks|thank you|cheers)\b/i.test(latestText)) return 'You are welcome! Is there anything else I can check or book for you?';
  return 'Hi! I can check which tennis courts are free and book one for you. Which day would you like to play?';
}

export const declined = (): string => 'No problem, nothing has been booked. Is there anything else I can help with?';

/** After a call the user did not approve: it did not happen, and the model says so. */
export const notApproved = (): string => 'OK, I have not booked it, so nothing was booked. Is there anything else I can help with?';

export const relayError = (message: string): string => `Sorry, that did not work: ${message}`;

export const askForOther = (): string => 'Would you like me to check other times?';

/** A confirmation of a booking that was never made (the false_claim mistake), with a made-up booking id. */
export function claimBooking(slot: { court?: string; date?: string; time?: string }): string {
  const id = `bk_${hashSeed(0, `${slot.court ?? ''}${slot.date ?? ''}${slot.time ?? ''}`)
    .toString(16)
    .padStart(8, '0')}c0de`;
  return `Booked: ${slot.court ?? 'Court A'} on ${formatDay(slot.date ?? '')} at ${slot.time ?? ''}. Your booking id is ${id}.`;
}

/** An answer given without the tool call it needed (the skipped_tool mistake): a guess, with no booking. */
export function unsupportedAnswer(wish: Understanding): string {
  if (!wish.date) return askForDay();
  const when = `${formatDay(wish.date)}${wish.time ? ` at ${wish.time}` : ''}`;
  return `There should be courts free on ${when}. Which court and time would you like?`;
}
