/**
 * Pattern A's hand-written conversation state, kept in the session between turns: what the user has
 * asked for so far, and the numbered slots we last offered (so "the second one" means something).
 */
import { PARTS_OF_DAY, type PartOfDay, type Slot } from '@tennis/booking-service';
import * as z from 'zod';
import type { ParsedMessage } from './parsed';

export interface BookingRequest {
  date: string | null;
  time: string | null;
  court: string | null;
  partOfDay: PartOfDay | null;
  /** Sticky: once the user asked to book, a later "3pm on court B" completes that booking. */
  wantsBooking: boolean;
}

export interface PatternAState {
  request: BookingRequest;
  offered: Slot[];
}

const EMPTY: PatternAState = {
  request: { date: null, time: null, court: null, partOfDay: null, wantsBooking: false },
  offered: [],
};

const slot = z.object({ slot_id: z.string(), court: z.string(), date: z.string(), time: z.string() });
const stateSchema = z.object({
  request: z.object({
    date: z.string().nullable(),
    time: z.string().nullable(),
    court: z.string().nullable(),
    partOfDay: z.enum(PARTS_OF_DAY).nullable(),
    wantsBooking: z.boolean(),
  }),
  offered: z.array(slot),
});

/** The saved state, or a fresh one for a new session (or state in an older shape). */
export function restoreState(state: unknown): PatternAState {
  const parsed = stateSchema.safeParse(state);
  return parsed.success ? parsed.data : EMPTY;
}

export function freshState(): PatternAState {
  return EMPTY;
}

/** Merges what this message said into the request: new values replace old ones, silence keeps them. */
export function mergeRequest(request: BookingRequest, parsed: ParsedMessage, offeredBefore: boolean): BookingRequest {
  const newDay = parsed.date !== null && parsed.date !== request.date;
  return {
    date: parsed.date ?? request.date,
    // A different day makes the earlier time and court preferences stale.
    time: parsed.time ?? (newDay ? null : request.time),
    court: parsed.court ?? (newDay ? null : request.court),
    partOfDay: parsed.part_of_day ?? (newDay || parsed.time ? null : request.partOfDay),
    wantsBooking:
      parsed.intent === 'book' ||
      parsed.choice !== null ||
      parsed.confirmation === true ||
      (parsed.intent !== 'check_availability' && (request.wantsBooking || offeredBefore)),
  };
}
