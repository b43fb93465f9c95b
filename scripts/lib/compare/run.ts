/**
 * Plays the scenario suite against one pattern. Scenarios that need a different environment (offline-model
 * faults, whose counters live in each process, or settings such as REQUIRE_CONFIRMATION) get their own start
 * of the pattern, the others share one;
 * the bookings table is emptied before every scenario.
 */
import type { Usage } from '../../../shared/runtime/src/trace';
import { playScenario, scenarioEnv, type Scenario } from '../../../shared/testkit/src/index';
import type { TraceEventLike } from '../../playground/sequence';
import type { PatternLetter } from '../lambdas';
import { patternInfo } from '../patterns';
import { pool } from './pool';
import { startPatternTarget, type PatternTarget } from './target';

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
  /** Turn times of the latency probe, measured one pattern at a time (empty without a fault-free scenario). */
  latencyMs: number[];
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
    ? {
        message: turn.message,
        status: result.status,
        ms: turn.ms,
        response: result.body.response,
        trace: result.body.trace,
        usage: result.body.usage,
      }
    : {
        message: turn.message,
        status: result.status,
        ms: turn.ms,
        response: `${result.body.error?.code}: ${result.body.error?.message}`,
        trace: [],
        usage: null,
      };
}

/** Scenarios grouped by the environment they need (faults and env, e.g. REQUIRE_CONFIRMATION), in first-appearance order. */
export function byEnvironment(scenarios: readonly Scenario[]): Scenario[][] {
  const groups = new Map<string, Scenario[]>();
  for (const s of scenarios) {
    // Faults and any other environment a scenario needs (e.g. REQUIRE_CONFIRMATION for the approval scenarios).
    const key = JSON.stringify(Object.entries(scenarioEnv(s)).sort());
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.values()];
}

/** Plays one group of scenarios against one start of the pattern. */
async function playAndRecord(target: PatternTarget, scenario: Scenario): Promise<ScenarioResult> {
  await target.reset();
  const run = await playScenario(target, scenario);
  return {
    id: scenario.id ?? scenario.name,
    name: scenario.name,
    passed: run.failures.length === 0,
    failures: run.failures,
    turns: run.turns.map(turnResult),
  };
}

interface GroupRun {
  letter: PatternLetter;
  results: Map<string, ScenarioResult>;
  /** Left running for the latency probe (the fault-free group only). */
  target?: PatternTarget;
}

/** Plays one group of scenarios against one start of the pattern; stops it unless `keep`. */
async function runGroup(letter: PatternLetter, group: readonly Scenario[], options: RunOptions, keep: boolean): Promise<GroupRun> {
  const results = new Map<string, ScenarioResult>();
  const target = await startPatternTarget(letter, { env: { ...options.env, ...scenarioEnv(group[0]!) } });
  try {
    for (const scenario of group) {
      const result = await playAndRecord(target, scenario);
      results.set(scenario.name, result);
      options.onScenario?.(letter, result);
    }
  } catch (err) {
    await target.stop();
    throw err;
  }
  if (keep) return { letter, results, target };
  await target.stop();
  return { letter, results };
}

/** Wall-clock times of the probe scenario's turns, played `runs` times. */
async function probeLatency(target: PatternTarget, scenario: Scenario, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(...(await playAndRecord(target, scenario)).turns.map((t) => t.ms));
  return times;
}

export interface SuiteOptions extends RunOptions {
  /** Pattern starts in flight at once. */
  concurrency: number;
  /** Times the latency probe (the first fault-free scenario) is replayed per pattern. */
  probeRuns: number;
}

/**
 * The suite against each pattern. Every (pattern, environment group) is its own start of the
 * pattern, and up to `concurrency` run at once, so the suite's own timings include that load.
 * Latency is therefore measured afterwards, one pattern at a time: the first fault-free scenario
 * replayed `probeRuns` times against the pattern's still-running fault-free start.
 */
export async function runSuite(
  letters: readonly PatternLetter[],
  scenarios: readonly Scenario[],
  options: SuiteOptions,
): Promise<PatternResult[]> {
  const groups = byEnvironment(scenarios);
  const probe = scenarios.find((s) => Object.keys(scenarioEnv(s)).length === 0);
  // Longest first, so short jobs fill the gaps at the end: big groups, then patterns with more functions.
  const work = letters.flatMap((letter) =>
    groups.map((group) => ({ letter, group, weight: group.length * 10 + patternInfo(letter).functions.length })),
  );
  work.sort((a, b) => b.weight - a.weight);
  const jobs = work.map(
    ({ letter, group }) =>
      () =>
        runGroup(letter, group, options, probe !== undefined && group.includes(probe)),
  );
  const done = await pool(jobs, options.concurrency);
  const latency = new Map<PatternLetter, number[]>();
  try {
    for (const run of done) if (run.target && probe) latency.set(run.letter, await probeLatency(run.target, probe, options.probeRuns));
  } finally {
    await Promise.all(done.map((run) => run.target?.stop()));
  }
  return letters.map((letter) => {
    const merged = new Map(done.filter((d) => d.letter === letter).flatMap((d) => [...d.results]));
    return { letter, scenarios: scenarios.map((s) => merged.get(s.name)!), latencyMs: latency.get(letter) ?? [] };
  });
}
