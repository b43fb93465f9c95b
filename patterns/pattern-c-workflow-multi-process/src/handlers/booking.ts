/** Lambda entry for pattern C's booking step (Bedrock Converse selection, then the booking service). */
import type { Runtime } from '@tennis/runtime';
import { createClients } from '@tennis/runtime/clients';
import { createWorkerHandler } from '../../../../shared/runtime/src/lambda-worker';
import { BookingInput, BookingResult } from '../payloads';
import { createBookingStep } from '../steps/booking';

export const buildBooking = (rt: Runtime) => {
  const clients = createClients(rt.config);
  return createBookingStep({ bedrock: clients.bedrock(), model: clients.model('bedrock'), bookings: rt.bookings });
};

export const bookingWorker = { name: 'booking', input: BookingInput, result: BookingResult, build: buildBooking };

export const handler = createWorkerHandler(bookingWorker);
