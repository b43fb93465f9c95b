/** Lambda entry for pattern C's orchestrator: the HTTP API's function; it invokes the three step Lambdas. */
import { calleeNames, createHandler, type Runtime } from '@tennis/runtime';
import { lambdaClient } from '@tennis/runtime/clients/lambda';
import { createPatternC } from '../pattern';

/** The step Lambdas' deployed names: C_PARSE_FUNCTION etc. (set by infra and the local runner), else these. */
const STEPS = { parse: 'pattern-c-parse', availability: 'pattern-c-availability', booking: 'pattern-c-booking' };

export const build = (rt: Runtime) =>
  createPatternC({ lambda: lambdaClient(rt.config), functions: calleeNames(STEPS), requireConfirmation: rt.config.requireConfirmation });

export const handler = createHandler('c', build);
