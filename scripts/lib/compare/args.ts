/** `pnpm compare` flags. */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { parsePatternLetter, REPO_ROOT, type PatternLetter } from '../lambdas';

export const DEFAULT_REPORT = join(REPO_ROOT, 'scripts', 'compare-report.md');

export const USAGE = `Usage: pnpm compare [--pattern a,d] [--scenario canonical,past-date] [--live] [--out file.md]

Runs the scenario suite (shared/testkit/scenarios/suite.json) against every built pattern and prints
one row per pattern. Writes a Markdown report with a sequence diagram per pattern (default
scripts/compare-report.md).
  --pattern   only these patterns (comma separated letters)
  --scenario  only these scenario ids
  --live      against the live providers (needs API keys; fault scenarios are skipped)
  --out       where to write the report`;

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
}

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
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
  return {
    ...(patterns ? { patterns } : {}),
    ...(scenarios ? { scenarios } : {}),
    live: values.live,
    out: values.out ?? DEFAULT_REPORT,
    help: values.help,
  };
}
