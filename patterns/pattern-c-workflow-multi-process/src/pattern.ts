/**
 * Pattern C, pattern B's workflow across Lambdas: the same steps in the same order, with the same typed
 * input and output (B's step contract, @tennis/pattern-b/contract), but each step is its own Lambda. The
 * orchestrator (this file, in the HTTP-facing Lambda) decides everything between the steps:
 *   1 parse (OpenAI) -> 2 availability (Anthropic tool use) -> 3 gate (code) -> 4 booking (Bedrock selects,
 *   code books) -> 5 confirm (code)
 * Steps are invoked through the real Lambda client; payloads are validated on both sides. parse and
 * availability only read, so a failed call is retried once; booking is never retried here (see
 * steps/booking.ts for why, and what would make a retry safe).
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { Pattern, TraceRecorder, TurnInput, TurnOutput } from '@tennis/runtime';
import { invokeWorker } from '@tennis/runtime/invoke';
import { answeredApproval, askApproval, codeAnswers, optionsFrom, restoreState, STEPS } from '@tennis/pattern-b/contract';
import type { BookingRequest, Slot, StepInput, StepName, Steps } from '@tennis/pattern-b/contract';
import type * as z from 'zod';

export type StepFunctions = Record<StepName, string>;

export interface PatternCDeps {
  lambda: LambdaClient;
  /** Deployed function names (C_PARSE_FUNCTION, C_AVAILABILITY_FUNCTION, C_BOOKING_FUNCTION). */
  functions: StepFunctions;
  /** REQUIRE_CONFIRMATION: the member approves the selected slot before it is booked. */
  requireConfirmation: boolean;
}

/** Only steps that read are safe to run twice. */
const RETRY_ONCE: Record<StepName, boolean> = { parse: true, availability: true, booking: false };

export function createPatternC({ lambda, functions, requireConfirmation }: PatternCDeps): Pattern {
  /** A step is a Lambda invoke: payload and reply validated against the contract, the step's trace merged, a failure named after it. */
  const remote =
    <I extends z.ZodType, R extends z.ZodType>(name: StepName, schemas: { input: I; result: R }) =>
    (payload: z.input<I>, trace: TraceRecorder) =>
      invokeWorker({ lambda, functionName: functions[name], step: name, trace, payload, ...schemas, retryOnce: RETRY_ONCE[name] });
  const steps: Steps = {
    parse: remote('parse', STEPS.parse),
    availability: remote('availability', STEPS.availability),
    booking: remote('booking', STEPS.booking),
  };
  const step = <N extends StepName>(name: N, input: StepInput<N>, trace: TraceRecorder) => steps[name](input, trace);

  async function turn({ message, userId, state, trace, approval }: TurnInput): Promise<TurnOutput> {
    const session = restoreState(state);
    const stop = (response: string, request: BookingRequest | null, offered: Slot[] = []): TurnOutput => ({
      response,
      booking: null,
      state: { request, offered },
    });

    // 0. approval answered (REQUIRE_CONFIRMATION): "no" books nothing; "yes" is a request for exactly the approved slot.
    const answered = answeredApproval(approval);
    if (answered.declined) return stop(answered.declined, session.request);

    // 1. parse: the message, read against the request so far and the options last offered.
    const { request } = answered.approved ?? (await step('parse', { message, earlier: session.request, offered: session.offered }, trace));
    if (!request.date) return stop(codeAnswers.askDay(), request);
    const dated = { ...request, date: request.date };

    // 2. availability
    const found = await step('availability', { request: dated }, trace);
    if (found.refusal !== null) return stop(codeAnswers.refused(found.refusal), { ...request, date: null });

    // 3. gate: nothing fits -> offer the nearest alternatives; no time yet or only browsing -> list the free times.
    //    Both stop, and the session keeps the numbered options for "the second one" or "court C then".
    if (found.candidates.length === 0) {
      const offered = optionsFrom(found.alternatives, request);
      return stop(codeAnswers.alternatives(dated, offered), request, offered);
    }
    if (request.intent !== 'book' || !request.time) {
      const offered = optionsFrom(found.candidates, request);
      return stop(codeAnswers.freeTimes(dated, offered), request, offered);
    }

    // 4. booking: for the caller (the user id comes from the request, never from a model).
    //    approval (REQUIRE_CONFIRMATION): until the member said yes, the step only selects, and code asks about that slot.
    const selectOnly = requireConfirmation && !answered.approved;
    const candidates = answered.candidates(found.candidates);
    const result = await step('booking', { request, candidates, user_id: userId, select_only: selectOnly }, trace);
    if (result.status === 'selected') return askApproval(result.slot, request, trace);
    if (result.status === 'refused') return stop(codeAnswers.refused(result.message), request);

    // 5. confirm: code writes the confirmation from the booking, so there is nothing to ground.
    const response = codeAnswers.booked(result.booking);
    return { response, booking: result.booking, state: null };
  }

  return { turn };
}
