/**
 * The transport-independent core: route a vendor request to its wire format, apply faults, ask
 * the brain, and render the reply. fetch, the AWS handler and the HTTP server are thin shells on it.
 */
import { decide, estimateTokens } from './brain';
import { FaultPlan, type ActiveFaults, type Vendor } from './faults';
import { ModelErrorPlan, type ModelErrorRates } from './model-errors';
import type { FaultSpec, ModelDecision, ModelRequest } from './types';
import { anthropicMessages } from './wire/anthropic';
import { bedrockConverse } from './wire/bedrock';
import { IdSource, isObject, WireInputError, type ErrorKind, type Json, type Rendered, type WireFormat, statusOf } from './wire/common';
import { vendorError } from './wire/errors';
import { openaiChat } from './wire/openai-chat';
import { openaiResponses } from './wire/openai-responses';

export interface OfflineOptions {
  faults?: FaultSpec[];
  /** Added to every call (OFFLINE_LATENCY_MS), on top of latency faults. */
  latencyMs?: number;
  /** Model mistakes per call (OFFLINE_MODEL_ERRORS, parsed by parseModelErrors); none by default. */
  modelErrors?: ModelErrorRates;
  /** Seed of this transport's mistake draws (OFFLINE_MODEL_SEED). */
  seed?: number;
  /** Told the mistakes of every answer that made some (the scorecard's per-mode breakdown reads them). */
  onMistakes?: (modes: string[]) => void;
}

/** The fault plan of one transport: its faults, its latency and its seeded mistakes. */
export function faultPlanOf(opts: OfflineOptions): FaultPlan {
  return new FaultPlan(opts.faults ?? [], opts.latencyMs ?? 0, new ModelErrorPlan(opts.modelErrors, opts.seed));
}

/** What decide() is told about this call: its decision fault, and the mistakes drawn when a profile is set. */
export function decideOptions(faults: ActiveFaults, plan: FaultPlan) {
  return { ...(faults.decision ? { fault: faults.decision } : {}), ...(plan.makesMistakes ? { errors: faults.errors } : {}) };
}

/** Response header naming the mistakes the offline model made on purpose in this answer. */
export const MISTAKES_HEADER = 'x-offline-model-errors';

/** Reports the decision's mistakes to `onMistakes`, and returns the header that names them. */
export function reportMistakes(decision: ModelDecision, opts: OfflineOptions): Record<string, string> {
  if (!decision.errors?.length) return {};
  opts.onMistakes?.(decision.errors);
  return { [MISTAKES_HEADER]: decision.errors.join(',') };
}

export interface OfflineRequest {
  method: string;
  /** URL path, e.g. "/v1/chat/completions" or "/model/us.amazon.nova-lite-v1%3A0/converse". */
  path: string;
  body: string;
  /** The vendor whose error format to use when the route is unknown. */
  vendorHint: Vendor;
  signal?: AbortSignal;
}

export interface OfflineReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Never hang longer than this on a timeout fault, even if the caller set no timeout. */
export const TIMEOUT_FAULT_CAP_MS = 120_000;

interface Route {
  format: WireFormat;
  params: Record<string, string>;
}

/** Routes match on the path's end so any base URL prefix (/v1, /openai/v1, a proxy path) works. */
function findRoute(path: string): Route | undefined {
  if (/\/chat\/completions\/?$/.test(path)) return { format: openaiChat, params: {} };
  if (/\/responses\/?$/.test(path)) return { format: openaiResponses, params: {} };
  if (/\/messages\/?$/.test(path)) return { format: anthropicMessages, params: {} };
  const converse = /\/model\/([^/]+)\/converse\/?$/.exec(path);
  if (converse?.[1]) return { format: bedrockConverse, params: { modelId: decodeURIComponent(converse[1]) } };
  return undefined;
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** Waits ms, rejecting early (like a real network wait) if the caller aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    if (ms <= 0) return resolve();
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Truncates JSON the way a cut-off generation does, so JSON.parse fails. */
function corrupt(json: string): string {
  return json.slice(0, Math.max(1, json.length - 2));
}

function render(decision: ModelDecision, format: WireFormat, ids: IdSource, malformed: boolean): Rendered {
  const json = (value: unknown) => (malformed ? corrupt(JSON.stringify(value)) : JSON.stringify(value));
  switch (decision.kind) {
    case 'text':
      return decision;
    case 'json':
      return { kind: 'json', json: json(decision.value) };
    case 'tool_calls':
      return {
        kind: 'tool_calls',
        ...(decision.text ? { text: decision.text } : {}),
        calls: decision.calls.map((c) => ({ id: ids.next(format.callIdPrefix), name: c.name, args: c.args, argsJson: json(c.args) })),
      };
  }
}

function outputText(out: Rendered): string {
  if (out.kind === 'text') return out.text;
  if (out.kind === 'json') return out.json;
  return [out.text ?? '', ...out.calls.map((c) => c.name + c.argsJson)].join('');
}

function requestText(req: ModelRequest): string {
  return JSON.stringify({ messages: req.messages, tools: req.tools, output: req.output ?? null });
}

function jsonReply(status: number, body: unknown, headers: Record<string, string> = {}): OfflineReply {
  return { status, headers: { 'content-type': 'application/json', 'x-offline-model': 'true', ...headers }, body: JSON.stringify(body) };
}

function errorReply(vendor: Vendor, kind: ErrorKind, message: string, extra: Record<string, string> = {}): OfflineReply {
  const { body, headers } = vendorError(vendor, kind, message);
  return jsonReply(statusOf(kind), body, { ...headers, ...extra });
}

const FAULT_ERRORS: Record<429 | 500 | 503, { kind: ErrorKind; message: string }> = {
  429: { kind: 'rate_limit', message: 'Rate limit reached (offline model fault injection: http_429).' },
  500: { kind: 'server', message: 'Internal server error (offline model fault injection: http_500).' },
  503: { kind: 'unavailable', message: 'Service unavailable (offline model fault injection: http_503).' },
};

/** Applies latency and timeout; returns an error reply for an HTTP fault, else undefined. */
async function applyTransportFaults(faults: ActiveFaults, vendor: Vendor, signal?: AbortSignal): Promise<OfflineReply | undefined> {
  await sleep(faults.latencyMs, signal);
  if (faults.timeout) {
    await sleep(TIMEOUT_FAULT_CAP_MS, signal);
    return errorReply(vendor, 'unavailable', `Offline model timeout fault: no answer for ${TIMEOUT_FAULT_CAP_MS} ms.`);
  }
  if (faults.httpStatus) {
    const { kind, message } = FAULT_ERRORS[faults.httpStatus];
    return errorReply(vendor, kind, message);
  }
  return undefined;
}

/** A forced tool must be one of the tools sent, as the real APIs require (400, not a crash). */
function checkToolChoice(req: ModelRequest): void {
  const choice = req.toolChoice;
  if (typeof choice === 'object' && !req.tools.some((t) => t.name === choice.name)) {
    throw new WireInputError(`tool_choice names "${choice.name}", which is not among the tools sent.`);
  }
}

function parseBody(text: string): Json {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new WireInputError('The request body is not valid JSON.');
  }
  if (!isObject(body)) throw new WireInputError('The request body must be a JSON object.');
  return body;
}

export interface OfflineEngine {
  handle(request: OfflineRequest): Promise<OfflineReply>;
}

/** One engine per transport: fault `times` and ids count per engine. */
export function createOfflineEngine(opts: OfflineOptions = {}): OfflineEngine {
  const plan = faultPlanOf(opts);
  const ids = new IdSource();

  async function answer(route: Route, request: OfflineRequest): Promise<OfflineReply> {
    const { format } = route;
    const body = parseBody(request.body);
    if (format.wantsStream(body)) {
      throw new WireInputError('The offline model does not stream: send the request without "stream": true.');
    }
    const req = format.toRequest(body, route.params);
    checkToolChoice(req);
    const faults = plan.next(format.vendor);
    const failed = await applyTransportFaults(faults, format.vendor, request.signal);
    if (failed) return failed;
    const decision = decide(req, decideOptions(faults, plan));
    const out = render(decision, format, ids, faults.malformedJson);
    const usage = { input: estimateTokens(requestText(req)), output: estimateTokens(outputText(out)) };
    return jsonReply(200, format.toResponse(out, req, usage, ids, body), {
      'x-offline-latency-ms': String(faults.latencyMs),
      ...reportMistakes(decision, opts),
    });
  }

  return {
    async handle(request) {
      const route = request.method.toUpperCase() === 'POST' ? findRoute(request.path) : undefined;
      if (!route) {
        return errorReply(request.vendorHint, 'not_found', `The offline model has no route ${request.method} ${request.path}.`);
      }
      try {
        return await answer(route, request);
      } catch (err) {
        if (err instanceof WireInputError) return errorReply(route.format.vendor, 'invalid_request', err.message);
        throw err;
      }
    },
  };
}
