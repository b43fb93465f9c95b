export { decide, type BrainFault, type DecideOptions } from './decide';
export { estimateTokens } from './tokens';
export { understand, type Understanding } from '../language';
