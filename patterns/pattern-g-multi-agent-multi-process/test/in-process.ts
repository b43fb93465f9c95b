/** Pattern G as deployed (the manager's own build), its two real specialist handlers in this process behind the mocked Lambda API (worker-routes). */
import type { Runtime } from '@tennis/runtime';
import { routeInvokes, workerOn, type RouteHandler } from '../../../shared/runtime/test/worker-routes';
import { worker as availabilityWorker } from '../src/handlers/availability';
import { worker as bookingWorker } from '../src/handlers/booking';
import { build } from '../src/handlers/manager';

/** The specialist functions' names the manager invokes by default (no G_*_FUNCTION set). */
export const FUNCTIONS = { availability: 'pattern-g-availability', booking: 'pattern-g-booking' };

/** A BuildPattern for createTestApp; `override` swaps a specialist's handler (e.g. one that crashes). */
export function buildInProcess(rt: Runtime, override: Record<string, RouteHandler> = {}) {
  routeInvokes({
    [FUNCTIONS.availability]: workerOn(rt, availabilityWorker),
    [FUNCTIONS.booking]: workerOn(rt, bookingWorker),
    ...override,
  });
  return build(rt);
}
