/** Lambda entry for pattern F: the shared runtime's HTTP handler around createPatternF. */
import { createHandler, type Runtime } from '@tennis/runtime';
import { createAgentsRunner, withTraceExport } from '@tennis/runtime/agents';
import { createPatternF } from './pattern';

/** Pattern F over the runtime's booking service and the configured OpenAI client (live, or the offline model). */
export const build = (rt: Runtime) =>
  withTraceExport(
    rt.config,
    createPatternF({
      bookings: rt.bookings,
      runner: createAgentsRunner(rt.config),
      maxModelCalls: rt.config.maxModelCalls,
      grounding: rt.grounding,
      requireConfirmation: rt.config.requireConfirmation,
    }),
  );

export const handler = createHandler('f', build);
