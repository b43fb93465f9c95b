/**
 * `pnpm dev h --require-confirmation` as a user runs it (its own Node process, offline model, H's functions
 * in their own processes): the flag reaches the functions, so a booking request asks first and answers
 * with pending_approval, and "yes" on the same session books that slot.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { builtPatterns } from '../lib/patterns';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEV = fileURLToPath(new URL('../dev-server.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

let child: ChildProcess | undefined;
let logs = '';

function startDev(args: string[]): Promise<string> {
  const { PATH, HOME, TMPDIR } = process.env;
  const env = { PATH, HOME, TMPDIR, PORT: '0', LLM_MODE: 'offline', LOG_LEVEL: 'WARN' } as Record<string, string>;
  child = spawn(process.execPath, ['--import', TSX, DEV, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pnpm dev did not start in time:\n${logs}`)), 120_000);
    child!.stdout!.on('data', (chunk: Buffer) => {
      logs += chunk.toString('utf8');
      const found = /Dev server on (http:\/\/\S+)/.exec(logs);
      if (found && logs.includes('Ctrl-C to stop.')) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    });
    child!.stderr!.on('data', (chunk: Buffer) => void (logs += chunk.toString('utf8')));
    child!.once('exit', (code) => reject(new Error(`pnpm dev exited (${code}):\n${logs}`)));
  });
}

afterAll(async () => {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child!.once('exit', resolve));
  child.kill('SIGINT');
  await exited;
});

describe.skipIf(!builtPatterns().includes('h'))('pnpm dev --require-confirmation', () => {
  it('runs the patterns with approval on: the booking turn asks first, "yes" books that slot', async () => {
    const url = await startDev(['h', '--require-confirmation']);
    expect(logs).toContain('REQUIRE_CONFIRMATION=true: a turn that would book asks first');
    const chat = async (body: Record<string, unknown>): Promise<{ session_id: string; pending_approval: { slot_id: string } | null }> =>
      (
        await fetch(`${url}/h/chat`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-user-id': 'dev-dana' },
          body: JSON.stringify(body),
        })
      ).json() as never;
    const asked = await chat({ message: 'Book court B tomorrow at 3pm' });
    expect(asked).toMatchObject({ booking: null, pending_approval: { court: 'Court B', time: '15:00' } });
    const yes = await chat({ message: 'yes', session_id: asked.session_id });
    expect(yes).toMatchObject({ booking: { slot_id: asked.pending_approval?.slot_id, user_id: 'dev-dana' }, pending_approval: null });
  }, 150_000);
});
