/**
 * The robustness scorecard: its figures (Wilson intervals, pass^1, pass^k, JSON), its flags, and real runs of
 * the suite against built patterns in the local Lambda runtime with seeded model mistakes: reproducible, the
 * grounding guard measurably at work, and code in control of booking in A, B and C.
 */
import { describe, expect, it } from 'vitest';
import { loadSuite } from '../../shared/testkit/src/index';
import { parseCompareArgs, UsageError } from '../lib/compare/args';
import { runRobustness, scorecard, scorecardJson, wilson, type PatternTrials, type TrialResult } from '../lib/compare/robustness';
import { robustnessMarkdown, robustnessSvg } from '../lib/compare/robustness-report';
import { builtPatterns } from '../lib/patterns';

const trial = (scenario: string, n: number, passed: boolean, extra: Partial<TrialResult> = {}): TrialResult => ({
  scenario,
  trial: n,
  passed,
  turns: 1,
  outcomes: { wrong_booking: 0, missed_booking: 0, false_claim: 0, unhandled_error: 0 },
  mistakes: [],
  notes: [],
  asked: 0,
  declined: 0,
  ...extra,
});

describe('scorecard figures', () => {
  it('computes 95% Wilson intervals', () => {
    const r = wilson(3, 10);
    expect(r.rate).toBeCloseTo(0.3, 10);
    expect(r.low).toBeCloseTo(0.1078, 3);
    expect(r.high).toBeCloseTo(0.6032, 3);
    expect(wilson(0, 20)).toMatchObject({ rate: 0, low: 0 });
    expect(wilson(0, 20).high).toBeCloseTo(0.1611, 3);
    expect(wilson(0, 0)).toMatchObject({ rate: 0, low: 0, high: 0 });
  });

  it('pass^1 is the mean pass share per scenario, pass^k the share of scenarios passing every trial', () => {
    const trials: PatternTrials = {
      letter: 'd',
      trials: [
        trial('s1', 0, true),
        trial('s1', 1, true),
        trial('s2', 0, true),
        trial('s2', 1, false, {
          outcomes: { wrong_booking: 1, missed_booking: 1, false_claim: 0, unhandled_error: 0 },
          mistakes: ['wrong_date'],
        }),
      ],
    };
    const card = scorecard(trials);
    expect(card).toMatchObject({ trials: 2, scenarios: 2, turns: 4, pass1: 0.75, passk: 0.5 });
    expect(card.outcomes.wrong_booking).toMatchObject({ count: 1, of: 4 });
    expect(card.byMode).toEqual([
      { mode: 'wrong_date', trials: 1, failed: 1, outcomes: { wrong_booking: 1, missed_booking: 1, false_claim: 0, unhandled_error: 0 } },
    ]);
    const json = scorecardJson([card], { errors: 'harsh', seed: 1, guards: true, mode: 'offline' });
    expect(json.patterns[0]).toMatchObject({
      pattern: 'd',
      trials: 2,
      pass1: 0.75,
      passk: 0.5,
      wrong_bookings: 1,
      missed_bookings: 1,
      false_claims: 0,
      unhandled_errors: 0,
    });
    const report = robustnessMarkdown(
      { mode: 'offline', errors: 'harsh', trials: 2, seed: 1, guards: true, today: '2026-11-21', seconds: 1, chartFile: 'c.svg' },
      [card],
      [trials],
    );
    expect(report).toContain('synthetic, seeded mistakes');
    expect(report).toContain('| D Function calling | 75.0% | 50.0% | 1 (25.0%');
    expect(robustnessSvg([card], 'title')).toMatch(/^<svg [^>]*>[\s\S]*<\/svg>\n$/);
  });

  it('parses the robustness flags and refuses bad values before anything starts', () => {
    expect(parseCompareArgs(['--errors', 'realistic', '--trials', '10', '--seed', '7', '--json', 'f.json', '--no-guards'])).toMatchObject({
      robustness: { errors: 'realistic', trials: 10, seed: 7, json: 'f.json' },
      guards: false,
      out: expect.stringMatching(/robustness-report\.md$/),
    });
    expect(parseCompareArgs([]).robustness).toBeUndefined();
    expect(parseCompareArgs(['--trials', '3']).robustness).toMatchObject({ errors: 'none', trials: 3 });
    expect(() => parseCompareArgs(['--errors', 'sloppy'])).toThrow(/--errors: Bad OFFLINE_MODEL_ERRORS entry "sloppy".*Modes: wrong_date/);
    expect(() => parseCompareArgs(['--errors', 'false_claim:rate=3'])).toThrow(/rate must be a number from 0 to 1/);
    expect(() => parseCompareArgs(['--errors', 'harsh', '--seed', 'abc'])).toThrow(/--seed: expected a whole number/);
    expect(() => parseCompareArgs(['--errors', 'harsh', '--trials', '0'])).toThrow(UsageError);
    expect(() => parseCompareArgs(['--live', '--errors', 'harsh'])).toThrow(/with --live, leave --errors out/);
    expect(parseCompareArgs(['--errors', 'realistic', '--approval']).robustness).toMatchObject({ errors: 'realistic', approval: true });
    expect(parseCompareArgs(['--approval']).robustness).toMatchObject({ errors: 'none', trials: 1, approval: true });
  });
});

const ALL = builtPatterns();
const suite = loadSuite({ now: new Date().toISOString() });
const scenarios = (...ids: string[]) => ids.map((id) => suite.find((s) => s.id === id)!);
const run = (letters: string[], ids: string[], errors: string, { trials = 1, guards = true, seed = 1, approval = false } = {}) =>
  runRobustness(letters as never, scenarios(...ids), {
    env: {
      LLM_MODE: 'offline',
      LOG_LEVEL: 'SILENT',
      OFFLINE_MODEL_ERRORS: errors,
      GROUNDING_GUARD: guards ? 'on' : 'off',
      ...(approval ? { REQUIRE_CONFIRMATION: 'true' } : {}),
    },
    trials,
    seed,
    concurrency: 4,
    ...(approval ? { member: 'approves-asked-slot' as const } : {}),
  });
const byLetter = (results: PatternTrials[]) => Object.fromEntries(results.map((r) => [r.letter, scorecard(r)]));

// Real processes on a busy 2-core machine: generous bounds, never a timing assertion.
const SLOW = { timeout: 400_000 };

describe('real scorecard runs, offline, every function in its own process', () => {
  it.skipIf(ALL.length < 8)('two runs with the same seed give identical figures and the same mistakes', SLOW, async () => {
    const once = await run(['a', 'g'], ['canonical', 'two-turn'], 'harsh', { trials: 2, seed: 11 });
    const again = await run(['a', 'g'], ['canonical', 'two-turn'], 'harsh', { trials: 2, seed: 11 });
    expect(once.map(scorecard)).toEqual(again.map(scorecard));
    expect(once.flatMap((r) => r.trials.map((t) => t.mistakes))).toEqual(again.flatMap((r) => r.trials.map((t) => t.mistakes)));
    expect(once.flatMap((r) => r.trials.flatMap((t) => t.mistakes)).length).toBeGreaterThan(0);
  });

  it.skipIf(ALL.length < 8)(
    'false claims: the model-written patterns pass them on without the guard, and none does with it',
    SLOW,
    async () => {
      const raw = byLetter(await run(ALL, ['canonical'], 'false_claim:rate=1', { guards: false }));
      const guarded = byLetter(await run(ALL, ['canonical'], 'false_claim:rate=1', { guards: true }));
      for (const letter of ALL) expect(guarded[letter]!.outcomes.false_claim.count, `pattern ${letter} with the guard`).toBe(0);
      // A and C write their answers in code: nothing to claim falsely, guard or not.
      expect(raw.a!.outcomes.false_claim.count).toBe(0);
      expect(raw.c!.outcomes.false_claim.count).toBe(0);
      for (const letter of ['b', 'd', 'e', 'f', 'g', 'h'])
        expect(raw[letter]!.outcomes.false_claim.count, `pattern ${letter} without the guard`).toBeGreaterThan(0);
    },
  );

  it.skipIf(ALL.length < 8)(
    'code decides whether and what to book in A, B and C; a misread date books the wrong day everywhere',
    SLOW,
    async () => {
      const results = await run(ALL, ['canonical', 'availability'], 'wrong_date:rate=1;book_on_question:rate=1;unchecked_booking:rate=1');
      for (const { letter, trials } of results) {
        const canonical = trials.find((t) => t.scenario === 'canonical')!;
        const question = trials.find((t) => t.scenario === 'availability')!;
        expect(canonical.outcomes.wrong_booking, `pattern ${letter} books the misread day`).toBe(1);
        if (['a', 'b', 'c'].includes(letter)) expect(question.outcomes.wrong_booking, `pattern ${letter} books on a question`).toBe(0);
        if (['d', 'e', 'h'].includes(letter)) expect(question.outcomes.wrong_booking, `pattern ${letter} holds the book tool`).toBe(1);
      }
    },
  );

  it.skipIf(ALL.length < 8)(
    'with approval, a misread day is asked about, declined by the member, and booked by no pattern',
    SLOW,
    async () => {
      const results = await run(ALL, ['canonical', 'availability'], 'wrong_date:rate=1;book_on_question:rate=1', { approval: true });
      for (const { letter, trials } of results) {
        const canonical = trials.find((t) => t.scenario === 'canonical')!;
        const question = trials.find((t) => t.scenario === 'availability')!;
        expect(canonical.outcomes.wrong_booking, `pattern ${letter}: the misread day is declined`).toBe(0);
        expect(canonical.declined, `pattern ${letter} asked about the misread day`).toBe(1);
        expect(question.outcomes.wrong_booking, `pattern ${letter} books nothing on a question`).toBe(0);
      }
    },
  );
});
