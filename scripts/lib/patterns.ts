/**
 * The pattern registry for local runs: letter -> name and package directory (the pattern catalogue,
 * shared/runtime/src/patterns.ts) and Lambda functions (the Lambda catalogue, lambdas.ts). A pattern is
 * "built" when every entry module exists.
 */
import { PATTERN_CATALOGUE } from '../../shared/runtime/src/patterns';
import { entryExists, lambdasOf, PATTERNS, REPO_ROOT, type LambdaSpec, type PatternLetter } from './lambdas';

/** Each pattern's name, from the pattern catalogue. */
export const PATTERN_NAMES: Record<PatternLetter, string> = Object.fromEntries(
  PATTERNS.map((l) => [l, PATTERN_CATALOGUE[l].name]),
) as Record<PatternLetter, string>;

export interface PatternInfo {
  letter: PatternLetter;
  name: string;
  /** Package directory, relative to the repo root. */
  dir: string;
  /** The function behind the HTTP API (the orchestrator for C, the manager for G, the invoker for H). */
  http: LambdaSpec;
  /** Every function of the pattern, the HTTP one included. */
  functions: LambdaSpec[];
}

export class PatternNotBuiltError extends Error {
  constructor(letter: PatternLetter, missing: string[], built: PatternLetter[]) {
    const available = built.length ? `Built patterns: ${built.join(', ')}.` : 'No pattern is built yet.';
    super(`Pattern ${letter.toUpperCase()} is not built yet (missing ${missing.join(', ')}). ${available}`);
    this.name = 'PatternNotBuiltError';
  }
}

export function patternInfo(letter: PatternLetter): PatternInfo {
  const functions = lambdasOf(letter);
  const http = functions.find((f) => f.role === 'http');
  if (!http) throw new Error(`The Lambda catalogue has no HTTP function for pattern ${letter}`);
  return { letter, name: PATTERN_NAMES[letter], dir: `patterns/${PATTERN_CATALOGUE[letter].dir}`, http, functions };
}

export function isMultiLambda(info: PatternInfo): boolean {
  return info.functions.length > 1;
}

function missingEntries(info: PatternInfo, root: string): string[] {
  return info.functions.filter((f) => !entryExists(f, root)).map((f) => f.entry);
}

export function builtPatterns(root = REPO_ROOT): PatternLetter[] {
  return PATTERNS.filter((letter) => missingEntries(patternInfo(letter), root).length === 0);
}

/** The pattern's info when all its entry modules exist; otherwise a PatternNotBuiltError listing what is built. */
export function requireBuilt(letter: PatternLetter, root = REPO_ROOT): PatternInfo {
  const info = patternInfo(letter);
  const missing = missingEntries(info, root);
  if (missing.length) throw new PatternNotBuiltError(letter, missing, builtPatterns(root));
  return info;
}
