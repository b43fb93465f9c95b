import { describe, expect, it } from 'vitest';
import http from 'node:http';

describe('no-network guard (test setup)', () => {
  it('refuses a connection to a non-loopback address', async () => {
    // Not port 9: fetch refuses "bad ports" itself, before any socket, which would prove nothing.
    await expect(fetch('http://192.0.2.1:8080/')).rejects.toThrow();
    const blocked = (globalThis as { __blockedConnections?: string[] }).__blockedConnections ?? [];
    expect(blocked).toContain('192.0.2.1');
  });

  it('allows loopback', async () => {
    const server = http.createServer((_req, res) => res.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    const res = await fetch(`http://127.0.0.1:${port}/`);
    expect(await res.text()).toBe('ok');
    server.close();
  });
});
