/** Lambda entry for pattern C's orchestrator: the HTTP API's function; it invokes the three step Lambdas. */
import { createHandler, type Runtime } from '@tennis/runtime';
import { lambdaClient } from '@tennis/runtime/clients/lambda';
import { createPatternC, type StepFunctions } from '../pattern';

/** Step function names from the environment (set by infra/ when deployed and by the local runner). */
export function stepFunctionsFrom(env: NodeJS.ProcessEnv): StepFunctions {
  const read = (variable: string, fallback: string) => env[variable]?.trim() || fallback;
  return {
    parse: read('C_PARSE_FUNCTION', 'pattern-c-parse'),
    availability: read('C_AVAILABILITY_FUNCTION', 'pattern-c-availability'),
    booking: read('C_BOOKING_FUNCTION', 'pattern-c-booking'),
  };
}

export const build = (rt: Runtime) => createPatternC({ lambda: lambdaClient(rt.config), functions: stepFunctionsFrom(process.env) });

export const handler = createHandler('c', build);
