/**
 * Step 2, availability: Claude runs a small tool loop over check_availability (the only tool it is
 * offered), and code reads the slots from the tool result itself, never from the model's prose. The loop
 * ends on the check for the requested date: no model call is spent on prose that nothing reads.
 */
import { inPartOfDay, type AvailabilityResult as ServiceAvailability, type BookingService } from '@tennis/booking-service';
import { clubFacts, dateContext, UpstreamError, type TraceRecorder } from '@tennis/runtime';
import { runAnthropicToolLoop, type ToolCallRecord } from '@tennis/runtime/anthropic-tool-loop';
import type { AnthropicMessages } from '@tennis/runtime/clients/anthropic';
import type { z } from 'zod';
import type { AvailabilityInput, AvailabilityResult, Slot } from '../payloads';

export interface AvailabilityDeps {
  anthropic: AnthropicMessages;
  model: string;
  bookings: BookingService;
  maxIterations: number;
}

type Request = z.output<typeof AvailabilityInput>['request'];

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
const isCheckOf = (date: string) => (call: ToolCallRecord): boolean =>
  call.name === 'check_availability' && (!call.outcome.ok || (call.outcome.result as ServiceAvailability).date === date);

function slotsInPartOfDay(slots: Slot[], partOfDay: Request['part_of_day']): Slot[] {
  return partOfDay ? slots.filter((s) => inPartOfDay(s.time, partOfDay)) : slots;
}

export function createAvailabilityStep({ anthropic, model, bookings, maxIterations }: AvailabilityDeps) {
  return async ({ request }: z.output<typeof AvailabilityInput>, trace: TraceRecorder): Promise<z.input<typeof AvailabilityResult>> => {
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
      maxIterations,
      stopWhen: checksRequestedDate,
    });
    const check = loop.calls.findLast(checksRequestedDate);
    if (!check) throw new UpstreamError('bad_upstream', 'The model did not check availability for the requested date.');
    if (!check.outcome.ok) return { date: request.date, available: [], alternatives: [], refusal: check.outcome.error.message };
    const result = check.outcome.result as ServiceAvailability;
    return {
      date: result.date,
      available: slotsInPartOfDay(result.available, result.time ? null : request.part_of_day),
      alternatives: result.alternatives,
      refusal: null,
    };
  };
}
