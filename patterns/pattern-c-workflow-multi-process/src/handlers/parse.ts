/** Lambda entry for pattern C's parse step (OpenAI structured output). */
import type { Runtime } from '@tennis/runtime';
import { createClients } from '@tennis/runtime/clients';
import { createWorkerHandler } from '../../../../shared/runtime/src/lambda-worker';
import { ParseInput, ParseResult } from '../payloads';
import { createParseStep } from '../steps/parse';

export const buildParse = (rt: Runtime) => {
  const clients = createClients(rt.config);
  return createParseStep({ openai: clients.openai(), model: clients.model('openai'), bookings: rt.bookings });
};

export const parseWorker = { name: 'parse', input: ParseInput, result: ParseResult, build: buildParse };

export const handler = createWorkerHandler(parseWorker);
