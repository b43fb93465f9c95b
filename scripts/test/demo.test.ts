import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { signDevToken } from '../lib/auth/dev-key';
import { builtPatterns } from '../lib/patterns';
import { matrixKeys } from './token-matrix';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEMO = fileURLToPath(new URL('../demo.ts', import.meta.url));
const ECHO = fileURLToPath(new URL('./fixtures/echo-handler.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `pnpm demo ...` as users do (a separate Node process), offline, without a terminal. */
function demo(...args: string[]): Promise<Run> {
  return demoWith({}, ...args);
}

function demoWith(env: Record<string, string>, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', TSX, DEMO, ...args],
      { cwd: ROOT, env: { ...process.env, LLM_MODE: 'offline', NO_COLOR: '1', ...env }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('pnpm demo', () => {
  it('--message --json prints the /chat response body exactly, and exits 0', async () => {
    const run = await demo('--handler', ECHO, '--message', 'Is court B free?', '--json', '--user', 'bob');
    expect(run.code).toBe(0);
    const body = JSON.parse(run.stdout) as Record<string, unknown>; // stdout is the JSON alone
    expect(body).toMatchObject({ pattern: 'x', response: 'You said: Is court B free?', booking: null, mode: 'none' });
    expect(body.seen).toMatchObject({ routeKey: 'POST /chat', user: 'bob', isBase64Encoded: false });
  });

  it('prints a readable turn: answer, booking, numbered trace and usage', async () => {
    const run = await demo('--handler', ECHO, '--message', 'hello');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Assistant: You said: hello');
    expect(run.stdout).toContain('Booking: none');
    expect(run.stdout).toMatch(/^ {2}1\. \[code\] code step: echo$/m);
    expect(run.stdout).toContain('Usage: 0 LLM call(s)');
  });

  it.each([
    [['--pattern', 'z'], 'Unknown pattern "z"'],
    [['--pattern', 'd', '--frobnicate'], "Unknown option '--frobnicate'"],
    [[], 'Missing --pattern'],
    [['--pattern', 'd', '--handler', ECHO], 'either --pattern or --handler'],
  ])('exits 2 with usage for bad arguments %j', async (args, message) => {
    const run = await demo(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('Usage: pnpm demo --pattern');
  });

  const single = builtPatterns().find((l) => ['d', 'a', 'b', 'e', 'f'].includes(l));
  it.skipIf(!single)(`books through a real pattern's Lambda handler offline (pattern ${single ?? 'none built'})`, async () => {
    const run = await demo('--pattern', single!, '--message', 'Book tomorrow at 3pm', '--json', '--user', 'carol');
    expect(run.code).toBe(0);
    const body = JSON.parse(run.stdout) as {
      pattern: string;
      mode: string;
      booking: { user_id: string } | null;
      trace: unknown[];
      usage: { llm_calls: number };
    };
    expect(body.pattern).toBe(single);
    expect(body.mode).toBe('offline');
    expect(body.booking?.user_id).toBe('carol');
    expect(body.usage.llm_calls).toBeGreaterThan(0);
    expect(body.trace.length).toBeGreaterThan(0);
  });

  it.skipIf(!single)('--token: the local authorizer checks it first; the sub books, not --user', async () => {
    const { trusted, trustedFile } = await matrixKeys();
    const env = { JWT_DEV_KEY_FILE: trustedFile };
    const token = await signDevToken(trusted, { user: 'token-tess' });
    const ok = await demoWith(
      env,
      '--pattern',
      single!,
      '--message',
      'Book Court C tomorrow at 20:00',
      '--json',
      '--user',
      'mallory',
      '--token',
      token,
    );
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.stdout) as { booking: { user_id: string } }).booking.user_id).toBe('token-tess');
    const refused = await demoWith(env, '--handler', ECHO, '--message', 'hi', '--json', '--token', `${token.slice(0, -4)}AAAA`);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toEqual({ message: 'Unauthorized' });
    const shown = await demoWith(env, '--handler', ECHO, '--message', 'hi', '--token', 'not-a-jwt');
    expect(shown.stdout).toContain('HTTP 401 Unauthorized (the token is malformed)');
  });

  it.skipIf(!builtPatterns().includes('h'))(
    '--require-confirmation: the turn that would book asks first and shows the pending approval (pattern H)',
    async () => {
      const run = await demo('--pattern', 'h', '--require-confirmation', '--message', 'Book tomorrow at 3pm', '--user', 'dora');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('REQUIRE_CONFIRMATION=true (asks before booking)');
      expect(run.stdout).toMatch(/Assistant: Shall I book Court A on .* at 15:00 for you\? Please answer yes or no\./);
      expect(run.stdout).toContain('Booking: none');
      expect(run.stdout).toMatch(
        /Approval: Court A, \d{4}-\d{2}-\d{2} at 15:00 \(slot \S+_CourtA_1500\) is waiting for your yes or no; nothing is booked yet/,
      );
      const json = await demo('--pattern', 'h', '--require-confirmation', '--message', 'Book tomorrow at 3pm', '--json');
      expect(JSON.parse(json.stdout)).toMatchObject({ booking: null, pending_approval: { court: 'Court A', time: '15:00' } });
    },
    90_000,
  );
});
