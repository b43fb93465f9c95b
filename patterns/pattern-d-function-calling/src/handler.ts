/** Lambda entry for pattern D (API Gateway HTTP API, payload v2): createPatternD over a runtime. */
import { createHandler, type Runtime } from '@tennis/runtime';
import { openaiClient, type ClientOverrides } from '@tennis/runtime/clients/openai';
import { createPatternD } from './pattern';

/** Pattern D over a runtime: clients from its config (`overrides`: a test transport). */
export const build = (rt: Runtime, overrides?: ClientOverrides) =>
  createPatternD({
    openai: openaiClient(rt.config, overrides),
    model: rt.config.openaiModel,
    bookings: rt.bookings,
    maxModelCalls: rt.config.maxModelCalls,
    grounding: rt.grounding,
    requireConfirmation: rt.config.requireConfirmation,
  });

export const handler = createHandler('d', build);
