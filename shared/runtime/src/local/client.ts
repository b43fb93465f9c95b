/**
 * Invokes a local function through the real @aws-sdk/client-lambda, the way API Gateway invokes a
 * deployed one: the dev server and the demo use it for the HTTP-facing Lambda of C, G and H.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { LOCAL_AWS_ENV } from './dynamo';
import type { InvokeOutcome } from './protocol';

export type { LambdaClient };

export function localLambdaClient(endpoint: string): LambdaClient {
  return new LambdaClient({
    endpoint,
    region: LOCAL_AWS_ENV.AWS_REGION,
    credentials: { accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY },
    // A function error is an answer, not a transport failure: never retry an invoke here.
    maxAttempts: 1,
  });
}

/** Synchronous invoke; a function error comes back as {ok:false} with Lambda's errorType/errorMessage. */
export async function invokeFunction(client: LambdaClient, functionName: string, event: unknown): Promise<InvokeOutcome> {
  const out = await client.send(new InvokeCommand({ FunctionName: functionName, Payload: JSON.stringify(event) }));
  const payload = Buffer.from(out.Payload ?? new Uint8Array()).toString('utf8');
  if (!out.FunctionError) return { ok: true, payload };
  const { errorType = 'Error', errorMessage = payload } = JSON.parse(payload) as { errorType?: string; errorMessage?: string };
  return { ok: false, errorType, errorMessage };
}
