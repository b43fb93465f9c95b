/** Lambda entry for pattern F: the shared runtime's HTTP handler around createPatternF. */
import { createHandler, type Runtime } from '@tennis/runtime';
import { createAgentsRunner } from '@tennis/runtime/agents';
import { createClients } from '@tennis/runtime/clients';
import { createPatternF } from './pattern';

/** Pattern F over the runtime's booking service and the configured OpenAI client (live, or the offline model). */
export const build = (rt: Runtime) =>
  createPatternF({ bookings: rt.bookings, runner: createAgentsRunner(createClients(rt.config), rt.config), maxTurns: rt.config.agentMaxTurns });

export const handler = createHandler('f', build);
