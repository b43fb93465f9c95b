export { understand } from './understand';
export { normalizeText } from './normalize';
export type { Intent, PartOfDay, Understanding } from './types';
