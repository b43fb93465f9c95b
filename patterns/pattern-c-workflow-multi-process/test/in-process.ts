/** Pattern C as deployed (the orchestrator's own build), its three real step handlers in this process behind the mocked Lambda API (worker-routes). */
import type { Runtime } from '@tennis/runtime';
import { routeInvokes, workerOn } from '../../../shared/runtime/test/worker-routes';
import { worker as availabilityWorker } from '../src/handlers/availability';
import { worker as bookingWorker } from '../src/handlers/booking';
import { build } from '../src/handlers/orchestrator';
import { worker as parseWorker } from '../src/handlers/parse';

/** The step functions' names the orchestrator invokes by default (no C_*_FUNCTION set). */
export const FUNCTIONS = { parse: 'pattern-c-parse', availability: 'pattern-c-availability', booking: 'pattern-c-booking' };

/** A BuildPattern for createTestApp: the orchestrator plus the three step handlers on the same runtime. */
export function buildInProcess(rt: Runtime) {
  routeInvokes({
    [FUNCTIONS.parse]: workerOn(rt, parseWorker),
    [FUNCTIONS.availability]: workerOn(rt, availabilityWorker),
    [FUNCTIONS.booking]: workerOn(rt, bookingWorker),
  });
  return build(rt);
}
