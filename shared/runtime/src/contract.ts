/**
 * The contract between the shared runtime and each pattern.
 *
 * A pattern is a plain object built from its dependencies. The same object runs in Lambda
 * (through createHandler), in the demo, in the dev server and in tests.
 */
import type { Booking } from '@tennis/booking-service';
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
}

export interface TurnOutput {
  /** The human answer. */
  response: string;
  /** The booking made in this turn, or null. */
  booking: Booking | null;
  /** State to keep for the next turn of this session (JSON-serialisable). */
  state: unknown;
}

/** A pattern's letter and name live in the catalogue (patterns.ts); the object is its behaviour only. */
export interface Pattern {
  turn(input: TurnInput): Promise<TurnOutput>;
  /** Optional work after every turn, before the Lambda returns (e.g. flushing exported agent traces). */
  afterTurn?(): Promise<void>;
}

