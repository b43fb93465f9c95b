/** `pnpm compare` flags. */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { parseModelErrors, parseModelSeed } from '../../../shared/offline-model/src/model-errors';
import { parsePatternLetter, REPO_ROOT, type PatternLetter } from '../lambdas';

export const DEFAULT_REPORT = join(REPO_ROOT, 'scripts', 'compare-report.md');
export const DEFAULT_ROBUSTNESS_REPORT = join(REPO_ROOT, 'scripts', 'robustness-report.md');

export const USAGE = `Usage: pnpm compare [--pattern a,d] [--scenario canonical,past-date] [--live] [--out file.md]
       pnpm compare --errors <profile|spec> [--trials N] [--seed S] [--no-guards] [--json file.json] [...]

Runs the scenario suite (shared/testkit/scenarios/suite.json) against every built pattern and prints
one row per pattern. Writes a Markdown report with a sequence diagram per pattern (default
scripts/compare-report.md).
  --pattern   only these patterns (comma separated letters)
  --scenario  only these scenario ids
  --live      against the live providers (needs API keys; fault scenarios are skipped)
  --out       where to write the report

Robustness scorecard (--errors, or --trials above 1): every scenario N times per pattern while the
offline model makes seeded mistakes; each turn judged against the store. Prints pass^1, pass^k and the
rate of wrong bookings, missed bookings, false claims and unhandled errors per pattern (default report
scripts/robustness-report.md, with an SVG chart beside it).
  --errors    none, realistic, harsh, or mode:rate=R entries separated by ";" (OFFLINE_MODEL_ERRORS)
  --trials    trials per scenario (default 1; pass^k uses k = trials)
  --seed      seed of the mistakes (default 1); the same seed gives the same figures
  --no-guards turn the grounding guard off (GROUNDING_GUARD=off) to see each pattern's raw behaviour
  --json      also write the figures per pattern as JSON
  --approval  run every scenario twice, without and with REQUIRE_CONFIRMATION=true; with it, a simulated
              member says yes only to the slot the turn asked for (no to anything else); reports how much
              approval cuts wrong bookings per pattern (the approval-* scenarios, which script their own
              replies, are left out)
  With --live, the same figures come from real providers (no synthetic mistakes: leave --errors out).`;

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface CompareOptions {
  /** Undefined: every built pattern. */
  patterns?: PatternLetter[];
  scenarios?: string[];
  live: boolean;
  out: string;
  help: boolean;
  /** The robustness scorecard's settings; undefined for a plain compare run. */
  robustness?: { errors: string; trials: number; seed: number; json?: string; approval: boolean };
  /** false with --no-guards. */
  guards: boolean;
}

function positiveInt(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 1000)
    throw new UsageError(`${flag}: expected a whole number from 1 to 1000, got "${value}"`);
  return Number(value);
}

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) throw new UsageError('expected a comma-separated list');
  return items;
}

export function parseCompareArgs(argv: readonly string[]): CompareOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        pattern: { type: 'string', short: 'p' },
        scenario: { type: 'string', short: 's' },
        live: { type: 'boolean', default: false },
        out: { type: 'string', short: 'o' },
        help: { type: 'boolean', short: 'h', default: false },
        errors: { type: 'string' },
        trials: { type: 'string' },
        seed: { type: 'string' },
        json: { type: 'string' },
        'no-guards': { type: 'boolean', default: false },
        approval: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  let patterns: PatternLetter[] | undefined;
  try {
    patterns = list(values.pattern)?.map(parsePatternLetter);
  } catch (err) {
    throw new UsageError(`--pattern: ${err instanceof Error ? err.message : String(err)}`);
  }
  const scenarios = list(values.scenario);
  const robustness = robustnessOptions(values);
  return {
    ...(patterns ? { patterns } : {}),
    ...(scenarios ? { scenarios } : {}),
    live: values.live,
    out: values.out ?? (robustness ? DEFAULT_ROBUSTNESS_REPORT : DEFAULT_REPORT),
    help: values.help,
    ...(robustness ? { robustness } : {}),
    guards: !values['no-guards'],
  };
}

interface RobustnessFlags {
  errors?: string | undefined;
  trials?: string | undefined;
  seed?: string | undefined;
  json?: string | undefined;
  live?: boolean | undefined;
  approval?: boolean | undefined;
}

/** --errors, --trials, --seed, --json: checked here so a bad value stops the run before anything starts. */
function robustnessOptions(values: RobustnessFlags): CompareOptions['robustness'] {
  const trials = positiveInt('--trials', values.trials, 1);
  const approval = values.approval === true;
  if (values.errors === undefined && trials === 1 && values.seed === undefined && values.json === undefined && !approval) return undefined;
  const errors = values.errors ?? 'none';
  try {
    parseModelErrors(errors);
  } catch (err) {
    throw new UsageError(`--errors: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (values.live && errors !== 'none')
    throw new UsageError(
      "--errors: synthetic mistakes are the offline model's; with --live, leave --errors out (real models make their own).",
    );
  let seed = 1;
  try {
    if (values.seed !== undefined) seed = parseModelSeed(values.seed);
  } catch {
    throw new UsageError(`--seed: expected a whole number from 0 to 4294967295, got "${values.seed}"`);
  }
  return { errors, trials, seed, approval, ...(values.json ? { json: values.json } : {}) };
}
