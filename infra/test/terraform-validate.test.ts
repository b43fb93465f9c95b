/**
 * A real `terraform validate` of every synthesized stack, fully offline: the AWS provider comes from
 * the filesystem mirror named by TF_PROVIDER_MIRROR (set by .ci/run), never from a registry.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATTERNS, type PatternLetter } from '../../scripts/lib/lambdas';
import { synthAll, type SynthResult } from './helpers/synth';

const run = promisify(execFile);
const mirror = process.env.TF_PROVIDER_MIRROR;

async function terraformOnPath(): Promise<boolean> {
  try {
    await run('terraform', ['version'], { env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
    return true;
  } catch {
    return false;
  }
}

/** An empty CLI config: no credentials helpers, no network mirrors, no plugin cache from the machine. */
function offlineEnv(dir: string): NodeJS.ProcessEnv {
  const config = join(dir, 'terraformrc');
  writeFileSync(config, '');
  return { ...process.env, TF_CLI_CONFIG_FILE: config, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_PLUGIN_CACHE_DIR: '' };
}

async function validate(synth: SynthResult, pattern: PatternLetter): Promise<{ valid: boolean; diagnostics: unknown[] }> {
  const dir = mkdtempSync(join(tmpdir(), `tf-validate-${pattern}-`));
  cpSync(synth.stackDir(pattern), dir, { recursive: true });
  const options = { cwd: dir, env: offlineEnv(dir), maxBuffer: 10 * 1024 * 1024 };
  try {
    await run('terraform', ['init', '-backend=false', '-input=false', '-no-color', `-plugin-dir=${mirror}`], options);
    return JSON.parse((await run('terraform', ['validate', '-json', '-no-color'], options).catch(validateVerdict)).stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** validate exits 1 on an invalid config but still prints its JSON verdict on stdout. */
function validateVerdict(error: { stdout?: string }): { stdout: string } {
  if (!error.stdout) throw error;
  return { stdout: error.stdout };
}

const hasTerraform = await terraformOnPath();
const skipReason = !mirror
  ? 'TF_PROVIDER_MIRROR is not set (the filesystem mirror of the AWS provider; .ci/run sets it)'
  : !existsSync(join(mirror, 'registry.terraform.io', 'hashicorp', 'aws'))
    ? `TF_PROVIDER_MIRROR=${mirror} holds no registry.terraform.io/hashicorp/aws`
    : !hasTerraform
      ? 'terraform is not on PATH'
      : undefined;

describe('terraform validate (offline, provider from TF_PROVIDER_MIRROR)', () => {
  if (skipReason) {
    it.skip(`skipped: ${skipReason}`, () => {});
    return;
  }
  let synth: SynthResult;
  /** Stacks behind a JWT authorizer (AUTH=cognito and AUTH=jwt); the authorizer is the same on every pattern. */
  const authSynths = new Map<string, SynthResult>();
  /** REQUIRE_CONFIRMATION=true: the entry functions' environment says so. */
  let approving: SynthResult;
  beforeAll(() => {
    synth = synthAll();
    approving = synthAll({ requireConfirmation: true });
    authSynths.set('cognito', synthAll({ auth: { mode: 'cognito' }, trustUserIdHeader: false }));
    authSynths.set(
      'jwt',
      synthAll({
        auth: { mode: 'jwt', issuer: 'https://login.example.com/tenant-1/', audience: ['tennis-api'] },
        trustUserIdHeader: false,
      }),
    );
  });
  afterAll(() => {
    synth?.dispose();
    approving?.dispose();
    for (const s of authSynths.values()) s.dispose();
  });

  it.each(PATTERNS)('pattern-%s is valid', { timeout: 120_000 }, async (pattern) => {
    const result = await validate(synth, pattern);
    expect(result.diagnostics).toEqual([]);
    expect(result.valid).toBe(true);
  });

  const AUTH_CASES = ['cognito', 'jwt'].flatMap((mode) => (['d', 'c'] as const).map((pattern) => ({ mode, pattern })));
  it.each(AUTH_CASES)('AUTH=$mode pattern-$pattern is valid', { timeout: 120_000 }, async ({ mode, pattern }) => {
    const result = await validate(authSynths.get(mode)!, pattern);
    expect(result.diagnostics).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it.each(['h', 'g'] as const)('REQUIRE_CONFIRMATION=true pattern-%s is valid', { timeout: 120_000 }, async (pattern) => {
    const result = await validate(approving, pattern);
    expect(result.diagnostics).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
