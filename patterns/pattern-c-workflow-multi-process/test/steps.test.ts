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
  it('asks for structured output with today in the prompt and returns the parsed request', async () => {
    const fetch = fakeFetch([openaiJson(request)]);
    const step = createParseStep({ openai: new OpenAI({ apiKey: 'test', fetch, maxRetries: 0 }), model: 'gpt-test', bookings: bookings() });
    expect(await step({ history: [{ role: 'user', text: "I'd like a court tomorrow" }], message: '3pm on court B' })).toEqual({ request });
    const sent = fetch.requests[0]!.body;
    expect(sent.response_format.type).toBe('json_schema');
    expect(sent.messages[0].content).toContain('Today is Saturday 2026-11-21');
    expect(sent.messages.map((m: { role: string }) => m.role)).toEqual(['system', 'user', 'user']);
  });
});

describe('availability step', () => {
  it('reads the slots from the tool result and ends on the check of the requested date', async () => {
    const fetch = fakeFetch([
      anthropicToolUse('check_availability', { date: clubDate(2), time: '15:00' }), // the wrong day: the loop goes on
      anthropicToolUse('check_availability', { date: DAY, time: '15:00' }),
      anthropicText('All three courts are free.'), // never asked for: nothing reads the model's prose
    ]);
    const step = createAvailabilityStep({ anthropic: new Anthropic({ apiKey: 'test', fetch, maxRetries: 0 }), model: 'claude-test', bookings: bookings(), maxIterations: 4 });
    const result = await step({ request }, new Trace());
    expect(result).toMatchObject({ date: DAY, refusal: null });
    expect(result.available.map((s) => s.court)).toEqual(['Court A', 'Court B', 'Court C']);
    expect(fetch.requests).toHaveLength(2);
  });

  it('fails as a bad upstream when the model never checks', async () => {
    const fetch = fakeFetch([anthropicText('Sure, courts are usually free.')]);
    const step = createAvailabilityStep({ anthropic: new Anthropic({ apiKey: 'test', fetch, maxRetries: 0 }), model: 'claude-test', bookings: bookings(), maxIterations: 4 });
    await expect(step({ request }, new Trace())).rejects.toBeInstanceOf(UpstreamError);
  });
});

describe('booking step', () => {
  const converseSelecting = (slot_id: string) => ({
    output: { message: { role: 'assistant' as const, content: [{ toolUse: { toolUseId: 't1', name: 'select_slot', input: { slot_id, reason: 'named court' } } }] } },
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
    mockClient(BedrockRuntimeClient).on(ConverseCommand).resolves(converseSelecting(`${DAY}_CourtZ_1500`));
    const service = bookings();
    const step = createBookingStep({ bedrock: new BedrockRuntimeClient({ region: 'us-east-1' }), model: 'nova-test', bookings: service });
    await expect(step({ request, candidates: [slot('A')], user_id: 'alice' }, new Trace())).rejects.toThrow(/not one of the candidates/);
    expect(await service.listBookings('alice')).toEqual([]);
  });
});
