/**
 * tsx scripts/bench-bundles.ts [--pattern d] [--runs 7]
 * For each built bundle in dist/lambdas: its bytes and its cold import time, the median of N fresh
 * Node 22 processes each importing it once with the AWS SDK loaded from the built layer
 * (dist/layers/aws-sdk, the only module path, as in Lambda), and which AWS SDK clients that import
 * loads. Prints pass/fail against the targets; it never gates CI. "export on" is the same cold import with
 * OTEL_EXPORTER_OTLP_ENDPOINT set: the exporter is a lazy chunk (see the cold-start test), so it should match;
 * "OTel load ms" is what the first traced call of a container pays once: importing that chunk.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
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

/** Text only the chunk holding the OpenTelemetry exporter contains (telemetry-export.ts's protocol error). */
const EXPORTER_MARKER = 'is not supported here; use http/protobuf or http/json';

/** The bundle's chunk that loads the OpenTelemetry SDK and exporter on the first traced call. */
function exporterChunk(dir: string): string | undefined {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.mjs'));
  const found = files.find((f) => readFileSync(join(dir, f), 'utf8').includes(EXPORTER_MARKER));
  return found && join(dir, found);
}

function benchRow(node: string, layer: string, root: string, spec: LambdaSpec, runs: number): string[] {
  const { dir, file } = bundlePaths(spec, root);
  const chunk = exporterChunk(dir);
  const otelMs = chunk ? median(Array.from({ length: runs }, () => coldImport(chunk, layer, node).ms)).toFixed(1) : '-';
  // Everything the Lambda ships: the entry and its lazily loaded chunks (the import time is the entry's).
  const bytes = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.mjs'))
    .reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
  const imports = Array.from({ length: runs }, () => coldImport(file, layer, node));
  const ms = median(imports.map((i) => i.ms));
  // The same import with an OTLP endpoint set (nothing listens: the import sends nothing).
  const exportOn = median(
    Array.from({ length: runs }, () => coldImport(file, layer, node, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }).ms),
  );
  const target = spec.usesOpenAiAgents ? TARGETS.agents : TARGETS.plain;
  const pass = bytes <= target.bytes && ms <= target.ms;
  return [
    spec.name,
    spec.usesOpenAiAgents ? 'agents' : 'plain',
    String(bytes),
    formatBytes(bytes),
    ms.toFixed(1),
    exportOn.toFixed(1),
    otelMs,
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
  console.log(
    `machine: ${cpu.length} x ${cpu[0]?.model ?? 'unknown cpu'}, node ${version}, median of ${runs} fresh processes, AWS SDK from ${layer}\n`,
  );
  const staged = mkdtempSync(join(tmpdir(), 'bench-bundles-'));
  let rows: string[][];
  try {
    const root = stageBundles(built, staged);
    rows = built.map((spec) => benchRow(node, layer, root, spec, runs));
  } finally {
    rmSync(staged, { recursive: true, force: true });
  }
  console.log(
    table(
      ['lambda', 'kind', 'bytes', 'size', 'import ms', 'export on', 'OTel load ms', 'target', 'result', 'AWS SDK clients loaded'],
      rows,
    ),
  );
  if (missing.length > 0) console.log(`\nnot built (skipped): ${missing.map((s) => s.name).join(', ')}`);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
