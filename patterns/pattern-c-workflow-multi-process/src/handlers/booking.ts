/** Lambda entry for pattern C's booking step (Bedrock Converse selection, then the booking service). */
import type { Runtime } from '@tennis/runtime';
import { bedrockClient } from '@tennis/runtime/clients/bedrock';
import { STEPS } from '@tennis/pattern-b/contract';
import { createWorkerHandler } from '@tennis/runtime/worker';
import { createBookingStep } from '../steps/booking';

export const buildBooking = (rt: Runtime) => {
  return createBookingStep({ bedrock: bedrockClient(rt.config), model: rt.config.bedrockModelId, bookings: rt.bookings });
};

export const bookingWorker = { name: 'booking', input: STEPS.booking.input, result: STEPS.booking.result, build: buildBooking };

export const handler = createWorkerHandler(bookingWorker);
