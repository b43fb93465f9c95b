/** Lambda entry for pattern D (API Gateway HTTP API, payload v2). */
import { createHandler } from '@tennis/runtime';
import { buildPatternD } from './pattern';

export const handler = createHandler('d', (rt) => buildPatternD(rt));
