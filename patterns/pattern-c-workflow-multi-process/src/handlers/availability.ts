/** Lambda entry for pattern C's availability step (Anthropic tool use over check_availability). */
import type { Runtime } from '@tennis/runtime';
import { createClients } from '@tennis/runtime/clients';
import { createWorkerHandler } from '../../../../shared/runtime/src/lambda-worker';
import { AvailabilityInput, AvailabilityResult } from '../payloads';
import { createAvailabilityStep } from '../steps/availability';

export const buildAvailability = (rt: Runtime) => {
  const clients = createClients(rt.config);
  return createAvailabilityStep({
    anthropic: clients.anthropic(),
    model: clients.model('anthropic'),
    bookings: rt.bookings,
    maxIterations: rt.config.maxToolIterations,
  });
};

export const availabilityWorker = { name: 'availability', input: AvailabilityInput, result: AvailabilityResult, build: buildAvailability };

export const handler = createWorkerHandler(availabilityWorker);
