/**
 * `pnpm compare`: the scenario suite against every built pattern (offline by default), one row per
 * pattern on stdout, a Markdown report with a sequence diagram per pattern drawn from a real trace.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, relative } from 'node:path';
import { clubDate, loadSuite, type Scenario } from '../shared/testkit/src/index';
import { loadConfig } from '../shared/runtime/src/config';
import { parseCompareArgs, USAGE, UsageError, type CompareOptions } from './lib/compare/args';
import { progressBar } from './lib/compare/progress';
import { consoleTable, markdownReport } from './lib/compare/report';
import { approvalEffects, approvalJson, runRobustness, scorecard, scorecardJson } from './lib/compare/robustness';
import { robustnessConsoleTable, robustnessMarkdown, robustnessSvg } from './lib/compare/robustness-report';
import { runSuite } from './lib/compare/run';
import { summarise } from './lib/compare/summary';
import { REPO_ROOT, type PatternLetter } from './lib/lambdas';
import { builtPatterns, requireBuilt } from './lib/patterns';

const DIAGRAM_SCENARIO = 'canonical';
const APPROVAL_SCENARIO = 'approval-yes';
/** Pattern starts in flight at once: much of a run is waiting (processes, retries), so more than the cores. */
const CONCURRENCY = 8;
const PROBE_RUNS = 5;

function selectScenarios(all: Scenario[], opts: CompareOptions): Scenario[] {
  const chosen = opts.scenarios ? opts.scenarios.map((id) => all.find((s) => s.id === id) ?? unknownScenario(id, all)) : all;
  // Faults are the offline model's; a live provider cannot be told to fail.
  return opts.live ? chosen.filter((s) => !s.faults) : chosen;
}

function unknownScenario(id: string, all: Scenario[]): never {
  throw new UsageError(`--scenario: no scenario "${id}". Known: ${all.map((s) => s.id).join(', ')}`);
}

function selectPatterns(opts: CompareOptions): PatternLetter[] {
  if (!opts.patterns) return builtPatterns();
  for (const letter of opts.patterns) requireBuilt(letter);
  return opts.patterns;
}

/** The robustness scorecard: every scenario `trials` times per pattern, with the offline model's seeded mistakes. */
async function robustness(
  opts: CompareOptions,
  letters: PatternLetter[],
  suite: Scenario[],
  env: Record<string, string>,
  today: string,
): Promise<number> {
  const run = opts.robustness!;
  let scenarios = suite;
  const started = performance.now();
  // --approval: the scenarios that do not script their own approval replies, without and then with approval.
  if (run.approval) scenarios = scenarios.filter((s) => !s.env?.REQUIRE_CONFIRMATION);
  const progress = progressBar(letters.length * scenarios.length * run.trials * (run.approval ? 2 : 1));
  const play = (extra: Record<string, string>, member?: 'approves-asked-slot') =>
    runRobustness(letters, scenarios, {
      env: { ...env, OFFLINE_MODEL_ERRORS: run.errors, ...extra },
      trials: run.trials,
      seed: run.seed,
      concurrency: CONCURRENCY,
      ...(member ? { member } : {}),
      onTrial: (letter, trial) =>
        progress.tick(`${letter.toUpperCase()}${member ? ' (approval)' : ''}: ${trial.scenario} #${trial.trial + 1}`),
    });
  const without = run.approval ? (await play({ REQUIRE_CONFIRMATION: 'false' })).map(scorecard) : undefined;
  const results = await play(run.approval ? { REQUIRE_CONFIRMATION: 'true' } : {}, run.approval ? 'approves-asked-slot' : undefined);
  progress.done();
  const seconds = (performance.now() - started) / 1000;
  const cards = results.map(scorecard);
  const effects = without ? approvalEffects(without, results, cards) : undefined;
  const mode = opts.live ? 'live' : 'offline';
  console.log(robustnessConsoleTable(cards));
  if (effects)
    console.log(
      `\nWith approval (REQUIRE_CONFIRMATION=true), wrong bookings per pattern: ${effects.map((e) => `${e.letter.toUpperCase()} ${e.without.outcomes.wrong_booking.count} -> ${e.with.outcomes.wrong_booking.count}`).join(', ')}`,
    );
  console.log(
    `\n${letters.length} patterns x ${scenarios.length} scenarios x ${run.trials} trials in ${seconds.toFixed(1)} s (errors: ${run.errors}, seed ${run.seed}, guards ${opts.guards ? 'on' : 'off'})`,
  );
  const chart = `${opts.out.replace(/\.md$/, '')}.svg`;
  mkdirSync(dirname(opts.out), { recursive: true });
  const title = `${mode === 'live' ? 'Live providers' : `Synthetic mistakes: ${run.errors}`}, ${run.trials} trials, seed ${run.seed}, guards ${opts.guards ? 'on' : 'off'}${effects ? ', approval on' : ''}`;
  writeFileSync(chart, robustnessSvg(cards, title));
  const report = {
    mode,
    errors: run.errors,
    trials: run.trials,
    seed: run.seed,
    guards: opts.guards,
    today,
    seconds,
    chartFile: basename(chart),
  } as const;
  writeFileSync(opts.out, robustnessMarkdown(report, cards, results, effects));
  console.log(`Report: ${relative(REPO_ROOT, opts.out) || opts.out} (chart ${relative(REPO_ROOT, chart) || chart})`);
  if (run.json) {
    const figures = {
      ...scorecardJson(cards, { errors: run.errors, seed: run.seed, guards: opts.guards, mode }),
      ...(effects ? { approval: approvalJson(effects) } : {}),
    };
    writeFileSync(run.json, `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`Figures: ${relative(REPO_ROOT, run.json) || run.json}`);
  }
  return 0;
}

async function main(): Promise<number> {
  const opts = parseCompareArgs(process.argv.slice(2));
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  const mode = opts.live ? 'live' : 'offline';
  const env = { LLM_MODE: mode, LOG_LEVEL: 'SILENT', GROUNDING_GUARD: opts.guards ? 'on' : 'off' };
  const config = loadConfig({ ...process.env, ...env });
  const now = new Date().toISOString();
  const scenarios = selectScenarios(loadSuite({ now, timeZone: config.clubTimezone }), opts);
  const letters = selectPatterns(opts);
  if (letters.length === 0) throw new UsageError('No pattern is built yet.');
  if (opts.robustness) return robustness(opts, letters, scenarios, env, clubDate(0, now, config.clubTimezone));

  const progress = progressBar(letters.length * scenarios.length);
  const remaining = new Map(letters.map((l) => [l, scenarios.length]));
  const results = await runSuite(letters, scenarios, {
    env,
    concurrency: CONCURRENCY,
    probeRuns: PROBE_RUNS,
    onScenario: (letter, scenario) => {
      progress.tick(`${letter.toUpperCase()}: ${scenario.id}`);
      if (!scenario.passed) progress.note(`${letter.toUpperCase()} failed "${scenario.id}": ${scenario.failures[0]}`);
      remaining.set(letter, remaining.get(letter)! - 1);
      if (remaining.get(letter) === 0) progress.note(`${letter.toUpperCase()}: done`);
    },
  });
  progress.done();

  const summaries = results.map(summarise);
  console.log(consoleTable(summaries));
  const report = markdownReport({
    mode,
    today: clubDate(0, now, config.clubTimezone),
    results,
    summaries,
    diagramScenario: DIAGRAM_SCENARIO,
    approvalScenario: APPROVAL_SCENARIO,
  });
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, report);
  console.log(`\nReport: ${relative(REPO_ROOT, opts.out) || opts.out}`);
  return summaries.every((s) => s.passed === s.total) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) console.error(`${err.message}\n\n${USAGE}`);
    else console.error(err instanceof Error ? err.message : String(err));
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);
