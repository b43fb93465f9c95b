/**
 * Transport hooks: the SDKs' own seams for swapping the network out.
 * - createOfflineFetch: the `fetch` option of the openai and @anthropic-ai/sdk clients.
 * - createOfflineAwsHandler: the `requestHandler` of AWS SDK v3 clients (Bedrock runtime), replacing
 *   the HTTP/2 handler entirely, so no socket is ever opened.
 *
 * This module is the light entry (`@tennis/offline-model/transports`) the runtime's client factories
 * import: the engine (language parser, wire formats) and the smithy response class load on the first
 * offline request, so a Lambda running live models never evaluates them at cold start.
 */
import type { HttpHandler, HttpHandlerOptions, HttpRequest, HttpResponse } from '@smithy/protocol-http';
import type { OfflineEngine, OfflineOptions, OfflineReply } from './engine';

export { parseFaults } from './faults';
export { parseModelErrors, parseModelSeed, MODEL_ERROR_MODES, type ModelErrorMode, type ModelErrorRates } from './model-errors';
export type { HttpHandler } from '@smithy/protocol-http';

/** One engine per transport, built on its first request. */
function lazyEngine(opts: OfflineOptions): () => Promise<OfflineEngine> {
  let engine: Promise<OfflineEngine> | undefined;
  return () => (engine ??= import('./engine').then((m) => m.createOfflineEngine(opts)));
}

function requestUrl(input: string | URL | Request): URL {
  return new URL(input instanceof Request ? input.url : input.toString());
}

/** A fetch that answers OpenAI and Anthropic routes in-process, whatever base URL the client uses. */
export function createOfflineFetch(opts: OfflineOptions = {}): typeof fetch {
  const engine = lazyEngine(opts);
  return async (input, init) => {
    // The Request is only read here; made without the signal, it registers no abort listener and
    // finalizer per call (under load those pile up faster than V8 runs finalizers). The engine gets the signal.
    const request = new Request(input, { ...init, signal: null });
    const signal = init?.signal ?? undefined;
    const reply = await (await engine()).handle({
      method: request.method,
      path: requestUrl(input).pathname,
      body: await request.text(),
      // Anthropic's SDK always sends anthropic-version; anything else gets OpenAI-style errors.
      vendorHint: request.headers.has('anthropic-version') ? 'anthropic' : 'openai',
      ...(signal ? { signal } : {}),
    });
    return new Response(reply.body, { status: reply.status, headers: reply.headers });
  };
}

export interface OfflineAwsHandlerOptions extends OfflineOptions {
  /** Per-request timeout: the handler being replaced would have enforced it (requestTimeout). */
  timeoutMs?: number;
}

/** An AWS request body as text (the SDK sends a string or bytes). */
export function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  throw new Error('The offline AWS handler only accepts string or byte request bodies.');
}

function timeoutError(ms: number): Error {
  // Same name as the SDK's own handlers use, so retry strategies treat it as a transient timeout.
  return Object.assign(new Error(`Offline model request timed out after ${ms} ms`), { name: 'TimeoutError' });
}

async function toHttpResponse(reply: OfflineReply): Promise<HttpResponse> {
  const { HttpResponse } = await import('@smithy/protocol-http');
  return new HttpResponse({ statusCode: reply.status, headers: reply.headers, body: new TextEncoder().encode(reply.body) });
}

/**
 * Runs one request of an offline AWS handler under the timeout the replaced HTTP handler would
 * have enforced (its requestTimeout, else `timeoutMs`) and the caller's abort signal. Like that
 * handler's, it is an idle timeout: `progress()` (data arriving, e.g. each step of an agent's event
 * stream) restarts it, so only a single stalled step times the request out. A timeout surfaces as
 * the SDK's own handlers report it.
 */
export async function withRequestTimeout<T>(
  timeoutMs: number | undefined,
  options: HttpHandlerOptions | undefined,
  run: (signal: AbortSignal, progress: () => void) => Promise<T>,
): Promise<T> {
  const ms = options?.requestTimeout ?? timeoutMs;
  const idle = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const progress = (): void => {
    if (!ms) return;
    clearTimeout(timer);
    timer = setTimeout(() => idle.abort(new DOMException(`No data for ${ms} ms`, 'TimeoutError')), ms);
  };
  progress();
  const signals = [options?.abortSignal as AbortSignal | undefined, idle.signal];
  const signal = AbortSignal.any(signals.filter((s): s is AbortSignal => s !== undefined));
  try {
    return await run(signal, progress);
  } catch (err) {
    if (ms && signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError') throw timeoutError(ms);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** A smithy HttpHandler answering Bedrock Converse (/model/{id}/converse) in-process. */
export function createOfflineAwsHandler(opts: OfflineAwsHandlerOptions = {}): HttpHandler {
  const engine = lazyEngine(opts);
  const config: Record<string, unknown> = { timeoutMs: opts.timeoutMs };
  return {
    async handle(request: HttpRequest, options?: HttpHandlerOptions) {
      return withRequestTimeout(opts.timeoutMs, options, async (signal) => {
        const reply = await (await engine()).handle({
          method: request.method,
          path: request.path,
          body: bodyText(request.body),
          vendorHint: 'bedrock',
          signal,
        });
        return { response: await toHttpResponse(reply) };
      });
    },
    updateHttpClientConfig(key: never, value: never) {
      config[key] = value;
    },
    httpHandlerConfigs: () => config,
  };
}
