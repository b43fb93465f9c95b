/**
 * `pnpm smoke` as a user runs it: against `pnpm dev` (all eight patterns behind the dev server, the offline
 * model, multi-Lambda patterns in their own processes), and against URLs it must refuse fast and clearly.
 */
import { execFile } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../lib/dev-server';
import { PATTERNS, REPO_ROOT } from '../lib/lambdas';
import { hostPatterns, type PatternHost } from '../lib/pattern-host';
import { jwtSubject, smokeSlot } from '../lib/smoke';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function smoke(...args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)('pnpm', ['--silent', 'smoke', ...args], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** A local HTTP server answering every request with `reply`; records the request headers. */
async function stub(
  reply: (headers: IncomingHttpHeaders) => { status: number; type: string; body: string },
): Promise<{ url: string; seen: IncomingHttpHeaders[]; close(): Promise<void> }> {
  const seen: IncomingHttpHeaders[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(req.headers);
    const r = reply(req.headers);
    res.writeHead(r.status, { 'content-type': r.type }).end(r.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * A stand-in for a deployed pattern behind a JWT authorizer that always books for `user`: health, an
 * answer listing afternoon times, and a booking of the asked hour on the day the smoke test asks for.
 */
async function fakeApi(user: string): Promise<{ url: string; authorizations: string[]; close(): Promise<void> }> {
  const authorizations: string[] = [];
  const server = createServer((req, res) => {
    authorizations.push(req.headers.authorization ?? '');
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const json = (body: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.url === '/health') return json({ status: 'ok', pattern: 'd' });
      const { message, session_id } = JSON.parse(raw) as { message: string; session_id?: string };
      const time = /^(\d\d:00) please$/.exec(message)?.[1];
      const booking = time && session_id ? { date: smokeSlot(new Date(), 9).date, time, court: 'Court A', user_id: user } : null;
      json({ session_id: session_id ?? 's_1', response: booking ? `Booked ${time}.` : 'Free: 13:00, 14:00. Which time?', booking });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, authorizations, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const noStackTrace = (run: Run) => expect(`${run.stdout}${run.stderr}`).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);

describe('pnpm smoke against pnpm dev', () => {
  let host: PatternHost;
  let server: DevServer;
  const saved = { LLM_MODE: process.env.LLM_MODE, LOG_LEVEL: process.env.LOG_LEVEL };

  beforeAll(async () => {
    process.env.LLM_MODE = 'offline';
    process.env.LOG_LEVEL = 'SILENT';
    host = await hostPatterns([...PATTERNS], () => {});
    server = await startDevServer({ patterns: host.patterns, port: 0, log: () => {} });
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await host?.stop();
    for (const [k, v] of Object.entries(saved)) v === undefined ? delete process.env[k] : (process.env[k] = v);
  });

  it.each(PATTERNS)(
    'passes every check on pattern %s',
    async (letter) => {
      const run = await smoke('--url', `${server.url}/${letter}`, '--pattern', letter);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/It books a real court: .+ at \d\d:00, any court, as test user smoke-[0-9a-f]{8}\./);
      for (const check of ['health', 'availability', 'booking \\(2 turns\\)', 'identity']) {
        expect(run.stdout).toMatch(new RegExp(`^PASS  ${check} +\\d+ ms  `, 'm'));
      }
      expect(run.stdout).toContain('Smoke test passed: 4/4 checks passed.');
    },
    120_000,
  );

  it('fails (exit 1, no booking attempted) when the URL serves another pattern than --pattern', async () => {
    const run = await smoke('--url', `${server.url}/d`, '--pattern', 'h');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^FAIL {2}health .* this API serves pattern D, not H$/m);
    expect(run.stdout).not.toContain('availability');
  }, 60_000);

  it('says "not this product" for the dev server root, and how to name a pattern', async () => {
    const run = await smoke('--url', server.url);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Smoke test stopped (not-this-product)');
    expect(run.stderr).toContain('add the pattern letter to the URL');
    noStackTrace(run);
  }, 60_000);
});

describe('pnpm smoke refuses bad targets fast, saying which', () => {
  it('an unreachable URL', async () => {
    const closed = await stub(() => ({ status: 200, type: 'text/plain', body: '' }));
    await closed.close();
    const run = await smoke('--url', `${closed.url}/d`);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Smoke test stopped (unreachable): Cannot reach ${closed.url}/d/health: connection refused`);
    noStackTrace(run);
  }, 60_000);

  it('a URL that is not this product', async () => {
    const site = await stub(() => ({ status: 200, type: 'text/html', body: '<html><body>Welcome to my blog</body></html>' }));
    try {
      const run = await smoke('--url', site.url);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`Smoke test stopped (not-this-product): ${site.url} is not a tennis-booking pattern API`);
      expect(run.stderr).toContain('Welcome to my blog');
      noStackTrace(run);
    } finally {
      await site.close();
    }
  }, 60_000);

  it('a wrong token (sent as Authorization: Bearer), and a missing one', async () => {
    // What an API Gateway JWT authorizer answers for a bad or absent token.
    const api = await stub(() => ({ status: 401, type: 'application/json', body: '{"message":"Unauthorized"}' }));
    try {
      const wrong = await smoke('--url', api.url, '--token', 'not-a-valid-token');
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toContain('Smoke test stopped (auth): The API refused the token (HTTP 401 on GET /health)');
      expect(api.seen[0]?.authorization).toBe('Bearer not-a-valid-token');
      noStackTrace(wrong);
      const missing = await smoke('--url', api.url);
      expect(missing.stderr).toContain('Smoke test stopped (auth): The API needs a token (HTTP 401 on GET /health)');
      expect(api.seen[1]?.authorization).toBeUndefined();
    } finally {
      await api.close();
    }
  }, 60_000);

  it("with a JWT, books as the token's subject and sends the token on every request", async () => {
    const api = await fakeApi('user-42');
    try {
      const jwt = (sub: string) => `e30.${Buffer.from(JSON.stringify({ sub })).toString('base64url')}.sig`;
      const good = await smoke('--url', api.url, '--token', jwt('user-42'));
      expect(good.stdout).toContain('as user-42.');
      expect(good.stdout).toMatch(/^PASS {2}identity .* booked for user-42, the token's user$/m);
      expect(good.code).toBe(0);
      expect(api.authorizations.length).toBeGreaterThanOrEqual(4);
      expect(new Set(api.authorizations)).toEqual(new Set([`Bearer ${jwt('user-42')}`]));
      const other = await smoke('--url', api.url, '--token', jwt('someone-else'));
      expect(other.code).toBe(1);
      expect(other.stdout).toMatch(/^FAIL {2}identity .* booked for "user-42", not for the token's user "someone-else"$/m);
    } finally {
      await api.close();
    }
  }, 60_000);

  it('bad arguments, with the usage', async () => {
    for (const args of [['--url', 'not a url'], ['--token'], ['--pattern', 'z'], ['--colour', 'red']]) {
      const run = await smoke(...args);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  }, 60_000);
});

describe('smoke helpers', () => {
  it('books 12 days ahead, with the date written out', () => {
    expect(smokeSlot(new Date('2026-12-20T23:30:00Z'), 9)).toEqual({ date: '2027-01-01', spoken: '1 January 2027', time: '09:00' });
  });

  it("reads a JWT's subject (the identity the API books for) and nothing from other tokens", () => {
    const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
    expect(jwtSubject(jwt({ sub: 'user-42' }))).toBe('user-42');
    expect(jwtSubject(jwt({}))).toBeUndefined();
    expect(jwtSubject('opaque-token')).toBeUndefined();
  });
});
