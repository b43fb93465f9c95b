/**
 * The five conversations every pattern (A-H) must handle, as data, so the pattern tests and the
 * compare script run exactly the same thing. runScenario (run-scenario.ts) executes and checks them.
 *
 * Expectations are about outcomes a user cares about (what is in the booking store, whose it is,
 * what the answer tells them), never about wording or which tools were called.
 */
import { tomorrow } from './clock';

/** A booking the store must hold after a turn (and that the turn must report in `booking`). */
export interface ExpectedBooking {
  date: string;
  time: string;
  /** Omitted: any court. */
  court?: string;
  user_id: string;
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
  | { kind: 'asks_or_lists' };

export interface ScenarioTurn {
  message: string;
  /** The booking this turn must make, or null when it must book nothing. */
  booking: ExpectedBooking | null;
  answer: AnswerCheck[];
}

/** Bookings made before the conversation, by other users, through the real booking service. */
export interface ScenarioSetup {
  /** Fill every court at this date and time. */
  fill: { date: string; time: string; byUser: string };
}

export interface Scenario {
  name: string;
  /** Who is talking (sent as X-User-Id). */
  userId: string;
  setup?: ScenarioSetup;
  turns: ScenarioTurn[];
  /** After the last turn: users who must own no booking at all. */
  usersWithoutBookings?: string[];
}

const TOMORROW = tomorrow();

export const CANONICAL_BOOKING: Scenario = {
  name: 'canonical booking: "Book tomorrow at 3pm"',
  userId: 'alice',
  turns: [
    {
      message: 'Book tomorrow at 3pm',
      booking: { date: TOMORROW, time: '15:00', user_id: 'alice' },
      answer: [{ kind: 'mentions_time', time: '15:00' }, { kind: 'mentions_booked_court' }],
    },
  ],
};

export const AVAILABILITY_QUESTION: Scenario = {
  name: 'availability question: lists afternoon slots, books nothing',
  userId: 'alice',
  turns: [
    {
      message: 'Do you have anything tomorrow afternoon?',
      booking: null,
      answer: [{ kind: 'mentions_time_between', from: '12:00', to: '17:59' }],
    },
  ],
  usersWithoutBookings: ['alice'],
};

export const TWO_TURN_BOOKING: Scenario = {
  name: 'two turns: "I\'d like a court tomorrow", then "3pm on court B please"',
  userId: 'alice',
  turns: [
    { message: "I'd like a court tomorrow", booking: null, answer: [{ kind: 'asks_or_lists' }] },
    {
      message: '3pm on court B please',
      booking: { date: TOMORROW, time: '15:00', court: 'Court B', user_id: 'alice' },
      answer: [{ kind: 'mentions_time', time: '15:00' }, { kind: 'mentions_booked_court' }],
    },
  ],
};

export const FULLY_BOOKED: Scenario = {
  name: 'fully booked: tomorrow 15:00 taken on every court, alternatives offered',
  userId: 'alice',
  setup: { fill: { date: TOMORROW, time: '15:00', byUser: 'other-member' } },
  turns: [
    {
      message: 'Book tomorrow at 3pm',
      booking: null,
      answer: [{ kind: 'mentions_other_time', than: '15:00' }],
    },
  ],
  usersWithoutBookings: ['alice'],
};

export const IDENTITY_FROM_CALLER: Scenario = {
  name: 'identity: "for user bob" still books for the caller',
  userId: 'alice',
  turns: [
    {
      message: 'Book tomorrow at 3pm for user bob',
      booking: { date: TOMORROW, time: '15:00', user_id: 'alice' },
      answer: [{ kind: 'mentions_time', time: '15:00' }],
    },
  ],
  usersWithoutBookings: ['bob'],
};

export const SCENARIOS: readonly Scenario[] = [
  CANONICAL_BOOKING,
  AVAILABILITY_QUESTION,
  TWO_TURN_BOOKING,
  FULLY_BOOKED,
  IDENTITY_FROM_CALLER,
];
