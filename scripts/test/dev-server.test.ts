import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortInUseError, startDevServer, type DevServer, MAX_REQUEST_BYTES } from '../lib/dev-server';
import { hostHandlerModule } from '../lib/pattern-host';

const ECHO = fileURLToPath(new URL('./fixtures/echo-handler.ts', import.meta.url));

let server: DevServer;
const logLines: string[] = [];

beforeAll(async () => {
  const echo = await hostHandlerModule('x', 'Echo test pattern', ECHO);
  server = await startDevServer({ patterns: [echo], port: 0, log: (line) => logLines.push(line) });
});

afterAll(async () => {
  await server?.close();
});

const chat = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/x/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('dev server', () => {
  it('serves /<letter>/health through the pattern handler', async () => {
    const res = await fetch(`${server.url}/x/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', pattern: 'x' });
  });

  it('turns POST /<letter>/chat into an API Gateway v2 event for the handler', async () => {
    const res = await chat({ message: 'Book tomorrow at 3pm' }, { 'X-User-Id': 'alice' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ pattern: 'x', response: 'You said: Book tomorrow at 3pm', booking: null });
    expect(body.seen).toEqual({ routeKey: 'POST /chat', user: 'alice', isBase64Encoded: false, contentType: 'application/json' });
    expect(body.request_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("passes the handler's own status through (405 for GET /chat)", async () => {
    const res = await fetch(`${server.url}/x/chat`);
    expect(res.status).toBe(405);
  });

  it('answers 404 naming the served patterns for an unknown pattern', async () => {
    const res = await fetch(`${server.url}/q/chat`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('Patterns: x');
  });

  it('serves a text page at / and refuses other methods there with 405', async () => {
    const home = await fetch(`${server.url}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain(`curl ${server.url}/x/health`);
    const post = await fetch(`${server.url}/`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('refuses a body over the hard cap with 413 before handing it to the handler', async () => {
    const res = await chat({ message: 'x'.repeat(MAX_REQUEST_BYTES) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });

  it('logs one readable line per request: method path status ms pattern', () => {
    expect(logLines).toContainEqual(expect.stringMatching(/^GET \/x\/health 200 \d+ ms x$/));
    expect(logLines).toContainEqual(expect.stringMatching(/^POST \/q\/chat 404 \d+ ms q$/));
  });

  it('reports a taken port clearly', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const attempt = startDevServer({ patterns: [], port });
      await expect(attempt).rejects.toBeInstanceOf(PortInUseError);
      await expect(attempt).rejects.toThrow(`Port ${port} on 127.0.0.1 is already in use`);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
