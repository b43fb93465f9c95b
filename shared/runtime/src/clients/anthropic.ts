/** The Anthropic client: live with ANTHROPIC_API_KEY, or the offline model. */
import { BaseAnthropic } from '@anthropic-ai/sdk/client';
import { Messages } from '@anthropic-ai/sdk/resources/messages';
import type { Config } from '../config';
import { clientContext, MissingCredentialsError, type ClientOverrides } from './context';

const OFFLINE_ANTHROPIC_URL = 'https://offline-model.invalid';

/**
 * The SDK's client with only the Messages API, the one the patterns call: its own base client and
 * Messages resource, without the rest of its surface (beta, files, skills, organization), which would
 * add about 250 KB to every Lambda that ships it. A full `Anthropic` client fits wherever this is asked for.
 */
export class AnthropicMessages extends BaseAnthropic {
  messages = new Messages(this);
}

export function anthropicClient(config: Config, overrides?: ClientOverrides): AnthropicMessages {
  const ctx = clientContext(config, overrides);
  return ctx.memo('anthropic', () => {
    const offline = ctx.mode('anthropic') === 'offline';
    const apiKey = offline ? 'offline' : config.anthropicApiKey;
    if (!apiKey) throw new MissingCredentialsError('anthropic', 'ANTHROPIC_API_KEY');
    return new AnthropicMessages({
      apiKey,
      timeout: config.llmTimeoutMs,
      maxRetries: config.llmMaxRetries,
      fetch: ctx.transport('anthropic', config.anthropicModel),
      ...(offline ? { baseURL: OFFLINE_ANTHROPIC_URL } : {}),
    });
  });
}
export type { ClientOverrides } from './context';
