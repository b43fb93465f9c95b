import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { clearSecretCache, createApp, loadConfig, resolveApiKeys } from '../src/index';
import { createWorkerHandler } from '../src/lambda-worker';

const OPENAI_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:openai-AbCd';
const ANTHROPIC_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:anthropic-EfGh';

describe('resolveApiKeys', () => {
  const sm = mockClient(SecretsManagerClient);
  const client = new SecretsManagerClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });

  beforeEach(() => {
    sm.reset();
    clearSecretCache();
  });
  afterEach(() => sm.reset());

  it('reads a raw secret and a JSON {"apiKey"} secret, once per container', async () => {
    sm.on(GetSecretValueCommand, { SecretId: OPENAI_ARN }).resolves({ SecretString: 'sk-openai-raw\n' });
    sm.on(GetSecretValueCommand, { SecretId: ANTHROPIC_ARN }).resolves({ SecretString: '{"apiKey":"sk-ant-json"}' });
    const config = loadConfig({ OPENAI_API_KEY_SECRET_ARN: OPENAI_ARN, ANTHROPIC_API_KEY_SECRET_ARN: ANTHROPIC_ARN });

    expect(await resolveApiKeys(config, { client })).toEqual({ openaiApiKey: 'sk-openai-raw', anthropicApiKey: 'sk-ant-json' });
    expect(await resolveApiKeys(config, { client })).toEqual({ openaiApiKey: 'sk-openai-raw', anthropicApiKey: 'sk-ant-json' });
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('prefers a key set in the environment and does not call Secrets Manager for it', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: 'from-secret' });
    const config = loadConfig({ OPENAI_API_KEY: 'sk-env', OPENAI_API_KEY_SECRET_ARN: OPENAI_ARN });
    expect(await resolveApiKeys(config, { client })).toEqual({ openaiApiKey: 'sk-env' });
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(0);
  });

  it('returns no keys and makes no call when nothing is configured', async () => {
    expect(await resolveApiKeys(loadConfig({}), { client })).toEqual({});
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(0);
  });

  it('rejects unusable secrets with a clear message and retries after a failure', async () => {
    const config = loadConfig({ OPENAI_API_KEY_SECRET_ARN: OPENAI_ARN });
    sm.on(GetSecretValueCommand).resolvesOnce({ SecretString: '{"key":"wrong-field"}' }).resolves({ SecretString: 'sk-fixed' });
    await expect(resolveApiKeys(config, { client })).rejects.toThrow(`Secret ${OPENAI_ARN} is JSON without a non-empty "apiKey" string.`);
    expect(await resolveApiKeys(config, { client })).toEqual({ openaiApiKey: 'sk-fixed' });
  });

  it('rejects a binary-only secret', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array([1, 2]) });
    await expect(resolveApiKeys(loadConfig({ ANTHROPIC_API_KEY_SECRET_ARN: ANTHROPIC_ARN }), { client })).rejects.toThrow(
      /no SecretString/,
    );
  });
});

describe('createApp at cold start', () => {
  const sm = mockClient(SecretsManagerClient);
  beforeEach(() => {
    sm.reset();
    clearSecretCache();
  });
  afterEach(() => sm.reset());

  it('hands the pattern a config carrying the keys read from Secrets Manager', async () => {
    sm.on(GetSecretValueCommand, { SecretId: OPENAI_ARN }).resolves({ SecretString: 'sk-from-secret' });
    let seen: string | undefined;
    const app = createApp(
      'd',
      (rt) => {
        seen = rt.config.openaiApiKey;
        return { turn: async () => ({ response: '', booking: null, state: null }) };
      },
      { env: { OPENAI_API_KEY_SECRET_ARN: OPENAI_ARN, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' } },
    );
    await app.start();
    expect(seen).toBe('sk-from-secret');
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });
});

describe('worker Lambdas (steps, specialists) at cold start', () => {
  const sm = mockClient(SecretsManagerClient);
  beforeEach(() => {
    sm.reset();
    clearSecretCache();
  });
  afterEach(() => sm.reset());

  it('build their work from a config carrying the keys read from Secrets Manager, like HTTP Lambdas', async () => {
    sm.on(GetSecretValueCommand, { SecretId: ANTHROPIC_ARN }).resolves({ SecretString: 'sk-ant-from-secret' });
    let seen: string | undefined;
    const handler = createWorkerHandler(
      {
        name: 'probe',
        input: z.object({}),
        result: z.object({ ok: z.boolean() }),
        build: (rt) => {
          seen = rt.config.anthropicApiKey;
          return async () => ({ ok: true });
        },
      },
      { env: { ANTHROPIC_API_KEY_SECRET_ARN: ANTHROPIC_ARN, AWS_REGION: 'us-east-1', LOG_LEVEL: 'SILENT' } },
    );
    await handler({});
    expect(seen).toBe('sk-ant-from-secret');
  });
});
