/**
 * Plays the scenario suite against one pattern. Scenarios that need different offline-model faults
 * get their own start of the pattern (fault counters live in each process), the others share one;
 * the bookings table is emptied before every scenario.
 */
import type { Usage } from '../../../shared/runtime/src/trace';
import { playScenario, scenarioEnv, type Scenario } from '../../../shared/testkit/src/index';
import type { TraceEventLike } from '../../playground/sequence';
import type { PatternLetter } from '../lambdas';
import { patternInfo } from '../patterns';
import { startPatternTarget } from './target';

export interface TurnResult {
  message: string;
  status: number;
  ms: number;
  response: string;
  trace: TraceEventLike[];
  usage: Usage | null;
}

export interface ScenarioResult {
  id: string;
  name: string;
  passed: boolean;
  failures: string[];
  turns: TurnResult[];
}

export interface PatternResult {
  letter: PatternLetter;
  scenarios: ScenarioResult[];
}

export interface RunOptions {
  /** Environment for every function of the pattern (LLM_MODE, LOG_LEVEL, ...). */
  env: Record<string, string>;
  /** Called after each scenario (progress). */
  onScenario?: (letter: PatternLetter, result: ScenarioResult) => void;
}

function turnResult(turn: Awaited<ReturnType<typeof playScenario>>['turns'][number]): TurnResult {
  const { result } = turn;
  return result.ok
    ? { message: turn.message, status: result.status, ms: turn.ms, response: result.body.response, trace: result.body.trace, usage: result.body.usage }
    : { message: turn.message, status: result.status, ms: turn.ms, response: `${result.body.error?.code}: ${result.body.error?.message}`, trace: [], usage: null };
}

/** Scenarios grouped by the environment they need, in first-appearance order. */
function byEnvironment(scenarios: readonly Scenario[]): Scenario[][] {
  const groups = new Map<string, Scenario[]>();
  for (const s of scenarios) {
    const key = s.faults ?? '';
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.values()];
}

/** Plays one group of scenarios against one start of the pattern. */
async function runGroup(letter: PatternLetter, group: readonly Scenario[], options: RunOptions): Promise<Map<string, ScenarioResult>> {
  const results = new Map<string, ScenarioResult>();
  const target = await startPatternTarget(letter, { env: { ...options.env, ...scenarioEnv(group[0]!) } });
  try {
    for (const scenario of group) {
      await target.reset();
      const run = await playScenario(target, scenario);
      const result: ScenarioResult = {
        id: scenario.id ?? scenario.name,
        name: scenario.name,
        passed: run.failures.length === 0,
        failures: run.failures,
        turns: run.turns.map(turnResult),
      };
      results.set(scenario.name, result);
      options.onScenario?.(letter, result);
    }
  } finally {
    await target.stop();
  }
  return results;
}

/** Runs `jobs` with at most `limit` in flight; results in job order. */
async function pool<T>(jobs: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}

/**
 * The suite against each pattern. Every (pattern, environment group) is its own start of the
 * pattern, so up to `concurrency` of them run at once; latency figures are then measured under
 * that load, the same for every pattern.
 */
export async function runSuite(letters: readonly PatternLetter[], scenarios: readonly Scenario[], options: RunOptions & { concurrency: number }): Promise<PatternResult[]> {
  const groups = byEnvironment(scenarios);
  // Longest first, so short jobs fill the gaps at the end: big groups, then patterns with more functions.
  const work = letters.flatMap((letter) => groups.map((group) => ({ letter, group, weight: group.length * 10 + patternInfo(letter).functions.length })));
  work.sort((a, b) => b.weight - a.weight);
  const jobs = work.map(({ letter, group }) => async () => ({ letter, results: await runGroup(letter, group, options) }));
  const done = await pool(jobs, options.concurrency);
  return letters.map((letter) => {
    const merged = new Map(done.filter((d) => d.letter === letter).flatMap((d) => [...d.results]));
    return { letter, scenarios: scenarios.map((s) => merged.get(s.name)!) };
  });
}
