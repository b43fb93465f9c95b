/**
 * What every vendor client factory shares: the mode per vendor (live or offline model), the
 * offline transports, and trace recording. One context per config object, so the offline
 * transport (and its fault counters) is shared by all vendor clients of a container.
 *
 * Each vendor's client lives in its own module (openai.ts, anthropic.ts, bedrock.ts, bedrock-agent.ts,
 * lambda.ts) so a Lambda bundles only the SDKs it calls: pattern D imports openai.ts and never ships
 * the Anthropic or Bedrock SDKs. The offline model's engine loads on the first offline request.
 */
import { appendFileSync } from 'node:fs';
import { createOfflineAwsHandler, createOfflineFetch, parseFaults, type HttpHandler } from '@tennis/offline-model/transports';
import type { Config, Env } from '../config';
import { recordingFetch } from '../llm-trace';
import type { LlmMode, Vendor } from '../trace';

export type { LlmMode, Vendor } from '../trace';

export interface ClientOverrides {
  /** Transport for the OpenAI and Anthropic clients (still trace-recorded), e.g. a test double. */
  fetch?: typeof fetch;
  /** Request handler for the Bedrock runtime and agent runtime clients. */
  awsHandler?: HttpHandler;
  /** Where AWS credentials are looked for in auto mode (default process.env). */
  env?: Env;
}

/** Thrown when LLM_MODE=live but a vendor's credentials are missing. */
export class MissingCredentialsError extends Error {
  constructor(vendor: Vendor, variable: string) {
    super(
      `LLM_MODE=live needs ${variable} for ${vendor}. Set it, or use LLM_MODE=auto / offline to run ${vendor} calls on the offline model.`,
    );
    this.name = 'MissingCredentialsError';
  }
}

/** The offline model's settings from config: faults, latency, the error profile and its seed. */
export function offlineModelOptions(config: Config) {
  const log = config.offlineModelErrorLog;
  return {
    faults: parseFaults(config.offlineFaults ?? ''),
    latencyMs: config.offlineLatencyMs,
    modelErrors: config.offlineModelErrors,
    seed: config.offlineModelSeed,
    // One JSON line per answer with mistakes, appended before the answer returns (the scorecard reads it per turn).
    ...(log ? { onMistakes: (modes: string[]) => appendFileSync(log, `${JSON.stringify({ modes })}\n`) } : {}),
  };
}

/** Placeholder credentials for clients that never reach AWS (offline model, local Lambda endpoint). */
export const LOCAL_AWS_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

function hasAwsCredentials(env: Env): boolean {
  return Boolean(env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE || env.AWS_LAMBDA_FUNCTION_NAME);
}

/** Settings both Bedrock clients share: offline ones get the offline handler and placeholder credentials. */
export function bedrockSettings(ctx: ClientContext) {
  const { config, overrides } = ctx;
  const offline = ctx.mode('bedrock') === 'offline';
  const requestHandler = overrides.awsHandler ?? (offline ? ctx.offlineAws() : { requestTimeout: config.llmTimeoutMs });
  return {
    region: config.awsRegion,
    maxAttempts: config.llmMaxRetries + 1,
    requestHandler,
    ...(offline ? { credentials: LOCAL_AWS_CREDENTIALS } : {}),
  };
}

/** An AWS request handler whose implementation (and its modules) loads on the first request, not at cold start. */
export function deferredHandler(load: () => Promise<HttpHandler>): HttpHandler {
  const handler = lazy(load);
  return {
    handle: async (request, options) => (await handler()).handle(request, options),
    updateHttpClientConfig: () => undefined,
    httpHandlerConfigs: () => ({}),
  };
}

/** auto: a vendor is live when its credentials (or, for OpenAI, a compatible base URL) are visible. */
export function selectMode(config: Config, vendor: Vendor, env: Env = process.env): LlmMode {
  if (config.llmMode !== 'auto') return config.llmMode;
  switch (vendor) {
    case 'openai':
      return config.openaiApiKey || config.openaiBaseUrl ? 'live' : 'offline';
    case 'anthropic':
      return config.anthropicApiKey ? 'live' : 'offline';
    case 'bedrock':
      return hasAwsCredentials(env) ? 'live' : 'offline';
  }
}

/** Builds a value on first use and keeps it for the life of the container. */
function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}

export interface ClientContext {
  config: Config;
  overrides: ClientOverrides;
  mode(vendor: Vendor): LlmMode;
  /** fetch for an OpenAI/Anthropic client: the override, the offline model or the network; always trace-recorded. */
  transport(vendor: Vendor, model: string): typeof fetch;
  /** The offline model's AWS request handler (one per context). */
  offlineAws(): HttpHandler;
  /** Per-context memo for vendor clients, so repeated asks return the same client. */
  memo<T>(key: string, build: () => T): T;
}

const networkFetch: typeof fetch = (input, init) => globalThis.fetch(input, init);

const byConfig = new WeakMap<Config, ClientContext>();
const byOverrides = new WeakMap<ClientOverrides, ClientContext>();

/**
 * The shared context for `config`, or for `overrides` when given (tests, local runners): callers
 * that pass the same overrides object share one context, hence one client per vendor.
 */
export function clientContext(config: Config, overrides?: ClientOverrides): ClientContext {
  const cache = overrides ? byOverrides : byConfig;
  const key = (overrides ?? config) as ClientOverrides & Config;
  const known = cache.get(key);
  if (known && known.config === config) return known;
  const ctx = newContext(config, overrides ?? {});
  cache.set(key, ctx);
  return ctx;
}

function newContext(config: Config, overrides: ClientOverrides): ClientContext {
  const env = overrides.env ?? process.env;
  const mode = (vendor: Vendor) => selectMode(config, vendor, env);
  const offlineOptions = () => offlineModelOptions(config);
  const offlineFetch = lazy(() => createOfflineFetch(offlineOptions()));
  const offlineAws = lazy(() => createOfflineAwsHandler({ ...offlineOptions(), timeoutMs: config.llmTimeoutMs }));
  const memos = new Map<string, unknown>();
  return {
    config,
    overrides,
    mode,
    offlineAws,
    transport(vendor, model) {
      // Node's fetch is read at call time: reading globalThis.fetch loads its HTTP client (~25 ms), which
      // a cold start should not pay before the first model call.
      const base = overrides.fetch ?? (mode(vendor) === 'offline' ? offlineFetch() : networkFetch);
      return recordingFetch(base, { vendor, mode: mode(vendor), model });
    },
    memo<T>(key: string, build: () => T): T {
      if (!memos.has(key)) memos.set(key, build());
      return memos.get(key) as T;
    },
  };
}
