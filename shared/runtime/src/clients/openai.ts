/** The OpenAI client: live (api.openai.com or an OpenAI-compatible OPENAI_BASE_URL) or the offline model. */
import OpenAI from 'openai';
import type { Config } from '../config';
import { clientContext, MissingCredentialsError, type ClientOverrides } from './context';

/** Offline clients point here; the offline transport answers before any connection is attempted. */
const OFFLINE_OPENAI_URL = 'https://offline-model.invalid/v1';

export function openaiClient(config: Config, overrides?: ClientOverrides): OpenAI {
  const ctx = clientContext(config, overrides);
  return ctx.memo('openai', () => {
    const offline = ctx.mode('openai') === 'offline';
    const apiKey = offline ? 'offline' : (config.openaiApiKey ?? (config.openaiBaseUrl ? 'not-needed' : undefined));
    if (!apiKey) throw new MissingCredentialsError('openai', 'OPENAI_API_KEY (or OPENAI_BASE_URL for a compatible server)');
    const baseURL = offline ? OFFLINE_OPENAI_URL : (config.openaiBaseUrl ?? 'https://api.openai.com/v1');
    return new OpenAI({
      apiKey, baseURL, timeout: config.llmTimeoutMs, maxRetries: config.llmMaxRetries,
      fetch: ctx.transport('openai', config.openaiModel),
    });
  });
}
export type { ClientOverrides } from './context';
