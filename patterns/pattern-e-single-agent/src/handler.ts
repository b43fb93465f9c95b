/** Lambda entry for pattern E: the shared runtime's HTTP handler around createPatternE. */
import { createHandler, type Runtime } from '@tennis/runtime';
import { createAgentsRunner } from '@tennis/runtime/agents';
import { createClients } from '@tennis/runtime/clients';
import { createPatternE } from './pattern';

/** Pattern E over the runtime's booking service and the configured OpenAI client (live, or the offline model). */
export const build = (rt: Runtime) =>
  createPatternE({ bookings: rt.bookings, runner: createAgentsRunner(createClients(rt.config), rt.config), maxTurns: rt.config.agentMaxTurns });

export const handler = createHandler('e', build);
