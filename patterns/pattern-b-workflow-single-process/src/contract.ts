/**
 * The workflow's step contract, shared by pattern B (each step a function call) and pattern C (each step
 * a Lambda, which validates these schemas on both sides of every invoke): the step names, each step's
 * typed input and output, what the session keeps, and the answers code writes.
 *
 *   1 parse -> 2 availability -> 3 gate (code) -> 4 booking -> 5 confirm
 *
 * With REQUIRE_CONFIRMATION the booking step only selects, and code asks the member about that exact slot
 * (approval, below); their "yes" on the next turn becomes a request for exactly that slot, which runs
 * availability and booking again with it as the only candidate.
 *
 * Which vendor runs a step is each pattern's choice; what goes in and what comes out is fixed here.
 */
import {
  inPartOfDay,
  PARTS_OF_DAY,
  sameCourt,
  weekdayOf,
  type AvailabilityResult,
  type Booking as ServiceBooking,
} from '@tennis/booking-service';
import { BookingSchema } from '@tennis/booking-service/schemas';
import { approvalQuestion, declinedAnswer, type ApprovalAnswer, type TraceRecorder, type TurnOutput } from '@tennis/runtime';
import * as z from 'zod';

/** At most this many numbered options per answer; the session keeps them for "the second one". */
export const MAX_OPTIONS = 6;

export const Slot = z.strictObject({ slot_id: z.string().min(1), court: z.string(), date: z.string(), time: z.string() });
export type Slot = z.output<typeof Slot>;

export const Booking = BookingSchema;
export type Booking = z.output<typeof Booking>;

/** What the member wants. Strict structured output needs every field, so "not said" is null. */
export const BookingRequest = z.object({
  intent: z
    .enum(['book', 'check_availability', 'other'])
    .describe('book: wants a court booked (including picking an offered option); check_availability: only asks what is free'),
  date: z.string().nullable().describe("The day meant, absolute YYYY-MM-DD resolved against today's date; null if not said"),
  time: z.string().nullable().describe('The start time meant, 24h HH:MM (3pm -> 15:00); null if not said'),
  court: z.string().nullable().describe('The court named, spelt as the club does (e.g. "Court B"); null if not said'),
  part_of_day: z.enum(PARTS_OF_DAY).nullable().describe('Part of the day named, if any'),
});
export type BookingRequest = z.output<typeof BookingRequest>;

/** The parse step's model output: the request fields, plus a pick from the numbered options offered. */
export const ParsedMessage = BookingRequest.extend({
  choice: z
    .number()
    .int()
    .nullable()
    .describe(
      'When the member picks from the numbered options we offered: its 1-based number ("the second one" -> 2, "the last one" -> -1); else null',
    ),
});
export type ParsedMessage = z.output<typeof ParsedMessage>;

const DatedRequest = BookingRequest.extend({ date: z.string().min(1) });

/** The steps that run as a unit of their own (in C, a Lambda each), with their typed input and output. */
export const STEPS = {
  /** 1. The message, read against the request so far and the options last offered -> the whole request. */
  parse: {
    input: z.strictObject({
      message: z.string().min(1).max(4000),
      earlier: BookingRequest.nullable(),
      offered: z.array(Slot).max(MAX_OPTIONS),
    }),
    result: z.strictObject({ request: BookingRequest }),
  },
  /** 2. Free slots that fit the whole request, else the nearest alternatives, or why the service refused to look. */
  availability: {
    input: z.strictObject({ request: DatedRequest }),
    result: z.strictObject({ candidates: z.array(Slot), alternatives: z.array(Slot), refusal: z.string().nullable() }),
  },
  /**
   * 4. One candidate selected by a model, booked by code for the user id code put in the input; with
   * `select_only` (REQUIRE_CONFIRMATION) it is only selected, for the member to approve first.
   */
  booking: {
    input: z.strictObject({
      request: BookingRequest,
      candidates: z.array(Slot).min(1).max(50),
      user_id: z.string().min(1).max(128),
      select_only: z.boolean().optional(),
    }),
    result: z.discriminatedUnion('status', [
      z.strictObject({ status: z.literal('booked'), booking: Booking, reason: z.string() }),
      /** select_only: the slot the model chose, not booked. */
      z.strictObject({ status: z.literal('selected'), slot: Slot, reason: z.string() }),
      /** The booking service said no (ALREADY_BOOKED when someone was faster): nothing was booked. */
      z.strictObject({ status: z.literal('refused'), slot_id: z.string(), code: z.string(), message: z.string() }),
    ]),
  },
} as const;

export type StepSchemas = typeof STEPS;
export type StepName = keyof StepSchemas;
export type StepInput<N extends StepName> = z.output<StepSchemas[N]['input']>;
export type StepOutput<N extends StepName> = z.output<StepSchemas[N]['result']>;
/** A step's implementation, wherever it runs. */
export type Steps = { [N in StepName]: (input: StepInput<N>, trace: TraceRecorder) => Promise<StepOutput<N>> };

/** What the session keeps between turns: the request so far and the options last offered. */
export const WorkflowState = z.object({ request: BookingRequest.nullable(), offered: z.array(Slot) });
export type WorkflowState = z.output<typeof WorkflowState>;

export function restoreState(state: unknown): WorkflowState {
  const parsed = WorkflowState.safeParse(state);
  return parsed.success ? parsed.data : { request: null, offered: [] };
}

/**
 * Code merges the parsed message into the request. A pick from the options offered, by number ("the
 * second one") or by naming one's time or court ("the 4pm one", "court C then"), becomes a booking
 * request for exactly that slot. Otherwise new values replace earlier ones and silence keeps them.
 */
export function mergeRequest(earlier: BookingRequest | null, { choice, ...parsed }: ParsedMessage, offered: Slot[]): BookingRequest {
  const picked = choice !== null ? (choice === -1 ? offered.at(-1) : offered[choice - 1]) : namedOption(parsed, offered);
  if (picked) return { intent: 'book', date: picked.date, time: picked.time, court: picked.court, part_of_day: null };
  if (!earlier) return parsed;
  return {
    intent: parsed.intent === 'other' ? earlier.intent : parsed.intent,
    date: parsed.date ?? earlier.date,
    // A part of the day replaces an earlier exact time, as a time replaces an earlier part of the day.
    time: parsed.time ?? (parsed.part_of_day ? null : earlier.time),
    court: parsed.court ?? earlier.court,
    part_of_day: parsed.part_of_day ?? (parsed.time ? null : earlier.part_of_day),
  };
}

/** The first offered slot a message names by its time and/or court (and no other day), unless it only asks. */
function namedOption(parsed: BookingRequest, offered: Slot[]): Slot | undefined {
  if (parsed.intent === 'check_availability' || (parsed.time === null && parsed.court === null)) return undefined;
  return offered.find(
    (s) =>
      (parsed.date === null || parsed.date === s.date) &&
      (parsed.time === null || parsed.time === s.time) &&
      (parsed.court === null || sameCourt(s.court, parsed.court)),
  );
}

/** The availability step's output from the booking service's answer: what fits, else the closest offer. */
export function availabilityFor(request: BookingRequest, found: AvailabilityResult): StepOutput<'availability'> {
  const candidates = found.available.filter((slot) => fits(slot, request));
  // A named court that is taken still leaves the other courts at that time as the closest offer.
  const alternatives = candidates.length > 0 ? [] : found.available.length > 0 ? found.available : found.alternatives;
  return { candidates, alternatives, refusal: null };
}

function fits(slot: Slot, request: BookingRequest): boolean {
  const courtFits = request.court === null || sameCourt(slot.court, request.court);
  return courtFits && (request.part_of_day === null || inPartOfDay(slot.time, request.part_of_day));
}

/** The options an answer lists (and the session keeps): one court per time when no time was asked for. */
export function optionsFrom(slots: Slot[], request: BookingRequest): Slot[] {
  const spread = request.time ? slots : slots.filter((s, i) => slots.findIndex((o) => o.time === s.time) === i);
  return spread.slice(0, MAX_OPTIONS);
}

/**
 * Approval (REQUIRE_CONFIRMATION), a gate in code shared by B and C: the member's answer to the question
 * the last turn asked. "no" books nothing; "yes" turns the approved slot into the request (no parse) and
 * keeps only that slot as a candidate, so nothing else can be booked; anything else is a new message.
 */
export function answeredApproval(approval: ApprovalAnswer | undefined): AnsweredApproval {
  const approved = approval?.reply === 'yes' ? approval.pending : null;
  return {
    declined: approval?.reply === 'no' ? declinedAnswer(approval.pending) : null,
    approved: approved && {
      request: { intent: 'book', date: approved.date, time: approved.time, court: approved.court, part_of_day: null },
    },
    candidates: (found) => (approved ? found.filter((slot) => slot.slot_id === approved.slot_id) : found),
  };
}

export interface AnsweredApproval {
  /** "no": the answer (nothing was booked). */
  declined: string | null;
  /** "yes": the request for exactly the approved slot, in place of the parse step's output. */
  approved: StepOutput<'parse'> | null;
  /** The candidates the booking step may book from: after a "yes", only the approved slot (if it is still free). */
  candidates(found: Slot[]): Slot[];
}

/** The approval gate's question: the slot the booking step selected, kept server side until the member answers. */
export function askApproval(slot: Slot, request: BookingRequest, trace: TraceRecorder): TurnOutput {
  trace.step('code', 'approval', `asks before booking ${slot.slot_id}`);
  return { response: approvalQuestion(slot), booking: null, state: { request, offered: [] }, approval: { pending: slot } };
}

const day = (date: string) => `${weekdayOf(date)} ${date}`;

/** "1. 15:00 on Court A; 2. 16:00 on Court A": the numbering the answers show and the parse step reads. */
export const numbered = (slots: Slot[]): string[] => slots.map((s, i) => `${i + 1}. ${s.time} on ${s.court}`);
const optionList = (slots: Slot[]) =>
  `${numbered(slots).join('\n')}\nWhich one would you like? Reply with its number, or a time and court.`;

/** The answers code writes: where the workflow stops before booking, and the confirmation when no model writes it. */
export const codeAnswers = {
  askDay: () => 'I can check free courts and book one for you. Which day would you like to play, and at what time?',
  refused: (message: string) => `${message} Which day and time would you like instead?`,
  freeTimes: ({ date, part_of_day }: BookingRequest & { date: string }, options: Slot[]) =>
    options.length === 0
      ? `Nothing is free on ${day(date)}${part_of_day ? ` in the ${part_of_day}` : ''}. Would you like another day?`
      : `Free on ${day(date)}${part_of_day ? ` in the ${part_of_day}` : ''}:\n${optionList(options)}`,
  alternatives: ({ date, time, court }: BookingRequest & { date: string }, options: Slot[]) => {
    const what = `nothing${court ? ` on ${court}` : ''} is free on ${day(date)}${time ? ` at ${time}` : ''}`;
    if (options.length === 0) return `Sorry, ${what}. Would you like another day?`;
    return `Sorry, ${what}. The nearest free slots are:\n${optionList(options)}`;
  },
  booked: (b: ServiceBooking) => `Booked: ${b.court} on ${day(b.date)} at ${b.time}. Your booking reference is ${b.booking_id}.`,
};
