/**
 * The Lambda catalogue: every deployable function of every pattern, in one place.
 * scripts/build.ts bundles from it, infra/ deploys from it, scripts/bench-bundles.ts measures it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measuredMemoryMb, readMemoryTable } from './lambda-memory';

import type { PatternLetter } from '../../shared/runtime/src/contract';
import { PATTERN_CATALOGUE, PATTERN_LETTERS } from '../../shared/runtime/src/patterns';

export type { PatternLetter };
/** Every pattern's letter, from the pattern catalogue (@tennis/runtime's PATTERN_CATALOGUE). */
export const PATTERNS: readonly PatternLetter[] = PATTERN_LETTERS;

/**
 * http: behind the public HTTP API (POST /chat, GET /health).
 * step: one workflow step, invoked only by its orchestrator (C).
 * specialist: one agent specialist, invoked only by its manager (G).
 * action-group: executes a Bedrock agent's functions, invoked only by that agent (H).
 */
export type LambdaRole = 'http' | 'step' | 'specialist' | 'action-group';
export type Vendor = 'openai' | 'anthropic' | 'bedrock';
/** Vendors whose API key is read from Secrets Manager at run time. */
export type SecretVendor = Exclude<Vendor, 'bedrock'>;
export type TableAccess = 'none' | 'read' | 'read-write';

export interface LambdaSpec {
  pattern: PatternLetter;
  /** Unique across the repo; the bundle lands in dist/lambdas/<name>. */
  name: string;
  /** Entry module exporting `handler`, relative to the repo root. */
  entry: string;
  role: LambdaRole;
  /** Lambda memory_size: the measured peak RSS with headroom (lambda-memory.ts, from lambda-memory.json). */
  memoryMb: number;
  timeoutSeconds: number;
  /** Model vendors this function calls: decides its secrets and Bedrock permissions. */
  vendors: readonly Vendor[];
  /** Whether it runs @openai/agents; the build fails if any other function bundles it. */
  usesOpenAiAgents: boolean;
  bookings: TableAccess;
  sessions: TableAccess;
  /** Names (within the pattern) of the functions this one may invoke. */
  invokes: readonly string[];
}

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

const HTTP = { role: 'http', timeoutSeconds: 60, sessions: 'read-write', invokes: [] } as const;
const AGENT_HTTP = { ...HTTP, timeoutSeconds: 90 } as const;
const WORKER = { timeoutSeconds: 30, sessions: 'none', invokes: [] } as const;

function dir(pattern: PatternLetter): string {
  return `patterns/${PATTERN_CATALOGUE[pattern].dir}/src`;
}

const CATALOGUE: ReadonlyArray<Omit<LambdaSpec, 'memoryMb'>> = [
  {
    ...HTTP,
    pattern: 'a',
    name: 'pattern-a',
    entry: `${dir('a')}/handler.ts`,
    vendors: ['openai'],
    usesOpenAiAgents: false,
    bookings: 'read-write',
  },
  {
    ...HTTP,
    pattern: 'b',
    name: 'pattern-b',
    entry: `${dir('b')}/handler.ts`,
    vendors: ['openai', 'anthropic'],
    usesOpenAiAgents: false,
    bookings: 'read-write',
  },
  {
    ...HTTP,
    pattern: 'c',
    name: 'pattern-c-orchestrator',
    entry: `${dir('c')}/handlers/orchestrator.ts`,
    vendors: [],
    usesOpenAiAgents: false,
    bookings: 'none',
    invokes: ['pattern-c-parse', 'pattern-c-availability', 'pattern-c-booking'],
  },
  {
    ...WORKER,
    pattern: 'c',
    role: 'step',
    name: 'pattern-c-parse',
    entry: `${dir('c')}/handlers/parse.ts`,
    vendors: ['openai'],
    usesOpenAiAgents: false,
    bookings: 'none',
  },
  {
    ...WORKER,
    pattern: 'c',
    role: 'step',
    name: 'pattern-c-availability',
    entry: `${dir('c')}/handlers/availability.ts`,
    vendors: ['anthropic'],
    usesOpenAiAgents: false,
    bookings: 'read',
  },
  {
    ...WORKER,
    pattern: 'c',
    role: 'step',
    name: 'pattern-c-booking',
    entry: `${dir('c')}/handlers/booking.ts`,
    vendors: ['bedrock'],
    usesOpenAiAgents: false,
    bookings: 'read-write',
  },
  {
    ...HTTP,
    pattern: 'd',
    name: 'pattern-d',
    entry: `${dir('d')}/handler.ts`,
    vendors: ['openai'],
    usesOpenAiAgents: false,
    bookings: 'read-write',
  },
  {
    ...AGENT_HTTP,
    pattern: 'e',
    name: 'pattern-e',
    entry: `${dir('e')}/handler.ts`,
    vendors: ['openai'],
    usesOpenAiAgents: true,
    bookings: 'read-write',
  },
  {
    ...AGENT_HTTP,
    pattern: 'f',
    name: 'pattern-f',
    entry: `${dir('f')}/handler.ts`,
    vendors: ['openai'],
    usesOpenAiAgents: true,
    bookings: 'read-write',
  },
  {
    ...AGENT_HTTP,
    pattern: 'g',
    name: 'pattern-g-manager',
    entry: `${dir('g')}/handlers/manager.ts`,
    vendors: ['openai'],
    usesOpenAiAgents: true,
    bookings: 'none',
    invokes: ['pattern-g-availability', 'pattern-g-booking'],
  },
  {
    ...WORKER,
    pattern: 'g',
    role: 'specialist',
    name: 'pattern-g-availability',
    entry: `${dir('g')}/handlers/availability.ts`,
    vendors: ['openai'],
    usesOpenAiAgents: true,
    bookings: 'read',
    timeoutSeconds: 60,
  },
  {
    ...WORKER,
    pattern: 'g',
    role: 'specialist',
    name: 'pattern-g-booking',
    entry: `${dir('g')}/handlers/booking.ts`,
    vendors: ['anthropic'],
    usesOpenAiAgents: false,
    bookings: 'read-write',
    timeoutSeconds: 60,
  },
  {
    ...HTTP,
    pattern: 'h',
    name: 'pattern-h-invoker',
    entry: `${dir('h')}/handlers/invoker.ts`,
    vendors: [],
    usesOpenAiAgents: false,
    bookings: 'none',
  },
  {
    ...WORKER,
    pattern: 'h',
    role: 'action-group',
    name: 'pattern-h-action-group',
    entry: `${dir('h')}/handlers/action-group.ts`,
    vendors: [],
    usesOpenAiAgents: false,
    bookings: 'read-write',
  },
];

/** Each function with the memory its measured peak RSS calls for (`pnpm bench:memory --write` re-measures). */
const MEMORY = readMemoryTable();
export const LAMBDAS: readonly LambdaSpec[] = CATALOGUE.map((spec) => ({ ...spec, memoryMb: measuredMemoryMb(spec.name, MEMORY) }));

export function isPatternLetter(value: string): value is PatternLetter {
  return (PATTERNS as readonly string[]).includes(value);
}

/** Parses a `--pattern d` value; throws a clear error for anything else. */
export function parsePatternLetter(value: string): PatternLetter {
  const letter = value.trim().toLowerCase();
  if (!isPatternLetter(letter)) throw new Error(`Unknown pattern "${value}": expected one of ${PATTERNS.join(', ')}`);
  return letter;
}

export function lambdasOf(pattern: PatternLetter): LambdaSpec[] {
  return LAMBDAS.filter((l) => l.pattern === pattern);
}

export function secretVendorsOf(spec: LambdaSpec): SecretVendor[] {
  return spec.vendors.filter((v): v is SecretVendor => v !== 'bedrock');
}

export function entryPath(spec: LambdaSpec, root = REPO_ROOT): string {
  return join(root, spec.entry);
}

export function entryExists(spec: LambdaSpec, root = REPO_ROOT): boolean {
  return existsSync(entryPath(spec, root));
}

/** Where scripts/build.ts writes a function's bundle directory and zip. */
export function bundlePaths(spec: LambdaSpec, root = REPO_ROOT): { dir: string; file: string; zip: string } {
  const dir = join(root, 'dist', 'lambdas', spec.name);
  return { dir, file: join(dir, 'index.mjs'), zip: `${dir}.zip` };
}

/** The variable through which a function finds one it invokes (the runtime reads it with calleeNames). */
export { invokeEnvName } from '../../shared/runtime/src/callees';

/** Reads `--pattern x` from argv; undefined when absent. */
export function patternFromArgv(argv: readonly string[]): PatternLetter | undefined {
  const i = argv.findIndex((a) => a === '--pattern' || a === '-p');
  const inline = argv.find((a) => a.startsWith('--pattern='));
  const value = inline ? inline.slice('--pattern='.length) : i >= 0 ? argv[i + 1] : undefined;
  if (i >= 0 && value === undefined) throw new Error(`--pattern needs a value: one of ${PATTERNS.join(', ')}`);
  return value === undefined ? undefined : parsePatternLetter(value);
}
