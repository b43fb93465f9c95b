/**
 * The robustness scorecard (`pnpm compare --errors <profile|spec> --trials N --seed S`): every scenario played
 * N times per pattern while the offline model makes seeded mistakes, each turn judged against the store
 * (testkit's judgeTurn), and the figures per pattern: pass^1, pass^k, the rate of each bad outcome with a 95%
 * Wilson interval, and a breakdown by the mistake the model made.
 *
 * Reproducible: each (pattern, environment group, trial block) gets its own start of the pattern, seeded from
 * the run's seed and the block, and plays its scenarios one after another, so every process sees the same
 * sequence of model calls, and so the same mistakes, whatever else runs at the same time.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashSeed, MODEL_ERROR_MODES } from '../../../shared/offline-model/src/model-errors';
import { OUTCOMES, playScenario, scenarioEnv, type Outcome, type PlayOptions, type Scenario } from '../../../shared/testkit/src/index';
import type { PatternLetter } from '../lambdas';
import { PATTERN_NAMES, patternInfo } from '../patterns';
import { pool } from './pool';
import { byEnvironment } from './run';
import { startPatternTarget } from './target';

export interface TrialResult {
  scenario: string;
  trial: number;
  passed: boolean;
  turns: number;
  /** Turns with each bad outcome. */
  outcomes: Record<Outcome, number>;
  /** The mistakes the model made during this trial (from the offline model's own log). */
  mistakes: string[];
  /** What went wrong, one line per bad outcome or failed check. */
  notes: string[];
  /** Approval questions the simulated member answered in this trial, and how many with "no". */
  asked: number;
  declined: number;
}

export interface PatternTrials {
  letter: PatternLetter;
  trials: TrialResult[];
}

export interface RobustnessOptions {
  /** Environment for every function (LLM_MODE, LOG_LEVEL, OFFLINE_MODEL_ERRORS, GROUNDING_GUARD...). */
  env: Record<string, string>;
  trials: number;
  seed: number;
  concurrency: number;
  /** A simulated member answering approval questions (REQUIRE_CONFIRMATION=true in env): see testkit's PlayOptions. */
  member?: PlayOptions['member'];
  /** Called after each trial of a scenario (progress). */
  onTrial?: (letter: PatternLetter, result: TrialResult) => void;
}

/** Trials per start of a pattern: blocks spread one pattern's trials over the run's concurrency. */
const BLOCK = 5;

const zeroOutcomes = (): Record<Outcome, number> => Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;

/** The mistakes logged since `offset` (one JSON line per model answer that made some). */
function mistakesSince(file: string, offset: number): { modes: string[]; size: number } {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { modes: [], size: offset };
  }
  const modes = text
    .slice(offset)
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => (JSON.parse(line) as { modes: string[] }).modes);
  return { modes: [...new Set(modes)], size: text.length };
}

/** One start of the pattern playing `trials` of its group's scenarios, in order. */
async function runBlock(
  letter: PatternLetter,
  group: readonly Scenario[],
  trials: number[],
  options: RobustnessOptions,
): Promise<TrialResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'robustness-'));
  const log = join(dir, 'mistakes.jsonl');
  writeFileSync(log, '');
  const seed = hashSeed(options.seed, `${group[0]?.id}:${trials[0]}`);
  const env = { ...options.env, ...scenarioEnv(group[0]!), OFFLINE_MODEL_SEED: String(seed), OFFLINE_MODEL_ERROR_LOG: log };
  const target = await startPatternTarget(letter, { env });
  const results: TrialResult[] = [];
  let offset = 0;
  try {
    for (const trial of trials) {
      for (const scenario of group) {
        await target.reset();
        const run = await playScenario(target, scenario, options.member ? { member: options.member } : {});
        const logged = mistakesSince(log, offset);
        offset = logged.size;
        const outcomes = zeroOutcomes();
        for (const turn of run.turns) for (const o of turn.judgement.outcomes) outcomes[o]++;
        const result: TrialResult = {
          scenario: scenario.id ?? scenario.name,
          trial,
          passed: run.failures.length === 0,
          turns: run.turns.length,
          outcomes,
          mistakes: logged.modes,
          notes: [...run.turns.flatMap((t) => t.judgement.notes), ...run.failures],
          asked: run.turns.filter((t) => t.memberReply).length,
          declined: run.turns.filter((t) => t.memberReply === 'no').length,
        };
        results.push(result);
        options.onTrial?.(letter, result);
      }
    }
  } finally {
    await target.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

export async function runRobustness(
  letters: readonly PatternLetter[],
  scenarios: readonly Scenario[],
  options: RobustnessOptions,
): Promise<PatternTrials[]> {
  const blocks: number[][] = [];
  for (let t = 0; t < options.trials; t += BLOCK) blocks.push(Array.from({ length: Math.min(BLOCK, options.trials - t) }, (_, i) => t + i));
  const work = letters.flatMap((letter) =>
    byEnvironment(scenarios).flatMap((group) =>
      blocks.map((trials) => ({ letter, group, trials, weight: group.length * trials.length * 10 + patternInfo(letter).functions.length })),
    ),
  );
  // Longest first, so short jobs fill the gaps at the end.
  work.sort((a, b) => b.weight - a.weight);
  const done = await pool(
    work.map(({ letter, group, trials }) => async () => ({ letter, results: await runBlock(letter, group, trials, options) })),
    options.concurrency,
  );
  const order = new Map(scenarios.map((s, i) => [s.id ?? s.name, i]));
  return letters.map((letter) => ({
    letter,
    trials: done
      .filter((d) => d.letter === letter)
      .flatMap((d) => d.results)
      .sort((a, b) => order.get(a.scenario)! - order.get(b.scenario)! || a.trial - b.trial),
  }));
}

/** A proportion with its 95% Wilson score interval. */
export interface Rate {
  count: number;
  of: number;
  rate: number;
  low: number;
  high: number;
}

export function wilson(count: number, of: number, z = 1.959964): Rate {
  if (of === 0) return { count, of, rate: 0, low: 0, high: 0 };
  const p = count / of;
  const denom = 1 + (z * z) / of;
  const centre = (p + (z * z) / (2 * of)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / of + (z * z) / (4 * of * of))) / denom;
  return { count, of, rate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface ModeBreakdown {
  mode: string;
  /** Trials in which the model made this mistake. */
  trials: number;
  /** Of those, trials that failed their scenario. */
  failed: number;
  /** Of those, turns with each bad outcome. */
  outcomes: Record<Outcome, number>;
}

export interface Scorecard {
  letter: PatternLetter;
  /** Trials per scenario (k of pass^k). */
  trials: number;
  scenarios: number;
  turns: number;
  /** Mean over scenarios of the share of trials that passed. */
  pass1: number;
  /** Share of scenarios whose every trial passed (τ-bench's pass^k with k = trials). */
  passk: number;
  outcomes: Record<Outcome, Rate>;
  byMode: ModeBreakdown[];
}

export function scorecard({ letter, trials }: PatternTrials): Scorecard {
  const byScenario = new Map<string, TrialResult[]>();
  for (const t of trials) byScenario.set(t.scenario, [...(byScenario.get(t.scenario) ?? []), t]);
  const groups = [...byScenario.values()];
  const k = Math.max(0, ...groups.map((g) => g.length));
  const turns = trials.reduce((n, t) => n + t.turns, 0);
  const outcomes = Object.fromEntries(
    OUTCOMES.map((o) => [
      o,
      wilson(
        trials.reduce((n, t) => n + t.outcomes[o], 0),
        turns,
      ),
    ]),
  ) as Record<Outcome, Rate>;
  const byMode = MODEL_ERROR_MODES.map((mode) => {
    const hit = trials.filter((t) => t.mistakes.includes(mode));
    const counts = zeroOutcomes();
    for (const t of hit) for (const o of OUTCOMES) counts[o] += t.outcomes[o];
    return { mode, trials: hit.length, failed: hit.filter((t) => !t.passed).length, outcomes: counts };
  }).filter((m) => m.trials > 0);
  return {
    letter,
    trials: k,
    scenarios: groups.length,
    turns,
    pass1: groups.length ? groups.reduce((sum, g) => sum + g.filter((t) => t.passed).length / g.length, 0) / groups.length : 0,
    passk: groups.length ? groups.filter((g) => g.every((t) => t.passed)).length / groups.length : 0,
    outcomes,
    byMode,
  };
}

/** The per-pattern figures `--json` writes: the documented keys first, every count a number. */
export function scorecardJson(cards: readonly Scorecard[], run: { errors: string; seed: number; guards: boolean; mode: string }) {
  return {
    errors: run.errors,
    seed: run.seed,
    guards: run.guards,
    mode: run.mode,
    patterns: cards.map((c) => ({
      pattern: c.letter,
      name: PATTERN_NAMES[c.letter],
      trials: c.trials,
      pass1: round(c.pass1),
      passk: round(c.passk),
      wrong_bookings: c.outcomes.wrong_booking.count,
      missed_bookings: c.outcomes.missed_booking.count,
      false_claims: c.outcomes.false_claim.count,
      unhandled_errors: c.outcomes.unhandled_error.count,
      scenarios: c.scenarios,
      turns: c.turns,
      rates: Object.fromEntries(
        OUTCOMES.map((o) => [o, { rate: round(c.outcomes[o].rate), low: round(c.outcomes[o].low), high: round(c.outcomes[o].high) }]),
      ),
      by_mode: c.byMode.map((m) => ({ mode: m.mode, trials: m.trials, failed: m.failed, ...m.outcomes })),
    })),
  };
}

/** What approval changed per pattern: the same scenarios, trials and seed, without and with it. */
export interface ApprovalEffect {
  letter: PatternLetter;
  without: Scorecard;
  with: Scorecard;
  /** Approval questions the simulated member answered, and how many of them with "no". */
  asked: number;
  declined: number;
}

export function approvalEffects(
  without: readonly Scorecard[],
  withApproval: readonly PatternTrials[],
  cards: readonly Scorecard[],
): ApprovalEffect[] {
  return cards.map((card) => {
    const trials = withApproval.find((t) => t.letter === card.letter)?.trials ?? [];
    return {
      letter: card.letter,
      without: without.find((c) => c.letter === card.letter)!,
      with: card,
      asked: trials.reduce((n, t) => n + t.asked, 0),
      declined: trials.reduce((n, t) => n + t.declined, 0),
    };
  });
}

export function approvalJson(effects: readonly ApprovalEffect[]) {
  return effects.map((e) => ({
    pattern: e.letter,
    asked: e.asked,
    declined: e.declined,
    without: {
      wrong_bookings: e.without.outcomes.wrong_booking.count,
      missed_bookings: e.without.outcomes.missed_booking.count,
      turns: e.without.turns,
      pass1: round(e.without.pass1),
    },
    with: {
      wrong_bookings: e.with.outcomes.wrong_booking.count,
      missed_bookings: e.with.outcomes.missed_booking.count,
      turns: e.with.turns,
      pass1: round(e.with.pass1),
    },
  }));
}

const round = (x: number): number => Math.round(x * 10_000) / 10_000;
