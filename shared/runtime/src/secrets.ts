/**
 * API keys for deployed Lambdas come from Secrets Manager (the value is never in Terraform
 * state or environment). Each secret is read once per container; a failed read is retried on
 * the next call rather than cached.
 */
// Type-only: the SDK itself is imported when a secret is first read, so runs without *_SECRET_ARN never load it.
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Config } from './config';

export interface ApiKeys {
  openaiApiKey?: string;
  anthropicApiKey?: string;
}

const cache = new Map<string, Promise<string>>();

/** The key inside a secret string: the raw string, or the "apiKey" field of a JSON object. */
export function keyFromSecretString(secret: string, arn: string): string {
  const text = secret.trim();
  if (text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(`Secret ${arn} looks like JSON but does not parse.`);
    }
    const key = (parsed as { apiKey?: unknown }).apiKey;
    if (typeof key !== 'string' || key.trim() === '') throw new Error(`Secret ${arn} is JSON without a non-empty "apiKey" string.`);
    return key.trim();
  }
  if (text === '') throw new Error(`Secret ${arn} is empty.`);
  return text;
}

async function readSecret(client: SecretsManagerClient, arn: string): Promise<string> {
  const { GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: arn }));
  if (SecretString === undefined) throw new Error(`Secret ${arn} has no SecretString (binary secrets are not supported).`);
  return keyFromSecretString(SecretString, arn);
}

function cachedSecret(client: () => Promise<SecretsManagerClient>, arn: string): Promise<string> {
  let pending = cache.get(arn);
  if (!pending) {
    pending = client()
      .then((c) => readSecret(c, arn))
      .catch((err: unknown) => {
        cache.delete(arn);
        throw err;
      });
    cache.set(arn, pending);
  }
  return pending;
}

/**
 * The OpenAI / Anthropic keys: the env value when set, else the secret named by its *_SECRET_ARN,
 * else absent. `client` is for tests; by default one is built for AWS_REGION when first needed.
 */
export async function resolveApiKeys(
  config: Pick<Config, 'awsRegion' | 'openaiApiKey' | 'anthropicApiKey' | 'openaiApiKeySecretArn' | 'anthropicApiKeySecretArn'>,
  options: { client?: SecretsManagerClient } = {},
): Promise<ApiKeys> {
  let client = options.client;
  const getClient = async () =>
    (client ??= new (await import('@aws-sdk/client-secrets-manager')).SecretsManagerClient({ region: config.awsRegion }));
  const resolve = async (value: string | undefined, arn: string | undefined) =>
    value ?? (arn ? await cachedSecret(getClient, arn) : undefined);
  const [openaiApiKey, anthropicApiKey] = await Promise.all([
    resolve(config.openaiApiKey, config.openaiApiKeySecretArn),
    resolve(config.anthropicApiKey, config.anthropicApiKeySecretArn),
  ]);
  return { ...(openaiApiKey ? { openaiApiKey } : {}), ...(anthropicApiKey ? { anthropicApiKey } : {}) };
}

/** Forget cached secrets (tests; a rotated key takes effect on a new container otherwise). */
export function clearSecretCache(): void {
  cache.clear();
}
