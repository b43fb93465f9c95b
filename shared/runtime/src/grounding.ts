/**
 * Grounding: does a model-written answer tell the member the truth about bookings?
 *
 * - `readClaims` is the one classifier of an answer's booking claim, used by the grounding guard and by the
 *   scorecard's judge (`pnpm compare --errors`): it says whether the answer claims a booking, denies one, or
 *   says neither, and which booking ids, times and courts it names.
 * - The grounding guard checks a model-written answer against what this turn really did (the booking its tool
 *   call returned, and the member's bookings in the store) before the answer is returned, and replaces a false
 *   claim with a code-written one. The correction and its reason go into the trace.
 */
import { formatDay, type Booking, type BookingService } from '@tennis/booking-service';
import type { TraceRecorder } from './trace';

export type ClaimKind = 'claims_booking' | 'denies_booking' | 'none';

export interface AnswerClaims {
  kind: ClaimKind;
  bookingIds: string[];
  /** Times named, as HH:MM. */
  times: string[];
  /** Courts named, as "Court B". */
  courts: string[];
}

// Other members' bookings and taken slots are not claims about the member's booking.
const ABOUT_OTHERS =
  /\b(?:already booked|(?:has|have) (?:just )?been booked by|booked by (?:someone|somebody|another|other)|is (?:fully )?booked up|fully booked|taken)\b[^.!?\n]*/gi;
const DENIALS = [
  /\bnothing (?:has been |was |is |got )?(?:booked|reserved)\b/i,
  /\b(?:could not|couldn't|cannot|can't|did not|didn't|was unable to|were unable to|unable to|failed to|have not|haven't|has not|hasn't|not able to) (?:yet )?(?:book|reserve|make (?:a|the|your) (?:booking|reservation))\b/i,
  /\b(?:is|was|has) not (?:been )?(?:booked|reserved|confirmed)\b/i,
  /\bno booking (?:was|has been) made\b/i,
  /\bbooking (?:did not|didn't|failed|was not made)\b/i,
];
const CLAIMS = [
  /(?:^|[.!?]\s+)(?:booked|reserved|confirmed|done)\b(?!\s+by\b)/im,
  /\b(?:is|are) (?:now )?(?:booked|reserved)\b/i,
  /\b(?:you(?:'re| are)|you have been) (?:all )?(?:booked|confirmed|reserved)\b/i,
  /\bI(?:'ve| have)? (?:now )?(?:booked|reserved|confirmed)\b/i,
  /\b(?:your|the) (?:booking|reservation) (?:is|has been) (?:confirmed|made|complete)\b/i,
  /\b(?:booking|reservation) (?:id|reference|number)\b/i,
  /\b(?:is|has been) (?:now )?(?:booked|reserved) for you\b/i,
  /\bbk_[a-z0-9]+\b/i,
];

const COURT_NAMES = /\bcourt\s+([a-z])\b/gi;

function timesIn(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/\b([01]?\d|2[0-3]):([0-5]\d)\b/g)) out.add(`${m[1]!.padStart(2, '0')}:${m[2]}`);
  for (const m of text.matchAll(/\b(1[0-2]|0?[1-9])(?::([0-5]\d))?\s*([ap])\.?m\b/gi)) {
    const hour = (Number(m[1]) % 12) + (m[3]!.toLowerCase() === 'p' ? 12 : 0);
    out.add(`${String(hour).padStart(2, '0')}:${m[2] ?? '00'}`);
  }
  return [...out];
}

/** What an answer says about the member's booking. Denials win over claims ("I could not book it" names no booking). */
export function readClaims(answer: string): AnswerClaims {
  const own = answer.replace(ABOUT_OTHERS, ' ');
  const bookingIds = [...new Set(own.match(/\bbk_[a-z0-9]+\b/gi) ?? [])];
  const denies = DENIALS.some((re) => re.test(own));
  const claims = CLAIMS.some((re) => re.test(own));
  const kind: ClaimKind = claims && (!denies || bookingIds.length > 0) ? 'claims_booking' : denies ? 'denies_booking' : 'none';
  const courts = [...new Set([...own.matchAll(COURT_NAMES)].map((m) => `Court ${m[1]!.toUpperCase()}`))];
  return { kind, bookingIds, times: timesIn(own), courts };
}

/** Whether `booking` is the one the claims describe (its id, else every time and court named fits it). */
export function claimFits(claims: AnswerClaims, booking: Booking): boolean {
  if (claims.bookingIds.length > 0) return claims.bookingIds.includes(booking.booking_id);
  const timeFits = claims.times.length === 0 || claims.times.includes(booking.time);
  const courtFits = claims.courts.length === 0 || claims.courts.includes(booking.court);
  return timeFits && courtFits;
}

export type Verdict =
  | { ok: true }
  | {
      ok: false;
      problem: 'claimed_unmade_booking' | 'misdescribed_booking' | 'denied_booking' | 'unreported_booking';
      reason: string;
      correction: string;
    };

/** The code-written confirmation the guard puts in place of a false one. */
export const confirmation = (b: Booking): string =>
  `Booked: ${b.court} on ${formatDay(b.date)} at ${b.time}. Your booking id is ${b.booking_id}.`;

export interface TurnFacts {
  userId: string;
  /** The booking this turn's book call returned, if any. */
  booking: Booking | null;
  /** Why this turn's last booking attempt failed, if one did (the tool's error message). */
  failedBooking?: string;
}

const nothingBooked = (facts: TurnFacts): string =>
  facts.failedBooking
    ? `Sorry, that booking did not go through (${facts.failedBooking}), so nothing has been booked. Would you like me to check other times?`
    : 'Sorry, nothing has been booked yet. Tell me the day and time you would like, and I will check what is free and book it.';

/**
 * Judges an answer against the turn's facts. `storeBookings` reads the member's bookings, and is only called
 * when the answer claims a booking this turn did not make (it may mention an earlier one, which is true).
 */
export async function checkAnswer(answer: string, facts: TurnFacts, storeBookings: () => Promise<Booking[]>): Promise<Verdict> {
  const claims = readClaims(answer);
  const { booking } = facts;
  if (booking) {
    if (claims.kind === 'denies_booking') {
      return {
        ok: false,
        problem: 'denied_booking',
        reason: `the answer denies booking ${booking.booking_id}, which this turn made`,
        correction: confirmation(booking),
      };
    }
    if (claims.kind === 'none') {
      return {
        ok: false,
        problem: 'unreported_booking',
        reason: `the answer does not report booking ${booking.booking_id}, which this turn made`,
        correction: `${confirmation(booking)} ${answer}`,
      };
    }
    if (claimFits(claims, booking)) return { ok: true };
  }
  if (claims.kind !== 'claims_booking') return { ok: true };
  const existing = (await storeBookings()).filter((b) => b.user_id === facts.userId);
  if (existing.some((b) => claimFits(claims, b))) return { ok: true };
  if (booking) {
    return {
      ok: false,
      problem: 'misdescribed_booking',
      reason: `the answer describes a booking other than ${booking.booking_id}, the one this turn made`,
      correction: confirmation(booking),
    };
  }
  const named = claims.bookingIds[0] ?? [...claims.courts, ...claims.times].join(' ');
  return {
    ok: false,
    problem: 'claimed_unmade_booking',
    reason: `the answer claims a booking (${named || 'unnamed'}) that does not exist`,
    correction: nothingBooked(facts),
  };
}

/** The failed `book` call of this turn's trace, if its last booking attempt failed (its error summary). */
export function failedBookingIn(trace: TraceRecorder): string | undefined {
  const last = trace.events().findLast((e) => e.type === 'tool' && e.name === 'book');
  return last && last.type === 'tool' && !last.ok ? last.summary : undefined;
}

export interface GroundingGuard {
  readonly enabled: boolean;
  /** The verdict on an answer, recorded in the trace when it is corrected. */
  check(answer: string, facts: TurnFacts, trace: TraceRecorder): Promise<Verdict>;
  /** The answer to return: the model's when it is true, else the code-written correction. */
  ground(answer: string, facts: Omit<TurnFacts, 'failedBooking'>, trace: TraceRecorder): Promise<string>;
}

/** GROUNDING_GUARD=on (default) checks every model-written answer; off returns the model's answer as it is. */
export function createGroundingGuard(bookings: BookingService, enabled: boolean): GroundingGuard {
  const guard: GroundingGuard = {
    enabled,
    async check(answer, facts, trace) {
      if (!enabled) return { ok: true };
      const verdict = await checkAnswer(answer, facts, () => bookings.bookingsOf(facts.userId));
      if (!verdict.ok) trace.step('guard', 'grounding guard: answer corrected', verdict.reason);
      return verdict;
    },
    async ground(answer, facts, trace) {
      const verdict = await guard.check(answer, { ...facts, failedBooking: failedBookingIn(trace) }, trace);
      return verdict.ok ? answer : verdict.correction;
    },
  };
  return guard;
}
