/**
 * The Bedrock agent runtime client for pattern H: live, the factory's client talking to AWS; offline,
 * the same SDK client with the offline agent runtime as its request handler (the factory's awsHandler
 * hook). The offline runtime (offline.ts, with the Lambda client it invokes action groups through)
 * loads on the first offline request, so the deployed invoker's cold start loads only the agent client.
 */
import type { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import type { InvokeLambda, OfflineAgentDefinition } from '@tennis/offline-model';
import { bedrockAgentClient as agentRuntimeClient } from '../../clients/bedrock-agent';
import { deferredHandler, selectMode } from '../../clients/context';
import type { Config } from '../../config';

export type { InvokeLambda, OfflineAgentDefinition };

export interface AgentClientOptions {
  /** The agents the offline runtime hosts (what infra creates in AWS). */
  agents: OfflineAgentDefinition[];
  /** How the offline runtime reaches action-group Lambdas (default: Lambda Invoke through the factory's client). */
  invokeLambda?: InvokeLambda;
}

/** clients.bedrockAgent() when Bedrock is live; the same client on the offline agent runtime otherwise. */
export function bedrockAgentClient(config: Config, options: AgentClientOptions): BedrockAgentRuntimeClient {
  if (selectMode(config, 'bedrock') === 'live') return agentRuntimeClient(config);
  const awsHandler = deferredHandler(async () => (await import('./offline')).offlineAgentRuntime(config, options));
  return agentRuntimeClient(config, { awsHandler });
}
