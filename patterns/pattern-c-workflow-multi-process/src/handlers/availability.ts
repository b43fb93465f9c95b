/** Lambda entry for pattern C's availability step (Anthropic tool use over check_availability). */
import type { Runtime } from '@tennis/runtime';
import { anthropicClient } from '@tennis/runtime/clients/anthropic';
import { STEPS } from '@tennis/pattern-b/contract';
import { createWorkerHandler } from '@tennis/runtime/worker';
import { createAvailabilityStep } from '../steps/availability';

export const build = (rt: Runtime) => {
  return createAvailabilityStep({
    anthropic: anthropicClient(rt.config),
    model: rt.config.anthropicModel,
    bookings: rt.bookings,
    maxModelCalls: rt.config.maxModelCalls,
  });
};

export const worker = { name: 'availability', input: STEPS.availability.input, result: STEPS.availability.result, build };

export const handler = createWorkerHandler(worker);
