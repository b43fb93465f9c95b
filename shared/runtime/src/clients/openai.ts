/** The OpenAI client: live (api.openai.com or an OpenAI-compatible OPENAI_BASE_URL) or the offline model. */
import type OpenAI from 'openai';
import type { ClientOptions } from 'openai';
import type { Config } from '../config';
import { clientContext, MissingCredentialsError, type ClientOverrides } from './context';
import { deferredClient } from './deferred';

/** Offline clients point here; the offline transport answers before any connection is attempted. */
const OFFLINE_OPENAI_URL = 'https://offline-model.invalid/v1';

/** The options every OpenAI client of this config is built with; throws MissingCredentialsError without a key. */
export function openaiOptions(config: Config, overrides?: ClientOverrides): ClientOptions {
  const ctx = clientContext(config, overrides);
  const offline = ctx.mode('openai') === 'offline';
  const apiKey = offline ? 'offline' : (config.openaiApiKey ?? (config.openaiBaseUrl ? 'not-needed' : undefined));
  if (!apiKey) throw new MissingCredentialsError('openai', 'OPENAI_API_KEY (or OPENAI_BASE_URL for a compatible server)');
  const baseURL = offline ? OFFLINE_OPENAI_URL : (config.openaiBaseUrl ?? 'https://api.openai.com/v1');
  return {
    apiKey,
    baseURL,
    timeout: config.llmTimeoutMs,
    maxRetries: config.llmMaxRetries,
    fetch: ctx.transport('openai', config.openaiModel),
  };
}

/**
 * The OpenAI client for calls (`openai.chat.completions.create(...)`, `.parse`, `openai.responses.*`).
 * The openai package loads on the first call, not at import: its module code makes Node load its
 * HTTP client (see clients/deferred.ts), which would cost every cold start ~25 ms before any model
 * call. Credentials are checked now, as before. @openai/agents, which loads the package anyway and
 * reads properties off the client, gets a plain one (agents.ts).
 */
export function openaiClient(config: Config, overrides?: ClientOverrides): OpenAI {
  return clientContext(config, overrides).memo('openai', () => {
    const options = openaiOptions(config, overrides);
    return deferredClient<OpenAI>(async () => new (await import('openai')).default(options));
  });
}
export type { ClientOverrides } from './context';
