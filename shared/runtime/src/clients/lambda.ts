/** The Lambda client multi-Lambda patterns invoke their steps and specialists with (LAMBDA_ENDPOINT locally). */
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { Config } from '../config';
import { clientContext, LOCAL_AWS_CREDENTIALS, type ClientOverrides } from './context';

export function lambdaClient(config: Config, overrides?: ClientOverrides): LambdaClient {
  return clientContext(config, overrides).memo('lambda', () => new LambdaClient({
    region: config.awsRegion,
    maxAttempts: config.llmMaxRetries + 1,
    ...(config.lambdaEndpoint ? { endpoint: config.lambdaEndpoint, credentials: LOCAL_AWS_CREDENTIALS } : {}),
  }));
}
export type { ClientOverrides } from './context';
