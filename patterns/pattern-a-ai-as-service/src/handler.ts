/** Lambda entry for pattern A (API Gateway HTTP API, payload v2): createPatternA over a runtime. */
import { createHandler, type Runtime } from '@tennis/runtime';
import { openaiClient, type ClientOverrides } from '@tennis/runtime/clients/openai';
import { createPatternA } from './pattern';

/** Pattern A over a runtime: clients from its config (`overrides`: a test transport). */
export const build = (rt: Runtime, overrides?: ClientOverrides) =>
  createPatternA({
    openai: openaiClient(rt.config, overrides),
    model: rt.config.openaiModel,
    bookings: rt.bookings,
    requireConfirmation: rt.config.requireConfirmation,
  });

export const handler = createHandler('a', build);
