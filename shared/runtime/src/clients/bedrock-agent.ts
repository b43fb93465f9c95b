/** The Bedrock agent runtime client (InvokeAgent, pattern H); apart from bedrock.ts so each Lambda loads only the SDK it calls. */
import { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import type { Config } from '../config';
import { bedrockSettings, clientContext, type ClientOverrides } from './context';

export function bedrockAgentClient(config: Config, overrides?: ClientOverrides): BedrockAgentRuntimeClient {
  const ctx = clientContext(config, overrides);
  return ctx.memo('bedrockAgent', () => new BedrockAgentRuntimeClient(bedrockSettings(ctx)));
}
export type { ClientOverrides } from './context';
