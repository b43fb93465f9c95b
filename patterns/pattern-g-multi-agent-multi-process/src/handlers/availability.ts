/** Lambda entry for pattern G's availability specialist (@openai/agents agent with check_availability). */
import type { Runtime } from '@tennis/runtime';
import { createAgentsRunner, exportingTraces } from '@tennis/runtime/agents';
import { createWorkerHandler } from '@tennis/runtime/worker';
import { SpecialistInput, SpecialistResult } from '../payloads';
import { createAvailabilitySpecialist } from '../specialists/availability';

export const build = (rt: Runtime) =>
  exportingTraces(
    rt.config,
    createAvailabilitySpecialist({ bookings: rt.bookings, runner: createAgentsRunner(rt.config), maxModelCalls: rt.config.maxModelCalls }),
  );

export const worker = { name: 'availability-specialist', input: SpecialistInput, result: SpecialistResult, build };

export const handler = createWorkerHandler(worker);
