/** Lambda entry for pattern G's booking specialist (Anthropic tool use with check_availability and book). */
import type { Runtime } from '@tennis/runtime';
import { anthropicClient } from '@tennis/runtime/clients/anthropic';
import { createWorkerHandler } from '@tennis/runtime/worker';
import { BookingSpecialistInput, SpecialistResult } from '../payloads';
import { createBookingSpecialist } from '../specialists/booking';

export const build = (rt: Runtime) => {
  return createBookingSpecialist({
    anthropic: anthropicClient(rt.config),
    model: rt.config.anthropicModel,
    bookings: rt.bookings,
    maxModelCalls: rt.config.maxModelCalls,
  });
};

export const worker = { name: 'booking-specialist', input: BookingSpecialistInput, result: SpecialistResult, build };

export const handler = createWorkerHandler(worker);
