/**
 * The Bedrock agent runtime client for pattern H: live, the factory's client talking to AWS; offline,
 * the same SDK client with the offline agent runtime as its request handler (the factory's awsHandler
 * hook). Offline, the action-group Lambdas are invoked through the factory's Lambda client, i.e. the
 * local Lambda runtime at LAMBDA_ENDPOINT, exactly as Bedrock invokes them in AWS.
 */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import { createOfflineAgentRuntime, parseFaults, type InvokeLambda, type OfflineAgentDefinition } from '@tennis/offline-model';
import { bedrockAgentClient as agentRuntimeClient } from '../../clients/bedrock';
import { selectMode } from '../../clients/context';
import { lambdaClient } from '../../clients/lambda';
import type { Config } from '../../config';

export type { InvokeLambda, OfflineAgentDefinition };

/** A synchronous Lambda invoke returning the function's JSON result; a function error throws. */
export function lambdaInvoker(client: LambdaClient): InvokeLambda {
  return async (functionName, event) => {
    const out = await client.send(new InvokeCommand({ FunctionName: functionName, Payload: JSON.stringify(event) }));
    const payload = new TextDecoder().decode(out.Payload ?? new Uint8Array());
    if (out.FunctionError) throw new Error(`Lambda ${functionName} failed (${out.FunctionError}): ${payload.slice(0, 200)}`);
    return JSON.parse(payload) as unknown;
  };
}

export interface AgentClientOptions {
  /** The agents the offline runtime hosts (what infra creates in AWS). */
  agents: OfflineAgentDefinition[];
  /** How the offline runtime reaches action-group Lambdas (default: Lambda Invoke through the factory's client). */
  invokeLambda?: InvokeLambda;
}

/** clients.bedrockAgent() when Bedrock is live; the same client on the offline agent runtime otherwise. */
export function bedrockAgentClient(config: Config, { agents, invokeLambda }: AgentClientOptions): BedrockAgentRuntimeClient {
  if (selectMode(config, 'bedrock') === 'live') return agentRuntimeClient(config);
  const awsHandler = createOfflineAgentRuntime({
    agents,
    invokeLambda: invokeLambda ?? lambdaInvoker(lambdaClient(config)),
    faults: parseFaults(config.offlineFaults ?? ''),
    latencyMs: config.offlineLatencyMs,
    timeoutMs: config.llmTimeoutMs,
  });
  return agentRuntimeClient(config, { awsHandler });
}
