/**
 * Trace + usage: who did what, in order, during one turn. This is what makes the patterns comparable.
 *
 * LLM calls are recorded by the client factory's transport hooks (the SDK's fetch / AWS middleware),
 * through the recorder that is "current" for the turn (AsyncLocalStorage), so pattern code never
 * records them by hand. Code steps, tool calls, handoffs and Lambda invokes are recorded where they happen.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

export type Vendor = 'openai' | 'anthropic' | 'bedrock';
export type LlmMode = 'offline' | 'live';

interface Base {
  /** 1-based position in the turn. */
  seq: number;
  /** Milliseconds since the turn started. */
  at_ms: number;
  /** Who acted: "code", a step name ("parse"), an agent name ("Booking specialist"), a Lambda name. */
  actor: string;
}

export type TraceEvent =
  | (Base & { type: 'step'; name: string; detail?: string; ms?: number })
  | (Base & {
      type: 'llm';
      vendor: Vendor;
      /** "chat.completions" | "responses" | "messages" | "converse" | "invoke_agent" */
      api: string;
      model: string;
      mode: LlmMode;
      input_tokens: number;
      output_tokens: number;
      ms: number;
      /** What the model decided: "tool_call: check_availability", "answer", "structured output". */
      decision: string;
      /** Set when the call failed (HTTP status or error name). */
      error?: string;
      /** Mistakes the offline model made on purpose in this call (OFFLINE_MODEL_ERRORS); never set live. */
      mistakes?: string[];
    })
  | (Base & { type: 'tool'; name: string; args: unknown; ok: boolean; summary: string; ms: number })
  | (Base & { type: 'handoff'; from: string; to: string })
  | (Base & { type: 'invoke'; function: string; ok: boolean; ms: number; detail?: string })
  | (Base & { type: 'agent'; name: string; detail: string });

/** Distributes Omit over the union so each event kind keeps its own fields. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type TraceEventInput = DistributiveOmit<TraceEvent, 'seq' | 'at_ms'>;

export interface Usage {
  llm_calls: number;
  input_tokens: number;
  output_tokens: number;
  tool_calls: number;
  lambda_invokes: number;
}

/** A span attribute value (OpenTelemetry's primitive kinds). */
export type SpanAttribute = string | number | boolean;

/**
 * What the exported span of one event needs beyond the event itself; kept beside the events, never in
 * them, so the JSON trace is the same with export on or off.
 */
export interface SpanNote {
  /** The span id the event's span must have: a callee was handed it as its parent (traceparent). */
  spanId?: string;
  /** Extra span attributes (e.g. gen_ai.response.model, or message contents when capture is on). */
  attributes?: Record<string, SpanAttribute>;
  /** The event was recorded and exported by another process (a traced callee); no span here. */
  remote?: boolean;
}

/** The OpenTelemetry identity of a traced turn: its trace id and its root span id (hex). */
export interface TurnSpanContext {
  traceId: string;
  rootSpanId: string;
  /** Record message contents (prompts, answers, tool arguments) on spans: off unless asked for. */
  captureContent: boolean;
}

/** A new random span id: 8 bytes, 16 lowercase hex characters. */
export function newSpanId(): string {
  return randomBytes(8).toString('hex');
}

export interface TraceRecorder {
  record(event: TraceEventInput, note?: SpanNote): void;
  /** Convenience for a code step. */
  step(actor: string, name: string, detail?: string): void;
  /** Runs fn, recording it as a code step with its duration. */
  timed<T>(actor: string, name: string, fn: () => Promise<T>): Promise<T>;
  /** Adds events recorded elsewhere (e.g. returned by a step Lambda), renumbered into this turn; `note` applies to each. */
  merge(events: TraceEvent[], actorPrefix?: string, note?: SpanNote): void;
  events(): TraceEvent[];
  usage(): Usage;
  /** Set when the turn is exported as OpenTelemetry spans (OTEL_EXPORTER_OTLP_ENDPOINT), else undefined. */
  readonly span?: TurnSpanContext | undefined;
}

/**
 * The W3C traceparent a callee continues this turn under, with the span id it names as parent (the
 * caller's span for that call); undefined when the turn is not exported.
 */
export function childTraceparent(trace: TraceRecorder, spanId = newSpanId()): { traceparent: string; spanId: string } | undefined {
  return trace.span ? { traceparent: `00-${trace.span.traceId}-${spanId}-01`, spanId } : undefined;
}

/** The W3C traceparent naming the turn's root span: for a callee that joins the turn as a whole (H's action group). */
export function turnTraceparent(trace: TraceRecorder): string | undefined {
  return trace.span && childTraceparent(trace, trace.span.rootSpanId)?.traceparent;
}

export class Trace implements TraceRecorder {
  private readonly list: TraceEvent[] = [];
  private readonly notes = new Map<number, SpanNote>();
  private readonly started = performance.now();
  /** When the turn started, in epoch milliseconds (for span times). */
  readonly startedAt = performance.timeOrigin + this.started;

  constructor(readonly span?: TurnSpanContext) {}

  record(event: TraceEventInput, note?: SpanNote): void {
    const seq = this.list.length + 1;
    this.list.push({ ...event, seq, at_ms: Math.round(performance.now() - this.started) } as TraceEvent);
    if (note) this.notes.set(seq, note);
  }

  /** The span note recorded with event `seq`, if any. */
  noteOf(seq: number): SpanNote | undefined {
    return this.notes.get(seq);
  }

  step(actor: string, name: string, detail?: string): void {
    this.record(detail === undefined ? { type: 'step', actor, name } : { type: 'step', actor, name, detail });
  }

  async timed<T>(actor: string, name: string, fn: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      this.record({ type: 'step', actor, name, ms: Math.round(performance.now() - t0) });
    }
  }

  merge(events: TraceEvent[], actorPrefix?: string, note?: SpanNote): void {
    for (const e of events) {
      const { seq: _seq, at_ms: _at, ...rest } = e;
      const actor = actorPrefix ? `${actorPrefix}/${rest.actor}` : rest.actor;
      this.record({ ...rest, actor } as TraceEventInput, note);
    }
  }

  events(): TraceEvent[] {
    return [...this.list];
  }

  usage(): Usage {
    const u: Usage = { llm_calls: 0, input_tokens: 0, output_tokens: 0, tool_calls: 0, lambda_invokes: 0 };
    for (const e of this.list) {
      if (e.type === 'llm') {
        u.llm_calls++;
        u.input_tokens += e.input_tokens;
        u.output_tokens += e.output_tokens;
      } else if (e.type === 'tool') u.tool_calls++;
      else if (e.type === 'invoke') u.lambda_invokes++;
    }
    return u;
  }
}

const current = new AsyncLocalStorage<{ trace: TraceRecorder; actor: string }>();

/** Runs fn with `trace` as the turn's current recorder (read by the LLM client hooks). */
export function withTrace<T>(trace: TraceRecorder, fn: () => Promise<T>, actor = 'model'): Promise<T> {
  return current.run({ trace, actor }, fn);
}

/** Runs fn with a different actor name for LLM calls made inside it (e.g. the agent or step name). */
export function asActor<T>(actor: string, fn: () => Promise<T>): Promise<T> {
  const c = current.getStore();
  return c ? current.run({ trace: c.trace, actor }, fn) : fn();
}

/** The recorder and actor of the turn in progress, if any. */
export function currentTrace(): { trace: TraceRecorder; actor: string } | undefined {
  return current.getStore();
}
