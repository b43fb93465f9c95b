/**
 * The scenario suite as data: it loads, resolves day offsets against any "today", rejects malformed
 * files with the field at fault, and the runner's new expectations (HTTP status, regex, optional
 * booking) fail when they should.
 */
import { describe, expect, it } from 'vitest';
import type { BuildPattern, Pattern } from '../../shared/runtime/src/index';
import { UpstreamError } from '../../shared/runtime/src/index';
import { createTestApp, loadSuite, parseSuite, playScenario, SuiteFormatError, type Scenario } from '../../shared/testkit/src/index';

const suite = loadSuite();

function rawSuite(scenario: Record<string, unknown>): unknown {
  return { scenarios: [{ id: 'x', name: 'x', user: 'alice', turns: [{ message: 'hi', booking: null }], ...scenario }] };
}

describe('the scenario suite file', () => {
  it('has at least 15 scenarios with unique ids, covering multi-turn, setup, faults and error statuses', () => {
    expect(suite.length).toBeGreaterThanOrEqual(15);
    expect(new Set(suite.map((s) => s.id)).size).toBe(suite.length);
    expect(suite.some((s) => s.turns.length > 1)).toBe(true);
    expect(suite.some((s) => s.setup)).toBe(true);
    expect(suite.filter((s) => s.faults).length).toBeGreaterThanOrEqual(3);
    expect(suite.some((s) => s.turns.some((t) => t.status === 502))).toBe(true);
    expect(suite.some((s) => s.usersWithoutBookings?.includes('bob'))).toBe(true);
  });

  it('resolves day offsets in the club time zone, across a year end', () => {
    const late = loadSuite({ now: '2026-12-31T23:30:00Z', timeZone: 'Europe/London' });
    const canonical = late.find((s) => s.id === 'canonical')!;
    expect(canonical.turns[0]!.booking).toEqual({ date: '2027-01-01', time: '15:00', user_id: 'alice' });
    // 23:30 UTC on 31 December is already 1 January in Tokyo, so "tomorrow" is the 2nd.
    const tokyo = loadSuite({ now: '2026-12-31T23:30:00Z', timeZone: 'Asia/Tokyo' });
    expect(tokyo.find((s) => s.id === 'canonical')!.turns[0]!.booking?.date).toBe('2027-01-02');
    expect(late.find((s) => s.id === 'fully-booked')!.setup?.fill).toEqual({ date: '2027-01-01', time: '15:00', byUser: 'other-member' });
  });

  it('rejects malformed scenarios naming the scenario and field', () => {
    const bad = (scenario: Record<string, unknown>) => () => parseSuite(rawSuite(scenario), '2026-11-21');
    expect(bad({ turns: [{ message: 'hi', booking: { day: 1, time: '3pm' } }] })).toThrow(
      /scenario "x"\.turns\[0\]\.booking\.time: expected HH:MM, got "3pm"/,
    );
    expect(bad({ turns: [{ message: 'hi' }] })).toThrow(/turns\[0\]: needs "booking"/);
    expect(bad({ turns: [{ message: 'hi', booking: null, answer: [{ kind: 'sounds_nice' }] }] })).toThrow(
      /unknown answer check "sounds_nice"/,
    );
    expect(bad({ turns: [{ message: 'hi', booking: null, answer: [{ kind: 'matches', pattern: '(' }] }] })).toThrow(
      /not a valid regular expression/,
    );
    expect(bad({ turns: [] })).toThrow(SuiteFormatError);
    expect(() =>
      parseSuite({ scenarios: [rawSuite({}), rawSuite({})].map((s) => (s as { scenarios: unknown[] }).scenarios[0]) }, '2026-11-21'),
    ).toThrow(/duplicate id/);
  });
});

/** A code-only pattern: answers `text`, books `slot` for the caller when given, or fails like a provider. */
function scripted(behaviour: { text: string; slot?: string } | 'provider_down'): BuildPattern {
  return (rt): Pattern => ({
    async turn({ userId }) {
      if (behaviour === 'provider_down') throw new UpstreamError('bad_upstream', 'The model provider failed (HTTP 500).');
      const booking = behaviour.slot ? await rt.bookings.book({ slot_id: behaviour.slot }, { userId }) : null;
      return { response: behaviour.text, booking, state: null };
    },
  });
}

const scenario = (turn: Scenario['turns'][number]): Scenario => ({ id: 't', name: 't', userId: 'alice', turns: [turn] });

describe('runner expectations', () => {
  it('an expected 502 passes on a provider failure and fails on a normal answer', async () => {
    const expect502 = scenario({ message: 'Book', booking: null, status: 502, answer: [] });
    expect((await playScenario(createTestApp('a', scripted('provider_down')), expect502)).failures).toEqual([]);
    const failures = (await playScenario(createTestApp('a', scripted({ text: 'fine' })), expect502)).failures.join('\n');
    expect(failures).toMatch(/expected HTTP 502, got 200/);
    expect(failures).toMatch(/expected an error body, got the answer "fine"/);
  });

  it('matches and mentions checks read the answer case-insensitively', async () => {
    const check = scenario({
      message: 'x',
      booking: null,
      answer: [
        { kind: 'matches', pattern: 'in the past' },
        { kind: 'mentions', text: 'COURT' },
      ],
    });
    expect((await playScenario(createTestApp('a', scripted({ text: 'That is IN THE PAST; pick a court.' })), check)).failures).toEqual([]);
    const failures = (await playScenario(createTestApp('a', scripted({ text: 'Sure.' })), check)).failures;
    expect(failures).toEqual([expect.stringMatching(/does not match \/in the past\/i/), expect.stringMatching(/does not mention "COURT"/)]);
  });

  it('an optional booking accepts nothing booked but never a different booking', async () => {
    const optional = scenario({
      message: 'x',
      booking: { date: '2026-11-22', time: '15:00', user_id: 'alice', optional: true },
      answer: [],
    });
    expect((await playScenario(createTestApp('a', scripted({ text: 'Sorry.' })), optional)).failures).toEqual([]);
    const wrong = await playScenario(createTestApp('a', scripted({ text: 'Booked.', slot: '2026-11-22_CourtA_1600' })), optional);
    expect(wrong.failures.join('\n')).toMatch(
      /expected booking any court 2026-11-22 15:00 for alice, the turn reported Court A 2026-11-22 16:00/,
    );
  });
});
