/** Every OFFLINE_FAULTS mode, reproduced through the real SDKs built by the client factory. */
import { APIError as AnthropicAPIError } from '@anthropic-ai/sdk';
import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { toOpenAIChatTools } from '@tennis/booking-service';
import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createClients, type Clients } from '../src/clients';
import { Trace, withTrace } from '../src/trace';
import { bookingFixture, offlineConfig, SYSTEM_PROMPT, USER_MESSAGE } from './clients-fixtures';

const chatMessages: OpenAI.ChatCompletionMessageParam[] = [
  { role: 'system', content: SYSTEM_PROMPT },
  { role: 'user', content: USER_MESSAGE },
];

function clientsWith(faults: string, env: Record<string, string> = {}): Clients {
  return createClients(offlineConfig({ OFFLINE_FAULTS: faults, ...env }));
}

const chat = (clients: Clients, messages = chatMessages) =>
  clients.openai().chat.completions.create({ model: clients.model('openai'), messages, tools: toOpenAIChatTools() });

const converse = (clients: Clients) =>
  clients.bedrock().send(
    new ConverseCommand({
      modelId: clients.model('bedrock'),
      system: [{ text: SYSTEM_PROMPT }],
      messages: [{ role: 'user', content: [{ text: USER_MESSAGE }] }],
    }),
  );

describe('HTTP faults', () => {
  it('http_429 with times=1: the OpenAI SDK retries and succeeds, and the trace shows both attempts', async () => {
    const clients = clientsWith('http_429:times=1');
    const trace = new Trace();
    const res = await withTrace(trace, () => chat(clients));
    expect(res.choices[0]!.finish_reason).toBe('tool_calls');
    expect(trace.events().map((e) => (e.type === 'llm' ? (e.error ?? e.decision) : e.type))).toEqual([
      'HTTP 429',
      'tool_call: check_availability',
    ]);
  });

  it('http_429 with times=1: the Bedrock SDK retries and succeeds', async () => {
    const res = await converse(clientsWith('http_429:times=1'));
    expect(res.stopReason).toBe('end_turn');
    expect(res.$metadata.attempts).toBe(2);
  });

  it('http_500 surfaces as the OpenAI SDK APIError with status 500', async () => {
    const err = await chat(clientsWith('http_500', { LLM_MAX_RETRIES: '0' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    expect(err).toMatchObject({ status: 500 });
  });

  it('http_503 for anthropic only: Anthropic raises APIError 503 while OpenAI still answers', async () => {
    const clients = clientsWith('http_503:vendor=anthropic', { LLM_MAX_RETRIES: '0' });
    const err = await clients
      .anthropic()
      .messages.create({ model: clients.model('anthropic'), max_tokens: 256, messages: [{ role: 'user', content: USER_MESSAGE }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AnthropicAPIError);
    expect(err).toMatchObject({ status: 503 });
    await expect(chat(clients)).resolves.toBeDefined();
  });

  it('http_500 surfaces as the Bedrock InternalServerException with status 500', async () => {
    const err = await converse(clientsWith('http_500', { LLM_MAX_RETRIES: '0' })).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'InternalServerException', $metadata: { httpStatusCode: 500 } });
  });
});

describe('timeout', () => {
  it('hits the OpenAI client timeout', async () => {
    const err = await chat(clientsWith('timeout', { LLM_TIMEOUT_MS: '150', LLM_MAX_RETRIES: '0' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
  });

  it('hits the Bedrock request timeout', async () => {
    const err = await converse(clientsWith('timeout', { LLM_TIMEOUT_MS: '150', LLM_MAX_RETRIES: '0' })).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'TimeoutError' });
  });
});

describe('malformed_json', () => {
  it('makes chat.completions.parse fail on the structured output', async () => {
    const clients = clientsWith('malformed_json');
    const parse = clients.openai().chat.completions.parse({
      model: clients.model('openai'),
      messages: chatMessages,
      response_format: zodResponseFormat(z.object({ date: z.string().nullable() }), 'when'),
    });
    await expect(parse).rejects.toThrow(SyntaxError);
  });

  it('makes tool call arguments unparseable', async () => {
    const res = await chat(clientsWith('malformed_json'));
    const call = res.choices[0]!.message.tool_calls![0]!;
    expect(call.type === 'function' && (() => JSON.parse(call.function.arguments))).toThrow(SyntaxError);
  });
});

describe('latency', () => {
  /** The latency each call got, as the offline model reports it in x-offline-latency-ms. */
  async function latencies(faults: string, calls: number, env: Record<string, string> = {}): Promise<number[]> {
    const clients = clientsWith(faults, env);
    const out: number[] = [];
    for (let i = 0; i < calls; i++) {
      const { response } = await chat(clients).withResponse();
      out.push(Number(response.headers.get('x-offline-latency-ms')));
    }
    return out;
  }

  it('seeded random latency is the same sequence for the same seed, and bounded by ms', async () => {
    const first = await latencies('latency:ms=40,random,seed=7', 4);
    expect(await latencies('latency:ms=40,random,seed=7', 4)).toEqual(first);
    expect(await latencies('latency:ms=40,random,seed=8', 4)).not.toEqual(first);
    expect(first.every((ms) => ms >= 0 && ms < 40)).toBe(true);
  });

  it('fixed latency adds to OFFLINE_LATENCY_MS', async () => {
    expect(await latencies('latency:ms=15', 2, { OFFLINE_LATENCY_MS: '5' })).toEqual([20, 20]);
  });
});

describe('decision faults', () => {
  it('hallucinated_slot makes the model book a slot id the tools never returned', async () => {
    const fx = bookingFixture();
    const clients = clientsWith('hallucinated_slot');
    const messages = [...chatMessages];
    let bookOutcome: unknown;
    for (let step = 0; step < 4 && bookOutcome === undefined; step++) {
      const message = (await chat(clients, messages)).choices[0]!.message;
      messages.push(message);
      for (const call of message.tool_calls ?? []) {
        if (call.type !== 'function') continue;
        const outcome = await fx.run(call.function.name, call.function.arguments);
        if (call.function.name === 'book') bookOutcome = outcome;
        messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(outcome) });
      }
    }
    expect(bookOutcome).toMatchObject({ ok: false });
    expect(await fx.service.listBookings('alice')).toEqual([]);
  });

  it('endless_tools keeps calling tools', async () => {
    const fx = bookingFixture();
    const clients = clientsWith('endless_tools');
    const messages = [...chatMessages];
    for (let step = 0; step < 8; step++) {
      const message = (await chat(clients, messages)).choices[0]!.message;
      expect(message.tool_calls?.length ?? 0).toBeGreaterThan(0);
      messages.push(message);
      for (const call of message.tool_calls ?? []) {
        if (call.type !== 'function') continue;
        messages.push({
          role: 'tool',
          tool_call_id: call.id,
          content: JSON.stringify(await fx.run(call.function.name, call.function.arguments)),
        });
      }
    }
  });

  it('invalid_tool_args sends arguments the tool rejects', async () => {
    const fx = bookingFixture();
    const message = (await chat(clientsWith('invalid_tool_args'))).choices[0]!.message;
    const call = message.tool_calls![0]!;
    if (call.type !== 'function') throw new Error('expected a function call');
    expect(await fx.run(call.function.name, call.function.arguments)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
