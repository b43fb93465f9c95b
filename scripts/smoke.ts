/**
 * pnpm smoke --url <api endpoint> [--pattern x] [--token T]
 * pnpm smoke --pattern x                      (the endpoint from that stack's `terraform output`)
 * Checks a running API end to end: health, an availability question, a two-turn booking of a slot 12 days
 * ahead (a real booking, for a fresh test user id) and an identity check. Prints pass or fail per check
 * with its response time; exits 1 on any failure. Works against a deployed stack and against `pnpm dev`
 * (http://127.0.0.1:3000/<letter>).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { patternFromArgv, REPO_ROOT, type PatternLetter } from './lib/lambdas';
import { runSmoke, SmokeStop } from './lib/smoke';

const USAGE =
  'usage: pnpm smoke --url <api endpoint> [--pattern a-h] [--token <jwt>]   (or --pattern x alone: the URL from terraform output)';

class UsageError extends Error {}

function option(argv: readonly string[], name: string): string | undefined {
  const inline = argv.find((a) => a.startsWith(`${name}=`));
  if (inline) return inline.slice(name.length + 1);
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  const value = argv[i + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value. ${USAGE}`);
  return value;
}

/** The deployed stack's endpoint, as `pnpm infra:deploy` left it in local Terraform state. */
export function terraformEndpoint(pattern: PatternLetter): string {
  const stackDir = join(REPO_ROOT, 'infra', 'cdktf.out', 'stacks', `pattern-${pattern}`);
  if (!existsSync(stackDir))
    throw new UsageError(`No synthesized stack in ${stackDir}: deploy it first (pnpm infra:deploy --pattern ${pattern}) or pass --url.`);
  const out = spawnSync('terraform', ['output', '-raw', 'api_endpoint'], { cwd: stackDir, encoding: 'utf8' });
  if (out.error) throw new UsageError(`terraform could not start (${out.error.message}): install it, or pass --url.`);
  if (out.status !== 0 || !out.stdout.trim().startsWith('http')) {
    throw new UsageError(
      `terraform output has no api_endpoint for pattern-${pattern} (is it deployed?): ${out.stderr.trim().split('\n')[0] ?? ''} Pass --url instead.`,
    );
  }
  return out.stdout.trim();
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2).filter((a) => a !== '--');
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const known = new Set(['--url', '--pattern', '-p', '--token']);
  const unknown = argv.filter((a, i) => a.startsWith('-') && !known.has(a.split('=')[0]!) && !known.has(argv[i - 1] ?? ''));
  if (unknown.length > 0) throw new UsageError(`Unknown option ${unknown[0]}. ${USAGE}`);
  const pattern = patternFromArgv(argv);
  const token = option(argv, '--token');
  let url = option(argv, '--url');
  if (!url) {
    if (!pattern) throw new UsageError(`Pass --url, or --pattern to read the endpoint from terraform output. ${USAGE}`);
    url = terraformEndpoint(pattern);
    console.log(`Endpoint of pattern-${pattern} from terraform output: ${url}`);
  }
  const report = await runSmoke({ url, ...(pattern ? { pattern } : {}), ...(token ? { token } : {}) });
  return report.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof SmokeStop) console.error(`\nSmoke test stopped (${error.reason}): ${error.message}`);
    else console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
