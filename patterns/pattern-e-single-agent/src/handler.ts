/** Lambda entry for pattern E: the shared runtime's HTTP handler around createPatternE. */
import { createHandler, type Runtime } from '@tennis/runtime';
import { agentsTracingEnabled, createAgentsRunner, flushAgentsTraces } from '@tennis/runtime/agents';
import { createPatternE } from './pattern';

/** Pattern E over the runtime's booking service and the configured OpenAI client (live, or the offline model). */
export const build = (rt: Runtime) => ({
  ...createPatternE({ bookings: rt.bookings, runner: createAgentsRunner(rt.config), maxTurns: rt.config.agentMaxTurns }),
  // With OPENAI_AGENTS_TRACING on, export the turn's traces before the Lambda freezes.
  ...(agentsTracingEnabled(rt.config) ? { afterTurn: flushAgentsTraces } : {}),
});

export const handler = createHandler('e', build);
