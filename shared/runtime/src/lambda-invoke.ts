/**
 * The caller's side of a Lambda-to-Lambda call (C's orchestrator, G's manager); the callee's side is
 * lambda-worker.ts. invokeWorker validates before sending, invokes through the real @aws-sdk/client-lambda,
 * records an `invoke` event, merges the callee's trace under the step's name, validates the reply, and
 * turns every failure (typed failure, function error, crash, timeout, transport) into a StepFailedError
 * naming the step. Idempotent steps may ask for one retry.
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import * as z from 'zod';
import { StepFailedError, UpstreamError, type UpstreamKind } from './errors';
import { workerReplyEnvelope } from './lambda-worker';
import { childTraceparent, type TraceEvent, type TraceRecorder } from './trace';

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

/**
 * The payload as sent: the validated input, plus the W3C traceparent naming this call's span when the turn
 * is exported, so the callee's spans continue the turn's trace under it (the worker takes it off before
 * validating its input).
 */
function withTraceparent(input: unknown, traceparent: string | undefined): string {
  const isRecord = typeof input === 'object' && input !== null && !Array.isArray(input);
  return JSON.stringify(traceparent && isRecord ? { ...input, traceparent } : input);
}

async function attempt<I extends z.ZodType, R extends z.ZodType>(opts: InvokeWorkerOptions<I, R>, input: z.output<I>): Promise<Attempt<R>> {
  const { lambda, functionName, step, trace } = opts;
  const t0 = performance.now();
  const link = childTraceparent(trace);
  const payload = withTraceparent(input, link?.traceparent);
  const record = (ok: boolean, detail?: string) =>
    trace.record(
      { type: 'invoke', actor: 'code', function: functionName, ok, ms: Math.round(performance.now() - t0), ...(detail ? { detail } : {}) },
      link && { spanId: link.spanId },
    );
  let out;
  try {
    // The SDK loads on the first invoke, not at import (a cold start would pay for it before any request).
    const { InvokeCommand } = await import('@aws-sdk/client-lambda');
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
  const reply = workerReplyEnvelope.safeParse(parseJson(text));
  const result = reply.success && reply.data.ok ? opts.result.safeParse(reply.data.result) : undefined;
  const broken = !reply.success ? reply.error : result?.success === false ? result.error : undefined;
  if (broken || !reply.success) {
    record(false, 'unreadable reply');
    return { ok: false, cause: broken, detail: `the ${step} Lambda sent a reply that does not match its contract.` };
  }
  record(reply.data.ok, reply.data.ok ? undefined : reply.data.error.code);
  // The envelope checked each event's common fields; the recorder renumbers them into this turn. A traced
  // callee exported their spans itself.
  trace.merge(reply.data.trace as unknown as TraceEvent[], step, link && { remote: true });
  if (result?.success) return { ok: true, result: result.data };
  const { code, message } = reply.data.ok ? { code: 'internal', message: '' } : reply.data.error;
  const kind: UpstreamKind = code === 'upstream_unavailable' || code === 'upstream_timeout' ? code : 'bad_upstream';
  return { ok: false, cause: new UpstreamError(kind, message) };
}

/** Invokes a worker Lambda and returns its validated result; throws StepFailedError naming the step. */
export async function invokeWorker<I extends z.ZodType, R extends z.ZodType>(opts: InvokeWorkerOptions<I, R>): Promise<z.output<R>> {
  // Our own payload failing our own schema is a bug in the caller, not a step failure.
  const payload = opts.input.parse(opts.payload);
  let outcome = await attempt(opts, payload);
  if (!outcome.ok && opts.retryOnce) {
    opts.trace.step('code', `retry ${opts.step}`, 'idempotent step, retried once');
    outcome = await attempt(opts, payload);
  }
  if (outcome.ok) return outcome.result;
  throw new StepFailedError(opts.step, outcome.cause, outcome.detail);
}
