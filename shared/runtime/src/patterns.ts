/**
 * The pattern catalogue: each pattern's letter, name and package directory, written here once. The
 * handlers are keyed by letter (createHandler('d', build)); the scripts (dev server, demo, compare and
 * its reports, bench, build), the playground and infra read names and directories from here.
 */
import type { PatternLetter } from './contract';

export interface PatternEntry {
  /** Short human name, e.g. "Function calling". */
  name: string;
  /** Package directory under patterns/. */
  dir: string;
}

export const PATTERN_CATALOGUE: Readonly<Record<PatternLetter, PatternEntry>> = {
  a: { name: 'AI as service', dir: 'pattern-a-ai-as-service' },
  b: { name: 'Workflow, single process', dir: 'pattern-b-workflow-single-process' },
  c: { name: 'Workflow, multi process', dir: 'pattern-c-workflow-multi-process' },
  d: { name: 'Function calling', dir: 'pattern-d-function-calling' },
  e: { name: 'Single agent', dir: 'pattern-e-single-agent' },
  f: { name: 'Multi agent, single process', dir: 'pattern-f-multi-agent-single-process' },
  g: { name: 'Multi agent, multi process', dir: 'pattern-g-multi-agent-multi-process' },
  h: { name: 'Bedrock agent', dir: 'pattern-h-bedrock-agent' },
};

/** Every pattern's letter, in order. */
export const PATTERN_LETTERS = Object.keys(PATTERN_CATALOGUE) as PatternLetter[];
