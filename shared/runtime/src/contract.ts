/**
 * The contract between the shared runtime and each pattern.
 *
 * A pattern is a plain object built from its dependencies. The same object runs in Lambda
 * (through createHandler), in the demo, in the dev server and in tests.
 */
import type { Booking } from '@tennis/booking-service';
import type { ApprovalAnswer, ApprovalRequest } from './approval';
import type { TraceRecorder } from './trace';

export type PatternLetter = 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g' | 'h';

/** One user turn, as the runtime hands it to a pattern. */
export interface TurnInput {
  message: string;
  /** Who is asking: from the JWT `sub`, else X-User-Id, else "anonymous". Never from a model. */
  userId: string;
  sessionId: string;
  requestId: string;
  /** Pattern-specific state saved by the previous turn of this session (undefined on the first turn). */
  state: unknown;
  /** Records every step of the turn; the runtime returns it as `trace` and `usage`. */
  trace: TraceRecorder;
  /**
   * REQUIRE_CONFIRMATION: the member's answer to the approval the previous turn asked for (approval.ts).
   * Already claimed: it is out of the session, so acting on it happens once.
   */
  approval?: ApprovalAnswer;
}

export interface TurnOutput {
  /** The human answer. */
  response: string;
  /** The booking made in this turn, or null. */
  booking: Booking | null;
  /** State to keep for the next turn of this session (JSON-serialisable). */
  state: unknown;
  /** REQUIRE_CONFIRMATION: the booking this turn stopped to ask about instead of making; kept server side. */
  approval?: ApprovalRequest | null;
}

/** A pattern's letter and name live in the catalogue (patterns.ts); the object is its behaviour only. */
export interface Pattern {
  turn(input: TurnInput): Promise<TurnOutput>;
  /** Optional work after every turn, before the Lambda returns (e.g. flushing exported agent traces). */
  afterTurn?(): Promise<void>;
}
