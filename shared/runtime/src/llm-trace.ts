/**
 * Records every LLM call in the current turn's trace, at the transport seam, so pattern code never
 * records calls by hand and live and offline calls are recorded the same way.
 * - recordingFetch wraps the fetch given to the openai / @anthropic-ai/sdk clients: one event per
 *   HTTP attempt (a retried 429 shows as a failed call followed by the successful one).
 * - recordConverse is an AWS SDK middleware for Bedrock Converse: one event per command.
 */
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { currentTrace, type LlmMode, type SpanAttribute, type SpanNote, type TraceRecorder, type Vendor } from './trace';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const names = (list: string[]): string => `tool_call: ${list.join(', ')}`;

interface Outcome {
  input_tokens: number;
  output_tokens: number;
  decision: string;
  mistakes?: string[];
}

/** The offline model names the mistakes it made on purpose in this header (OFFLINE_MODEL_ERRORS). */
const MISTAKES_HEADER = 'x-offline-model-errors';

function mistakesOf(value: string | null | undefined): { mistakes?: string[] } {
  return value ? { mistakes: value.split(',') } : {};
}

/**
 * What the call's span carries beyond its trace event: the model the vendor says answered and, only when
 * the turn captures content (OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true), the messages sent
 * and received. Nothing when the turn is not exported.
 */
function spanNote(trace: TraceRecorder, responseModel: unknown, input: () => unknown, output: () => unknown): SpanNote | undefined {
  if (!trace.span) return undefined;
  const attributes: Record<string, SpanAttribute> = {};
  if (typeof responseModel === 'string' && responseModel) attributes['gen_ai.response.model'] = responseModel;
  if (trace.span.captureContent) {
    attributes['gen_ai.input.messages'] = JSON.stringify(input() ?? null);
    attributes['gen_ai.output.messages'] = JSON.stringify(output() ?? null);
  }
  return { attributes };
}

/** The messages of a vendor request and response, as sent (for content capture only). */
const requestMessages = (request: Json) => request.messages ?? request.input;
const responseMessages = (body: Json) => body.choices ?? body.output ?? body.content;

/**
 * An LLM call's duration, to 0.1 ms: overhead figures subtract these from wall time, and whole
 * milliseconds rounded per call would skew a sum of several short offline calls.
 */
function llmMs(t0: number): number {
  return Math.round((performance.now() - t0) * 10) / 10;
}

/** Which API a request URL is for, by its path's end (any base URL). */
function apiOfPath(path: string): string | undefined {
  if (/\/chat\/completions\/?$/.test(path)) return 'chat.completions';
  if (/\/responses\/?$/.test(path)) return 'responses';
  if (/\/messages\/?$/.test(path)) return 'messages';
  return undefined;
}

function structured(api: string, request: Json): boolean {
  const format = (v: unknown) => (isObject(v) ? v.type : undefined);
  if (api === 'chat.completions') return ['json_schema', 'json_object'].includes(String(format(request.response_format)));
  if (api === 'responses')
    return ['json_schema', 'json_object'].includes(String(format(isObject(request.text) ? request.text.format : undefined)));
  return format(isObject(request.output_config) ? request.output_config.format : undefined) === 'json_schema';
}

function toolNames(api: string, body: Json): string[] {
  const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);
  if (api === 'chat.completions') {
    const message = list(body.choices)[0]?.message;
    return list(isObject(message) ? message.tool_calls : undefined).map((c) => String(isObject(c.function) ? c.function.name : ''));
  }
  if (api === 'responses')
    return list(body.output)
      .filter((o) => o.type === 'function_call')
      .map((o) => String(o.name));
  return list(body.content)
    .filter((b) => b.type === 'tool_use')
    .map((b) => String(b.name));
}

/** Reads tokens and the decision from a vendor response body. */
function outcomeOf(api: string, request: Json, body: Json): Outcome {
  const usage = isObject(body.usage) ? body.usage : {};
  const tools = toolNames(api, body);
  return {
    input_tokens: num(api === 'chat.completions' ? usage.prompt_tokens : usage.input_tokens),
    output_tokens: num(api === 'chat.completions' ? usage.completion_tokens : usage.output_tokens),
    decision: tools.length ? names(tools) : structured(api, request) ? 'structured output' : 'answer',
  };
}

function parseJson(text: string): Json {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : {};
  } catch {
    return {};
  }
}

function requestBody(init: RequestInit | undefined): Json {
  return typeof init?.body === 'string' ? parseJson(init.body) : {};
}

export interface RecordingMeta {
  vendor: Vendor;
  mode: LlmMode;
  /** Model reported when the request names none. */
  model: string;
}

/**
 * The call's outcome, and the response to hand the SDK. A whole JSON body is read here, once, and the SDK
 * gets it in a fresh Response: cheaper than teeing the stream with clone() for a second reader.
 */
async function readResponse(
  api: string,
  request: Json,
  response: Response,
): Promise<{ outcome: Outcome & { error?: string }; response: Response; body: Json }> {
  if (!response.ok)
    return { outcome: { input_tokens: 0, output_tokens: 0, decision: 'error', error: `HTTP ${response.status}` }, response, body: {} };
  if (response.headers.get('content-type')?.includes('text/event-stream'))
    return { outcome: { input_tokens: 0, output_tokens: 0, decision: 'stream' }, response, body: {} };
  const text = await response.text();
  const copy = new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
  const body = parseJson(text);
  return { outcome: { ...outcomeOf(api, request, body), ...mistakesOf(response.headers.get(MISTAKES_HEADER)) }, response: copy, body };
}

/** Wraps fetch so each model call made inside a turn (withTrace) lands in that turn's trace. */
export function recordingFetch(base: typeof fetch, meta: RecordingMeta): typeof fetch {
  return async (input, init) => {
    const ctx = currentTrace();
    const url = input instanceof Request ? input.url : input.toString();
    const api = apiOfPath(new URL(url).pathname);
    if (!ctx || !api) return base(input, init);
    const request = requestBody(init);
    const event = {
      type: 'llm' as const,
      actor: ctx.actor,
      vendor: meta.vendor,
      api,
      model: typeof request.model === 'string' ? request.model : meta.model,
      mode: meta.mode,
    };
    const t0 = performance.now();
    try {
      const { outcome, response, body } = await readResponse(api, request, await base(input, init));
      ctx.trace.record(
        { ...event, ...outcome, ms: llmMs(t0) },
        spanNote(
          ctx.trace,
          body.model,
          () => requestMessages(request),
          () => responseMessages(body),
        ),
      );
      return response;
    } catch (err) {
      const error = err instanceof Error ? err.name : 'Error';
      ctx.trace.record({ ...event, input_tokens: 0, output_tokens: 0, decision: 'error', error, ms: llmMs(t0) });
      throw err;
    }
  };
}

function converseOutcome(output: unknown): Outcome {
  const out = isObject(output) ? output : {};
  const usage = isObject(out.usage) ? out.usage : {};
  const message = isObject(out.output) && isObject(out.output.message) ? out.output.message : {};
  const content = Array.isArray(message.content) ? message.content.filter(isObject) : [];
  const tools = content
    .map((b) => b.toolUse)
    .filter(isObject)
    .map((u) => String(u.name));
  return { input_tokens: num(usage.inputTokens), output_tokens: num(usage.outputTokens), decision: tools.length ? names(tools) : 'answer' };
}

function errorLabel(err: unknown): string {
  if (!(err instanceof Error)) return 'Error';
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status ? `${err.name} (HTTP ${status})` : err.name;
}

/** Adds the trace-recording middleware for ConverseCommand to a Bedrock runtime client. */
export function recordConverse(client: BedrockRuntimeClient, mode: LlmMode, defaultModel: string): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const ctx = currentTrace();
      if (!ctx || context.commandName !== 'ConverseCommand') return next(args);
      const input = (isObject(args.input) ? args.input : {}) as Json;
      const wantsJson = isObject(input.outputConfig);
      const event = {
        type: 'llm' as const,
        actor: ctx.actor,
        vendor: 'bedrock' as const,
        api: 'converse',
        model: String(input.modelId ?? defaultModel),
        mode,
      };
      const t0 = performance.now();
      try {
        const result = await next(args);
        const outcome = converseOutcome(result.output);
        const decision = wantsJson && outcome.decision === 'answer' ? 'structured output' : outcome.decision;
        const headers = (result.response as { headers?: Record<string, string> } | undefined)?.headers;
        const out: Json = isObject(result.output) ? result.output : {};
        ctx.trace.record(
          { ...event, ...outcome, decision, ...mistakesOf(headers?.[MISTAKES_HEADER]), ms: llmMs(t0) },
          spanNote(
            ctx.trace,
            undefined,
            () => input.messages,
            () => out.output,
          ),
        );
        return result;
      } catch (err) {
        ctx.trace.record({ ...event, input_tokens: 0, output_tokens: 0, decision: 'error', error: errorLabel(err), ms: llmMs(t0) });
        throw err;
      }
    },
    { step: 'initialize', name: 'tennisTraceLlmCall' },
  );
}
