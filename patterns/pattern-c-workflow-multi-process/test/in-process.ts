/** Pattern C with its three real step handlers in this process, behind the mocked Lambda API (worker-routes). */
import type { Runtime } from '@tennis/runtime';
import { lambdaClient, routeInvokes, workerOn } from '../../../shared/runtime/test/worker-routes';
import { availabilityWorker } from '../src/handlers/availability';
import { bookingWorker } from '../src/handlers/booking';
import { parseWorker } from '../src/handlers/parse';
import { createPatternC } from '../src/pattern';

export const FUNCTIONS = { parse: 'test-parse', availability: 'test-availability', booking: 'test-booking' };

/** A BuildPattern for createTestApp: the orchestrator plus the three step handlers on the same runtime. */
export function buildInProcess(rt: Runtime) {
  routeInvokes({
    [FUNCTIONS.parse]: workerOn(rt, parseWorker),
    [FUNCTIONS.availability]: workerOn(rt, availabilityWorker),
    [FUNCTIONS.booking]: workerOn(rt, bookingWorker),
  });
  return createPatternC({ lambda: lambdaClient(), functions: FUNCTIONS, requireConfirmation: rt.config.requireConfirmation });
}
