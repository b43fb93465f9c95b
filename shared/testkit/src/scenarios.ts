/**
 * The scenario types, and the five conversations every pattern (A-H) must handle, taken from the
 * suite file (scenarios/suite.json) so the pattern tests and the compare script run exactly the same
 * thing. runScenario (run-scenario.ts) executes and checks them.
 *
 * Expectations are about outcomes a user cares about (what is in the booking store, whose it is,
 * what the answer tells them), never about wording or which tools were called.
 */
import { loadSuite, scenarioById } from './suite';

/** A booking the store must hold after a turn (and that the turn must report in `booking`). */
export interface ExpectedBooking {
  date: string;
  time: string;
  /** Omitted: any court. */
  court?: string;
  user_id: string;
  /** The turn may also book nothing (a fault it could not recover from), but must never book anything else. */
  optional?: boolean;
}

/** A machine-checkable statement about the answer text. */
export type AnswerCheck =
  /** Mentions this time (HH:MM) in any form ("15:00", "3pm"). */
  | { kind: 'mentions_time'; time: string }
  /** Names the court of the booking made in this turn. */
  | { kind: 'mentions_booked_court' }
  /** Mentions at least one time within [from, to] (HH:MM, inclusive). */
  | { kind: 'mentions_time_between'; from: string; to: string }
  /** Mentions at least one time other than this one (an alternative was offered). */
  | { kind: 'mentions_other_time'; than: string }
  /** Asks a question or lists options (a "?" or at least two times). */
  | { kind: 'asks_or_lists' }
  /** Contains this text (case-insensitive). */
  | { kind: 'mentions'; text: string }
  /** Matches this regular expression (case-insensitive). */
  | { kind: 'matches'; pattern: string };

/** The slot a turn must ask the member to approve (REQUIRE_CONFIRMATION), as `pending_approval` shows it. */
export interface ExpectedApproval {
  date: string;
  time: string;
  /** Omitted: any court. */
  court?: string;
}

export interface ScenarioTurn {
  message: string;
  /** Who sends this turn (X-User-Id); default: the scenario's user. */
  user?: string;
  /** Bookings made by others just before this turn (e.g. the slot awaiting approval is taken meanwhile). */
  setup?: ScenarioSetup;
  /**
   * With approval on: the slot this turn must leave awaiting the member's yes or no, or null when it must
   * leave none. Omitted: not checked.
   */
  pending?: ExpectedApproval | null;
  /** The booking this turn must make, or null when it must book nothing. */
  booking: ExpectedBooking | null;
  answer: AnswerCheck[];
  /** Expected HTTP status (default 200). Any other status means: an error body, nothing booked. */
  status?: number;
}

/** Bookings made before the conversation, by other users, through the real booking service. */
export interface ScenarioSetup {
  /** Fill every court at this date and time. */
  fill: { date: string; time: string; byUser: string };
}

export interface Scenario {
  /** Stable short id (e.g. "canonical"), for filters and reports. */
  id?: string;
  name: string;
  /** OFFLINE_FAULTS for the whole conversation; the pattern must be started with it. */
  faults?: string;
  /** More environment the pattern must be started with, e.g. REQUIRE_CONFIRMATION=true for the approval scenarios. */
  env?: Record<string, string>;
  /** Who is talking (sent as X-User-Id). */
  userId: string;
  setup?: ScenarioSetup;
  turns: ScenarioTurn[];
  /** After the last turn: users who must own no booking at all. */
  usersWithoutBookings?: string[];
}

// The five core conversations live in the suite file with the others; here they are resolved for
// the fixed test clock (TEST_NOW), which is what the pattern tests run on.
const SUITE = loadSuite();

export const CANONICAL_BOOKING: Scenario = scenarioById(SUITE, 'canonical');
export const AVAILABILITY_QUESTION: Scenario = scenarioById(SUITE, 'availability');
export const TWO_TURN_BOOKING: Scenario = scenarioById(SUITE, 'two-turn');
export const FULLY_BOOKED: Scenario = scenarioById(SUITE, 'fully-booked');
export const IDENTITY_FROM_CALLER: Scenario = scenarioById(SUITE, 'identity');

export const SCENARIOS: readonly Scenario[] = [
  CANONICAL_BOOKING,
  AVAILABILITY_QUESTION,
  TWO_TURN_BOOKING,
  FULLY_BOOKED,
  IDENTITY_FROM_CALLER,
];
