/**
 * The OpenTelemetry side of telemetry.ts, imported only when an OTLP endpoint is set: the official SDK's
 * tracer provider and OTLP/HTTP exporter (http/protobuf or http/json, from OTEL_EXPORTER_OTLP_PROTOCOL),
 * the resource from OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES, and the spans of one unit of work built
 * from its trace (trace-spans.ts) and flushed before it returns, bounded by the export timeout.
 */
import {
  DiagConsoleLogger,
  DiagLogLevel,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  defaultTextMapGetter,
  diag,
  trace as otelTrace,
  type Link,
  type SpanContext,
} from '@opentelemetry/api';
import { parseTraceParent } from '@opentelemetry/core';
import { AWSXRayPropagator } from '@opentelemetry/propagator-aws-xray';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOnSampler,
  BatchSpanProcessor,
  RandomIdGenerator,
  TracerProvider,
  type IdGenerator,
  type SpanExporter,
} from '@opentelemetry/sdk-trace';
import type { RootOutcome, RootSpan, TelemetrySettings } from './telemetry';
import { newSpanId, type Trace } from './trace';
import { spansOfTrace, type SpanView } from './trace-spans';

type Env = Record<string, string | undefined>;

/** The ids a traced unit of work starts with: its own, its caller's span (parent) and its Lambda's X-Ray segment (link). */
export interface WorkIds {
  traceId: string;
  rootSpanId: string;
  parent?: SpanContext;
  links: Link[];
}

const random = new RandomIdGenerator();

/** Lambda's own trace header (active tracing), as a span context: the X-Ray segment of this invocation. */
function xraySegment(env: Env): SpanContext | undefined {
  const header = env._X_AMZN_TRACE_ID;
  if (!header) return undefined;
  const ctx = new AWSXRayPropagator().extract(ROOT_CONTEXT, { 'x-amzn-trace-id': header }, defaultTextMapGetter);
  const span = otelTrace.getSpanContext(ctx);
  return span && otelTrace.isSpanContextValid(span) ? span : undefined;
}

/**
 * The caller's traceparent continues its trace; anything malformed (or none) starts a new one, under the
 * Lambda's X-Ray segment when active tracing gave one, so the spans sit inside the function's own trace.
 * A continued trace links to the X-Ray segment instead.
 */
export function turnIds(traceparent: unknown, env: Env = process.env): WorkIds {
  const remote = typeof traceparent === 'string' && traceparent.length <= 256 ? parseTraceParent(traceparent) : null;
  const caller = remote && otelTrace.isSpanContextValid(remote) ? { ...remote, isRemote: true } : undefined;
  const xray = xraySegment(env);
  const parent = caller ?? xray;
  return {
    traceId: parent?.traceId ?? random.generateTraceId(),
    rootSpanId: newSpanId(),
    ...(parent ? { parent: { ...parent, isRemote: true } } : {}),
    links: caller && xray ? [{ context: xray, attributes: { 'tennis.link': 'lambda xray segment' } }] : [],
  };
}

/** Gives the SDK's tracer the ids the trace already handed out (root span, callees' parent spans); random otherwise. */
class PresetIds implements IdGenerator {
  traceId: string | undefined;
  spanId: string | undefined;
  generateTraceId(): string {
    const id = this.traceId ?? random.generateTraceId();
    this.traceId = undefined;
    return id;
  }
  generateSpanId(): string {
    const id = this.spanId ?? random.generateSpanId();
    this.spanId = undefined;
    return id;
  }
}

interface Provider {
  provider: TracerProvider;
  ids: PresetIds;
}

let current: Promise<Provider> | undefined;

async function otlpExporter(env: Env, timeoutMillis: number): Promise<SpanExporter> {
  const protocol = (env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || env.OTEL_EXPORTER_OTLP_PROTOCOL || 'http/protobuf').trim();
  if (protocol === 'http/json') return new (await import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter({ timeoutMillis });
  if (protocol === 'http/protobuf')
    return new (await import('@opentelemetry/exporter-trace-otlp-proto')).OTLPTraceExporter({ timeoutMillis });
  throw new Error(`OTEL_EXPORTER_OTLP_PROTOCOL="${protocol}" is not supported here; use http/protobuf or http/json`);
}

/** service.name defaults to the Lambda function's name; OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES override it. */
/**
 * The SDK reports a failed export (collector down, timed out, refused) through its diagnostic logger: to the
 * function's log at OTEL_LOG_LEVEL (default WARN), so an operator sees why spans are missing.
 */
function logExportProblems(env: Env): void {
  const level = DiagLogLevel[(env.OTEL_LOG_LEVEL?.trim().toUpperCase() || 'WARN') as keyof typeof DiagLogLevel] ?? DiagLogLevel.WARN;
  diag.setLogger(new DiagConsoleLogger(), { logLevel: level, suppressOverrideMessage: true });
}

async function createProvider(settings: TelemetrySettings, env: Env): Promise<Provider> {
  logExportProblems(env);
  const fn = env.AWS_LAMBDA_FUNCTION_NAME;
  const defaults = resourceFromAttributes({
    'service.name': fn || 'tennis-booking',
    ...(fn ? { 'faas.name': fn, 'cloud.provider': 'aws' } : {}),
    ...(env.AWS_REGION ? { 'cloud.region': env.AWS_REGION } : {}),
  });
  const resource = defaultResource()
    .merge(defaults)
    .merge(detectResources({ detectors: [envDetector] }));
  const ids = new PresetIds();
  const exporter = await otlpExporter(env, settings.timeoutMs);
  // The batch is exported by forceFlush at the end of each unit of work, never on a timer.
  const processor = new BatchSpanProcessor({
    exporter,
    scheduledDelayMillis: 3_600_000,
    exportTimeoutMillis: settings.timeoutMs,
    maxExportBatchSize: 512,
  });
  return { provider: new TracerProvider({ resource, idGenerator: ids, sampler: new AlwaysOnSampler(), spanProcessors: [processor] }), ids };
}

/** Creates the process's tracer provider and exporter (once); a failure is forgotten, so the next call retries. */
export async function prepareExporter(settings: TelemetrySettings, env: Env): Promise<void> {
  await providerFor(settings, env);
}

function providerFor(settings: TelemetrySettings, env: Env): Promise<Provider> {
  return (current ??= createProvider(settings, env).catch((err: unknown) => {
    current = undefined;
    throw err;
  }));
}

/** Stops the exporter (tests that change the OTEL_* environment between cases). */
export async function shutdownExporter(): Promise<void> {
  const p = current;
  current = undefined;
  if (p) await (await p.catch(() => undefined))?.provider.shutdown();
}

const KIND = { server: SpanKind.SERVER, consumer: SpanKind.CONSUMER, client: SpanKind.CLIENT, internal: SpanKind.INTERNAL } as const;

/** Waits for `work`, but never longer than `ms`: its error, 'timeout', or undefined when it finished. */
async function atMost(work: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
    timer.unref();
  });
  try {
    return await Promise.race([
      work.then(
        () => undefined,
        (err: unknown) => err ?? new Error('export failed'),
      ),
      bound,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Builds the spans of one unit of work from its trace and sends them. Returns once they are sent, or after
 * `settings.timeoutMs` at most (an unreachable or slow collector costs a turn no more than that). Never throws.
 */
export async function exportWork(
  trace: Trace,
  root: RootSpan,
  ids: WorkIds,
  outcome: RootOutcome,
  settings: TelemetrySettings,
  env: Env = process.env,
): Promise<void> {
  try {
    const { provider, ids: preset } = await providerFor(settings, env);
    const started = performance.now();
    const tracer = provider.getTracer('@tennis/runtime');
    const end = performance.timeOrigin + performance.now();
    preset.traceId = ids.traceId;
    preset.spanId = ids.rootSpanId;
    const parentCtx = ids.parent ? otelTrace.setSpanContext(ROOT_CONTEXT, ids.parent) : ROOT_CONTEXT;
    const rootSpan = tracer.startSpan(
      root.name,
      { kind: KIND[root.kind], startTime: trace.startedAt, attributes: { ...root.attributes, ...outcome.attributes }, links: ids.links },
      parentCtx,
    );
    if (outcome.error) rootSpan.setAttribute('error.type', outcome.error).setStatus({ code: SpanStatusCode.ERROR });
    const rootCtx = otelTrace.setSpanContext(ROOT_CONTEXT, {
      traceId: ids.traceId,
      spanId: ids.rootSpanId,
      traceFlags: TraceFlags.SAMPLED,
    });
    for (const view of spansOfTrace(trace, end)) child(tracer, preset, rootCtx, view);
    rootSpan.end(end);
    const left = Math.max(settings.timeoutMs - (performance.now() - started), 1);
    const problem = await atMost(provider.forceFlush({ timeoutMillis: left }), left);
    // In the function's log, so an operator sees why a turn's spans are missing; the turn goes on.
    if (problem === 'timeout')
      process.emitWarning(`OpenTelemetry spans not sent: the collector did not answer within ${settings.timeoutMs} ms`);
    else if (problem) process.emitWarning(`OpenTelemetry spans not sent: ${problem instanceof Error ? problem.message : String(problem)}`);
  } catch (err) {
    process.emitWarning(`OpenTelemetry export failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function child(
  tracer: ReturnType<TracerProvider['getTracer']>,
  preset: PresetIds,
  parent: ReturnType<typeof otelTrace.setSpanContext>,
  view: SpanView,
): void {
  preset.spanId = view.spanId;
  const span = tracer.startSpan(view.name, { kind: KIND[view.kind], startTime: view.startMs, attributes: view.attributes }, parent);
  if (view.error) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end(view.endMs);
}
