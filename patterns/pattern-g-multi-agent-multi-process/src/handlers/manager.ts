/** Lambda entry for pattern G's manager: the HTTP API's function; it invokes the specialist Lambdas. */
import { calleeNames, createHandler, type Runtime } from '@tennis/runtime';
import { createAgentsRunner, withTraceExport } from '@tennis/runtime/agents';
import { lambdaClient } from '@tennis/runtime/clients/lambda';
import { createPatternG } from '../pattern';

/** The specialist Lambdas' deployed names: G_AVAILABILITY_FUNCTION etc. (set by infra and the local runner), else these. */
const SPECIALISTS = { availability: 'pattern-g-availability', booking: 'pattern-g-booking' };

export const build = (rt: Runtime) =>
  withTraceExport(
    rt.config,
    createPatternG({
      bookings: rt.bookings,
      runner: createAgentsRunner(rt.config),
      lambda: lambdaClient(rt.config),
      functions: calleeNames(SPECIALISTS),
      maxModelCalls: rt.config.maxModelCalls,
      grounding: rt.grounding,
      requireConfirmation: rt.config.requireConfirmation,
    }),
  );

export const handler = createHandler('g', build);
