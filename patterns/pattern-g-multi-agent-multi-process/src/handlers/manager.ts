/** Lambda entry for pattern G's manager: the HTTP API's function; it invokes the specialist Lambdas. */
import { createHandler, type Runtime } from '@tennis/runtime';
import { createAgentsRunner, withTraceExport } from '@tennis/runtime/agents';
import { lambdaClient } from '@tennis/runtime/clients/lambda';
import { createPatternG, type SpecialistFunctions } from '../pattern';

/** Specialist function names from the environment (set by infra/ when deployed and by the local runner). */
export function specialistFunctionsFrom(env: NodeJS.ProcessEnv): SpecialistFunctions {
  const read = (variable: string, fallback: string) => env[variable]?.trim() || fallback;
  return {
    availability: read('G_AVAILABILITY_FUNCTION', 'pattern-g-availability'),
    booking: read('G_BOOKING_FUNCTION', 'pattern-g-booking'),
  };
}

export const build = (rt: Runtime) =>
  withTraceExport(
    rt.config,
    createPatternG({
      bookings: rt.bookings,
      runner: createAgentsRunner(rt.config),
      lambda: lambdaClient(rt.config),
      functions: specialistFunctionsFrom(process.env),
      maxTurns: rt.config.agentMaxTurns,
    }),
  );

export const handler = createHandler('g', build);
