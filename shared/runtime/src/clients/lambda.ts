/**
 * The Lambda client multi-Lambda patterns invoke their steps and specialists with (LAMBDA_ENDPOINT locally).
 * Deferred: @aws-sdk/client-lambda loads on the first invoke, not at the caller's cold start.
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { Config } from '../config';
import { clientContext, LOCAL_AWS_CREDENTIALS, type ClientOverrides } from './context';
import { deferredClient } from './deferred';

export function lambdaClient(config: Config, overrides?: ClientOverrides): LambdaClient {
  return clientContext(config, overrides).memo('lambda', () =>
    deferredClient(async () => {
      const { LambdaClient } = await import('@aws-sdk/client-lambda');
      return new LambdaClient({
        region: config.awsRegion,
        maxAttempts: config.llmMaxRetries + 1,
        ...(config.lambdaEndpoint ? { endpoint: config.lambdaEndpoint, credentials: LOCAL_AWS_CREDENTIALS } : {}),
      });
    }),
  );
}
export type { ClientOverrides } from './context';
