/**
 * `AUTH=jwt pnpm dev d c` as a user runs it (its own Node process, offline model): the token matrix
 * against a single-Lambda pattern (D, handler in the server's process) and a multi-Lambda one (C, every
 * function in its own process). Only valid tokens reach a handler: a rejected request's id never shows
 * in any handler log, and its booking never happens. The sub books, whatever X-User-Id says, even with
 * TRUST_USER_ID_HEADER=true in the server's environment.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevToken } from '../lib/auth/dev-key';
import type { PatternLetter } from '../lib/lambdas';
import { builtPatterns } from '../lib/patterns';
import { matrixKeys, tokenMatrix, type Keys } from './token-matrix';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEV = fileURLToPath(new URL('../dev-server.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const LETTERS: PatternLetter[] = ['d', 'c'];
const ready = LETTERS.every((l) => builtPatterns().includes(l));

let child: ChildProcess;
let url = '';
let logs = '';
let keys: Keys & { trustedFile: string };

function startDev(env: Record<string, string>): Promise<string> {
  const { PATH, HOME, TMPDIR } = process.env;
  child = spawn(process.execPath, ['--import', TSX, DEV, ...LETTERS], {
    cwd: ROOT,
    env: { PATH, HOME, TMPDIR, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pnpm dev did not start in time:\n${logs}`)), 150_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      logs += chunk.toString('utf8');
      const found = /Dev server on (http:\/\/\S+)/.exec(logs);
      if (found && logs.includes('Ctrl-C to stop.')) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => void (logs += chunk.toString('utf8')));
    child.once('exit', (code) => reject(new Error(`pnpm dev exited (${code}):\n${logs}`)));
  });
}

beforeAll(async () => {
  if (!ready) return;
  keys = await matrixKeys();
  url = await startDev({
    AUTH: 'jwt',
    JWT_DEV_KEY_FILE: keys.trustedFile,
    PORT: '0',
    LLM_MODE: 'offline',
    OFFLINE_LATENCY_MS: '0',
    LOG_LEVEL: 'INFO',
    TRUST_USER_ID_HEADER: 'true',
  });
}, 180_000);

afterAll(async () => {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(killer);
});

async function chat(letter: PatternLetter, headers: Record<string, string>, body: Record<string, string>) {
  const res = await fetch(`${url}/${letter}/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(90_000),
  });
  return {
    status: res.status,
    requestId: res.headers.get('x-request-id') ?? res.headers.get('apigw-requestid'),
    body: (await res.json()) as any,
  };
}

describe.skipIf(!ready).each(LETTERS)('AUTH=jwt pnpm dev, pattern %s', (letter) => {
  // Each pattern books its own court, so D's and C's bookings never meet.
  const court = letter === 'd' ? 'Court A' : 'Court B';

  it('rejects every bad token with 401 before any handler runs; the first valid one books as its sub', { timeout: 300_000 }, async () => {
    const cases = await tokenMatrix(keys, letter);
    const rejectedIds: string[] = [];
    for (const c of cases.filter((k) => !k.user)) {
      const res = await chat(letter, c.headers, { message: `Book ${court} tomorrow at 10:00` });
      expect(res.status, c.name).toBe(401);
      expect(res.body, c.name).toEqual({ message: 'Unauthorized' });
      rejectedIds.push(res.requestId!);
    }
    // The valid token plus a forged X-User-Id: the slot is still free (no rejected request booked it) and the sub books it.
    const forged = cases.find((c) => c.name === 'valid token plus a forged X-User-Id')!;
    const booked = await chat(letter, forged.headers, { message: `Book ${court} tomorrow at 10:00` });
    expect(booked.status, JSON.stringify(booked.body)).toBe(200);
    expect(booked.body.booking).toMatchObject({ court, time: '10:00', user_id: forged.user });
    expect(logs).toContain(booked.requestId!);
    for (const id of rejectedIds) expect(logs, `request ${id} reached a handler`).not.toContain(id);
    for (const c of cases.filter((k) => k.user)) {
      const res = await chat(letter, c.headers, { message: `Is ${court} free tomorrow at 12:00?` });
      expect(res.status, c.name).toBe(200);
    }
  });

  it('binds the session to the sub: another user cannot continue it, whatever X-User-Id claims', { timeout: 120_000 }, async () => {
    const owner = `owner-${letter}`;
    const alice = { authorization: `Bearer ${await signDevToken(keys.trusted, { user: owner })}` };
    const bob = { authorization: `Bearer ${await signDevToken(keys.trusted, { user: `bob-${letter}` })}`, 'x-user-id': owner };
    const first = await chat(letter, alice, { message: `Is ${court} free tomorrow at 14:00?` });
    expect(first.status).toBe(200);
    const stolen = await chat(letter, bob, { message: 'Book it', session_id: first.body.session_id });
    expect(stolen.status).toBe(404);
    expect(stolen.body.error.code).toBe('session_not_found');
  });

  it('keeps GET /health public', async () => {
    const res = await fetch(`${url}/${letter}/health`);
    expect(res.status).toBe(200);
  });
});
