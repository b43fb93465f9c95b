/** Lambda entry for pattern F: the shared runtime's HTTP handler around createPatternF. */
import { createHandler, type Runtime } from '@tennis/runtime';
import { agentsTracingEnabled, createAgentsRunner, flushAgentsTraces } from '@tennis/runtime/agents';
import { createPatternF } from './pattern';

/** Pattern F over the runtime's booking service and the configured OpenAI client (live, or the offline model). */
export const build = (rt: Runtime) => ({
  ...createPatternF({ bookings: rt.bookings, runner: createAgentsRunner(rt.config), maxTurns: rt.config.agentMaxTurns }),
  // With OPENAI_AGENTS_TRACING on, export the turn's traces before the Lambda freezes.
  ...(agentsTracingEnabled(rt.config) ? { afterTurn: flushAgentsTraces } : {}),
});

export const handler = createHandler('f', build);
