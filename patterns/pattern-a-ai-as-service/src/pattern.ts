/**
 * Pattern A, AI as a service: one LLM call per turn turns the message into fields; code decides
 * everything else (what is missing, what to look up, what to book, what to say) with a small state
 * machine kept in the session.
 */
import type OpenAI from 'openai';
import { standardResponseFormat } from 'openai/helpers/standard-schema';
import { inPartOfDay, sameCourt, type AvailabilityResult, type Booking, type BookingService, type Slot } from '@tennis/booking-service';
import { approvalQuestion, asActor, declinedAnswer, runBookingTool, StepFailedError } from '@tennis/runtime';
import type { PendingApproval, Pattern, TurnInput, TurnOutput } from '@tennis/runtime';
import { ParsedMessage } from './parsed';
import { parsePrompt, replies } from './replies';
import { freshState, mergeRequest, restoreState, type BookingRequest, type PatternAState } from './state';

/** At most this many numbered options per answer. */
const MAX_OPTIONS = 6;

export interface PatternADeps {
  openai: OpenAI;
  model: string;
  bookings: BookingService;
  /** REQUIRE_CONFIRMATION: ask the member about the exact slot before booking it. */
  requireConfirmation: boolean;
}

export function createPatternA({ openai, model, bookings, requireConfirmation }: PatternADeps): Pattern {
  /** The structured output the parse call asks for: built once per container, on its first request, not at import. */
  const parseFormat = standardResponseFormat(ParsedMessage, 'parsed_message');

  /** The only LLM call: the message in, typed fields out. */
  async function parseMessage(message: string, offered: Slot[]): Promise<ParsedMessage> {
    const completion = await asActor('parse', () =>
      openai.chat.completions.parse({
        model,
        messages: [
          { role: 'system', content: parsePrompt(bookings, offered) },
          { role: 'user', content: message },
        ],
        response_format: parseFormat,
      }),
    ).catch((err: unknown) => {
      throw new StepFailedError('parse', err);
    });
    const parsed = completion.choices[0]?.message.parsed;
    if (!parsed) throw new StepFailedError('parse', null, 'the model returned no fields.');
    return parsed;
  }

  async function turn({ message, userId, state, trace, approval }: TurnInput): Promise<TurnOutput> {
    const ctx = { userId, trace, actor: 'code' };
    const reply = (response: string, next: PatternAState, booking: Booking | null = null) => ({ response, booking, state: next });
    const lookUp = async (date: string, time: string | null) => runBookingTool(bookings, 'check_availability', { date, time }, ctx);

    /** Code calls the book function; a refusal (taken meanwhile, in the past) is explained to the user. */
    const book = async (slot: Slot): Promise<TurnOutput> => {
      const outcome = await runBookingTool(bookings, 'book', { slot_id: slot.slot_id }, ctx);
      if (!outcome.ok) return reply(replies.refused(outcome.error.message), freshState());
      return reply(replies.booked(outcome.result), freshState(), outcome.result);
    };

    /** The approval gate (REQUIRE_CONFIRMATION): instead of booking, ask about exactly this slot; the request stays in the state. */
    const bookOrAsk = async (slot: Slot, request: BookingRequest): Promise<TurnOutput> => {
      if (!requireConfirmation) return book(slot);
      const pending: PendingApproval = { slot_id: slot.slot_id, court: slot.court, date: slot.date, time: slot.time };
      trace.step('code', 'approval', `asks before booking ${slot.slot_id}`);
      return { ...reply(approvalQuestion(pending), { request, offered: [] }), approval: { pending } };
    };

    /** "yes" to the approval: book exactly that slot; taken meanwhile -> the refusal and the nearest free slots then. */
    const bookApproved = async (pending: PendingApproval, request: BookingRequest): Promise<TurnOutput> => {
      const outcome = await runBookingTool(bookings, 'book', { slot_id: pending.slot_id }, ctx);
      if (outcome.ok) return reply(replies.booked(outcome.result), freshState(), outcome.result);
      const found = await lookUp(pending.date, pending.time);
      const options = found.ok ? nearest(found.result) : [];
      return reply(replies.refusedWithOptions(outcome.error.message, options), { request, offered: options });
    };

    // 1. Restore what we know from earlier turns.
    const previous = restoreState(state);

    // 1b. The member answered our approval question: "yes" books exactly that slot, "no" books nothing.
    //     Anything else is a new message, read on with the request kept while we asked ("court B instead").
    if (approval?.reply === 'yes') return bookApproved(approval.pending, previous.request);
    if (approval?.reply === 'no') return reply(declinedAnswer(approval.pending), freshState());

    // 2. The one LLM call: text -> fields.
    const parsed = await parseMessage(message, previous.offered);

    // 3. Code merges the fields into the request.
    const request = mergeRequest(previous.request, parsed, previous.offered.length > 0);
    trace.step('code', 'state', describeRequest(request));

    // 4. A pick from the options we offered ("the second one", "3pm on court B", "yes") -> book it (or ask first).
    const picked = pickOffered(previous.offered, parsed, request);
    if (picked) return bookOrAsk(picked, request);

    // 5. No day yet -> ask for it.
    if (!request.date) return reply(replies.askDay(), { request, offered: [] });

    // 6. Look up free slots (code calls the function).
    const outcome = await lookUp(request.date, request.time);
    if (!outcome.ok) return reply(replies.refused(outcome.error.message), { request: { ...request, date: null }, offered: [] });
    const availability = outcome.result;
    const fitting = availability.available.filter((s) => fits(s, request));

    // 7. Decision point: a booking is wanted and a slot fits the day, time and court -> book it,
    //    or with REQUIRE_CONFIRMATION ask the member about exactly that slot first (the approval gate).
    if (request.wantsBooking && request.time && fitting[0]) return bookOrAsk(fitting[0], request);

    // 8. A time was asked for but nothing fits -> offer the nearest alternatives.
    if (request.time && fitting.length === 0) {
      const options = nearest(availability);
      return reply(replies.alternatives({ date: request.date, time: request.time, court: request.court }, options), {
        request,
        offered: options,
      });
    }

    // 9. Otherwise list what is free (numbered) and ask which one.
    const options = request.time ? fitting.slice(0, MAX_OPTIONS) : onePerTime(fitting).slice(0, MAX_OPTIONS);
    return reply(replies.freeSlots(request.date, request.partOfDay, options), { request, offered: options });
  }

  return { turn };
}

/** What is free at the time asked for (any court), else the nearest free times. */
function nearest(availability: AvailabilityResult): Slot[] {
  return (availability.available.length > 0 ? availability.available : availability.alternatives).slice(0, MAX_OPTIONS);
}

/** Which offered slot the user picked, if any: by number, by time (and court), or "yes" to a single offer. */
function pickOffered(offered: Slot[], parsed: ParsedMessage, request: BookingRequest): Slot | undefined {
  if (offered.length === 0) return undefined;
  if (parsed.choice !== null) return parsed.choice === -1 ? offered.at(-1) : offered[parsed.choice - 1];
  if (parsed.confirmation === true && offered.length === 1) return offered[0];
  if (!request.wantsBooking || parsed.time === null) return undefined;
  return offered.find(
    (s) => s.date === request.date && s.time === parsed.time && (request.court === null || sameCourt(s.court, request.court)),
  );
}

function fits(slot: Slot, request: BookingRequest): boolean {
  const courtFits = request.court === null || sameCourt(slot.court, request.court);
  return courtFits && (request.partOfDay === null || inPartOfDay(slot.time, request.partOfDay));
}

/** The first free court at each time, so a day's list shows a spread of times. */
function onePerTime(slots: Slot[]): Slot[] {
  return slots.filter((s, i) => slots.findIndex((o) => o.time === s.time) === i);
}

function describeRequest(r: BookingRequest): string {
  const parts = [r.date ?? 'no date', r.time ?? r.partOfDay ?? 'no time', r.court ?? 'any court', r.wantsBooking ? 'book' : 'browse'];
  return parts.join(', ');
}
