/** Client factory: mode selection, live-mode errors, model ids, memoization, and LLM calls recorded in the trace. */
import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { createClients, MissingCredentialsError, selectMode } from '../src/clients';
import { loadConfig } from '../src/config';
import { asActor, Trace, withTrace, type TraceEvent } from '../src/trace';
import { offlineConfig, SYSTEM_PROMPT, USER_MESSAGE } from './clients-fixtures';

describe('mode selection', () => {
  it('auto with no credentials runs every vendor offline', () => {
    const config = loadConfig({});
    expect(['openai', 'anthropic', 'bedrock'].map((v) => selectMode(config, v as 'openai', {}))).toEqual(['offline', 'offline', 'offline']);
  });

  it('auto goes live per vendor when its credentials are visible', () => {
    expect(selectMode(loadConfig({ OPENAI_API_KEY: 'sk-x' }), 'openai', {})).toBe('live');
    expect(selectMode(loadConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' }), 'openai', {})).toBe('live');
    expect(selectMode(loadConfig({ OPENAI_API_KEY: 'sk-x' }), 'anthropic', {})).toBe('offline');
    expect(selectMode(loadConfig({ ANTHROPIC_API_KEY: 'sk-ant' }), 'anthropic', {})).toBe('live');
    expect(selectMode(loadConfig({}), 'bedrock', { AWS_PROFILE: 'dev' })).toBe('live');
    expect(selectMode(loadConfig({}), 'bedrock', { AWS_LAMBDA_FUNCTION_NAME: 'fn' })).toBe('live');
  });

  it('offline and live override credentials', () => {
    expect(selectMode(loadConfig({ LLM_MODE: 'offline', OPENAI_API_KEY: 'sk-x' }), 'openai', {})).toBe('offline');
    expect(selectMode(loadConfig({ LLM_MODE: 'live' }), 'bedrock', {})).toBe('live');
  });

  it('live without a key fails with an error naming the variable', () => {
    const clients = createClients(loadConfig({ LLM_MODE: 'live' }), { env: {} });
    expect(() => clients.openai()).toThrow(MissingCredentialsError);
    expect(() => clients.openai()).toThrow(/OPENAI_API_KEY/);
    expect(() => clients.anthropic()).toThrow(/ANTHROPIC_API_KEY/);
  });

  it('reports configured models and memoizes clients', () => {
    const clients = createClients(loadConfig({ LLM_MODE: 'offline', ANTHROPIC_MODEL: 'claude-x' }));
    expect(clients.model('anthropic')).toBe('claude-x');
    expect(clients.model('openai')).toBe('gpt-5-mini');
    expect(clients.openai()).toBe(clients.openai());
    expect(clients.bedrock()).toBe(clients.bedrock());
  });

  it('points the Lambda client at LAMBDA_ENDPOINT with local credentials', async () => {
    const lambda = createClients(loadConfig({ LAMBDA_ENDPOINT: 'http://127.0.0.1:3999' })).lambda();
    const endpoint = await lambda.config.endpoint!();
    expect(`${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}`).toBe('http://127.0.0.1:3999');
    expect(await lambda.config.credentials()).toMatchObject({ accessKeyId: 'local' });
  });
});

const llmEvents = (trace: Trace) => trace.events().filter((e): e is Extract<TraceEvent, { type: 'llm' }> => e.type === 'llm');

describe('trace recording', () => {
  it('records one llm event per call with vendor, api, model, mode, tokens and decision', async () => {
    const clients = createClients(offlineConfig());
    const trace = new Trace();
    await withTrace(trace, async () => {
      await clients.openai().chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'hello' }] });
      await asActor('select', () =>
        clients
          .anthropic()
          .messages.create({ model: clients.model('anthropic'), max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] }),
      );
      await clients.bedrock().send(
        new ConverseCommand({
          modelId: clients.model('bedrock'),
          system: [{ text: SYSTEM_PROMPT }],
          messages: [{ role: 'user', content: [{ text: USER_MESSAGE }] }],
        }),
      );
    });
    const events = llmEvents(trace);
    expect(events.map(({ actor, vendor, api, model, mode, decision }) => ({ actor, vendor, api, model, mode, decision }))).toEqual([
      { actor: 'model', vendor: 'openai', api: 'chat.completions', model: 'gpt-test', mode: 'offline', decision: 'answer' },
      { actor: 'select', vendor: 'anthropic', api: 'messages', model: 'claude-haiku-4-5', mode: 'offline', decision: 'answer' },
      { actor: 'model', vendor: 'bedrock', api: 'converse', model: clients.model('bedrock'), mode: 'offline', decision: 'answer' },
    ]);
    expect(events.every((e) => e.input_tokens > 0 && e.output_tokens > 0)).toBe(true);
    expect(trace.usage().llm_calls).toBe(3);
  });

  it('shows live mode for calls through a live transport', async () => {
    const served: string[] = [];
    const fakeApi: typeof fetch = async (input) => {
      served.push(String(input));
      return Response.json({
        id: 'x',
        object: 'chat.completion',
        created: 0,
        model: 'gpt-live',
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'hi' } }],
        usage: { prompt_tokens: 7, completion_tokens: 2, total_tokens: 9 },
      });
    };
    const clients = createClients(loadConfig({ OPENAI_API_KEY: 'sk-test' }), { fetch: fakeApi });
    const trace = new Trace();
    await withTrace(trace, () =>
      clients.openai().chat.completions.create({ model: 'gpt-live', messages: [{ role: 'user', content: 'hi' }] }),
    );
    expect(served).toEqual(['https://api.openai.com/v1/chat/completions']);
    expect(llmEvents(trace)).toMatchObject([{ mode: 'live', input_tokens: 7, output_tokens: 2, decision: 'answer' }]);
  });

  it('passes calls made outside a turn straight through', async () => {
    const clients = createClients(offlineConfig());
    const res = await clients.openai().chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hello' }] });
    expect(res.choices[0]!.message.content).toBeTruthy();
  });
});
