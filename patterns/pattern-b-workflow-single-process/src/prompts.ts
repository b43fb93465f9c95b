/** Pattern B's prompts, one per model step. The answers code writes are part of the step contract (contract.ts). */
import type { BookingService } from '@tennis/booking-service';
import { clubFacts, dateContext } from '@tennis/runtime';
import { numbered, type Booking, type BookingRequest, type Slot } from './contract';

const context = (bookings: BookingService) => `${dateContext(bookings)}\n${clubFacts(bookings)}`;

export function parsePrompt(bookings: BookingService, earlier: BookingRequest | null, offered: Slot[]): string {
  return [
    "You turn a tennis club member's booking message into fields. You do not answer the member.",
    context(bookings),
    'Resolve relative days to absolute dates and times to 24h HH:MM. Leave a field null when the message does not say it.',
    ...(earlier ? [`The member's request so far (keep these unless the new message changes them): ${JSON.stringify(earlier)}`] : []),
    ...(offered.length > 0 ? [`We just offered these numbered options: ${numbered(offered).join('; ')}.`] : []),
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

export function selectInput(request: BookingRequest, candidates: Slot[]): string {
  return `The member's request: ${JSON.stringify(request)}\nCandidate slots: ${JSON.stringify(candidates)}`;
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
