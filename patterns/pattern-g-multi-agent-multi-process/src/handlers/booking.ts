/** Lambda entry for pattern G's booking specialist (Anthropic tool use with check_availability and book). */
import type { Runtime } from '@tennis/runtime';
import { createClients } from '@tennis/runtime/clients';
import { createWorkerHandler } from '../../../../shared/runtime/src/lambda-worker';
import { SpecialistInput, SpecialistResult } from '../payloads';
import { createBookingSpecialist } from '../specialists/booking';

export const buildBooking = (rt: Runtime) => {
  const clients = createClients(rt.config);
  return createBookingSpecialist({
    anthropic: clients.anthropic(),
    model: clients.model('anthropic'),
    bookings: rt.bookings,
    maxIterations: rt.config.maxToolIterations,
  });
};

export const bookingWorker = { name: 'booking-specialist', input: SpecialistInput, result: SpecialistResult, build: buildBooking };

export const handler = createWorkerHandler(bookingWorker);
