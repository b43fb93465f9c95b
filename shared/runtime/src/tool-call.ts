/**
 * Runs one booking tool for a turn and records it in the trace. Patterns whose own code executes the
 * tools (A and B call them as code steps, D executes what the model asked for) share this, so every
 * tool call is validated, run with the caller's identity and traced the same way.
 */
import {
  executeTool,
  summarizeOutcome,
  type Booking,
  type BookingService,
  type BookingToolCall,
  type BookingToolOutcome,
} from '@tennis/booking-service';
import type { TraceRecorder } from './trace';

export interface ToolCallContext {
  /** The caller, from the request; never from model arguments. */
  userId: string;
  trace: TraceRecorder;
  /** Who ran it in the trace: "code", a step name, "loop" (default "code"). */
  actor?: string;
}

/** Arguments as the trace shows them: parsed when they are JSON text, else as given. */
function traceArgs(rawArgs: unknown): unknown {
  if (typeof rawArgs !== 'string') return rawArgs;
  try {
    return JSON.parse(rawArgs);
  } catch {
    return rawArgs;
  }
}

/**
 * executeTool plus a trace event. Bad arguments and booking rules come back as `{ ok: false }`
 * (for a model or the code to explain); anything else (a store outage) is recorded and rethrown.
 * The outcome is typed by the tool: `runBookingTool(bookings, 'book', ...)` resolves to a Booking when ok.
 */
export async function runBookingTool<N extends string>(
  bookings: BookingService,
  name: N,
  rawArgs: unknown,
  { userId, trace, actor = 'code' }: ToolCallContext,
): Promise<BookingToolOutcome<N>> {
  const started = performance.now();
  const record = (ok: boolean, summary: string) =>
    trace.record({ type: 'tool', actor, name, args: traceArgs(rawArgs), ok, summary, ms: Math.round(performance.now() - started) });
  try {
    const outcome = await executeTool(bookings, name, rawArgs, { userId });
    record(outcome.ok, summarizeOutcome(name, outcome));
    return outcome;
  } catch (err) {
    record(false, `error: ${err instanceof Error ? err.name : 'unknown'}`);
    throw err;
  }
}

/** The booking a `book` call made, or null for any other tool or a failure. */
export function bookingFrom(call: BookingToolCall): Booking | null {
  return call.name === 'book' && call.outcome.ok ? call.outcome.result : null;
}
