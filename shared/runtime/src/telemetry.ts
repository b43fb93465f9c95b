/**
 * OpenTelemetry export of each turn's trace: the gate. This module imports nothing from OpenTelemetry, so a
 * function whose OTEL_EXPORTER_OTLP_ENDPOINT is unset loads none of it; with an endpoint, the exporter
 * (telemetry-export.ts) is imported on the first traced call and kept for the container's life.
 *
 * The spans are built FROM the turn's trace (trace.ts) when the turn ends: one source of truth. A traced
 * turn gets its trace id and root span id up front, so callees (C's steps, G's specialists, H's action
 * group) can be handed a W3C traceparent and continue the same trace in their own process.
 */
import { Trace, type SpanAttribute, type TurnSpanContext } from './trace';

/** The flush bound when OTEL_EXPORTER_OTLP_TIMEOUT is unset: a turn waits at most this long for its spans to leave. */
export const DEFAULT_EXPORT_TIMEOUT_MS = 500;

/** The variable that turns message contents on in spans (off by default, as the GenAI conventions advise). */
export const CAPTURE_CONTENT_VARIABLE = 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT';

type Env = Record<string, string | undefined>;

export interface TelemetrySettings {
  /** An OTLP endpoint is set (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) and export is not switched off. */
  enabled: boolean;
  captureContent: boolean;
  /** How long a turn waits for its spans to be sent before it answers anyway (OTEL_EXPORTER_OTLP_TIMEOUT, ms). */
  timeoutMs: number;
}

const set = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';

export function telemetrySettings(env: Env = process.env): TelemetrySettings {
  const endpoint = set(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) || set(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  const off = env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true' || env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === 'none';
  const timeout = Number(env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT || env.OTEL_EXPORTER_OTLP_TIMEOUT);
  return {
    enabled: endpoint && !off,
    captureContent: env[CAPTURE_CONTENT_VARIABLE]?.trim().toLowerCase() === 'true',
    timeoutMs: Number.isInteger(timeout) && timeout > 0 ? timeout : DEFAULT_EXPORT_TIMEOUT_MS,
  };
}

/** The root span of a traced unit of work: an HTTP turn, a worker invocation, an action-group call. */
export interface RootSpan {
  /** e.g. "POST /chat", "invoke pattern-c-parse". */
  name: string;
  kind: 'server' | 'consumer';
  attributes: Record<string, SpanAttribute>;
  /** The caller's W3C traceparent, if it sent one; anything malformed starts a new trace. */
  traceparent?: unknown;
}

/** How the unit of work ended, for the root span's status. */
export interface RootOutcome {
  /** Set when it failed: the error type (an HTTP error code, an error name). */
  error?: string;
  attributes?: Record<string, SpanAttribute>;
}

export interface TracedWork {
  trace: Trace;
  /** Exports the trace's spans and waits at most `timeoutMs` for them to be sent. Never throws. */
  end(outcome?: RootOutcome): Promise<void>;
  /** The W3C traceresponse of this work (trace id and root span id), when it is exported. */
  traceresponse?: string;
}

type Exporter = typeof import('./telemetry-export');
let exporter: Promise<Exporter> | undefined;

/** Lets tests and the dev tools load the exporter again after changing the OTEL_* environment. */
export async function resetTelemetry(): Promise<void> {
  const loaded = exporter;
  exporter = undefined;
  if (loaded) await (await loaded).shutdownExporter();
}

/**
 * A fresh trace for one unit of work: plain (nothing exported) when no endpoint is set, else one whose
 * spans `end()` exports under `root`, continuing the caller's traceparent when it is valid.
 */
export async function startTracedWork(root: RootSpan, env: Env = process.env): Promise<TracedWork> {
  const settings = telemetrySettings(env);
  if (!settings.enabled) return { trace: new Trace(), end: async () => {} };
  try {
    exporter ??= import('./telemetry-export');
    const otel = await exporter;
    // The SDK and exporter load here, on a container's first traced call, not inside the flush bound.
    await otel.prepareExporter(settings, env);
    const ids = otel.turnIds(root.traceparent, env);
    const span: TurnSpanContext = { traceId: ids.traceId, rootSpanId: ids.rootSpanId, captureContent: settings.captureContent };
    const trace = new Trace(span);
    return {
      trace,
      traceresponse: `00-${span.traceId}-${span.rootSpanId}-01`,
      end: (outcome = {}) => otel.exportWork(trace, root, ids, outcome, settings, env),
    };
  } catch (err) {
    exporter = undefined;
    process.emitWarning(`OpenTelemetry export is off for this call: ${err instanceof Error ? err.message : String(err)}`);
    return { trace: new Trace(), end: async () => {} };
  }
}

/**
 * Runs one unit of work (a Lambda invocation) under a traced trace: `fn` records into it, and its spans are
 * exported before this returns, whether `fn` succeeded or threw.
 */
export async function traced<T>(
  root: RootSpan,
  fn: (trace: Trace) => Promise<T>,
  outcomeOf: (result: T) => RootOutcome = () => ({}),
): Promise<T> {
  const work = await startTracedWork(root);
  let result: T;
  try {
    result = await fn(work.trace);
  } catch (err) {
    await work.end({ error: err instanceof Error ? err.name : 'Error' });
    throw err;
  }
  await work.end(outcomeOf(result));
  return result;
}
