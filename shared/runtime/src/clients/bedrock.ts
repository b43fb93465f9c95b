/**
 * The Bedrock Converse runtime client: live with AWS credentials, or the offline model's request handler.
 * Deferred: @aws-sdk/client-bedrock-runtime loads on the first model call, not at the caller's cold start.
 */
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { Config } from '../config';
import { recordConverse } from '../llm-trace';
import { bedrockSettings, clientContext, type ClientOverrides } from './context';
import { deferredClient } from './deferred';

export function bedrockClient(config: Config, overrides?: ClientOverrides): BedrockRuntimeClient {
  const ctx = clientContext(config, overrides);
  return ctx.memo('bedrock', () =>
    deferredClient(async () => {
      const { BedrockRuntimeClient } = await import('@aws-sdk/client-bedrock-runtime');
      const client = new BedrockRuntimeClient(bedrockSettings(ctx));
      recordConverse(client, ctx.mode('bedrock'), config.bedrockModelId);
      return client;
    }),
  );
}
export type { ClientOverrides } from './context';
