/**
 * The one factory for every SDK client a pattern uses. Pattern code asks for `clients.openai()` and
 * never knows whether it talks to the real API or to the offline model: offline clients are the same
 * SDK classes with their transport (fetch / AWS request handler) swapped for the offline model.
 * Every OpenAI, Anthropic and Bedrock Converse call is recorded in the current turn's trace.
 */
import Anthropic from '@anthropic-ai/sdk';
import { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { createOfflineAwsHandler, createOfflineFetch, parseFaults, type HttpHandler } from '@tennis/offline-model';
import OpenAI from 'openai';
import type { Config, Env } from './config';
import { recordConverse, recordingFetch } from './llm-trace';
import type { LlmMode, Vendor } from './trace';

export type { LlmMode, Vendor } from './trace';

export interface ClientOverrides {
  /** Transport for the OpenAI and Anthropic clients (still trace-recorded), e.g. a test double. */
  fetch?: typeof fetch;
  /** Request handler for the Bedrock runtime and agent runtime clients. */
  awsHandler?: HttpHandler;
  /** Where AWS credentials are looked for in auto mode (default process.env). */
  env?: Env;
}

export interface Clients {
  openai(): OpenAI;
  anthropic(): Anthropic;
  bedrock(): BedrockRuntimeClient;
  bedrockAgent(): BedrockAgentRuntimeClient;
  lambda(): LambdaClient;
  /** Whether this vendor's calls go to the real API or to the offline model. */
  mode(vendor: Vendor): LlmMode;
  /** The configured model id for this vendor. */
  model(vendor: Vendor): string;
}

/** Thrown when LLM_MODE=live but a vendor's credentials are missing. */
export class MissingCredentialsError extends Error {
  constructor(vendor: Vendor, variable: string) {
    super(`LLM_MODE=live needs ${variable} for ${vendor}. Set it, or use LLM_MODE=auto / offline to run ${vendor} calls on the offline model.`);
    this.name = 'MissingCredentialsError';
  }
}

/** Placeholder credentials for clients that never reach AWS (offline model, local Lambda endpoint). */
const LOCAL_AWS_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
/** Offline clients point here; the offline transport answers before any connection is attempted. */
const OFFLINE_OPENAI_URL = 'https://offline-model.invalid/v1';
const OFFLINE_ANTHROPIC_URL = 'https://offline-model.invalid';

function hasAwsCredentials(env: Env): boolean {
  return Boolean(env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE || env.AWS_LAMBDA_FUNCTION_NAME);
}

/** auto: a vendor is live when its credentials (or, for OpenAI, a compatible base URL) are visible. */
export function selectMode(config: Config, vendor: Vendor, env: Env = process.env): LlmMode {
  if (config.llmMode !== 'auto') return config.llmMode;
  switch (vendor) {
    case 'openai': return config.openaiApiKey || config.openaiBaseUrl ? 'live' : 'offline';
    case 'anthropic': return config.anthropicApiKey ? 'live' : 'offline';
    case 'bedrock': return hasAwsCredentials(env) ? 'live' : 'offline';
  }
}

/** Builds a value on first use and keeps it for the life of the container. */
function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}

export function createClients(config: Config, overrides: ClientOverrides = {}): Clients {
  const env = overrides.env ?? process.env;
  const mode = (vendor: Vendor) => selectMode(config, vendor, env);
  const offlineOptions = () => ({
    faults: parseFaults(config.offlineFaults ?? ''),
    latencyMs: config.offlineLatencyMs,
  });
  // One offline transport per factory, shared by vendors, so fault `times` count across the container.
  const offlineFetch = lazy(() => createOfflineFetch(offlineOptions()));
  const offlineAws = lazy(() => createOfflineAwsHandler({ ...offlineOptions(), timeoutMs: config.llmTimeoutMs }));

  const transport = (vendor: Vendor, model: string): typeof fetch => {
    const base = overrides.fetch ?? (mode(vendor) === 'offline' ? offlineFetch() : globalThis.fetch);
    return recordingFetch(base, { vendor, mode: mode(vendor), model });
  };
  const common = { timeout: config.llmTimeoutMs, maxRetries: config.llmMaxRetries };

  const openai = lazy(() => {
    const offline = mode('openai') === 'offline';
    const apiKey = offline ? 'offline' : (config.openaiApiKey ?? (config.openaiBaseUrl ? 'not-needed' : undefined));
    if (!apiKey) throw new MissingCredentialsError('openai', 'OPENAI_API_KEY (or OPENAI_BASE_URL for a compatible server)');
    const baseURL = offline ? OFFLINE_OPENAI_URL : (config.openaiBaseUrl ?? 'https://api.openai.com/v1');
    return new OpenAI({ ...common, apiKey, baseURL, fetch: transport('openai', config.openaiModel) });
  });

  const anthropic = lazy(() => {
    const offline = mode('anthropic') === 'offline';
    const apiKey = offline ? 'offline' : config.anthropicApiKey;
    if (!apiKey) throw new MissingCredentialsError('anthropic', 'ANTHROPIC_API_KEY');
    return new Anthropic({
      ...common, apiKey, fetch: transport('anthropic', config.anthropicModel),
      ...(offline ? { baseURL: OFFLINE_ANTHROPIC_URL } : {}),
    });
  });

  /** Shared AWS settings for the Bedrock clients: offline ones get the offline handler and fake credentials. */
  const bedrockSettings = () => {
    const offline = mode('bedrock') === 'offline';
    const requestHandler = overrides.awsHandler ?? (offline ? offlineAws() : { requestTimeout: config.llmTimeoutMs });
    return {
      region: config.awsRegion, maxAttempts: config.llmMaxRetries + 1, requestHandler,
      ...(offline ? { credentials: LOCAL_AWS_CREDENTIALS } : {}),
    };
  };

  const bedrock = lazy(() => {
    const client = new BedrockRuntimeClient(bedrockSettings());
    recordConverse(client, mode('bedrock'), config.bedrockModelId);
    return client;
  });

  const bedrockAgent = lazy(() => new BedrockAgentRuntimeClient(bedrockSettings()));

  const lambda = lazy(() => new LambdaClient({
    region: config.awsRegion,
    maxAttempts: config.llmMaxRetries + 1,
    ...(config.lambdaEndpoint ? { endpoint: config.lambdaEndpoint, credentials: LOCAL_AWS_CREDENTIALS } : {}),
  }));

  const models: Record<Vendor, string> = { openai: config.openaiModel, anthropic: config.anthropicModel, bedrock: config.bedrockModelId };

  return { openai, anthropic, bedrock, bedrockAgent, lambda, mode, model: (vendor) => models[vendor] };
}
