/** serveOfflineModel over real HTTP on loopback, reached by the openai SDK with baseURL and by plain HTTP. */
import { PortInUseError, serveOfflineModel, type OfflineServer } from '@tennis/offline-model';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_PROMPT, USER_MESSAGE } from './clients-fixtures';

describe('serveOfflineModel', () => {
  let server: OfflineServer;
  beforeAll(async () => {
    server = await serveOfflineModel({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => server.close());

  it('answers the openai SDK pointed at its base URL', async () => {
    const client = new OpenAI({ apiKey: 'offline', baseURL: `${server.url}/v1`, maxRetries: 0 });
    const res = await client.chat.completions.create({
      model: 'gpt-5-mini',
      messages: [
        { role: 'system', content: SYSTEM_PROMPT },
        { role: 'user', content: USER_MESSAGE },
      ],
      tools: [
        {
          type: 'function',
          function: {
            name: 'check_availability',
            parameters: { type: 'object', properties: { date: { type: 'string' }, time: { type: 'string' } }, required: ['date'] },
          },
        },
      ],
    });
    const call = res.choices[0]!.message.tool_calls?.[0];
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toMatchObject({ date: '2026-11-22', time: '15:00' });
  });

  it('answers a curl-style POST to the Converse route', async () => {
    const res = await fetch(`${server.url}/model/${encodeURIComponent('us.amazon.nova-lite-v1:0')}/converse`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hello' }] }] }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ stopReason: 'end_turn', usage: { inputTokens: expect.any(Number) } });
  });

  it('404s unknown paths', async () => {
    const res = await fetch(`${server.url}/v1/models`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
  });

  it('refuses a port that is taken with a clear error', async () => {
    await expect(serveOfflineModel({ port: server.port, host: '127.0.0.1' })).rejects.toThrow(PortInUseError);
  });
});
