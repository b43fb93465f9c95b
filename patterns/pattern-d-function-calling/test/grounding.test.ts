/**
 * D's grounding guard against the offline model's seeded false claim: the model says "Booked" instead of
 * calling book; code checks the answer against the turn and the store before the member reads it.
 */
import { describe, expect, it } from 'vitest';
import { createTestApp } from '@tennis/testkit';
import { build } from '../src/handler';

const FALSE_CLAIMS = { OFFLINE_MODEL_ERRORS: 'false_claim:rate=1' };

describe('pattern D and a model that claims bookings it never made', () => {
  it('the guard replaces the false claim, books nothing, and the trace says why', async () => {
    const app = createTestApp('d', build, { env: FALSE_CLAIMS });
    const reply = await app.say('Book tomorrow at 3pm');
    expect(await app.listBookings()).toEqual([]);
    expect(reply.booking).toBeNull();
    expect(reply.response).toMatch(/^Sorry, nothing has been booked yet/);
    const llm = reply.trace.filter((e) => e.type === 'llm');
    expect(llm.at(-1)).toMatchObject({ decision: 'answer', mistakes: ['false_claim'] });
    expect(reply.trace.at(-1)).toMatchObject({
      type: 'step',
      actor: 'guard',
      detail: expect.stringMatching(/claims a booking \(bk_\w+\) that does not exist/),
    });
  });

  it('with GROUNDING_GUARD=off the member reads the false claim', async () => {
    const app = createTestApp('d', build, { env: { ...FALSE_CLAIMS, GROUNDING_GUARD: 'off' } });
    const reply = await app.say('Book tomorrow at 3pm');
    expect(await app.listBookings()).toEqual([]);
    expect(reply.response).toMatch(/^Booked: Court A on \w+ \d+ \w+ at 15:00\. Your booking id is bk_\w+\.$/);
    expect(reply.trace.some((e) => e.type === 'step' && e.actor === 'guard')).toBe(false);
  });

  it('a bad error profile stops start-up with an error that names the entry and lists the modes', async () => {
    const start = async () =>
      createTestApp('d', build, { env: { OFFLINE_MODEL_ERRORS: 'false_claim:rate=7' } }).chat('Book tomorrow at 3pm');
    await expect(start()).rejects.toThrow(
      /OFFLINE_MODEL_ERRORS=.*entry "false_claim:rate=7": rate must be a number from 0 to 1.*Modes: wrong_date/,
    );
  });
});
