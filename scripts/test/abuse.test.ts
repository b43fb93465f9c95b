/**
 * Abuse: every built pattern, through the dev server, gets the same hostile inputs (malformed HTTP,
 * oversize bodies, identity tricks, unicode edge cases, prompt injections). Each must be refused
 * with a 4xx and the error envelope, or answered safely: never a 5xx, a stack trace, a key-like
 * string, the system prompt or another user's booking; bookings only ever for the caller.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ABUSE_CASES, ATTACKER } from '../lib/abuse/inputs';
import { leaksIn } from '../lib/abuse/safety';
import { abuseCounts, runAbuseCase, seedVictim, VICTIM, type AbuseOutcome } from '../lib/abuse/run';
import { startTarget, type Target } from '../lib/load/target';

let target: Target;
const outcomes: AbuseOutcome[] = [];

beforeAll(async () => {
  target = await startTarget();
}, 180_000);

afterAll(async () => {
  if (outcomes.length) console.log(`abuse cases per pattern:\n${abuseCounts(outcomes)}`);
  await target?.stop();
});

describe('abuse', () => {
  it('has at least 50 hostile inputs with unique names', () => {
    expect(ABUSE_CASES.length).toBeGreaterThanOrEqual(50);
    expect(new Set(ABUSE_CASES.map((c) => c.name)).size).toBe(ABUSE_CASES.length);
  });

  it('the leak checks catch a stack trace, keys and the system prompt, and pass a normal answer', () => {
    expect(leaksIn(new TypeError('boom').stack ?? '')).toEqual(expect.arrayContaining(['stack frame', 'raw exception']));
    expect(leaksIn('key sk-proj-abcdefghijklmnopqrstuvwx and AKIAABCDEFGHIJKLMNOP')).toEqual(['OpenAI-style key', 'AWS access key id']);
    expect(leaksIn('You are the booking assistant of a tennis club.')).toEqual(['system prompt']);
    expect(leaksIn('Booked: Court A on Sunday 22 November at 15:00. Your booking id is bk_6cf8fb8820b5.')).toEqual([]);
  });

  it('every pattern refuses or safely answers every hostile input, and books only for the caller', async () => {
    const victims = await Promise.all(target.patterns.map(async (letter) => ({ letter, victim: await seedVictim(target.url, letter) })));
    await Promise.all(
      victims.map(async ({ letter, victim }) => {
        for (const abuse of ABUSE_CASES) outcomes.push(await runAbuseCase(target.url, letter, victim, abuse));
      }),
    );
    const problems = outcomes.filter((o) => o.problems.length).map((o) => `${o.letter} "${o.abuse.name}": ${o.problems.join('; ')}`);
    expect(problems).toEqual([]);

    const stored = await target.bookings();
    const victimIds = new Set(victims.map((v) => v.victim.bookingId));
    expect(stored.filter((b) => victimIds.has(b.booking_id)).every((b) => b.user_id === VICTIM)).toBe(true);
    expect(
      stored
        .filter((b) => b.user_id === VICTIM)
        .map((b) => b.booking_id)
        .sort(),
    ).toEqual([...victimIds].sort());
    expect(
      stored
        .filter((b) => !victimIds.has(b.booking_id))
        .map((b) => b.user_id)
        .filter((u) => u !== ATTACKER),
    ).toEqual([]);
  }, 300_000);
});
