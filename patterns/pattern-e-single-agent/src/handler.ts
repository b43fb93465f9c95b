/** Lambda entry for pattern E: the shared runtime's HTTP handler around createPatternE. */
import { createHandler, type Runtime } from '@tennis/runtime';
import { createAgentsRunner, withTraceExport } from '@tennis/runtime/agents';
import { createPatternE } from './pattern';

/** Pattern E over the runtime's booking service and the configured OpenAI client (live, or the offline model). */
export const build = (rt: Runtime) =>
  withTraceExport(
    rt.config,
    createPatternE({
      bookings: rt.bookings,
      runner: createAgentsRunner(rt.config),
      maxModelCalls: rt.config.maxModelCalls,
      grounding: rt.grounding,
      requireConfirmation: rt.config.requireConfirmation,
    }),
  );

export const handler = createHandler('e', build);
