/** Worker handler and invokeWorker through the real Lambda client (aws-sdk-client-mock routes the invokes). */
import { LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { invokeWorker } from '../src/lambda-invoke';
import { createWorkerHandler, type WorkerSpec } from '../src/lambda-worker';
import { StepFailedError, UpstreamError } from '../src/errors';
import { Trace } from '../src/trace';
import { lambdaClient, routeInvokes, workerOn } from './worker-routes';
import { testRuntime } from './helpers';

afterEach(() => mockClient(LambdaClient).restore());

const Input = z.strictObject({ n: z.number().int() });
const Result = z.strictObject({ doubled: z.number() });

function spec(work: (n: number, trace: Trace) => Promise<unknown>): WorkerSpec<typeof Input, typeof Result> {
  return {
    name: 'double',
    input: Input,
    result: Result,
    build:
      () =>
      async ({ n }, trace) =>
        work(n, trace as Trace) as Promise<{ doubled: number }>,
  };
}

const call = (trace: Trace, retryOnce = false, payload: { n: number } = { n: 2 }) =>
  invokeWorker({
    lambda: lambdaClient(),
    functionName: 'fn-double',
    step: 'double',
    input: Input,
    result: Result,
    payload,
    trace,
    retryOnce,
  });

describe('createWorkerHandler', () => {
  it('rejects a payload that fails the schema with a typed failure, without running the work', async () => {
    let ran = false;
    const handler = createWorkerHandler(
      spec(async () => {
        ran = true;
        return { doubled: 0 };
      }),
      { runtime: testRuntime() },
    );
    const reply = await handler({ n: 'two' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(ran).toBe(false);
  });

  it('turns a provider failure into its upstream code and keeps the events recorded so far', async () => {
    const handler = createWorkerHandler(
      spec(async (_n, trace) => {
        trace.step('code', 'before the call');
        throw new UpstreamError('upstream_unavailable', 'The model provider is rate limiting requests; retry shortly.');
      }),
      { runtime: testRuntime() },
    );
    const reply = await handler({ n: 1 });
    expect(reply).toMatchObject({ ok: false, error: { code: 'upstream_unavailable' } });
    expect(reply.trace.map((e) => e.type)).toEqual(['step']);
  });
});

describe('invokeWorker', () => {
  it('returns the validated result, records the invoke and merges the callee trace under the step name', async () => {
    const runtime = testRuntime();
    routeInvokes({
      'fn-double': workerOn(
        runtime,
        spec(async (n, trace) => {
          trace.step('code', 'doubling');
          return { doubled: n * 2 };
        }),
      ),
    });
    const trace = new Trace();
    expect(await call(trace)).toEqual({ doubled: 4 });
    expect(trace.events().map((e) => `${e.type} ${e.actor}`)).toEqual(['invoke code', 'step double/code']);
    expect(trace.usage().lambda_invokes).toBe(1);
  });

  it('a typed failure becomes StepFailedError with the upstream status (503), naming the step', async () => {
    const runtime = testRuntime();
    routeInvokes({
      'fn-double': workerOn(
        runtime,
        spec(async () => {
          throw new UpstreamError('upstream_unavailable', 'busy.');
        }),
      ),
    });
    const err = await call(new Trace()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StepFailedError);
    expect(err).toMatchObject({ status: 503, message: "Step 'double' failed: busy." });
  });

  it('a crashed function is a 502 naming the step; an idempotent step is retried once and can recover', async () => {
    let calls = 0;
    routeInvokes({
      'fn-double': async () => {
        if (++calls === 1) throw Object.assign(new Error('exited'), { name: 'Runtime.ExitError' });
        return { ok: true, result: { doubled: 6 }, trace: [] };
      },
    });
    const err = await call(new Trace()).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 502, message: "Step 'double' failed: the double Lambda failed (Runtime.ExitError)." });
    calls = 0;
    const trace = new Trace();
    expect(await call(trace, true, { n: 3 })).toEqual({ doubled: 6 });
    expect(trace.usage().lambda_invokes).toBe(2);
  });

  it('a reply that breaks the result contract is a step failure, not data', async () => {
    routeInvokes({ 'fn-double': async () => ({ ok: true, result: { doubled: 'four' }, trace: [] }) });
    await expect(call(new Trace())).rejects.toThrow(
      "Step 'double' failed: the double Lambda sent a reply that does not match its contract.",
    );
  });

  it('refuses to send a payload that fails its own schema', async () => {
    routeInvokes({});
    await expect(call(new Trace(), false, { n: 1.5 })).rejects.toThrow(z.ZodError);
  });
});
