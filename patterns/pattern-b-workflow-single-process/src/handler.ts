/** Lambda entry for pattern B (API Gateway HTTP API, payload v2). */
import { createHandler } from '@tennis/runtime';
import { buildPatternB } from './pattern';

export const handler = createHandler('b', (rt) => buildPatternB(rt));
