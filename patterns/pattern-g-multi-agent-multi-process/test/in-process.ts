/** Pattern G with its two real specialist handlers in this process, behind the mocked Lambda API (worker-routes). */
import type { Runtime } from '@tennis/runtime';
import { createAgentsRunner } from '@tennis/runtime/agents';
import { lambdaClient, routeInvokes, workerOn, type RouteHandler } from '../../../shared/runtime/test/worker-routes';
import { availabilityWorker } from '../src/handlers/availability';
import { bookingWorker } from '../src/handlers/booking';
import { createPatternG } from '../src/pattern';

export const FUNCTIONS = { availability: 'test-g-availability', booking: 'test-g-booking' };

/** A BuildPattern for createTestApp; `override` swaps a specialist's handler (e.g. one that crashes). */
export function buildInProcess(rt: Runtime, override: Record<string, RouteHandler> = {}) {
  routeInvokes({
    [FUNCTIONS.availability]: workerOn(rt, availabilityWorker),
    [FUNCTIONS.booking]: workerOn(rt, bookingWorker),
    ...override,
  });
  return createPatternG({
    bookings: rt.bookings,
    runner: createAgentsRunner(rt.config),
    lambda: lambdaClient(),
    functions: FUNCTIONS,
    maxTurns: rt.config.agentMaxTurns,
    grounding: rt.grounding,
    requireConfirmation: rt.config.requireConfirmation,
  });
}
