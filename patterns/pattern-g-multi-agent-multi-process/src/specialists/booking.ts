/**
 * The booking specialist: Claude with check_availability and book in a tool loop, run in its own Lambda, with
 * F's booking prompt (@tennis/pattern-f/prompts); F's booking specialist runs on @openai/agents instead.
 * The user id comes from the invoke payload (set by the manager's code) and is injected into `book`.
 * The loop ends on the `book` call, whose result is the answer: the manager confirms it in its own words.
 *
 * REQUIRE_CONFIRMATION (the manager's run pauses for the member's approval, pattern.ts): asked to `propose`, the
 * loop holds its `book` call instead of running it and returns that slot; later, given the `approved_slot_id`,
 * the specialist books exactly that slot, in code, with no model call.
 */
import type { BookingService } from '@tennis/booking-service';
import { bookingFrom, runBookingTool, type TraceRecorder } from '@tennis/runtime';
import { runAnthropicToolLoop } from '@tennis/runtime/anthropic-tool-loop';
import type { AnthropicMessages } from '@tennis/runtime/clients/anthropic';
import { prompts } from '@tennis/pattern-f/prompts';
import type { ApprovedBooking, BookingSpecialistInput, SpecialistResult } from '../payloads';

export interface BookingSpecialistDeps {
  anthropic: AnthropicMessages;
  model: string;
  bookings: BookingService;
  /** Model calls allowed per run (MAX_MODEL_CALLS). */
  maxModelCalls: number;
}

export function createBookingSpecialist({ anthropic, model, bookings, maxModelCalls }: BookingSpecialistDeps) {
  const actor = 'Booking specialist';

  /** The member approved this exact slot: book it, no model involved. */
  const bookApproved = async ({ approved_slot_id, user_id }: ApprovedBooking, trace: TraceRecorder): Promise<SpecialistResult> => {
    const outcome = await runBookingTool(bookings, 'book', { slot_id: approved_slot_id }, { userId: user_id, trace, actor });
    return { answer: JSON.stringify(outcome), booking: outcome.ok ? outcome.result : null };
  };

  return async (input: BookingSpecialistInput, trace: TraceRecorder): Promise<SpecialistResult> => {
    if ('approved_slot_id' in input) return bookApproved(input, trace);
    const { request, user_id, propose } = input;
    const loop = await runAnthropicToolLoop({
      client: anthropic,
      model,
      system: prompts.booking(bookings),
      prompt: request,
      tools: ['check_availability', 'book'],
      bookings,
      userId: user_id,
      trace,
      actor,
      maxModelCalls,
      stopWhen: (call) => call.name === 'book',
      ...(propose ? { holdWhen: (name: string) => name === 'book' } : {}),
    });
    if (loop.held) return { answer: '', booking: null, proposed_slot_id: heldSlot(loop.held.input) };
    const booking = loop.calls.map(bookingFrom).findLast((b) => b !== null) ?? null;
    const answer = loop.stoppedAtLimit
      ? `${booking ? `Booked ${booking.court} on ${booking.date} at ${booking.time}, but I` : 'I'} could not finish within ${maxModelCalls} steps.`
      : loop.answer;
    return { answer, booking, ...(propose ? { proposed_slot_id: null } : {}) };
  };
}

/** The slot_id of a held `book` call, or null when the model wrote none. */
function heldSlot(input: unknown): string | null {
  const slotId = (input as { slot_id?: unknown } | null)?.slot_id;
  return typeof slotId === 'string' ? slotId : null;
}
