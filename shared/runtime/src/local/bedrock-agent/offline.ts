/**
 * The offline half of pattern H's agent client, loaded on its first request (index.ts): the offline
 * agent runtime, which invokes the action-group Lambdas through the factory's Lambda client, i.e. the
 * local Lambda runtime at LAMBDA_ENDPOINT, exactly as Bedrock invokes them in AWS.
 */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { createOfflineAgentRuntime, type InvokeLambda } from '@tennis/offline-model';
import { offlineModelOptions } from '../../clients/context';
import type { HttpHandler } from '@tennis/offline-model/transports';
import { lambdaClient } from '../../clients/lambda';
import type { Config } from '../../config';
import type { AgentClientOptions } from './index';

/** A synchronous Lambda invoke returning the function's JSON result; a function error throws. */
function lambdaInvoker(client: LambdaClient): InvokeLambda {
  return async (functionName, event) => {
    const out = await client.send(new InvokeCommand({ FunctionName: functionName, Payload: JSON.stringify(event) }));
    const payload = new TextDecoder().decode(out.Payload ?? new Uint8Array());
    if (out.FunctionError) throw new Error(`Lambda ${functionName} failed (${out.FunctionError}): ${payload.slice(0, 200)}`);
    return JSON.parse(payload) as unknown;
  };
}

export function offlineAgentRuntime(config: Config, { agents, invokeLambda }: AgentClientOptions): HttpHandler {
  return createOfflineAgentRuntime({
    agents,
    invokeLambda: invokeLambda ?? lambdaInvoker(lambdaClient(config)),
    ...offlineModelOptions(config),
    timeoutMs: config.llmTimeoutMs,
  });
}
