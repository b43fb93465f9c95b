/** The offline model over real HTTP (node:http), for curl, other languages and OPENAI_BASE_URL users. */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOfflineEngine, type OfflineOptions } from './engine';
import type { Vendor } from './faults';

export interface ServeOptions extends OfflineOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Largest request body accepted, in bytes (default 5 MB). */
  maxBodyBytes?: number;
}

export interface OfflineServer {
  /** e.g. "http://127.0.0.1:4010" */
  url: string;
  port: number;
  close(): Promise<void>;
}

export class PortInUseError extends Error {
  constructor(host: string, port: number) {
    super(`Port ${port} on ${host} is already in use. Stop the other process or choose another port (PORT=4011 pnpm offline-model).`);
    this.name = 'PortInUseError';
  }
}

class BodyTooLargeError extends Error {}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLargeError(`Request body exceeds ${limit} bytes.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Which vendor's error shape to use for unknown routes: Anthropic clients send anthropic-version. */
function vendorHint(req: IncomingMessage, path: string): Vendor {
  if (req.headers['anthropic-version']) return 'anthropic';
  return path.startsWith('/model/') ? 'bedrock' : 'openai';
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? new PortInUseError(host, port) : err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Serves /v1/chat/completions, /v1/responses, /v1/messages and /model/:id/converse. */
export async function serveOfflineModel(opts: ServeOptions): Promise<OfflineServer> {
  const host = opts.host ?? '127.0.0.1';
  const limit = opts.maxBodyBytes ?? 5 * 1024 * 1024;
  const engine = createOfflineEngine(opts);
  const server = createServer((req, res) => {
    // A client that hangs up aborts a pending latency or timeout fault.
    const aborted = new AbortController();
    res.on('close', () => aborted.abort());
    const path = new URL(req.url ?? '/', 'http://offline').pathname;
    readBody(req, limit)
      .then((body) => engine.handle({ method: req.method ?? 'GET', path, body, vendorHint: vendorHint(req, path), signal: aborted.signal }))
      .then((reply) => res.writeHead(reply.status, reply.headers).end(reply.body))
      .catch((err: unknown) => {
        if (aborted.signal.aborted) return;
        const status = err instanceof BodyTooLargeError ? 413 : 500;
        const message = err instanceof BodyTooLargeError ? err.message : 'The offline model failed to answer.';
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message } }));
      });
  });
  await listen(server, opts.port, host);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
