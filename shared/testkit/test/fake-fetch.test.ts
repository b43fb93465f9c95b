import { describe, expect, it } from 'vitest';
import { fakeFetch, httpError, ScriptExhaustedError } from '../src/fake-fetch';
import { anthropicToolUse, openaiToolCalls } from '../src/vendor-replies';

describe('fakeFetch', () => {
  it('answers in order and records what was sent', async () => {
    const fetch = fakeFetch([openaiToolCalls([{ name: 'book', args: { slot_id: 'x' } }]), httpError(500, 'boom')]);
    const first = await fetch('https://api.openai.com/v1/chat/completions', {
      method: 'POST',
      headers: { Authorization: 'Bearer test' },
      body: JSON.stringify({ model: 'm', messages: [] }),
    });
    const json: any = await first.json();
    expect(first.status).toBe(200);
    expect(json.choices[0].message.tool_calls[0].function).toEqual({ name: 'book', arguments: '{"slot_id":"x"}' });
    expect(json.choices[0].finish_reason).toBe('tool_calls');

    const second = await fetch(new Request('https://api.anthropic.com/v1/messages', { method: 'POST', body: '{"a":1}' }));
    expect(second.status).toBe(500);
    expect(((await second.json()) as any).error.message).toBe('boom');

    expect(fetch.requests.map((r) => [r.method, r.url, r.body])).toEqual([
      ['POST', 'https://api.openai.com/v1/chat/completions', { model: 'm', messages: [] }],
      ['POST', 'https://api.anthropic.com/v1/messages', { a: 1 }],
    ]);
    expect(fetch.requests[0]!.headers.authorization).toBe('Bearer test');
    expect(fetch.pending()).toBe(0);
  });

  it('fails loudly when the code makes more calls than scripted', async () => {
    const fetch = fakeFetch([]);
    await expect(fetch('https://api.openai.com/v1/chat/completions', { method: 'POST' })).rejects.toThrow(ScriptExhaustedError);
  });

  it('scripts malformed tool arguments verbatim and Anthropic tool use in wire format', async () => {
    const fetch = fakeFetch([openaiToolCalls([{ name: 'book', args: '{not json' }]), anthropicToolUse('select_slot', { slot_id: 's' })]);
    const openai: any = await (await fetch('http://x/1')).json();
    expect(openai.choices[0].message.tool_calls[0].function.arguments).toBe('{not json');
    const anthropic = await (await fetch('http://x/2')).json();
    expect(anthropic).toMatchObject({
      type: 'message',
      stop_reason: 'tool_use',
      content: [{ type: 'tool_use', name: 'select_slot', input: { slot_id: 's' } }],
    });
  });
});
