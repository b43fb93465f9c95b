/**
 * The local dev server: node:http in front of the hosted patterns, turning each request into an
 * API Gateway v2 event for the pattern's real Lambda handler, at /<key>/chat and /<key>/health.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BodyTooLargeError, readBody } from '../../shared/runtime/src/local';
import { fromApiGatewayResult, toApiGatewayEvent } from './api-gateway';
import { gate, type LocalAuthorizer } from './auth/authorizer';
import type { HostedPattern } from './pattern-host';
import type { PageHandler } from '../playground/serve';

/** Hard cap before a body is handed to a handler (which applies its own, smaller MAX_BODY_BYTES). */
export const MAX_REQUEST_BYTES = 1024 * 1024;

export interface DevServerOptions {
  patterns: HostedPattern[];
  port: number;
  host?: string;
  /** One line per request (default: stdout). */
  log?: (line: string) => void;
  /** Pages served on GET besides the patterns (the playground at `/`); without it `/` is a text page. */
  pages?: PageHandler;
  /** AUTH=jwt: POST /chat needs a valid bearer token, checked before any handler runs (as API Gateway's JWT authorizer). */
  authorizer?: LocalAuthorizer;
}

export interface DevServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export class PortInUseError extends Error {
  constructor(host: string, port: number) {
    super(`Port ${port} on ${host} is already in use. Stop the other process or pick another port, e.g. PORT=${port + 1} pnpm dev`);
    this.name = 'PortInUseError';
  }
}

function sendJson(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ error: { code, message } }));
}

/** The placeholder home page: what is served and how to call it. */
export function homePage(patterns: HostedPattern[], baseUrl: string): string {
  const lines = ['Tennis court booking: eight AI orchestration patterns, served locally.', ''];
  if (!patterns.length) lines.push('No pattern is built yet.');
  for (const p of patterns) lines.push(`  ${p.key}  ${p.name.padEnd(30)} ${baseUrl}/${p.key}/chat   ${baseUrl}/${p.key}/health`);
  const example = patterns[0]?.key ?? 'd';
  lines.push(
    '',
    'Try:',
    `  curl ${baseUrl}/${example}/health`,
    `  curl -X POST ${baseUrl}/${example}/chat -H 'content-type: application/json' -H 'x-user-id: alice' \\`,
    `       -d '{"message":"Book tomorrow at 3pm"}'`,
    `  # continue the conversation: add "session_id" from the previous answer`,
    '',
  );
  return lines.join('\n');
}

/** Returns why the authorizer refused the request, if it did. */
async function forward(
  pattern: HostedPattern,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
  authorizer?: LocalAuthorizer,
): Promise<string | undefined> {
  const [, query = ''] = (req.url ?? '').split('?', 2);
  const body = await readBody(req, MAX_REQUEST_BYTES);
  const passed = await gate(
    authorizer,
    toApiGatewayEvent({
      method: req.method ?? 'GET',
      path,
      query,
      headers: req.headers,
      body,
      sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
    }),
  );
  const out = fromApiGatewayResult('rejected' in passed ? passed.rejected : await pattern.invoke(passed.event));
  res.writeHead(out.statusCode, out.headers);
  res.end(out.body);
  return 'rejected' in passed ? passed.reason : undefined;
}

function route(patterns: Map<string, HostedPattern>, baseUrl: () => string, pages?: PageHandler, authorizer?: LocalAuthorizer) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<string> => {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    if (pages && (req.method === 'GET' || req.method === 'HEAD') && pages(path, res)) return '-';
    if (path === '/') {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        sendJson(res, 405, 'method_not_allowed', 'Use GET for /.', { allow: 'GET, HEAD' });
        return '-';
      }
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(homePage([...patterns.values()], baseUrl()));
      return '-';
    }
    const [, key = '', ...rest] = path.split('/');
    const pattern = patterns.get(key.toLowerCase());
    if (!pattern) {
      const known = [...patterns.keys()].join(', ') || 'none';
      sendJson(
        res,
        404,
        'not_found',
        `No pattern "${key}" is served here. Patterns: ${known}. Try GET /${[...patterns.keys()][0] ?? 'd'}/health.`,
      );
      return key || '-';
    }
    const refused = await forward(pattern, `/${rest.join('/')}`, req, res, authorizer);
    return refused ? `${pattern.key} (unauthorized: ${refused})` : pattern.key;
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? new PortInUseError(host, port) : err));
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const patterns = new Map(opts.patterns.map((p) => [p.key, p]));
  let url = '';
  const handle = route(patterns, () => url, opts.pages, opts.authorizer);
  const server = createServer((req, res) => {
    const started = performance.now();
    const done = (key: string) => log(`${req.method} ${req.url} ${res.statusCode} ${Math.round(performance.now() - started)} ms ${key}`);
    handle(req, res).then(done, (err: unknown) => {
      if (err instanceof BodyTooLargeError) sendJson(res, 413, 'payload_too_large', err.message, { connection: 'close' });
      else if (!res.headersSent) sendJson(res, 500, 'internal_error', 'The dev server failed to handle this request; see its console.');
      else res.destroy();
      if (!(err instanceof BodyTooLargeError)) console.error(err);
      done('-');
    });
  });
  const port = await listen(server, opts.port, host);
  url = `http://${host}:${port}`;
  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
