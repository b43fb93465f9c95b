/**
 * Each real SDK completes the booking conversation (check_availability -> book -> answer) against the
 * offline model through the client factory's offline transport, with tools run by the real booking service.
 */
import type Anthropic from '@anthropic-ai/sdk';
import {
  ConverseCommand,
  type ContentBlock,
  type Message as BedrockMessage,
  type ToolConfiguration,
} from '@aws-sdk/client-bedrock-runtime';
import { toAnthropicTools, toBedrockConverseTools, toOpenAIChatTools, toOpenAIResponsesTools } from '@tennis/booking-service';
import type OpenAI from 'openai';
import { zodResponseFormat, zodTextFormat } from 'openai/helpers/zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createClients } from '../src/clients';
import { bookingFixture, MAX_STEPS, offlineConfig, SYSTEM_PROMPT, USER_ID, USER_MESSAGE, type BookingFixture } from './clients-fixtures';

async function expectBookedTomorrowAt3(fx: BookingFixture, answer: string): Promise<void> {
  expect(fx.calls).toEqual(['check_availability', 'book']);
  const bookings = await fx.service.listBookings(USER_ID);
  expect(bookings).toHaveLength(1);
  expect(bookings[0]).toMatchObject({ date: '2026-11-22', time: '15:00', user_id: USER_ID });
  expect(answer).toContain(bookings[0]!.court);
}

describe('offline model through the real SDKs', () => {
  it('OpenAI Chat Completions books with tools', async () => {
    const fx = bookingFixture();
    const clients = createClients(offlineConfig());
    const messages: OpenAI.ChatCompletionMessageParam[] = [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: USER_MESSAGE },
    ];
    let answer = '';
    for (let step = 0; step < MAX_STEPS && !answer; step++) {
      const res = await clients.openai().chat.completions.create({ model: clients.model('openai'), messages, tools: toOpenAIChatTools() });
      const message = res.choices[0]!.message;
      messages.push(message);
      if (!message.tool_calls?.length) answer = message.content ?? '';
      for (const call of message.tool_calls ?? []) {
        if (call.type !== 'function') continue;
        const outcome = await fx.run(call.function.name, call.function.arguments);
        messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(outcome) });
      }
    }
    await expectBookedTomorrowAt3(fx, answer);
  });

  it('OpenAI Responses books with tools', async () => {
    const fx = bookingFixture();
    const clients = createClients(offlineConfig());
    const input: OpenAI.Responses.ResponseInputItem[] = [{ role: 'user', content: USER_MESSAGE }];
    let answer = '';
    for (let step = 0; step < MAX_STEPS && !answer; step++) {
      const res = await clients.openai().responses.create({
        model: clients.model('openai'),
        instructions: SYSTEM_PROMPT,
        input,
        tools: toOpenAIResponsesTools(),
        store: false,
      });
      const calls = res.output.filter((o) => o.type === 'function_call');
      if (!calls.length) answer = res.output_text;
      for (const call of calls) {
        input.push(call);
        input.push({
          type: 'function_call_output',
          call_id: call.call_id,
          output: JSON.stringify(await fx.run(call.name, call.arguments)),
        });
      }
    }
    await expectBookedTomorrowAt3(fx, answer);
  });

  it('Anthropic Messages books with tools', async () => {
    const fx = bookingFixture();
    const clients = createClients(offlineConfig());
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: USER_MESSAGE }];
    let answer = '';
    for (let step = 0; step < MAX_STEPS && !answer; step++) {
      const res = await clients.anthropic().messages.create({
        model: clients.model('anthropic'),
        max_tokens: 1024,
        system: SYSTEM_PROMPT,
        messages,
        tools: toAnthropicTools(),
      });
      messages.push({ role: 'assistant', content: res.content });
      const uses = res.content.filter((b) => b.type === 'tool_use');
      if (res.stop_reason !== 'tool_use') answer = res.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
      const results: Anthropic.ToolResultBlockParam[] = [];
      for (const use of uses) {
        const outcome = await fx.run(use.name, use.input);
        results.push({ type: 'tool_result', tool_use_id: use.id, content: JSON.stringify(outcome), is_error: !outcome.ok });
      }
      if (results.length) messages.push({ role: 'user', content: results });
    }
    await expectBookedTomorrowAt3(fx, answer);
  });

  it('Bedrock Converse books with tools', async () => {
    const fx = bookingFixture();
    const clients = createClients(offlineConfig());
    const messages: BedrockMessage[] = [{ role: 'user', content: [{ text: USER_MESSAGE }] }];
    let answer = '';
    for (let step = 0; step < MAX_STEPS && !answer; step++) {
      const res = await clients.bedrock().send(
        new ConverseCommand({
          modelId: clients.model('bedrock'),
          system: [{ text: SYSTEM_PROMPT }],
          messages, // The converter's schema type has no index signature, which the SDK's DocumentType wants.
          toolConfig: toBedrockConverseTools() as ToolConfiguration,
        }),
      );
      const message = res.output!.message!;
      messages.push(message);
      const uses = (message.content ?? []).flatMap((b) => (b.toolUse ? [b.toolUse] : []));
      if (res.stopReason !== 'tool_use') answer = (message.content ?? []).map((b) => b.text ?? '').join('');
      const results: ContentBlock[] = [];
      for (const use of uses) {
        const outcome = await fx.run(use.name!, use.input);
        // A JSON round trip turns the typed outcome into the plain document type the SDK declares.
        const json = JSON.parse(JSON.stringify(outcome)) as Record<string, string>;
        results.push({ toolResult: { toolUseId: use.toolUseId!, content: [{ json }], status: outcome.ok ? 'success' : 'error' } });
      }
      if (results.length) messages.push({ role: 'user', content: results });
    }
    await expectBookedTomorrowAt3(fx, answer);
  });
});

const BookingRequest = z.object({
  intent: z.enum(['book', 'check', 'other']),
  date: z.string().nullable(),
  time: z.string().nullable(),
});

describe('structured output', () => {
  it('chat.completions.parse with zodResponseFormat returns the parsed request', async () => {
    const clients = createClients(offlineConfig());
    const res = await clients.openai().chat.completions.parse({
      model: clients.model('openai'),
      messages: [
        { role: 'system', content: SYSTEM_PROMPT },
        { role: 'user', content: USER_MESSAGE },
      ],
      response_format: zodResponseFormat(BookingRequest, 'booking_request'),
    });
    expect(res.choices[0]!.message.parsed).toEqual({ intent: 'book', date: '2026-11-22', time: '15:00' });
  });

  it('responses.parse with text.format returns the parsed request', async () => {
    const clients = createClients(offlineConfig());
    const res = await clients.openai().responses.parse({
      model: clients.model('openai'),
      instructions: SYSTEM_PROMPT,
      input: USER_MESSAGE,
      text: { format: zodTextFormat(BookingRequest, 'booking_request') },
    });
    expect(res.output_parsed).toEqual({ intent: 'book', date: '2026-11-22', time: '15:00' });
  });
});
