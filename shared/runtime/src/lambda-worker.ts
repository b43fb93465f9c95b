/**
 * Lambda-to-Lambda calls for the multi-process patterns (C's step Lambdas, G's specialist Lambdas).
 *
 * Both sides validate the payload with ONE zod schema pair the pattern declares:
 * - createWorkerHandler (here): the callee. Validates the event, runs the work with its own trace, and
 *   replies `{ ok: true, result, trace }` or a typed failure `{ ok: false, error: { code, message }, trace }`.
 * - invokeWorker (lambda-invoke.ts): the caller, through the real @aws-sdk/client-lambda. It lives apart
 *   so a worker Lambda, which never invokes another, does not load the Lambda client at cold start.
 */
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { toHttpError, UpstreamError } from './errors';
import { describeError, onceUntilFailure, startRuntime, type HandlerOptions, type Runtime } from './handler';
import { startTracedWork } from './telemetry';
import type { Logger } from './logging';
import { withTrace, type Trace, type TraceEvent, type TraceRecorder } from './trace';

const FAILURE_CODES = ['invalid_payload', 'bad_upstream', 'upstream_unavailable', 'upstream_timeout', 'internal'] as const;
export type WorkerFailureCode = (typeof FAILURE_CODES)[number];

const traceEvents = z.array(z.looseObject({ type: z.string(), actor: z.string(), seq: z.number(), at_ms: z.number() }));
const failure = z.strictObject({ code: z.enum(FAILURE_CODES), message: z.string() });

/** The reply envelope; `result` is validated separately against the worker's own result schema. */
export const workerReplyEnvelope = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), result: z.unknown(), trace: traceEvents }),
  z.strictObject({ ok: z.literal(false), error: failure, trace: traceEvents }),
]);

export type WorkerReply<R extends z.ZodType> =
  | { ok: true; result: z.output<R>; trace: TraceEvent[] }
  | { ok: false; error: { code: WorkerFailureCode; message: string }; trace: TraceEvent[] };

/** The work one worker Lambda does: validated input in, result out; the trace is the invocation's own. */
export type WorkerFn<I extends z.ZodType, R extends z.ZodType> = (input: z.output<I>, trace: TraceRecorder) => Promise<z.input<R>>;

export interface WorkerSpec<I extends z.ZodType, R extends z.ZodType> {
  /** The step or specialist name, used in logs. */
  name: string;
  input: I;
  result: R;
  /** Builds the work function once per container from the runtime (clients, booking service). */
  build: (rt: Runtime) => WorkerFn<I, R> | Promise<WorkerFn<I, R>>;
}

export type WorkerHandler<R extends z.ZodType> = (event: unknown, context?: Context) => Promise<WorkerReply<R>>;

/**
 * Splits the caller's trace context off the payload: invokeWorker adds `traceparent` beside the pattern's
 * fields when the turn is exported. Taken off whatever it holds (a malformed one starts a new trace), so
 * the pattern's strict schema validates exactly its own fields.
 */
function splitTraceparent(event: unknown): { traceparent?: unknown; payload: unknown } {
  if (typeof event !== 'object' || event === null || Array.isArray(event) || !('traceparent' in event)) return { payload: event };
  const { traceparent, ...payload } = event as Record<string, unknown>;
  return { traceparent, payload };
}

function failureOf(err: unknown): { code: WorkerFailureCode; message: string } {
  const http = toHttpError(err);
  if (http instanceof UpstreamError) return { code: http.kind, message: http.message };
  return { code: 'internal', message: http.status < 500 ? http.message : 'The function failed; see its log.' };
}

/** The Lambda handler of a worker: payload validated against `spec.input`, reply against `spec.result`. */
export function createWorkerHandler<I extends z.ZodType, R extends z.ZodType>(
  spec: WorkerSpec<I, R>,
  options: HandlerOptions = {},
): WorkerHandler<R> {
  const start = onceUntilFailure(async () => {
    const runtime = await startRuntime(options);
    return { runtime, work: await spec.build(runtime) };
  });

  return async (event, context) => {
    const { runtime, work } = await start();
    const log = runtime.logger.child({ worker: spec.name, request_id: context?.awsRequestId });
    log.info('invoked');
    const { traceparent, payload } = splitTraceparent(event);
    // This invocation's trace, continuing the caller's when it is exported (telemetry.ts).
    const traced = await startTracedWork({
      name: `invoke ${context?.functionName ?? spec.name}`,
      kind: 'server',
      attributes: {
        'faas.trigger': 'other',
        'tennis.worker': spec.name,
        ...(context?.awsRequestId ? { 'faas.invocation_id': context.awsRequestId } : {}),
      },
      traceparent,
    });
    const reply = await run(work, traced.trace, payload, log);
    await traced.end(reply.ok ? {} : { error: reply.error.code });
    return reply;
  };

  /** Validates the payload and runs the work, recording into `trace`; every failure is a typed reply. */
  async function run(work: WorkerFn<I, R>, trace: Trace, event: unknown, log: Logger): Promise<WorkerReply<R>> {
    const input = spec.input.safeParse(event);
    if (!input.success) {
      log.info('rejected payload', { issues: z.prettifyError(input.error) });
      return {
        ok: false,
        error: { code: 'invalid_payload', message: `Invalid ${spec.name} payload: ${z.prettifyError(input.error)}` },
        trace: [],
      };
    }
    try {
      const result = spec.result.parse(await withTrace(trace, () => work(input.data, trace)));
      return { ok: true, result, trace: trace.events() };
    } catch (err) {
      const error = failureOf(err);
      log.error('failed', { code: error.code, error: describeError(err) });
      return { ok: false, error, trace: trace.events() };
    }
  }
}
