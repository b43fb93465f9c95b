/**
 * Pattern B, a workflow in one process: the same fixed steps every turn, each a named function with
 * typed input and output, each free to use its own vendor:
 *   1 parse (OpenAI) -> 2 availability (code) -> 3 gate (code) -> 4 select (Anthropic) -> 5 book (code) -> 6 confirm (OpenAI)
 * Code decides the order and every gate; a failed step is reported by name (StepFailedError).
 */
import type OpenAI from 'openai';
import { standardResponseFormat } from 'openai/helpers/standard-schema';
import { inPartOfDay, sameCourt, type AvailabilityResult, type Booking, type BookingService, type Slot, type ToolOutcome } from '@tennis/booking-service';
import { asActor, runBookingTool, StepFailedError, type GroundingGuard, type Pattern, type Runtime, type TraceRecorder, type TurnInput, type TurnOutput } from '@tennis/runtime';
import { anthropicClient, type AnthropicMessages } from '@tennis/runtime/clients/anthropic';
import { openaiClient, type ClientOverrides } from '@tennis/runtime/clients/openai';
import { codeAnswers, confirmInput, confirmPrompt, parsePrompt, selectInput, selectPrompt, SELECT_TOOL } from './prompts';
import { ParsedRequest, PatternBState, SlotSelection, type Availability } from './schemas';

/** The structured output the parse call asks for, built once (it converts the zod schema to JSON Schema). */
const PARSE_FORMAT = standardResponseFormat(ParsedRequest, 'booking_request');

export interface PatternBDeps {
  openai: OpenAI;
  openaiModel: string;
  anthropic: AnthropicMessages;
  anthropicModel: string;
  bookings: BookingService;
  /** Checks the model-written confirmation against the booking made (GROUNDING_GUARD). */
  grounding: GroundingGuard;
}

export function createPatternB({ openai, openaiModel, anthropic, anthropicModel, bookings, grounding }: PatternBDeps): Pattern {
  /** Step 1, parse (OpenAI structured output): the message, merged into the request so far. */
  async function parse(message: string, earlier: ParsedRequest | null): Promise<ParsedRequest> {
    const completion = await openai.chat.completions.parse({
      model: openaiModel,
      messages: [
        { role: 'system', content: parsePrompt(bookings, earlier) },
        { role: 'user', content: message },
      ],
      response_format: PARSE_FORMAT,
    });
    const parsed = completion.choices[0]?.message.parsed;
    if (!parsed) throw new StepFailedError('parse', null, 'the model returned no fields.');
    return mergeRequest(earlier, parsed);
  }

  /** Step 2, availability (code): free slots fitting the request, or the nearest alternatives. */
  async function availability(request: ParsedRequest & { date: string }, ctx: ToolCtx): Promise<ToolOutcome<Availability>> {
    const outcome = await runBookingTool(bookings, 'check_availability', { date: request.date, time: request.time }, ctx);
    if (!outcome.ok) return outcome;
    const found = outcome.result as AvailabilityResult;
    const candidates = found.available.filter((slot) => fits(slot, request));
    // A named court that is taken still leaves the other courts at that time as the closest offer.
    const alternatives = candidates.length > 0 ? [] : found.available.length > 0 ? found.available : found.alternatives;
    return { ok: true, result: { candidates, alternatives } };
  }

  /** Step 4, select (Anthropic, forced tool call): the best candidate for the stated preferences. */
  async function select(message: string, request: ParsedRequest, candidates: Slot[]): Promise<Slot> {
    const reply = await anthropic.messages.create({
      model: anthropicModel,
      max_tokens: 300,
      system: selectPrompt(bookings),
      tools: [{ ...SELECT_TOOL, input_schema: selectionSchema(candidates) }],
      tool_choice: { type: 'tool', name: SELECT_TOOL.name },
      messages: [{ role: 'user', content: selectInput(message, request, candidates) }],
    });
    const call = reply.content.find((block) => block.type === 'tool_use');
    const selection = SlotSelection.safeParse(call?.input);
    const chosen = selection.success ? candidates.find((slot) => slot.slot_id === selection.data.slot_id) : undefined;
    if (!chosen) throw new StepFailedError('select', null, 'the model did not choose one of the candidate slots.');
    return chosen;
  }

  /** Step 5, book (code): for the caller, never for a name in the message. */
  async function book(slot: Slot, ctx: ToolCtx): Promise<ToolOutcome<Booking>> {
    return (await runBookingTool(bookings, 'book', { slot_id: slot.slot_id }, ctx)) as ToolOutcome<Booking>;
  }

  /** Step 6, confirm (OpenAI): the confirmation text for a booking that already exists. */
  async function confirm(booking: Booking): Promise<string> {
    const completion = await openai.chat.completions.create({
      model: openaiModel,
      messages: [
        { role: 'system', content: confirmPrompt(bookings) },
        { role: 'user', content: confirmInput(booking) },
      ],
    });
    const text = completion.choices[0]?.message.content?.trim();
    if (!text) throw new StepFailedError('confirm', null, 'the model returned no text.');
    return text;
  }

  async function turn({ message, userId, state, trace }: TurnInput): Promise<TurnOutput> {
    const ctx: ToolCtx = { userId, trace, actor: 'code' };
    const stop = (response: string, request: ParsedRequest | null): TurnOutput => ({ response, booking: null, state: request && { request } });
    const earlier = restoreRequest(state);

    // 1. parse
    const request = await step(trace, 'parse', () => parse(message, earlier));
    if (!request.date) return stop(codeAnswers.askDay(), request);
    const dated = { ...request, date: request.date };

    // 2. availability
    const found = await step(trace, 'availability', () => availability(dated, ctx));
    if (!found.ok) return stop(codeAnswers.refused(found.error.message), { ...request, date: null });
    const { candidates, alternatives } = found.result;

    // 3. gate: nothing fits -> offer the nearest alternatives and stop; not ready to book -> list and stop.
    if (candidates.length === 0) return stop(codeAnswers.alternatives(dated, alternatives), request);
    if (request.intent !== 'book' || !request.time) return stop(codeAnswers.freeTimes(dated.date, request.part_of_day, candidates), request);

    // 4. select
    const slot = await step(trace, 'select', () => select(message, request, candidates));

    // 5. book
    const booked = await step(trace, 'book', () => book(slot, ctx));
    if (!booked.ok) return stop(codeAnswers.refused(booked.error.message), request);

    // 6. confirm: the booking already stands, so a failed confirmation falls back to a code-written one.
    const written = await step(trace, 'confirm', () => confirm(booked.result)).catch((err: unknown) => {
      trace.step('code', 'confirm fallback', err instanceof Error ? err.message : 'confirm failed');
      return codeAnswers.booked(booked.result);
    });
    // 7. ground: the model wrote the confirmation, so code checks it against the booking before the member reads it.
    const response = await grounding.ground(written, { userId, booking: booked.result }, trace);
    return { response, booking: booked.result, state: null };
  }

  return { letter: 'b', name: 'Workflow (single process)', turn };
}

type ToolCtx = { userId: string; trace: TraceRecorder; actor: string };

/** Runs one named step: timed in the trace, its LLM calls attributed to it, any failure named after it. */
async function step<T>(trace: TraceRecorder, name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await trace.timed('code', name, () => asActor(name, fn));
  } catch (err) {
    throw err instanceof StepFailedError ? err : new StepFailedError(name, err);
  }
}

/** New values replace earlier ones; what the new message did not say is kept. */
function mergeRequest(earlier: ParsedRequest | null, parsed: ParsedRequest): ParsedRequest {
  if (!earlier) return parsed;
  return {
    intent: parsed.intent === 'other' ? earlier.intent : parsed.intent,
    date: parsed.date ?? earlier.date,
    time: parsed.time ?? earlier.time,
    court: parsed.court ?? earlier.court,
    part_of_day: parsed.part_of_day ?? (parsed.time ? null : earlier.part_of_day),
  };
}

function restoreRequest(state: unknown): ParsedRequest | null {
  const parsed = PatternBState.safeParse(state);
  return parsed.success ? parsed.data.request : null;
}

function fits(slot: Slot, request: ParsedRequest): boolean {
  const courtFits = request.court === null || sameCourt(slot.court, request.court);
  return courtFits && (request.part_of_day === null || inPartOfDay(slot.time, request.part_of_day));
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

/** Wiring for the handler, demo and tests: clients from config (optionally with a test transport). */
export function buildPatternB(rt: Runtime, clientOverrides?: ClientOverrides): Pattern {
  return createPatternB({
    openai: openaiClient(rt.config, clientOverrides),
    openaiModel: rt.config.openaiModel,
    anthropic: anthropicClient(rt.config, clientOverrides),
    anthropicModel: rt.config.anthropicModel,
    bookings: rt.bookings,
    grounding: rt.grounding,
  });
}
