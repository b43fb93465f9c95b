/**
 * Faults: every built pattern, through the dev server, against a model that rate-limits, fails,
 * times out, answers malformed JSON, invents a slot id or never stops calling tools. Each fault turn
 * must end within its budget with a clear answer or error envelope, book nothing it should not, and
 * the service must book again on a normal turn afterwards. Prints a pattern x fault table.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Booking } from '../../shared/booking-service/src/types';
import { FAULT_CASES, FAULT_ENV, faultTable, runFaultCase, type FaultOutcome } from '../lib/load/faults';
import { startTarget, type Target } from '../lib/load/target';

const outcomes: FaultOutcome[] = [];

afterAll(() => {
  console.log(`pattern x fault (first answer, its time, normal turn that booked again; "!" = problem):\n${faultTable(outcomes)}`);
});

/** Everything the store holds was announced to its caller: a failed turn left no booking behind. */
function unannounced(stored: Booking[], announced: Booking[]): Booking[] {
  const ids = new Set(announced.map((b) => b.booking_id));
  return stored.filter((b) => !ids.has(b.booking_id));
}

describe.each(FAULT_CASES)('fault: $name ($faults)', (fault) => {
  let target: Target | undefined;
  afterAll(async () => {
    await target?.stop();
  });

  it('every pattern answers within budget, books only what it announced, and books again afterwards', async () => {
    target = await startTarget({ env: { ...FAULT_ENV, OFFLINE_FAULTS: fault.faults } });
    const results = await Promise.all(target.patterns.map((letter) => runFaultCase(target!.url, letter, fault)));
    outcomes.push(...results);
    const stored = await target.bookings();
    const silent = unannounced(
      stored,
      results.flatMap((r) => r.announced),
    );
    expect(
      silent.map((b) => `${b.slot_id} for ${b.user_id}`),
      'booked but never announced',
    ).toEqual([]);
    for (const result of results) expect(result.problems, `pattern ${result.letter}`).toEqual([]);
  }, 240_000);
});
