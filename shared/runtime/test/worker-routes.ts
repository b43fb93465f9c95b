/**
 * Worker Lambdas in this process, behind the real @aws-sdk/client-lambda: aws-sdk-client-mock hands each
 * InvokeCommand to the handler named by FunctionName and returns its reply as the Lambda service would
 * (a thrown handler error comes back as a function error). Used by the C and G tests.
 */
import { InvokeCommand, LambdaClient, type InvokeCommandInput } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { createWorkerHandler, type WorkerSpec } from '../src/lambda-worker';
import type { Runtime } from '../src/handler';

export type RouteHandler = (event: unknown) => Promise<unknown>;

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

/** Mocks every LambdaClient: InvokeCommand goes to `handlers[FunctionName]`; an unknown name is a 404. */
export function routeInvokes(handlers: Record<string, RouteHandler>) {
  const mock = mockClient(LambdaClient);
  mock.on(InvokeCommand).callsFake(async (input: InvokeCommandInput) => {
    const handler = handlers[input.FunctionName ?? ''];
    if (!handler) {
      throw Object.assign(new Error(`Function not found: ${input.FunctionName}`), {
        name: 'ResourceNotFoundException',
        $metadata: { httpStatusCode: 404 },
      });
    }
    // The mock sees the command input as given: the payload is still the JSON text the caller passed.
    const event: unknown = JSON.parse(
      typeof input.Payload === 'string' ? input.Payload : new TextDecoder().decode(input.Payload as Uint8Array),
    );
    try {
      return { StatusCode: 200, Payload: encode(await handler(event)) };
    } catch (err) {
      const { name = 'Error', message = String(err) } = err instanceof Error ? err : {};
      return { StatusCode: 200, FunctionError: 'Unhandled', Payload: encode({ errorType: name, errorMessage: message }) };
    }
  });
  return mock;
}

/** A worker's real handler on a given runtime (fixed clock, shared in-memory store). */
export function workerOn(rt: Runtime, spec: WorkerSpec<any, any>): RouteHandler {
  const handler = createWorkerHandler(spec, { runtime: rt });
  return (event) => handler(event);
}

/** A client for code under test; every instance is routed by routeInvokes. */
export const lambdaClient = () => new LambdaClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
