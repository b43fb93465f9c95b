/**
 * The booking specialist: Claude with check_availability and book in a tool loop, run in its own Lambda, with
 * F's booking prompt (@tennis/pattern-f/prompts); F's booking specialist runs on @openai/agents instead.
 * The user id comes from the invoke payload (set by the manager's code) and is injected into `book`.
 * The loop ends on the `book` call, whose result is the answer: the manager confirms it in its own words.
 */
import type { BookingService } from '@tennis/booking-service';
import { bookingFrom, type TraceRecorder } from '@tennis/runtime';
import { runAnthropicToolLoop } from '@tennis/runtime/anthropic-tool-loop';
import type { AnthropicMessages } from '@tennis/runtime/clients/anthropic';
import { prompts } from '@tennis/pattern-f/prompts';
import type { SpecialistInput, SpecialistResult } from '../payloads';

export interface BookingSpecialistDeps {
  anthropic: AnthropicMessages;
  model: string;
  bookings: BookingService;
  /** Model calls allowed per run (MAX_MODEL_CALLS). */
  maxModelCalls: number;
}

export function createBookingSpecialist({ anthropic, model, bookings, maxModelCalls }: BookingSpecialistDeps) {
  return async ({ request, user_id }: SpecialistInput, trace: TraceRecorder): Promise<SpecialistResult> => {
    const loop = await runAnthropicToolLoop({
      client: anthropic,
      model,
      system: prompts.booking(bookings),
      prompt: request,
      tools: ['check_availability', 'book'],
      bookings,
      userId: user_id,
      trace,
      actor: 'Booking specialist',
      maxModelCalls,
      stopWhen: (call) => call.name === 'book',
    });
    const booking = loop.calls.map(bookingFrom).findLast((b) => b !== null) ?? null;
    const answer = loop.stoppedAtLimit
      ? `${booking ? `Booked ${booking.court} on ${booking.date} at ${booking.time}, but I` : 'I'} could not finish within ${maxModelCalls} steps.`
      : loop.answer;
    return { answer, booking };
  };
}
