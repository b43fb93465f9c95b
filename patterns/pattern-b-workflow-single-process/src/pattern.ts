/**
 * Pattern B, a workflow in one process: the same fixed steps every turn, each a named function with the
 * typed input and output of the step contract (contract.ts, shared with pattern C), each free to use its
 * own vendor:
 *   1 parse (OpenAI) -> 2 availability (code) -> 3 gate (code) -> 4 booking (Anthropic selects, code books)
 *   -> 5 confirm (OpenAI) -> 6 ground (code)
 * Code decides the order and every gate; a failed step is reported by name (StepFailedError).
 */
import type OpenAI from 'openai';
import { standardResponseFormat } from 'openai/helpers/standard-schema';
import type { BookingService } from '@tennis/booking-service';
import { asActor, runBookingTool, StepFailedError, type GroundingGuard, type Pattern } from '@tennis/runtime';
import type { TraceRecorder, TurnInput, TurnOutput } from '@tennis/runtime';
import type { AnthropicMessages } from '@tennis/runtime/clients/anthropic';
import * as z from 'zod';
import {
  answeredApproval,
  askApproval,
  availabilityFor,
  codeAnswers,
  mergeRequest,
  optionsFrom,
  ParsedMessage,
  restoreState,
} from './contract';
import type { Booking, BookingRequest, Slot, StepInput, StepName, StepOutput, Steps } from './contract';
import { confirmInput, confirmPrompt, parsePrompt, selectInput, selectPrompt, SELECT_TOOL } from './prompts';

/** The structured output the parse call asks for, built once (it converts the zod schema to JSON Schema). */
const PARSE_FORMAT = standardResponseFormat(ParsedMessage, 'booking_request');
/** The select tool's input, checked before code trusts it. */
const SlotSelection = z.object({ slot_id: z.string().min(1), reason: z.string() });

export interface PatternBDeps {
  openai: OpenAI;
  openaiModel: string;
  anthropic: AnthropicMessages;
  anthropicModel: string;
  bookings: BookingService;
  /** Checks the model-written confirmation against the booking made (GROUNDING_GUARD). */
  grounding: GroundingGuard;
  /** REQUIRE_CONFIRMATION: the member approves the selected slot before it is booked. */
  requireConfirmation: boolean;
}

export function createPatternB(deps: PatternBDeps): Pattern {
  const { openai, openaiModel, anthropic, anthropicModel, bookings, grounding, requireConfirmation } = deps;
  /** Step 1, parse (OpenAI structured output): the message, merged by code into the request so far. */
  async function parse({ message, earlier, offered }: StepInput<'parse'>): Promise<StepOutput<'parse'>> {
    const completion = await openai.chat.completions.parse({
      model: openaiModel,
      messages: [
        { role: 'system', content: parsePrompt(bookings, earlier, offered) },
        { role: 'user', content: message },
      ],
      response_format: PARSE_FORMAT,
    });
    const parsed = completion.choices[0]?.message.parsed;
    if (!parsed) throw new StepFailedError('parse', null, 'the model returned no fields.');
    return { request: mergeRequest(earlier, parsed, offered) };
  }

  /** Step 2, availability (code): free slots fitting the request, or the nearest alternatives. */
  async function availability({ request }: StepInput<'availability'>, trace: TraceRecorder): Promise<StepOutput<'availability'>> {
    const ctx = { userId: 'availability-step', trace, actor: 'availability' };
    const outcome = await runBookingTool(bookings, 'check_availability', { date: request.date, time: request.time }, ctx);
    if (!outcome.ok) return { candidates: [], alternatives: [], refusal: outcome.error.message };
    return availabilityFor(request, outcome.result);
  }

  /** Step 4, booking: Anthropic selects one candidate (forced tool call), code books it for the caller (unless select_only). */
  async function booking(input: StepInput<'booking'>, trace: TraceRecorder): Promise<StepOutput<'booking'>> {
    const { request, candidates, user_id } = input;
    const { slot_id, reason } = await select(request, candidates);
    if (input.select_only) return { status: 'selected', slot: candidates.find((slot) => slot.slot_id === slot_id)!, reason };
    const outcome = await runBookingTool(bookings, 'book', { slot_id }, { userId: user_id, trace, actor: 'booking' });
    if (outcome.ok) return { status: 'booked', booking: outcome.result, reason };
    return { status: 'refused', slot_id, code: outcome.error.code, message: outcome.error.message };
  }

  async function select(request: BookingRequest, candidates: Slot[]): Promise<z.output<typeof SlotSelection>> {
    const reply = await anthropic.messages.create({
      model: anthropicModel,
      max_tokens: 300,
      system: selectPrompt(bookings),
      tools: [{ ...SELECT_TOOL, input_schema: selectionSchema(candidates) }],
      tool_choice: { type: 'tool', name: SELECT_TOOL.name },
      messages: [{ role: 'user', content: selectInput(request, candidates) }],
    });
    const selection = SlotSelection.safeParse(reply.content.find((block) => block.type === 'tool_use')?.input);
    // The gate between model and booking: only a slot code found free can be booked.
    if (!selection.success || !candidates.some((slot) => slot.slot_id === selection.data.slot_id)) {
      throw new StepFailedError('booking', null, 'the model did not choose one of the candidate slots.');
    }
    return selection.data;
  }

  /** Step 5, confirm (OpenAI): the confirmation text for a booking that already exists. */
  async function confirm(booked: Booking): Promise<string> {
    const completion = await openai.chat.completions.create({
      model: openaiModel,
      messages: [
        { role: 'system', content: confirmPrompt(bookings) },
        { role: 'user', content: confirmInput(booked) },
      ],
    });
    const text = completion.choices[0]?.message.content?.trim();
    if (!text) throw new StepFailedError('confirm', null, 'the model returned no text.');
    return text;
  }

  /** A step is a function call: timed in the trace, its LLM calls attributed to it, any failure named after it. */
  const steps: Steps = { parse, availability, booking };
  const step = <N extends StepName>(name: N, input: StepInput<N>, trace: TraceRecorder) =>
    run(trace, name, () => steps[name](input, trace));

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

    // 5. confirm: the booking already stands, so a failed confirmation falls back to a code-written one.
    const written = await run(trace, 'confirm', () => confirm(result.booking)).catch((err: unknown) => {
      trace.step('code', 'confirm fallback', err instanceof Error ? err.message : 'confirm failed');
      return codeAnswers.booked(result.booking);
    });
    // 6. ground: the model wrote the confirmation, so code checks it against the booking before the member reads it.
    const response = await grounding.ground(written, { userId, booking: result.booking }, trace);
    return { response, booking: result.booking, state: null };
  }

  return { turn };
}

/** Runs one named step: timed in the trace, its LLM calls attributed to it, any failure named after it. */
async function run<T>(trace: TraceRecorder, name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await trace.timed('code', name, () => asActor(name, fn));
  } catch (err) {
    throw err instanceof StepFailedError ? err : new StepFailedError(name, err);
  }
}

/** The select tool's input: one of the candidate slot ids, and why. */
function selectionSchema(candidates: Slot[]) {
  return {
    type: 'object' as const,
    properties: {
      slot_id: { type: 'string', enum: candidates.map((slot) => slot.slot_id), description: 'The chosen candidate slot_id.' },
      reason: { type: 'string', description: 'One sentence: why this slot fits best.' },
    },
    required: ['slot_id', 'reason'],
  };
}
