/**
 * pnpm exec tsx scripts/load.ts: the full-size load run (LOAD_SCALE, default 1) against the dev
 * server in its own process: per-pattern throughput at 20 and 100 clients (offline model at zero
 * latency), then a storm of 1,000 concurrent booking chats over 10 slots across every pattern.
 * Exit code 1 when any call failed or the storm did not end with exactly one booking per slot.
 */
import { machineLine } from './lib/load/machine';
import { mib, rssBytes } from './lib/load/rss';
import { bookingStorm, stormProblems, stormSummary, throughputRuns, throughputTable } from './lib/load/runs';
import { loadScale, scaled } from './lib/load/scale';
import { startTarget } from './lib/load/target';

const PHASE_MAX_MS = 60_000;

async function main(): Promise<number> {
  const scale = loadScale(process.env, 1);
  console.log(`${machineLine()}\nLOAD_SCALE=${scale}; client and server on this machine, loopback only.\n`);
  const target = await startTarget({ env: { OFFLINE_LATENCY_MS: '0' } });
  console.log(`dev server RSS at start: ${mib(rssBytes(target.pid))}`);
  try {
    const rows = await throughputRuns(target, [20, 100], 10 * scale, PHASE_MAX_MS);
    console.log(`throughput per pattern (availability question, offline model at zero latency):\n${throughputTable(rows)}\n`);
    const storm = await bookingStorm(target, target.patterns, scaled(1000, scale, 100));
    console.log(stormSummary(storm));
    console.log(`dev server RSS at end: ${mib(rssBytes(target.pid))} (multi-Lambda functions run in processes of their own)`);
    const problems = [
      ...stormProblems(storm),
      ...rows.filter((r) => r.errors).map((r) => `pattern ${r.letter} at ${r.concurrency} clients: ${r.errors} errors`),
    ];
    for (const problem of problems.slice(0, 20)) console.error(`FAIL ${problem}`);
    return problems.length ? 1 : 0;
  } finally {
    await target.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
