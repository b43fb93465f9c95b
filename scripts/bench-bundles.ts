/**
 * tsx scripts/bench-bundles.ts [--pattern d] [--runs 7]
 * For each built bundle in dist/lambdas: its bytes and its cold import time, the median of N fresh
 * Node 22 processes each importing it once. Prints pass/fail against the targets; it never gates CI.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatBytes, table } from './lib/bundle';
import { bundlePaths, LAMBDAS, patternFromArgv, REPO_ROOT, type LambdaSpec } from './lib/lambdas';

const TARGETS = {
  plain: { bytes: 1024 * 1024, ms: 80 },
  agents: { bytes: 2.5 * 1024 * 1024, ms: 200 },
} as const;

// Prints the ms one dynamic import took; module evaluation included, process start-up excluded.
const IMPORT_PROBE = 'const t = performance.now(); await import(process.argv[1]); console.log(performance.now() - t);';

// What a deployed function finds in its environment, so modules that read config at import time load.
const LAMBDA_ENV = {
  AWS_REGION: 'us-east-1',
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
  LLM_MODE: 'offline',
  BOOKINGS_TABLE: 'bench-bookings',
  SESSIONS_TABLE: 'bench-sessions',
  LOG_LEVEL: 'SILENT',
};

function nodeBinary(): string {
  if (process.versions.node.startsWith('22.')) return process.execPath;
  const tools = join(REPO_ROOT, '.tools', 'node_modules', '.bin', 'node');
  if (existsSync(tools)) return tools;
  throw new Error(`Node 22 is required (running ${process.version}); run via scripts/run so .tools provides it.`);
}

function importMs(node: string, file: string): number {
  const result = spawnSync(node, ['--input-type=module', '-e', IMPORT_PROBE, pathToFileURL(file).href], {
    env: { PATH: process.env.PATH, ...LAMBDA_ENV },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`importing ${file} failed:\n${result.stderr.trim()}`);
  return Number(result.stdout.trim());
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function runsFromArgv(argv: readonly string[]): number {
  const i = argv.indexOf('--runs');
  if (i < 0) return 7;
  const runs = Number(argv[i + 1]);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs needs a positive integer');
  return runs;
}

function benchRow(node: string, spec: LambdaSpec, runs: number): string[] {
  const { dir, file } = bundlePaths(spec);
  // Everything the Lambda ships: the entry and its lazily loaded chunks (the import time is the entry's).
  const bytes = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.mjs'))
    .reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
  const ms = median(Array.from({ length: runs }, () => importMs(node, file)));
  const target = spec.usesOpenAiAgents ? TARGETS.agents : TARGETS.plain;
  const pass = bytes <= target.bytes && ms <= target.ms;
  return [
    spec.name,
    spec.usesOpenAiAgents ? 'agents' : 'plain',
    String(bytes),
    formatBytes(bytes),
    ms.toFixed(1),
    `<= ${formatBytes(target.bytes)}, ${target.ms} ms`,
    pass ? 'pass' : 'FAIL',
  ];
}

function main(): void {
  const argv = process.argv.slice(2);
  const pattern = patternFromArgv(argv);
  const runs = runsFromArgv(argv);
  const node = nodeBinary();
  const selected = LAMBDAS.filter((s) => !pattern || s.pattern === pattern);
  const built = selected.filter((s) => existsSync(bundlePaths(s).file));
  const missing = selected.filter((s) => !built.includes(s));
  if (built.length === 0) throw new Error('No bundles in dist/lambdas: run `pnpm build` first.');

  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const cpu = cpus();
  console.log(`machine: ${cpu.length} x ${cpu[0]?.model ?? 'unknown cpu'}, node ${version}, median of ${runs} fresh processes\n`);
  const rows = built.map((spec) => benchRow(node, spec, runs));
  console.log(table(['lambda', 'kind', 'bytes', 'size', 'import ms', 'target', 'result'], rows));
  if (missing.length > 0) console.log(`\nnot built (skipped): ${missing.map((s) => s.name).join(', ')}`);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
