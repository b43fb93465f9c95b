/** Bedrock clients (Converse runtime, agent runtime): live with AWS credentials, or the offline model's request handler. */
import { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { Config } from '../config';
import { recordConverse } from '../llm-trace';
import { clientContext, LOCAL_AWS_CREDENTIALS, type ClientContext, type ClientOverrides } from './context';

/** Shared AWS settings for the Bedrock clients: offline ones get the offline handler and placeholder credentials. */
function bedrockSettings(ctx: ClientContext) {
  const { config, overrides } = ctx;
  const offline = ctx.mode('bedrock') === 'offline';
  const requestHandler = overrides.awsHandler ?? (offline ? ctx.offlineAws() : { requestTimeout: config.llmTimeoutMs });
  return {
    region: config.awsRegion, maxAttempts: config.llmMaxRetries + 1, requestHandler,
    ...(offline ? { credentials: LOCAL_AWS_CREDENTIALS } : {}),
  };
}

export function bedrockClient(config: Config, overrides?: ClientOverrides): BedrockRuntimeClient {
  const ctx = clientContext(config, overrides);
  return ctx.memo('bedrock', () => {
    const client = new BedrockRuntimeClient(bedrockSettings(ctx));
    recordConverse(client, ctx.mode('bedrock'), config.bedrockModelId);
    return client;
  });
}

export function bedrockAgentClient(config: Config, overrides?: ClientOverrides): BedrockAgentRuntimeClient {
  const ctx = clientContext(config, overrides);
  return ctx.memo('bedrockAgent', () => new BedrockAgentRuntimeClient(bedrockSettings(ctx)));
}
export type { ClientOverrides } from './context';
