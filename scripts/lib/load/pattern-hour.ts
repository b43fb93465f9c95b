import type { PatternLetter } from '../lambdas';

/** A distinct hour per pattern ("10:00" for a ... "17:00" for h), so patterns sharing one store never compete for a slot. */
export function patternHour(letter: PatternLetter): string {
  return `${String(10 + letter.charCodeAt(0) - 'a'.charCodeAt(0)).padStart(2, '0')}:00`;
}
