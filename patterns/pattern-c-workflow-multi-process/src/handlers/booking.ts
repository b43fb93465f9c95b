/** Lambda entry for pattern C's booking step (Bedrock Converse selection, then the booking service). */
import type { Runtime } from '@tennis/runtime';
import { bedrockClient } from '@tennis/runtime/clients/bedrock';
import { STEPS } from '@tennis/pattern-b/contract';
import { createWorkerHandler } from '@tennis/runtime/worker';
import { createBookingStep } from '../steps/booking';

export const build = (rt: Runtime) => {
  return createBookingStep({ bedrock: bedrockClient(rt.config), model: rt.config.bedrockModelId, bookings: rt.bookings });
};

export const worker = { name: 'booking', input: STEPS.booking.input, result: STEPS.booking.result, build };

export const handler = createWorkerHandler(worker);
