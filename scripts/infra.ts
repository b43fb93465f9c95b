/**
 * pnpm infra:deploy --pattern d [--no-smoke] [--token T]   build that pattern, synth its stack, terraform init + apply,
 *                                                          then `pnpm smoke` against the new endpoint
 * pnpm infra:destroy --pattern d                           synth its stack, terraform init + destroy
 * Extra arguments after `--` go to terraform (e.g. -- -auto-approve).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { approvalWarning, authWarning, loadInfraSettings } from '../infra/src/settings';
import { bundlePaths, lambdasOf, patternFromArgv, REPO_ROOT, type PatternLetter } from './lib/lambdas';
import { layerPaths } from './lib/layer';

type Action = 'deploy' | 'destroy';

class PrerequisiteError extends Error {}

function run(command: string, args: string[], cwd = REPO_ROOT): void {
  console.log(`\n$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.error) throw new Error(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args[0] ?? ''} failed (exit ${result.status})`);
}

function succeeds(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return !result.error && result.status === 0;
}

function checkPrerequisites(): void {
  if (!succeeds('terraform', ['version'])) {
    throw new PrerequisiteError('terraform is not on PATH. Install Terraform >= 1.5: https://developer.hashicorp.com/terraform/install');
  }
  if (!succeeds('aws', ['sts', 'get-caller-identity'])) {
    throw new PrerequisiteError(
      'No working AWS credentials: `aws sts get-caller-identity` failed (or the AWS CLI is missing).\n' +
        'Configure them (aws configure, aws sso login, or AWS_PROFILE / AWS_ACCESS_KEY_ID) and retry.',
    );
  }
}

function requireBuiltBundles(pattern: PatternLetter): void {
  const missing = lambdasOf(pattern).filter((s) => !existsSync(bundlePaths(s).zip));
  if (missing.length > 0) {
    throw new Error(`Refusing to deploy placeholders: no bundle for ${missing.map((s) => s.name).join(', ')} after the build.`);
  }
  if (!existsSync(layerPaths().zip)) throw new Error(`Refusing to deploy a placeholder layer: no ${layerPaths().zip} after the build.`);
}

interface Args {
  action: Action;
  pattern: PatternLetter;
  terraformArgs: string[];
  smoke: boolean;
  /** Passed to `pnpm smoke --token` (an API behind a JWT authorizer). */
  token?: string;
}

function parseArgs(argv: string[]): Args {
  const [action, ...rest] = argv;
  if (action !== 'deploy' && action !== 'destroy') {
    throw new Error('usage: tsx scripts/infra.ts <deploy|destroy> --pattern <a-h> [--no-smoke] [--token T] [-- terraform args]');
  }
  const dashes = rest.indexOf('--');
  const own = dashes >= 0 ? rest.slice(0, dashes) : rest;
  const pattern = patternFromArgv(own);
  if (!pattern) throw new Error(`--pattern is required: pnpm infra:${action} --pattern d`);
  const tokenAt = own.indexOf('--token');
  const token = tokenAt >= 0 ? own[tokenAt + 1] : undefined;
  if (tokenAt >= 0 && (!token || token.startsWith('--'))) throw new Error('--token needs a value');
  return {
    action,
    pattern,
    terraformArgs: dashes >= 0 ? rest.slice(dashes + 1) : [],
    smoke: !own.includes('--no-smoke'),
    ...(token ? { token } : {}),
  };
}

/** The new stack's endpoint, then `pnpm smoke` against it: the deploy is only reported good once it answers. */
function smokeDeployed(pattern: PatternLetter, stackDir: string, token: string | undefined): void {
  const out = spawnSync('terraform', ['output', '-raw', 'api_endpoint'], { cwd: stackDir, encoding: 'utf8' });
  const url = out.stdout?.trim() ?? '';
  if (out.status !== 0 || !url.startsWith('http')) throw new Error('terraform output has no api_endpoint; cannot run the smoke test.');
  try {
    run('pnpm', ['--silent', 'smoke', '--url', url, '--pattern', pattern, ...(token ? ['--token', token] : [])]);
  } catch {
    throw new Error(
      `Deployed ${url}, but the smoke test failed (above). If the API keys are not set yet, set them (infra/README.md), ` +
        `then re-run: pnpm smoke --pattern ${pattern}`,
    );
  }
}

function main(): void {
  const { action, pattern, terraformArgs, smoke, token } = parseArgs(process.argv.slice(2));
  // Bad settings (AUTH, JWT_ISSUER, ...) fail here, before any build or AWS call.
  const settings = loadInfraSettings();
  const warnings = [authWarning(settings.auth), approvalWarning(pattern, settings)].filter(Boolean);
  if (action === 'deploy') for (const warning of warnings) console.warn(warning);
  checkPrerequisites();
  if (action === 'deploy') {
    run('pnpm', ['build', '--pattern', pattern]);
    requireBuiltBundles(pattern);
  }
  run('pnpm', ['--filter', '@tennis/infra', 'synth', '--', '--pattern', pattern]);
  const stackDir = join(REPO_ROOT, 'infra', 'cdktf.out', 'stacks', `pattern-${pattern}`);
  run('terraform', ['init', '-input=false'], stackDir);
  run('terraform', [action === 'deploy' ? 'apply' : 'destroy', ...terraformArgs], stackDir);
  if (action === 'deploy') {
    run('terraform', ['output', 'api_endpoint'], stackDir);
    if (smoke) smokeDeployed(pattern, stackDir, token);
    else console.log(`\nSmoke test skipped (--no-smoke). Run it any time: pnpm smoke --pattern ${pattern}`);
    console.log(`\nSet the API keys once if not done yet (see infra/README.md).`);
    if (settings.auth.mode !== 'header')
      console.log('POST /chat needs Authorization: Bearer <token>: see "Authenticated endpoints" in infra/README.md.');
  }
}

try {
  main();
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`\n${error instanceof PrerequisiteError ? 'Missing prerequisite: ' : ''}${message}`);
  process.exit(1);
}
