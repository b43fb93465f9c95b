/** Lambda entry for pattern C's parse step (OpenAI structured output). */
import type { Runtime } from '@tennis/runtime';
import { openaiClient } from '@tennis/runtime/clients/openai';
import { STEPS } from '@tennis/pattern-b/contract';
import { createWorkerHandler } from '@tennis/runtime/worker';
import { createParseStep } from '../steps/parse';

export const build = (rt: Runtime) => {
  return createParseStep({ openai: openaiClient(rt.config), model: rt.config.openaiModel, bookings: rt.bookings });
};

export const worker = { name: 'parse', input: STEPS.parse.input, result: STEPS.parse.result, build };

export const handler = createWorkerHandler(worker);
