/** Lambda entry for pattern A (API Gateway HTTP API, payload v2). */
import { createHandler } from '@tennis/runtime';
import { buildPatternA } from './pattern';

export const handler = createHandler('a', (rt) => buildPatternA(rt));
