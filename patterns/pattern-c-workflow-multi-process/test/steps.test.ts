/** Each step's logic with its vendor SDK on a scripted transport (no offline model involved). */
import Anthropic from '@anthropic-ai/sdk';
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { BookingService, fixedClock, InMemoryBookingStore } from '@tennis/booking-service';
import { Trace, UpstreamError } from '@tennis/runtime';
import { mockClient } from 'aws-sdk-client-mock';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { anthropicText, anthropicToolUse, clubDate, fakeFetch, openaiJson, TEST_NOW, tomorrow } from '@tennis/testkit';
import { createAvailabilityStep } from '../src/steps/availability';
import { createBookingStep } from '../src/steps/booking';
import { createParseStep } from '../src/steps/parse';

const DAY = tomorrow();
const bookings = () => new BookingService({ store: new InMemoryBookingStore(), clock: fixedClock(TEST_NOW) });
const request = { intent: 'book' as const, date: DAY, time: '15:00', part_of_day: null, court: 'Court B' };
const slot = (court: 'A' | 'B') => ({ slot_id: `${DAY}_Court${court}_1500`, court: `Court ${court}`, date: DAY, time: '15:00' });

afterEach(() => mockClient(BedrockRuntimeClient).restore());

describe('parse step', () => {
  const parser = (fetch: ReturnType<typeof fakeFetch>) =>
    createParseStep({ openai: new OpenAI({ apiKey: 'test', fetch, maxRetries: 0 }), model: 'gpt-test', bookings: bookings() });

  it('asks for structured output with today and the request so far in the prompt, and merges the answer into it', async () => {
    const fetch = fakeFetch([
      openaiJson({ intent: 'other', date: null, time: '15:00', court: 'Court B', part_of_day: null, choice: null }),
    ]);
    const earlier = { ...request, time: null, court: null };
    expect(await parser(fetch)({ message: '3pm on court B', earlier, offered: [] })).toEqual({ request });
    const sent = fetch.requests[0]!.body;
    expect(sent.response_format.type).toBe('json_schema');
    expect(sent.messages[0].content).toContain('Today is Saturday 2026-11-21');
    expect(sent.messages[0].content).toContain(`"date":"${DAY}"`);
    expect(sent.messages.map((m: { role: string }) => m.role)).toEqual(['system', 'user']);
  });

  it('resolves a pick by number against the options offered, which the prompt lists', async () => {
    const fetch = fakeFetch([openaiJson({ intent: 'other', date: null, time: null, court: null, part_of_day: null, choice: 2 })]);
    const result = await parser(fetch)({ message: 'the second one', earlier: request, offered: [slot('A'), slot('B')] });
    expect(result.request).toEqual({ intent: 'book', date: DAY, time: '15:00', court: 'Court B', part_of_day: null });
    expect(fetch.requests[0]!.body.messages[0].content).toContain(
      'We just offered these numbered options: 1. 15:00 on Court A; 2. 15:00 on Court B.',
    );
  });
});

describe('availability step', () => {
  it('reads the slots from the tool result and ends on the check of the requested date', async () => {
    const fetch = fakeFetch([
      anthropicToolUse('check_availability', { date: clubDate(2), time: '15:00' }), // the wrong day: the loop goes on
      anthropicToolUse('check_availability', { date: DAY, time: '15:00' }),
      anthropicText('All three courts are free.'), // never asked for: nothing reads the model's prose
    ]);
    const step = createAvailabilityStep({
      anthropic: new Anthropic({ apiKey: 'test', fetch, maxRetries: 0 }),
      model: 'claude-test',
      bookings: bookings(),
      maxModelCalls: 4,
    });
    const result = await step({ request }, new Trace());
    // Code fits the tool result to the request: only the named court is a candidate.
    expect(result).toMatchObject({ alternatives: [], refusal: null });
    expect(result.candidates.map((s) => s.court)).toEqual(['Court B']);
    expect(fetch.requests).toHaveLength(2);
  });

  it('fails as a bad upstream when the model never checks', async () => {
    const fetch = fakeFetch([anthropicText('Sure, courts are usually free.')]);
    const step = createAvailabilityStep({
      anthropic: new Anthropic({ apiKey: 'test', fetch, maxRetries: 0 }),
      model: 'claude-test',
      bookings: bookings(),
      maxModelCalls: 4,
    });
    await expect(step({ request }, new Trace())).rejects.toBeInstanceOf(UpstreamError);
  });
});

describe('booking step', () => {
  const converseSelecting = (slot_id: string) => ({
    output: {
      message: {
        role: 'assistant' as const,
        content: [{ toolUse: { toolUseId: 't1', name: 'select_slot', input: { slot_id, reason: 'named court' } } }],
      },
    },
    stopReason: 'tool_use' as const,
    usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 },
    metrics: { latencyMs: 1 },
  });

  it('forces select_slot over the candidates and books the choice for the payload user', async () => {
    const bedrock = mockClient(BedrockRuntimeClient);
    bedrock.on(ConverseCommand).resolves(converseSelecting(slot('B').slot_id));
    const service = bookings();
    const step = createBookingStep({ bedrock: new BedrockRuntimeClient({ region: 'us-east-1' }), model: 'nova-test', bookings: service });
    const result = await step({ request, candidates: [slot('A'), slot('B')], user_id: 'alice' }, new Trace());
    expect(result).toMatchObject({ status: 'booked', booking: { court: 'Court B', user_id: 'alice' } });
    const sent = bedrock.commandCalls(ConverseCommand)[0]!.args[0].input;
    expect(sent.toolConfig?.toolChoice).toEqual({ tool: { name: 'select_slot' } });
  });

  it('refuses a selection that was not among the candidates, and books nothing', async () => {
    mockClient(BedrockRuntimeClient)
      .on(ConverseCommand)
      .resolves(converseSelecting(`${DAY}_CourtZ_1500`));
    const service = bookings();
    const step = createBookingStep({ bedrock: new BedrockRuntimeClient({ region: 'us-east-1' }), model: 'nova-test', bookings: service });
    await expect(step({ request, candidates: [slot('A')], user_id: 'alice' }, new Trace())).rejects.toThrow(/not one of the candidates/);
    expect(await service.listBookings('alice')).toEqual([]);
  });
});
