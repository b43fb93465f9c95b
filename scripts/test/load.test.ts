/**
 * Load: per-pattern throughput at 20 and 100 concurrent clients, and a booking storm across every
 * built pattern that must end with exactly one booking per slot. Sizes follow LOAD_SCALE (default
 * 0.1 here; `pnpm exec tsx scripts/load.ts` runs the full size). Figures are printed, not asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScale, scaled } from '../lib/load/scale';
import { bookingStorm, STORM_SLOTS, stormProblems, stormSummary, throughputRuns, throughputTable } from '../lib/load/runs';
import { startTarget, type Target } from '../lib/load/target';

const SCALE = loadScale(process.env, 0.1);
const PHASE_MAX_MS = 15_000;
let target: Target;

beforeAll(async () => {
  target = await startTarget({ env: { OFFLINE_LATENCY_MS: '0' } });
}, 180_000);

afterAll(async () => {
  await target?.stop();
});

describe(`load (LOAD_SCALE=${SCALE})`, () => {
  it('serves every built pattern at 20 and 100 concurrent clients with no errors, and stops by itself', async () => {
    const rows = await throughputRuns(target, [20, 100], 10 * SCALE, PHASE_MAX_MS);
    console.log(`throughput (offline model at zero latency, LOAD_SCALE=${SCALE}):\n${throughputTable(rows)}`);
    for (const row of rows) {
      expect(row.errors, `pattern ${row.letter} at ${row.concurrency} clients: ${JSON.stringify(row.statuses)}`).toBe(0);
      expect(row.statuses[200], `pattern ${row.letter} at ${row.concurrency} clients`).toBe(row.completed);
    }
  }, 300_000);

  it(`books each of ${STORM_SLOTS.length} slots exactly once under a storm of concurrent booking chats across patterns`, async () => {
    const storm = await bookingStorm(target, target.patterns, scaled(1000, SCALE, 10 * STORM_SLOTS.length));
    console.log(stormSummary(storm));
    expect(stormProblems(storm)).toEqual([]);
    expect(storm.announced.size, 'distinct bookings announced').toBe(STORM_SLOTS.length);
  }, 300_000);
});
