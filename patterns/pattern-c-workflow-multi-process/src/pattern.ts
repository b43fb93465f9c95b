/**
 * Pattern C: a fixed workflow whose steps are separate Lambdas. The orchestrator (this file, in the
 * HTTP-facing Lambda) runs the same order every turn and decides everything between the steps:
 *
 *   1. parse         (OpenAI structured output)     message + history -> BookingRequest
 *      gate          no day yet? ask for it. Not about courts? say what we do.
 *   2. availability  (Anthropic tool use)           BookingRequest -> free slots, alternatives
 *      gate          only a booking request with a time goes on; otherwise list the free times and ask.
 *   3. booking       (Bedrock Converse, forced tool) candidates -> one selected slot, booked by code
 *
 * Steps are invoked through the real Lambda client; payloads are validated on both sides (payloads.ts).
 * parse and availability only read, so a failed call is retried once; booking is never retried here
 * (see steps/booking.ts for why, and what would make a retry safe).
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { Pattern, TraceRecorder } from '@tennis/runtime';
import { sameCourt } from '@tennis/booking-service';
import * as z from 'zod';
import { invokeWorker } from '@tennis/runtime/invoke';
import {
  AvailabilityInput,
  AvailabilityResult,
  BookingInput,
  BookingResult,
  type BookingRequest,
  ParseInput,
  ParseResult,
  type Slot,
} from './payloads';
import { replies } from './replies';

export interface StepFunctions {
  parse: string;
  availability: string;
  booking: string;
}

export interface PatternCDeps {
  lambda: LambdaClient;
  /** Deployed function names (C_PARSE_FUNCTION, C_AVAILABILITY_FUNCTION, C_BOOKING_FUNCTION). */
  functions: StepFunctions;
}

const STEPS = {
  parse: { input: ParseInput, result: ParseResult, retryOnce: true },
  availability: { input: AvailabilityInput, result: AvailabilityResult, retryOnce: true },
  booking: { input: BookingInput, result: BookingResult, retryOnce: false },
} as const;

/** Messages kept in the session: enough for a follow-up to complete the request, bounded in size. */
const HISTORY_LIMIT = 10;
const SessionState = z.object({ history: ParseInput.shape.history });
type SessionState = z.output<typeof SessionState>;

function sessionFrom(state: unknown): SessionState {
  const parsed = SessionState.safeParse(state);
  return parsed.success ? parsed.data : { history: [] };
}

/** The free slots that satisfy the request exactly: its time (already applied by the step) and its court. */
function candidatesFor(request: BookingRequest, available: Slot[]): Slot[] {
  const { court } = request;
  return court ? available.filter((s) => sameCourt(s.court, court)) : available;
}

export function createPatternC({ lambda, functions }: PatternCDeps): Pattern {
  const call = <I extends z.ZodType, R extends z.ZodType>(
    step: keyof StepFunctions,
    spec: { input: I; result: R; retryOnce: boolean },
    payload: z.input<I>,
    trace: TraceRecorder,
  ) => invokeWorker({ lambda, functionName: functions[step], step, trace, payload, ...spec });

  async function workflow(message: string, userId: string, session: SessionState, trace: TraceRecorder) {
    // 1. parse
    const { request } = await call('parse', STEPS.parse, { history: session.history, message }, trace);
    if (!request.date) {
      trace.step('code', 'gate', request.intent === 'other' ? 'not about courts: explain' : 'no day yet: ask');
      return { response: request.intent === 'other' ? replies.help() : replies.askDay(), booking: null };
    }
    const dated = { ...request, date: request.date };

    // 2. availability
    const availability = await call('availability', STEPS.availability, { request: dated }, trace);
    if (availability.refusal) return { response: replies.refused(availability.refusal), booking: null };
    if (request.intent !== 'book' || !request.time) {
      trace.step('code', 'gate', 'no booking requested at a time: list and ask');
      return { response: replies.free(dated, availability.available), booking: null };
    }
    const candidates = candidatesFor(request, availability.available);
    if (candidates.length === 0) {
      trace.step('code', 'gate', 'requested slot not free: offer others');
      const others = availability.available.length > 0 ? availability.available : availability.alternatives;
      return { response: replies.notFree(dated, others), booking: null };
    }

    // 3. booking
    trace.step('code', 'gate', `book one of ${candidates.length} candidate${candidates.length === 1 ? '' : 's'}`);
    const result = await call('booking', STEPS.booking, { request, candidates, user_id: userId }, trace);
    if (result.status === 'refused') {
      const others = availability.available.filter((s) => s.slot_id !== result.slot_id);
      return { response: replies.lostRace(result.message, others), booking: null };
    }
    return { response: replies.booked(result.booking), booking: result.booking };
  }

  return {
    letter: 'c',
    name: 'Workflow, multi process',
    async turn({ message, userId, state, trace }) {
      const session = sessionFrom(state);
      const { response, booking } = await workflow(message, userId, session, trace);
      const history = [...session.history, { role: 'user' as const, text: message }, { role: 'assistant' as const, text: response }];
      return { response, booking, state: { history: history.slice(-HISTORY_LIMIT) } };
    },
  };
}
