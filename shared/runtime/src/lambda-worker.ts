/**
 * Lambda-to-Lambda calls for the multi-process patterns (C's step Lambdas, G's specialist Lambdas).
 *
 * Both sides validate the payload with ONE zod schema pair the pattern declares:
 * - createWorkerHandler: the callee. Validates the event, runs the work with its own trace, and replies
 *   `{ ok: true, result, trace }` or a typed failure `{ ok: false, error: { code, message }, trace }`.
 * - invokeWorker: the caller. Validates before sending, invokes through the real @aws-sdk/client-lambda,
 *   records an `invoke` event, merges the callee's trace under the step's name, validates the reply,
 *   and turns every failure (typed failure, function error, crash, timeout, transport) into a
 *   StepFailedError naming the step. Idempotent steps may ask for one retry.
 */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { StepFailedError, toHttpError, UpstreamError, type UpstreamKind } from './errors';
import { describeError, onceUntilFailure, startRuntime, type HandlerOptions, type Runtime } from './handler';
import { Trace, withTrace, type TraceEvent, type TraceRecorder } from './trace';

const FAILURE_CODES = ['invalid_payload', 'bad_upstream', 'upstream_unavailable', 'upstream_timeout', 'internal'] as const;
export type WorkerFailureCode = (typeof FAILURE_CODES)[number];

const traceEvents = z.array(z.looseObject({ type: z.string(), actor: z.string(), seq: z.number(), at_ms: z.number() }));
const failure = z.strictObject({ code: z.enum(FAILURE_CODES), message: z.string() });

/** The reply envelope; `result` is validated separately against the worker's own result schema. */
const envelope = z.discriminatedUnion('ok', [
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
    const input = spec.input.safeParse(event);
    if (!input.success) {
      log.info('rejected payload', { issues: z.prettifyError(input.error) });
      return { ok: false, error: { code: 'invalid_payload', message: `Invalid ${spec.name} payload: ${z.prettifyError(input.error)}` }, trace: [] };
    }
    const trace = new Trace();
    try {
      const result = spec.result.parse(await withTrace(trace, () => work(input.data, trace)));
      return { ok: true, result, trace: trace.events() };
    } catch (err) {
      const error = failureOf(err);
      log.error('failed', { code: error.code, error: describeError(err) });
      return { ok: false, error, trace: trace.events() };
    }
  };
}

/** Lambda's error payload for a function error (crash, timeout, unhandled exception). */
const functionErrorPayload = z.looseObject({ errorType: z.string().optional(), errorMessage: z.string().optional() });

/** A function error as a cause StepFailedError can classify: a timeout is a 504, anything else a 502. */
export class FunctionError extends Error {
  constructor(
    readonly functionName: string,
    readonly errorType: string,
    errorMessage: string,
  ) {
    super(`${functionName}: ${errorType}: ${errorMessage}`);
    this.name = errorType === 'Sandbox.Timedout' ? 'TimeoutError' : 'FunctionError';
  }
}

export interface InvokeWorkerOptions<I extends z.ZodType, R extends z.ZodType> {
  lambda: LambdaClient;
  functionName: string;
  /** Step name: the trace prefix of the callee's events and the name in StepFailedError. */
  step: string;
  input: I;
  result: R;
  payload: z.input<I>;
  trace: TraceRecorder;
  /** Retry once after a failure. Only for steps that are safe to run twice. */
  retryOnce?: boolean;
}

type Attempt<R extends z.ZodType> = { ok: true; result: z.output<R> } | { ok: false; cause: unknown; detail?: string };

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function attempt<I extends z.ZodType, R extends z.ZodType>(opts: InvokeWorkerOptions<I, R>, payload: string): Promise<Attempt<R>> {
  const { lambda, functionName, step, trace } = opts;
  const t0 = performance.now();
  const record = (ok: boolean, detail?: string) =>
    trace.record({ type: 'invoke', actor: 'code', function: functionName, ok, ms: Math.round(performance.now() - t0), ...(detail ? { detail } : {}) });
  let out;
  try {
    out = await lambda.send(new InvokeCommand({ FunctionName: functionName, Payload: payload }));
  } catch (err) {
    const name = err instanceof Error ? err.name : 'error';
    record(false, `invoke failed: ${name}`);
    return { ok: false, cause: err, detail: `could not invoke the ${step} Lambda (${name}).` };
  }
  const text = Buffer.from(out.Payload ?? new Uint8Array()).toString('utf8');
  if (out.FunctionError) {
    const fields = functionErrorPayload.safeParse(parseJson(text));
    const errorType = (fields.success && fields.data.errorType) || 'Unhandled';
    record(false, `function error: ${errorType}`);
    const cause = new FunctionError(functionName, errorType, (fields.success && fields.data.errorMessage) || text);
    return { ok: false, cause, detail: `the ${step} Lambda failed (${errorType}).` };
  }
  const reply = envelope.safeParse(parseJson(text));
  const result = reply.success && reply.data.ok ? opts.result.safeParse(reply.data.result) : undefined;
  const broken = !reply.success ? reply.error : result?.success === false ? result.error : undefined;
  if (broken || !reply.success) {
    record(false, 'unreadable reply');
    return { ok: false, cause: broken, detail: `the ${step} Lambda sent a reply that does not match its contract.` };
  }
  record(reply.data.ok, reply.data.ok ? undefined : reply.data.error.code);
  // The envelope checked each event's common fields; the recorder renumbers them into this turn.
  trace.merge(reply.data.trace as unknown as TraceEvent[], step);
  if (result?.success) return { ok: true, result: result.data };
  const { code, message } = reply.data.ok ? { code: 'internal', message: '' } : reply.data.error;
  const kind: UpstreamKind = code === 'upstream_unavailable' || code === 'upstream_timeout' ? code : 'bad_upstream';
  return { ok: false, cause: new UpstreamError(kind, message) };
}

/** Invokes a worker Lambda and returns its validated result; throws StepFailedError naming the step. */
export async function invokeWorker<I extends z.ZodType, R extends z.ZodType>(opts: InvokeWorkerOptions<I, R>): Promise<z.output<R>> {
  // Our own payload failing our own schema is a bug in the caller, not a step failure.
  const payload = JSON.stringify(opts.input.parse(opts.payload));
  let outcome = await attempt(opts, payload);
  if (!outcome.ok && opts.retryOnce) {
    opts.trace.step('code', `retry ${opts.step}`, 'idempotent step, retried once');
    outcome = await attempt(opts, payload);
  }
  if (outcome.ok) return outcome.result;
  throw new StepFailedError(opts.step, outcome.cause, outcome.detail);
}
