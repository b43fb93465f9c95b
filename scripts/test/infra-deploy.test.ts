/**
 * `pnpm infra:deploy` ends with `pnpm smoke` against the endpoint Terraform reports, unless --no-smoke;
 * `pnpm smoke --pattern d` alone reads that endpoint from the deployed stack's terraform output.
 * Terraform and the AWS CLI are stand-in scripts on PATH (no AWS here); the build, the synth and the
 * smoke test are real, and the "deployed" endpoint is pattern D on the dev server.
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../lib/dev-server';
import { REPO_ROOT } from '../lib/lambdas';
import { hostPatterns, type PatternHost } from '../lib/pattern-host';

const bin = mkdtempSync(join(tmpdir(), 'infra-deploy-bin-'));
const terraformLog = join(bin, 'terraform.log');
let host: PatternHost;
let server: DevServer;
const saved = { LLM_MODE: process.env.LLM_MODE, LOG_LEVEL: process.env.LOG_LEVEL };

function script(name: string, body: string): void {
  writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
  chmodSync(join(bin, name), 0o755);
}

async function pnpm(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)('pnpm', ['--silent', ...args], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 170_000,
      env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH}`, FAKE_API_URL: `${server.url}/d` },
    });
    return { code: 0, out: `${stdout}${stderr}` };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

beforeAll(async () => {
  script('aws', 'exit 0');
  // `output -raw api_endpoint` is what the smoke step reads; everything else only succeeds.
  script(
    'terraform',
    `echo "$@" >> '${terraformLog}'\nif [ "$1" = output ]; then [ "$2" = -raw ] && printf '%s' "$FAKE_API_URL" || echo "\\"$FAKE_API_URL\\""; fi\nexit 0`,
  );
  process.env.LLM_MODE = 'offline';
  process.env.LOG_LEVEL = 'SILENT';
  host = await hostPatterns(['d'], () => {});
  server = await startDevServer({ patterns: host.patterns, port: 0, log: () => {} });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await host?.stop();
  for (const [k, v] of Object.entries(saved)) v === undefined ? delete process.env[k] : (process.env[k] = v);
  rmSync(bin, { recursive: true, force: true });
});

describe('pnpm infra:deploy', () => {
  it('builds, synthesizes, applies, then smoke-tests the deployed endpoint', async () => {
    const run = await pnpm('infra:deploy', '--pattern', 'd', '--', '-auto-approve');
    expect(run.out).toContain(`Smoke test of ${server.url}/d`);
    expect(run.out).toContain('Smoke test passed: 4/4 checks passed.');
    expect(run.code).toBe(0);
    expect(readFileSync(terraformLog, 'utf8')).toMatch(
      /^init -input=false\napply -auto-approve\noutput api_endpoint\noutput -raw api_endpoint\n/m,
    );
  }, 180_000);

  it('skips the smoke test with --no-smoke, and says how to run it', async () => {
    const run = await pnpm('infra:deploy', '--pattern', 'd', '--no-smoke', '--', '-auto-approve');
    expect(run.code).toBe(0);
    expect(run.out).not.toContain('Smoke test of');
    expect(run.out).toContain('Smoke test skipped (--no-smoke). Run it any time: pnpm smoke --pattern d');
  }, 180_000);

  it("pnpm smoke without --url smoke-tests the endpoint in the stack's terraform output", async () => {
    const run = await pnpm('smoke', '--pattern', 'd');
    expect(run.out).toContain(`Endpoint of pattern-d from terraform output: ${server.url}/d`);
    expect(run.out).toContain('Smoke test passed: 4/4 checks passed.');
    expect(run.code).toBe(0);
  }, 60_000);
});
