/**
 * Loaded before every test file (vitest setupFiles): any attempt to open a socket to a
 * non-loopback address fails the test loudly. The whole suite must run with no network,
 * so a test that silently reached a real provider (or AWS) is a bug this guard exposes.
 */
import net from 'node:net';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost|0\.0\.0\.0)$/i;

export class NetworkBlockedError extends Error {
  constructor(target: string) {
    super(`Network access blocked in tests: tried to connect to ${target}. Tests may only reach loopback.`);
    this.name = 'NetworkBlockedError';
  }
}

function targetOf(args: unknown[]): { host?: string; path?: string } {
  const [a, b] = args;
  if (Array.isArray(a)) return targetOf(a); // internal normalized form: [options, cb]
  if (a && typeof a === 'object') {
    const o = a as { host?: string; path?: string };
    return { host: o.host ?? (o.path ? undefined : 'localhost'), path: o.path };
  }
  if (typeof a === 'number') return { host: typeof b === 'string' ? b : 'localhost' };
  if (typeof a === 'string') return { path: a }; // unix socket path
  return {};
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function patchedConnect(this: net.Socket, ...args: unknown[]) {
  const { host, path } = targetOf(args);
  if (!path && host !== undefined && !LOOPBACK.test(host)) {
    const err = new NetworkBlockedError(host);
    // Fail the connection asynchronously, like a real network error, and make the cause obvious.
    process.nextTick(() => this.destroy(err));
    (globalThis as { __blockedConnections?: string[] }).__blockedConnections ??= [];
    (globalThis as { __blockedConnections?: string[] }).__blockedConnections!.push(host);
    return this;
  }
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;
