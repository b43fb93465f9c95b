/** Lambda entry for pattern B (API Gateway HTTP API, payload v2): createPatternB over a runtime. */
import { createHandler, type Runtime } from '@tennis/runtime';
import { anthropicClient } from '@tennis/runtime/clients/anthropic';
import { openaiClient, type ClientOverrides } from '@tennis/runtime/clients/openai';
import { createPatternB } from './pattern';

/** Pattern B over a runtime: clients from its config (`overrides`: a test transport). */
export const build = (rt: Runtime, overrides?: ClientOverrides) =>
  createPatternB({
    openai: openaiClient(rt.config, overrides),
    openaiModel: rt.config.openaiModel,
    anthropic: anthropicClient(rt.config, overrides),
    anthropicModel: rt.config.anthropicModel,
    bookings: rt.bookings,
    grounding: rt.grounding,
    requireConfirmation: rt.config.requireConfirmation,
  });

export const handler = createHandler('b', build);
