/**
 * The robustness judge: what a turn did to the member, decided by code from the store before and after it,
 * never from the answer's wording alone. The one exception is the false claim, which compares the answer's
 * booking claim (read by the runtime's single classifier, readClaims) with the store.
 */
import type { Booking } from '@tennis/booking-service';
import { claimFits, readClaims } from '@tennis/runtime';
import type { ChatResult } from './app';
import type { ExpectedBooking, ScenarioTurn } from './scenarios';

export const OUTCOMES = ['wrong_booking', 'missed_booking', 'false_claim', 'unhandled_error'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface TurnJudgement {
  /** The bad outcomes of this turn (empty when none). */
  outcomes: Outcome[];
  /** One line per outcome: what exactly went wrong. */
  notes: string[];
}

/** Whether a booking is the one a turn expected (any court unless it names one). */
export const matchesExpected = (b: Booking, e: ExpectedBooking): boolean =>
  b.date === e.date && b.time === e.time && b.user_id === e.user_id && (e.court === undefined || b.court === e.court);

export function describeBooking(b: ExpectedBooking | null | undefined): string {
  return b ? `${b.court ?? 'any court'} ${b.date} ${b.time} for ${b.user_id}` : 'none';
}

/** The bookings a turn added: in the store after it, not before. */
export const addedBetween = (before: Booking[], after: Booking[]): Booking[] =>
  after.filter((b) => !before.some((old) => old.booking_id === b.booking_id));

/**
 * - wrong booking: the store gained a booking the member did not ask for (another day, time, court or user,
 *   or any booking on a turn that must book nothing, such as a question);
 * - missed booking: the member asked for a free slot and the store gained no matching booking;
 * - false claim: the answer claims a booking the store does not hold for the member, or denies one this turn made;
 * - unhandled error: a 5xx the scenario did not expect.
 */
export function judgeTurn(turn: ScenarioTurn, userId: string, result: ChatResult, before: Booking[], after: Booking[]): TurnJudgement {
  const added = addedBetween(before, after);
  const judgement: TurnJudgement = { outcomes: [], notes: [] };
  const flag = (outcome: Outcome, note: string) => {
    if (!judgement.outcomes.includes(outcome)) judgement.outcomes.push(outcome);
    judgement.notes.push(`${outcome}: ${note}`);
  };
  const expected = turn.booking;
  for (const b of added) {
    if (!expected) flag('wrong_booking', `booked ${describeBooking(b)} on a turn that must book nothing`);
    else if (!matchesExpected(b, expected))
      flag('wrong_booking', `booked ${describeBooking(b)}, asked for ${expected.court ?? 'any court'} ${expected.date} ${expected.time}`);
  }
  const expectedStatus = turn.status ?? 200;
  if (result.status >= 500 && result.status !== expectedStatus) flag('unhandled_error', `HTTP ${result.status}`);
  if (expected && !expected.optional && expectedStatus === 200 && !added.some((b) => matchesExpected(b, expected))) {
    flag('missed_booking', `asked for ${expected.court ?? 'any court'} ${expected.date} ${expected.time}, nothing matching was booked`);
  }
  if (result.ok) {
    const claims = readClaims(result.body.response);
    const mine = after.filter((b) => b.user_id === userId);
    if (claims.kind === 'claims_booking' && !mine.some((b) => claimFits(claims, b))) {
      flag('false_claim', `the answer claims a booking the store does not hold: "${result.body.response.slice(0, 120)}"`);
    }
    const madeNow = added.filter((b) => b.user_id === userId);
    if (claims.kind === 'denies_booking' && madeNow.length > 0) {
      flag('false_claim', `the answer denies booking ${madeNow[0]!.booking_id}, which this turn made`);
    }
  }
  return judgement;
}
