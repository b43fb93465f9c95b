/**
 * The runner must catch the failures it exists for. A tiny code-only pattern (no model) books
 * "tomorrow 15:00" for a chosen user; the runner passes it or names what went wrong.
 */
import { describe, expect, it } from 'vitest';
import type { BuildPattern, Pattern } from '@tennis/runtime';
import { CANONICAL_BOOKING, createTestApp, FULLY_BOOKED, IDENTITY_FROM_CALLER, playScenario, runScenario, tomorrow } from '../src/index';

/** Books the first free court tomorrow at 15:00 for `bookFor(caller)`, or says nothing is free. */
function codeOnlyPattern(bookFor: (caller: string) => string): BuildPattern {
  return (rt): Pattern => ({
    async turn({ userId }) {
      const { available, alternatives } = await rt.bookings.checkAvailability({ date: tomorrow(), time: '15:00' });
      const slot = available[0];
      if (!slot) return { response: `Full. Try ${alternatives[0]?.time}.`, booking: null, state: null };
      const booking = await rt.bookings.book({ slot_id: slot.slot_id }, { userId: bookFor(userId) });
      return { response: `Booked ${booking.court} at ${booking.time}.`, booking, state: null };
    },
  });
}

describe('runScenario', () => {
  it('passes a pattern that does the right thing, through the real handler', async () => {
    const app = createTestApp(
      'a',
      codeOnlyPattern((caller) => caller),
    );
    const run = await runScenario(app, CANONICAL_BOOKING);
    expect(run.turns[0]!.result.status).toBe(200);
    expect(await app.listBookings()).toMatchObject([{ date: '2026-11-22', time: '15:00', court: 'Court A', user_id: 'alice' }]);
  });

  it('reports a booking made for the wrong user', async () => {
    const app = createTestApp(
      'a',
      codeOnlyPattern(() => 'bob'),
    );
    const run = await playScenario(app, IDENTITY_FROM_CALLER);
    expect(run.failures.join('\n')).toMatch(/expected booking .* for alice, the turn reported Court A 2026-11-22 15:00 for bob/);
    expect(run.failures.join('\n')).toMatch(/bob must own no booking/);
    await expect(
      runScenario(
        createTestApp(
          'a',
          codeOnlyPattern(() => 'bob'),
        ),
        IDENTITY_FROM_CALLER,
      ),
    ).rejects.toThrow(/failed/);
  });

  it('fills the slot for other users before a fully-booked scenario', async () => {
    const app = createTestApp(
      'a',
      codeOnlyPattern((caller) => caller),
    );
    await runScenario(app, FULLY_BOOKED);
    const taken = await app.listBookings();
    expect(taken.map((b) => [b.court, b.user_id])).toEqual([
      ['Court A', 'other-member'],
      ['Court B', 'other-member'],
      ['Court C', 'other-member'],
    ]);
  });

  it('returns HTTP errors as results instead of throwing', async () => {
    const app = createTestApp(
      'a',
      codeOnlyPattern((caller) => caller),
    );
    const result = await app.request({ method: 'POST', path: '/chat', body: '{not json', headers: { 'x-user-id': 'alice' } });
    expect(result.status).toBe(400);
    expect(result.body.error.code).toEqual(expect.any(String));
  });
});
