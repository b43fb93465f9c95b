/** The typed data passed between B's steps. */
import { PARTS_OF_DAY, type Booking, type Slot } from '@tennis/booking-service';
import * as z from 'zod';

/** Step 1 output (OpenAI structured output). Strict mode needs every field, so "not said" is null. */
export const ParsedRequest = z.object({
  intent: z.enum(['book', 'check_availability', 'other']).describe('book: wants a court booked; check_availability: only asks what is free'),
  date: z.string().nullable().describe("The day meant, absolute YYYY-MM-DD resolved against today's date; null if not said"),
  time: z.string().nullable().describe('The start time meant, 24h HH:MM (3pm -> 15:00); null if not said'),
  court: z.string().nullable().describe('The court named, spelt as the club does (e.g. "Court B"); null if not said'),
  part_of_day: z.enum(PARTS_OF_DAY).nullable().describe('Part of the day named, if any'),
});
export type ParsedRequest = z.infer<typeof ParsedRequest>;

/** Step 4 output (Anthropic forced tool call), checked before code trusts it. */
export const SlotSelection = z.object({
  slot_id: z.string().min(1),
  reason: z.string(),
});
export type SlotSelection = z.infer<typeof SlotSelection>;

/** Step 2 output: what is free for the request. */
export interface Availability {
  /** Free slots that fit the whole request (day, time, court, part of day). */
  candidates: Slot[];
  /** The nearest free slots when nothing fits. */
  alternatives: Slot[];
}

/** What the session keeps between turns: the request parsed so far. */
export const PatternBState = z.object({ request: ParsedRequest });
export type PatternBState = z.infer<typeof PatternBState>;

export type { Booking, Slot };
