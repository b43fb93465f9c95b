/**
 * tsx scripts/bench-bundles.ts [--pattern d] [--runs 7]
 * For each built bundle in dist/lambdas: its bytes and its cold import time, the median of N fresh
 * Node 22 processes each importing it once with the AWS SDK loaded from the built layer
 * (dist/layers/aws-sdk, the only module path, as in Lambda), and which AWS SDK clients that import
 * loads. Prints pass/fail against the targets; it never gates CI.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { intOption } from './lib/args';
import { formatBytes } from './lib/bundle';
import { table } from './lib/table';
import { coldImport, nodeBinary } from './lib/cold-start';
import { bundlePaths, LAMBDAS, patternFromArgv, type LambdaSpec } from './lib/lambdas';
import { layerPaths, stageBundles } from './lib/layer';

const TARGETS = {
  plain: { bytes: 1024 * 1024, ms: 80 },
  agents: { bytes: 2.5 * 1024 * 1024, ms: 200 },
} as const;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function benchRow(node: string, layer: string, root: string, spec: LambdaSpec, runs: number): string[] {
  const { dir, file } = bundlePaths(spec, root);
  // Everything the Lambda ships: the entry and its lazily loaded chunks (the import time is the entry's).
  const bytes = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.mjs'))
    .reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
  const imports = Array.from({ length: runs }, () => coldImport(file, layer, node));
  const ms = median(imports.map((i) => i.ms));
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
    imports[0]!.awsClients.map((c) => c.replace('@aws-sdk/', '')).join(', ') || '-',
  ];
}

function main(): void {
  const argv = process.argv.slice(2);
  const pattern = patternFromArgv(argv);
  const runs = intOption(argv, '--runs', 7, 1);
  const node = nodeBinary();
  const selected = LAMBDAS.filter((s) => !pattern || s.pattern === pattern);
  const built = selected.filter((s) => existsSync(bundlePaths(s).file));
  const missing = selected.filter((s) => !built.includes(s));
  if (built.length === 0) throw new Error('No bundles in dist/lambdas: run `pnpm build` first.');
  const layer = layerPaths().modules;
  if (!existsSync(layer)) throw new Error(`No AWS SDK layer in ${layer}: run \`pnpm build\` first.`);

  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const cpu = cpus();
  console.log(`machine: ${cpu.length} x ${cpu[0]?.model ?? 'unknown cpu'}, node ${version}, median of ${runs} fresh processes, AWS SDK from ${layer}\n`);
  const staged = mkdtempSync(join(tmpdir(), 'bench-bundles-'));
  let rows: string[][];
  try {
    const root = stageBundles(built, staged);
    rows = built.map((spec) => benchRow(node, layer, root, spec, runs));
  } finally {
    rmSync(staged, { recursive: true, force: true });
  }
  console.log(table(['lambda', 'kind', 'bytes', 'size', 'import ms', 'target', 'result', 'AWS SDK clients loaded'], rows));
  if (missing.length > 0) console.log(`\nnot built (skipped): ${missing.map((s) => s.name).join(', ')}`);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
