/**
 * Pattern C with its step Lambdas run in this process: the orchestrator still calls the real
 * @aws-sdk/client-lambda, and aws-sdk-client-mock hands each InvokeCommand to the named step's real
 * worker handler (same runtime, fixed clock, in-memory store), the way the Lambda service would.
 */
import { InvokeCommand, LambdaClient, type InvokeCommandInput } from '@aws-sdk/client-lambda';
import type { Runtime } from '@tennis/runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { createWorkerHandler, type WorkerSpec } from '../../../shared/runtime/src/lambda-worker';
import { availabilityWorker } from '../src/handlers/availability';
import { bookingWorker } from '../src/handlers/booking';
import { parseWorker } from '../src/handlers/parse';
import { createPatternC } from '../src/pattern';

export const FUNCTIONS = { parse: 'test-parse', availability: 'test-availability', booking: 'test-booking' };

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

/** Routes InvokeCommand by FunctionName to handlers; returns the mock for call assertions. */
export function routeInvokes(handlers: Record<string, (event: unknown) => Promise<unknown>>) {
  const mock = mockClient(LambdaClient);
  mock.on(InvokeCommand).callsFake(async (input: InvokeCommandInput) => {
    const handler = handlers[input.FunctionName ?? ''];
    if (!handler) throw Object.assign(new Error(`Function not found: ${input.FunctionName}`), { name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
    // The mock receives the command input as given: the payload is still the JSON text the caller passed.
    const event: unknown = JSON.parse(typeof input.Payload === 'string' ? input.Payload : new TextDecoder().decode(input.Payload));
    return { StatusCode: 200, Payload: encode(await handler(event)) };
  });
  return mock;
}

const workerOn = (rt: Runtime, spec: WorkerSpec<any, any>) => {
  const handler = createWorkerHandler(spec, { runtime: rt });
  return (event: unknown) => handler(event);
};

/** A BuildPattern for createTestApp: the orchestrator plus the three real step handlers behind the mocked Lambda API. */
export function buildInProcess(rt: Runtime) {
  routeInvokes({
    [FUNCTIONS.parse]: workerOn(rt, parseWorker),
    [FUNCTIONS.availability]: workerOn(rt, availabilityWorker),
    [FUNCTIONS.booking]: workerOn(rt, bookingWorker),
  });
  return createPatternC({ lambda: new LambdaClient({ region: 'us-east-1' }), functions: FUNCTIONS });
}
