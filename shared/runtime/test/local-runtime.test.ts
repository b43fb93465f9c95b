import { fileURLToPath } from 'node:url';
import { InvokeCommand, LambdaClient, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FunctionInitError, startLocalLambdaRuntime, type LocalLambdaRuntime } from '../src/local';

const fixture = (name: string) => fileURLToPath(new URL(`./local-fixtures/${name}.ts`, import.meta.url));

let runtime: LocalLambdaRuntime;
let lambda: LambdaClient;
const logs: string[] = [];

beforeAll(async () => {
  runtime = await startLocalLambdaRuntime({
    functions: [
      { name: 'alpha', entry: fixture('actions'), env: { GREETING: 'hello from alpha' } },
      { name: 'beta', entry: fixture('reader') },
    ],
    baseEnv: { ...process.env, AWS_ACCESS_KEY_ID: undefined, AWS_PROFILE: undefined },
    timeoutMs: 3_000,
    log: (fn, line) => logs.push(`${fn}: ${line}`),
  });
  // The real SDK client, pointed at the local endpoint as the patterns' client factory does with LAMBDA_ENDPOINT.
  lambda = new LambdaClient({
    endpoint: runtime.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  lambda?.destroy();
  await runtime?.stop();
});

async function invoke(functionName: string, payload: unknown) {
  const out = await lambda.send(new InvokeCommand({ FunctionName: functionName, Payload: JSON.stringify(payload) }));
  return { functionError: out.FunctionError, status: out.StatusCode, body: JSON.parse(Buffer.from(out.Payload ?? []).toString('utf8')) };
}

describe('local Lambda runtime', () => {
  it('invokes a function through the real Lambda client and returns its result', async () => {
    const out = await invoke('alpha', { action: 'echo', id: 'x1' });
    expect(out.status).toBe(200);
    expect(out.functionError).toBeUndefined();
    expect(out.body).toMatchObject({ function: 'alpha', event: { action: 'echo', id: 'x1' }, greeting: 'hello from alpha' });
    expect(out.body.requestId).toMatch(/[0-9a-f-]{36}/);
  });

  it('runs each function in its own process, apart from the caller', async () => {
    const pids = runtime.pids();
    expect(Object.keys(pids).sort()).toEqual(['alpha', 'beta']);
    expect(pids.alpha).not.toBe(pids.beta);
    expect([pids.alpha, pids.beta]).not.toContain(process.pid);
    expect((await invoke('alpha', { action: 'echo' })).body.pid).toBe(pids.alpha);
  });

  it('gives functions dynalite credentials without posing as real AWS credentials (Bedrock stays offline in auto mode)', () => {
    expect(runtime.env.AWS_ACCESS_KEY_ID).toBeUndefined();
    expect(runtime.env.AWS_SHARED_CREDENTIALS_FILE).toBeTruthy();
  });

  it('accepts a function ARN as the function name', async () => {
    const out = await invoke('arn:aws:lambda:us-east-1:123456789012:function:alpha:$LATEST', { action: 'echo' });
    expect(out.body.function).toBe('alpha');
  });

  it('reports a thrown error as an Unhandled function error', async () => {
    const out = await invoke('alpha', { action: 'throw' });
    expect(out.functionError).toBe('Unhandled');
    expect(out.body).toEqual({ errorType: 'RangeError', errorMessage: 'the court is under water' });
  });

  it("hands an event straight to a function's process, as API Gateway does, with function errors as outcomes", async () => {
    const ok = await runtime.invoke('alpha', { action: 'echo', id: 'gw' });
    expect(ok.ok && JSON.parse(ok.payload)).toMatchObject({ function: 'alpha', event: { id: 'gw' }, pid: runtime.pids().alpha });
    expect(await runtime.invoke('alpha', { action: 'throw' })).toEqual({
      ok: false,
      errorType: 'RangeError',
      errorMessage: 'the court is under water',
    });
    expect(() => runtime.invoke('gamma', {})).toThrow('No local function named "gamma"');
  });

  it('answers ResourceNotFoundException for an unknown function', async () => {
    const error = await lambda.send(new InvokeCommand({ FunctionName: 'gamma', Payload: '{}' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect((error as Error).message).toContain('Function not found');
    expect((error as ResourceNotFoundException).$metadata.httpStatusCode).toBe(404);
  });

  it('shares one store: a write in one process is read by another', async () => {
    const write = await invoke('alpha', { action: 'put', id: 'shared-1' });
    expect(write.functionError).toBeUndefined();
    const read = await invoke('beta', { id: 'shared-1' });
    expect(read.body.pid).not.toBe(write.body.pid);
    expect(read.body.writtenBy).toBe(write.body.pid);
    expect((await invoke('beta', { id: 'never-written' })).body.writtenBy).toBeNull();
  });

  it('turns a crash mid-invoke into a function error, then serves again from a new process', async () => {
    const before = runtime.pids().alpha;
    const crash = await invoke('alpha', { action: 'crash' });
    expect(crash.functionError).toBe('Unhandled');
    expect(crash.body.errorType).toBe('Runtime.ExitError');
    expect(crash.body.errorMessage).toContain('exit status 3');
    const after = await invoke('alpha', { action: 'echo' });
    expect(after.functionError).toBeUndefined();
    expect(after.body.pid).not.toBe(before);
    expect(runtime.pids().alpha).toBe(after.body.pid);
  });

  it('turns a process killed during an invoke into a function error and restarts it', async () => {
    const before = runtime.pids().alpha;
    const hanging = invoke('alpha', { action: 'hang' });
    // Kill once the handler is running: it never answers, so only the kill can end the invoke.
    await vi.waitUntil(() => logs.some((line) => line.startsWith('alpha: hanging')), { timeout: 10_000 });
    runtime.kill('alpha');
    const out = await hanging;
    expect(out.functionError).toBe('Unhandled');
    expect(out.body.errorMessage).toContain('signal: SIGKILL');
    expect((await invoke('alpha', { action: 'echo' })).body.pid).not.toBe(before);
    expect((await invoke('beta', { id: 'shared-1' })).body.writtenBy).toBeGreaterThan(0);
  });

  it('times out a handler that never answers, like a Lambda timeout', async () => {
    const out = await invoke('alpha', { action: 'hang' });
    expect(out.functionError).toBe('Unhandled');
    expect(out.body.errorType).toBe('Sandbox.Timedout');
    expect(out.body.errorMessage).toContain('Task timed out after 3.00 seconds');
  });
});

describe('local Lambda runtime start-up', () => {
  it('fails clearly, naming the function, when a module cannot be imported', async () => {
    const start = startLocalLambdaRuntime({ functions: [{ name: 'broken', entry: fixture('broken') }], log: () => {} });
    await expect(start).rejects.toBeInstanceOf(FunctionInitError);
    await expect(start).rejects.toThrow(/Function broken failed to start: .*missing configuration: GREETING/);
  });

  it('rejects two functions with the same name', async () => {
    await expect(
      startLocalLambdaRuntime({
        functions: [
          { name: 'a', entry: fixture('actions') },
          { name: 'a', entry: fixture('reader') },
        ],
      }),
    ).rejects.toThrow('Duplicate local function name "a"');
  });
});
