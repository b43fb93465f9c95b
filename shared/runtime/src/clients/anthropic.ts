/** The Anthropic client: live with ANTHROPIC_API_KEY, or the offline model. */
import Anthropic from '@anthropic-ai/sdk';
import type { Config } from '../config';
import { clientContext, MissingCredentialsError, type ClientOverrides } from './context';

const OFFLINE_ANTHROPIC_URL = 'https://offline-model.invalid';

export function anthropicClient(config: Config, overrides?: ClientOverrides): Anthropic {
  const ctx = clientContext(config, overrides);
  return ctx.memo('anthropic', () => {
    const offline = ctx.mode('anthropic') === 'offline';
    const apiKey = offline ? 'offline' : config.anthropicApiKey;
    if (!apiKey) throw new MissingCredentialsError('anthropic', 'ANTHROPIC_API_KEY');
    return new Anthropic({
      apiKey, timeout: config.llmTimeoutMs, maxRetries: config.llmMaxRetries,
      fetch: ctx.transport('anthropic', config.anthropicModel),
      ...(offline ? { baseURL: OFFLINE_ANTHROPIC_URL } : {}),
    });
  });
}
export type { ClientOverrides } from './context';
