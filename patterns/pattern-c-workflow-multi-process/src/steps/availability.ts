/**
 * Step 2, availability: Claude runs a small tool loop over check_availability (the only tool it is
 * offered), and code reads the slots from the tool result itself, never from the model's prose, and
 * fits them to the request as the step contract says (availabilityFor). The loop ends on the check for
 * the requested date: no model call is spent on prose that nothing reads.
 */
import type { BookingService } from '@tennis/booking-service';
import { availabilityFor, type StepInput, type StepOutput } from '@tennis/pattern-b/contract';
import { clubFacts, dateContext, UpstreamError, type TraceRecorder } from '@tennis/runtime';
import { runAnthropicToolLoop, type ToolCallRecord } from '@tennis/runtime/anthropic-tool-loop';
import type { AnthropicMessages } from '@tennis/runtime/clients/anthropic';

export interface AvailabilityDeps {
  anthropic: AnthropicMessages;
  model: string;
  bookings: BookingService;
  /** Model calls allowed per run (MAX_MODEL_CALLS). */
  maxModelCalls: number;
}

type Request = StepInput<'availability'>['request'];

const system = (bookings: BookingService): string =>
  [
    'You check tennis court availability. Call check_availability once for the date (and time, if given) in the request.',
    dateContext(bookings),
    clubFacts(bookings),
  ].join('\n');

function prompt({ date, time, part_of_day, court }: Request): string {
  const when = time ? ` at ${time}` : part_of_day ? ` (${part_of_day})` : '';
  return `Check availability on ${date}${when}${court ? ` for ${court}` : ''}.`;
}

/** A check of the requested date: it answered for that date, or the booking service refused it. */
const isCheckOf =
  (date: string) =>
  (call: ToolCallRecord): call is Extract<ToolCallRecord, { name: 'check_availability' }> =>
    call.name === 'check_availability' && (!call.outcome.ok || call.outcome.result.date === date);

export function createAvailabilityStep({ anthropic, model, bookings, maxModelCalls }: AvailabilityDeps) {
  return async ({ request }: StepInput<'availability'>, trace: TraceRecorder): Promise<StepOutput<'availability'>> => {
    const checksRequestedDate = isCheckOf(request.date);
    const loop = await runAnthropicToolLoop({
      client: anthropic,
      model,
      system: system(bookings),
      prompt: prompt(request),
      tools: ['check_availability'],
      bookings,
      // check_availability reads no user, and book is not offered to this step.
      userId: 'availability-step',
      trace,
      actor: 'availability',
      maxModelCalls,
      stopWhen: checksRequestedDate,
    });
    const check = loop.calls.findLast(checksRequestedDate);
    if (!check) throw new UpstreamError('bad_upstream', 'The model did not check availability for the requested date.');
    if (!check.outcome.ok) return { candidates: [], alternatives: [], refusal: check.outcome.error.message };
    return availabilityFor(request, check.outcome.result);
  };
}
