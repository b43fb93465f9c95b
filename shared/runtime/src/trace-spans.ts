/**
 * A turn's trace as OpenTelemetry span descriptions: one child span of the root per event, timed from the
 * event's at_ms (its end) and ms (its duration). Plain data, no OpenTelemetry import: telemetry-export.ts
 * hands these to the SDK.
 *
 * Every event type maps, known or not: the span is named after its type and name, and carries the event's
 * fields as tennis.trace.* attributes. Model and tool calls also carry the GenAI semantic-convention
 * attributes. Fields that may hold what a member or a model wrote (tool arguments and results, details,
 * and any field not known to be safe) are left out unless content capture is on.
 */
import type { SpanAttribute, Trace, TraceEvent } from './trace';

export interface SpanView {
  name: string;
  kind: 'client' | 'internal';
  /** Preset span id (a callee was handed it as parent), else the SDK picks one. */
  spanId?: string;
  startMs: number;
  endMs: number;
  attributes: Record<string, SpanAttribute>;
  /** Set when the event failed: also its error.type attribute. */
  error?: string;
}

/** Event fields that never hold message contents: exported always. Others only with content capture on. */
const SAFE_FIELDS = new Set([
  'type',
  'seq',
  'at_ms',
  'actor',
  'name',
  'function',
  'ok',
  'ms',
  'vendor',
  'api',
  'model',
  'mode',
  'input_tokens',
  'output_tokens',
  'decision',
  'error',
  'from',
  'to',
]);

/** gen_ai.provider.name by the trace's vendor. */
const PROVIDER: Record<string, string> = { openai: 'openai', anthropic: 'anthropic', bedrock: 'aws.bedrock' };

const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

function scalar(value: unknown): SpanAttribute | undefined {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (value === undefined || value === null) return undefined;
  return JSON.stringify(value);
}

/** The event's own fields as tennis.trace.* attributes (content-bearing ones only when `content`). */
function fieldAttributes(event: Record<string, unknown>, content: boolean): Record<string, SpanAttribute> {
  const out: Record<string, SpanAttribute> = {};
  for (const [key, value] of Object.entries(event)) {
    if (!content && !SAFE_FIELDS.has(key)) continue;
    const v = scalar(value);
    if (v !== undefined) out[`tennis.trace.${key}`] = v;
  }
  return out;
}

/** Name, kind, GenAI attributes and failure of one event; the generic rule for types it does not know. */
function describe(
  e: TraceEvent,
  content: boolean,
): Pick<SpanView, 'name' | 'kind' | 'error'> & { attributes: Record<string, SpanAttribute> } {
  switch (e.type) {
    case 'llm': {
      // Every model call is a chat call, H's too: each is one model invocation inside the agent's loop (its
      // api, invoke_agent, stays in tennis.trace.api).
      const operation = 'chat';
      return {
        name: `${operation} ${e.model}`,
        kind: 'client',
        ...(e.error ? { error: e.error } : {}),
        attributes: {
          'gen_ai.operation.name': operation,
          'gen_ai.provider.name': PROVIDER[e.vendor] ?? e.vendor,
          'gen_ai.request.model': e.model,
          'gen_ai.response.model': e.model,
          'gen_ai.usage.input_tokens': e.input_tokens,
          'gen_ai.usage.output_tokens': e.output_tokens,
        },
      };
    }
    case 'tool':
      return {
        name: `execute_tool ${e.name}`,
        kind: 'internal',
        ...(e.ok ? {} : { error: 'tool_error' }),
        attributes: {
          'gen_ai.operation.name': 'execute_tool',
          'gen_ai.tool.name': e.name,
          'gen_ai.tool.type': 'function',
          ...(content ? { 'gen_ai.tool.call.arguments': JSON.stringify(e.args ?? null), 'gen_ai.tool.call.result': e.summary } : {}),
        },
      };
    case 'invoke':
      return {
        name: `invoke ${e.function}`,
        kind: 'client',
        ...(e.ok ? {} : { error: e.detail ?? 'invoke_failed' }),
        attributes: { 'faas.invoked_name': e.function, 'faas.invoked_provider': 'aws' },
      };
    default: {
      const any = e as unknown as Record<string, unknown>;
      const label = text(any.name) ?? text(any.to) ?? text(any.function);
      return {
        name: label ? `${e.type} ${label}` : e.type,
        kind: 'internal',
        attributes: e.type === 'agent' ? { 'gen_ai.agent.name': e.actor } : {},
      };
    }
  }
}

/**
 * The child spans of a traced turn, in trace order. Events a traced callee recorded and exported itself
 * (merged with a remote note) are skipped: their spans come from that callee, under its invoke span.
 */
export function spansOfTrace(trace: Trace, endMs: number): SpanView[] {
  const content = trace.span?.captureContent ?? false;
  const views: SpanView[] = [];
  for (const e of trace.events()) {
    const note = trace.noteOf(e.seq);
    if (note?.remote) continue;
    const ms = typeof (e as { ms?: unknown }).ms === 'number' ? (e as { ms: number }).ms : 0;
    const end = Math.min(trace.startedAt + e.at_ms, endMs);
    const start = Math.max(trace.startedAt, end - ms);
    const { name, kind, error, attributes } = describe(e, content);
    views.push({
      name,
      kind,
      ...(note?.spanId ? { spanId: note.spanId } : {}),
      startMs: start,
      endMs: Math.max(end, start),
      attributes: {
        ...fieldAttributes(e as unknown as Record<string, unknown>, content),
        ...attributes,
        ...note?.attributes,
        ...(error ? { 'error.type': error } : {}),
      },
      ...(error ? { error } : {}),
    });
  }
  return views;
}
