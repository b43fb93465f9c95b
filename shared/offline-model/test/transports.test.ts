/** Protocol edges of the offline transports that the SDK flow tests do not reach. */
import { HttpRequest } from '@smithy/protocol-http';
import { describe, expect, it } from 'vitest';
import { createOfflineAwsHandler, createOfflineFetch } from '../src/transports';

const post = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('createOfflineFetch', () => {
  const fetchOffline = createOfflineFetch();

  it('answers any base URL by the route at the end of the path', async () => {
    const res = await fetchOffline(
      'http://proxy.example/openai/v1/chat/completions',
      post({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ object: 'chat.completion', model: 'm' });
  });

  it('404s unknown routes in the OpenAI error shape', async () => {
    const res = await fetchOffline('https://api.openai.com/v1/embeddings', post({}));
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      error: { type: 'invalid_request_error', message: expect.stringContaining('/v1/embeddings') },
    });
  });

  it('404s unknown routes in the Anthropic error shape for Anthropic clients', async () => {
    const res = await fetchOffline('https://api.anthropic.com/v1/complete', post({}, { 'anthropic-version': '2023-06-01' }));
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });

  it('rejects streaming with a clear 400', async () => {
    const res = await fetchOffline('https://api.openai.com/v1/chat/completions', post({ model: 'm', messages: [], stream: true }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { message: expect.stringMatching(/does not stream/) } });
  });

  it('rejects bad bodies with 400s naming the problem', async () => {
    const badJson = await fetchOffline('https://api.openai.com/v1/chat/completions', post('{nope'));
    expect(badJson.status).toBe(400);
    const noMaxTokens = await fetchOffline(
      'https://api.anthropic.com/v1/messages',
      post({ model: 'c', messages: [] }, { 'anthropic-version': '2023-06-01' }),
    );
    expect(await noMaxTokens.json()).toMatchObject({
      error: { type: 'invalid_request_error', message: expect.stringContaining('max_tokens') },
    });
    const badRole = await fetchOffline(
      'https://api.openai.com/v1/chat/completions',
      post({ model: 'm', messages: [{ role: 'robot', content: 'x' }] }),
    );
    expect(await badRole.json()).toMatchObject({ error: { message: expect.stringMatching(/messages\[0\]\.role "robot"/) } });
  });

  it('answers 400 (as the real APIs do) when tool_choice forces a tool that was not sent', async () => {
    const res = await fetchOffline(
      'https://api.openai.com/v1/chat/completions',
      post({ model: 'm', messages: [{ role: 'user', content: 'hi' }], tool_choice: { type: 'function', function: { name: 'book' } } }),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringContaining('"book"') } });
  });
});

describe('createOfflineAwsHandler', () => {
  it('decodes the model id and answers Converse', async () => {
    const handler = createOfflineAwsHandler();
    const request = new HttpRequest({
      method: 'POST',
      hostname: 'bedrock-runtime.us-east-1.amazonaws.com',
      path: '/model/us.amazon.nova-lite-v1%3A0/converse',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] }),
    });
    const { response } = await handler.handle(request);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(new TextDecoder().decode(response.body as Uint8Array))).toMatchObject({
      stopReason: 'end_turn',
      output: { message: { role: 'assistant' } },
    });
  });

  it('404s unknown operations as ResourceNotFoundException', async () => {
    const { response } = await createOfflineAwsHandler().handle(new HttpRequest({ method: 'POST', path: '/model/x/invoke', body: '{}' }));
    expect(response.statusCode).toBe(404);
    expect(response.headers['x-amzn-errortype']).toBe('ResourceNotFoundException');
  });
});
