/**
 * pnpm bench: one command for the performance figures, with the machine noted.
 *  1. bundle bytes, cold import ms and the one-time OpenTelemetry exporter load (scripts/bench-bundles.ts; needs `pnpm build`)
 *  2. per pattern, offline model at zero latency, through the dev server in its own process:
 *     LLM calls, tokens, tool calls and Lambda invokes of the canonical booking; orchestration
 *     overhead per turn (wall time minus time inside LLM calls, median); throughput at 20 clients
 *  3. cross-process overhead detail for C and G, OpenTelemetry export off and on (scripts/bench-overhead.ts)
 * BENCH_TURNS (default 15) sets the overhead sample; LOAD_SCALE (default 0.5) the throughput run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { table } from './lib/table';
import { bundlePaths, LAMBDAS, REPO_ROOT } from './lib/lambdas';
import { throughput, THROUGHPUT_MESSAGE } from './lib/load/runs';
import { machineLine } from './lib/load/machine';
import { loadScale, scaled } from './lib/load/scale';
import { startTarget } from './lib/load/target';
import { canonicalBookingCost, CANONICAL_BOOKING, overheadPerTurn } from './lib/load/turn-cost';
import { builtPatterns } from './lib/patterns';
import type { PatternLetter } from './lib/lambdas';

const THROUGHPUT_CLIENTS = 20;
const THROUGHPUT_MAX_MS = 30_000;

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return Number(raw);
}

/** Runs one of the existing bench scripts with this process's tsx, its output going straight to ours. */
function runScript(script: string, args: string[]): void {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) console.log(`(${script} exited with ${result.status ?? result.signal})`);
}

function bundles(): void {
  console.log('\n== Bundles: bytes and cold import ==');
  if (!LAMBDAS.some((spec) => existsSync(bundlePaths(spec).file))) console.log('No bundles in dist/lambdas: run `pnpm build` first.');
  else runScript('scripts/bench-bundles.ts', ['--runs', '5']);
}

/** One pattern on its own fresh server and store, so its canonical booking always finds 15:00 free. */
async function patternRow(letter: PatternLetter, turns: number, scale: number): Promise<string[]> {
  const target = await startTarget({ patterns: [letter], env: { OFFLINE_LATENCY_MS: '0' } });
  try {
    await overheadPerTurn(target.url, letter, THROUGHPUT_MESSAGE, 1); // warm-up: first turns load modules in every process
    const cost = await canonicalBookingCost(target.url, letter);
    const overhead = await overheadPerTurn(target.url, letter, THROUGHPUT_MESSAGE, turns);
    const load = await throughput(
      target,
      letter,
      THROUGHPUT_CLIENTS,
      scaled(THROUGHPUT_CLIENTS * 10, scale, THROUGHPUT_CLIENTS),
      THROUGHPUT_MAX_MS,
    );
    return [
      letter,
      String(cost.llmCalls),
      String(cost.inputTokens),
      String(cost.outputTokens),
      String(cost.toolCalls),
      String(cost.lambdaInvokes),
      overhead.toFixed(1),
      load.rps.toFixed(1),
      load.p50.toFixed(1),
      load.p99.toFixed(1),
      String(load.errors),
    ];
  } finally {
    await target.stop();
  }
}

async function perPattern(): Promise<void> {
  const turns = positiveInt('BENCH_TURNS', 15);
  const scale = loadScale(process.env, 0.5);
  console.log(
    `\n== Per pattern: canonical booking ("${CANONICAL_BOOKING}"), overhead per turn (median of ${turns}), throughput at ${THROUGHPUT_CLIENTS} clients (LOAD_SCALE=${scale}) ==`,
  );
  console.log(
    "Offline model at zero latency, dev server in its own process; tokens are the offline model's estimates (about 4 characters per token).",
  );
  const rows: string[][] = [];
  for (const letter of builtPatterns()) rows.push(await patternRow(letter, turns, scale));
  console.log(
    table(
      ['pattern', 'LLM calls', 'tokens in', 'tokens out', 'tool calls', 'invokes', 'overhead ms', 'req/s', 'p50 ms', 'p99 ms', 'errors'],
      rows,
    ),
  );
}

async function main(): Promise<void> {
  console.log(machineLine());
  bundles();
  await perPattern();
  console.log('\n== C and G across processes ==');
  runScript('scripts/bench-overhead.ts', ['--turns', '20']);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
