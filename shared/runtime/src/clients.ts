/**
 * The one factory for every SDK client a pattern uses. Pattern code asks for `clients.openai()` and
 * never knows whether it talks to the real API or to the offline model: offline clients are the same
 * SDK classes with their transport (fetch / AWS request handler) swapped for the offline model.
 * Every OpenAI, Anthropic and Bedrock Converse call is recorded in the current turn's trace.
 *
 * `createClients` bundles every vendor SDK. A Lambda that calls one vendor imports that vendor's
 * factory instead (`@tennis/runtime/clients/openai` -> `openaiClient(config)`), so its bundle
 * carries only that SDK. Both share one context per config (clients/context.ts).
 */
import type { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type OpenAI from 'openai';
import type { Config } from './config';
import { anthropicClient, type AnthropicMessages } from './clients/anthropic';
import { bedrockClient } from './clients/bedrock';
import { bedrockAgentClient } from './clients/bedrock-agent';
import { clientContext, type ClientOverrides, type LlmMode, type Vendor } from './clients/context';
import { lambdaClient } from './clients/lambda';
import { openaiClient } from './clients/openai';

export { MissingCredentialsError, selectMode, type ClientOverrides, type LlmMode, type Vendor } from './clients/context';
export { anthropicClient, bedrockAgentClient, bedrockClient, lambdaClient, openaiClient };

export interface Clients {
  openai(): OpenAI;
  anthropic(): AnthropicMessages;
  bedrock(): BedrockRuntimeClient;
  bedrockAgent(): BedrockAgentRuntimeClient;
  lambda(): LambdaClient;
  /** Whether this vendor's calls go to the real API or to the offline model. */
  mode(vendor: Vendor): LlmMode;
  /** The configured model id for this vendor. */
  model(vendor: Vendor): string;
}

export function createClients(config: Config, overrides?: ClientOverrides): Clients {
  const ctx = clientContext(config, overrides);
  const models: Record<Vendor, string> = { openai: config.openaiModel, anthropic: config.anthropicModel, bedrock: config.bedrockModelId };
  return {
    openai: () => openaiClient(config, overrides),
    anthropic: () => anthropicClient(config, overrides),
    bedrock: () => bedrockClient(config, overrides),
    bedrockAgent: () => bedrockAgentClient(config, overrides),
    lambda: () => lambdaClient(config, overrides),
    mode: ctx.mode,
    model: (vendor) => models[vendor],
  };
}
