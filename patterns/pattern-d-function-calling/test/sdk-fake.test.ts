/**
 * Pattern D against the OpenAI SDK's own transport with scripted wire responses (no offline model):
 * what our loop sends, and what it does with each kind of answer.
 */
import { describe, expect, it } from 'vitest';
import {
  CANONICAL_BOOKING,
  createTestApp,
  fakeFetch,
  httpError,
  openaiText,
  openaiToolCalls,
  runScenario,
  TEST_DATE_SENTENCE,
  tomorrow,
  TWO_TURN_BOOKING,
  type ScriptedReply,
} from '@tennis/testkit';
import { build } from '../src/handler';

const TOMORROW = tomorrow();

function scriptedApp(replies: ScriptedReply[], env: Record<string, string> = {}) {
  const fetch = fakeFetch(replies);
  const app = createTestApp('d', (rt) => build(rt, { fetch }), {
    env: { LLM_MODE: 'live', OPENAI_API_KEY: 'test', LLM_MAX_RETRIES: '0', ...env },
  });
  return { app, fetch };
}

const checkAt = (time: string) => openaiToolCalls([{ name: 'check_availability', args: { date: TOMORROW, time } }]);
const book = (slot_id: string) => openaiToolCalls([{ name: 'book', args: { slot_id } }]);

/** The last message our code sent in request `i` (a tool result, when the model had called one). */
const lastSent = (fetch: ReturnType<typeof fakeFetch>, i: number) => fetch.requests[i]!.body.messages.at(-1);

describe('pattern D over a scripted OpenAI transport', () => {
  it('runs the canonical booking: tools offered without a user id, date in the system prompt, results fed back', async () => {
    const { app, fetch } = scriptedApp([
      checkAt('15:00'),
      book('2026-11-22_CourtA_1500'),
      openaiText('Done: Court A is booked for you tomorrow at 15:00.'),
    ]);
    await runScenario(app, CANONICAL_BOOKING);

    expect(fetch.requests).toHaveLength(3);
    const first = fetch.requests[0]!.body;
    expect(fetch.requests[0]!.url).toMatch(/\/chat\/completions$/);
    expect(first.tools.map((t: any) => t.function.name)).toEqual(['check_availability', 'book']);
    const parameterNames = first.tools.flatMap((t: any) => Object.keys(t.function.parameters.properties));
    expect(parameterNames).toEqual(['date', 'time', 'slot_id']);
    expect(first.messages[0]).toMatchObject({ role: 'system' });
    expect(first.messages[0].content).toContain(TEST_DATE_SENTENCE);
    expect(first.messages.at(-1)).toEqual({ role: 'user', content: 'Book tomorrow at 3pm' });

    expect(JSON.parse(lastSent(fetch, 1).content)).toMatchObject({ ok: true, result: { date: TOMORROW, time: '15:00' } });
    expect(JSON.parse(lastSent(fetch, 2).content)).toMatchObject({
      ok: true,
      result: { slot_id: '2026-11-22_CourtA_1500', user_id: 'alice' },
    });
  });

  it('keeps the conversation across turns, so the follow-up completes the request', async () => {
    const { app, fetch } = scriptedApp([
      openaiText('Sure. What time tomorrow would you like, and any preferred court?'),
      checkAt('15:00'),
      book('2026-11-22_CourtB_1500'),
      openaiText('Court B is yours tomorrow at 15:00.'),
    ]);
    await runScenario(app, TWO_TURN_BOOKING);

    const followUp = fetch.requests[1]!.body.messages.map((m: any) => [m.role, m.content]);
    expect(followUp).toEqual([
      ['system', expect.stringContaining(TEST_DATE_SENTENCE)],
      ['user', "I'd like a court tomorrow"],
      ['assistant', 'Sure. What time tomorrow would you like, and any preferred court?'],
      ['user', '3pm on court B please'],
    ]);
  });

  it('stops at MAX_MODEL_CALLS with a bounded answer', async () => {
    const { app, fetch } = scriptedApp([checkAt('15:00'), checkAt('16:00')], { MAX_MODEL_CALLS: '2' });
    const reply = await app.say('Book tomorrow at 3pm');

    expect(fetch.requests).toHaveLength(2);
    expect(reply.response).toMatch(/could not finish your request within 2 steps\. Nothing was booked\./);
    expect(reply.booking).toBeNull();
    expect(reply.usage).toMatchObject({ llm_calls: 2, tool_calls: 2 });
    expect(reply.trace.at(-1)).toMatchObject({ type: 'step', name: 'iteration cap reached' });
  });

  it('returns invalid tool arguments to the model as the tool result instead of failing', async () => {
    const { app, fetch } = scriptedApp([
      openaiToolCalls([{ name: 'book', args: '{"slot_id": ' }]),
      openaiToolCalls([{ name: 'book', args: { slot_id: '2026-11-22_CourtA_1500', user_id: 'bob' } }]),
      openaiText('Sorry, something went wrong with that booking.'),
    ]);
    const reply = await app.say('Book tomorrow at 3pm');

    expect(JSON.parse(lastSent(fetch, 1).content)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringMatching(/JSON object/) },
    });
    expect(JSON.parse(lastSent(fetch, 2).content)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringMatching(/user_id/) },
    });
    expect(reply.booking).toBeNull();
    expect(await app.listBookings()).toEqual([]);
  });

  it('hands an ALREADY_BOOKED result to the model, which can explain it', async () => {
    const { app, fetch } = scriptedApp([book('2026-11-22_CourtA_1500'), openaiText('Court A at 15:00 is taken; Court B is free then.')]);
    await app.bookings.book({ slot_id: '2026-11-22_CourtA_1500' }, { userId: 'other-member' });
    const reply = await app.say('Book court A tomorrow at 3pm');

    expect(JSON.parse(lastSent(fetch, 1).content)).toMatchObject({ ok: false, error: { code: 'ALREADY_BOOKED' } });
    expect(reply).toMatchObject({ booking: null, response: 'Court A at 15:00 is taken; Court B is free then.' });
    expect((await app.listBookings()).map((b) => b.user_id)).toEqual(['other-member']);
  });

  it('maps a provider failure to 502 without leaking details', async () => {
    const { app } = scriptedApp([httpError(500, 'internal secret detail')]);
    const result = await app.chat('Book tomorrow at 3pm');
    expect(result.status).toBe(502);
    expect(JSON.stringify(result.body)).not.toContain('secret');
  });
});
