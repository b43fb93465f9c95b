/**
 * Pattern B against the OpenAI and Anthropic SDKs' own transports with scripted wire responses
 * (no offline model). One fakeFetch serves both clients, so the script is the exact call order.
 */
import { describe, expect, it } from 'vitest';
import {
  anthropicToolUse,
  CANONICAL_BOOKING,
  createTestApp,
  fakeFetch,
  httpError,
  openaiJson,
  openaiText,
  runScenario,
  TEST_DATE_SENTENCE,
  tomorrow,
  TWO_TURN_BOOKING,
  type ScriptedReply,
} from '@tennis/testkit';
import { build } from '../src/handler';
import type { ParsedMessage } from '../src/contract';

const TOMORROW = tomorrow();
const NOTHING: ParsedMessage = { intent: 'other', date: null, time: null, court: null, part_of_day: null, choice: null };
const parsed = (said: Partial<ParsedMessage>) => openaiJson({ ...NOTHING, ...said });
const selected = (slot_id: string) => anthropicToolUse('select_slot', { slot_id, reason: 'Matches the requested time.' });

function scriptedApp(replies: ScriptedReply[]) {
  const fetch = fakeFetch(replies);
  const app = createTestApp('b', (rt) => build(rt, { fetch }), {
    env: { LLM_MODE: 'live', OPENAI_API_KEY: 'test', ANTHROPIC_API_KEY: 'test', LLM_MAX_RETRIES: '0' },
  });
  return { app, fetch };
}

const paths = (fetch: ReturnType<typeof fakeFetch>) => fetch.requests.map((r) => new URL(r.url).pathname);

describe('pattern B over scripted OpenAI and Anthropic transports', () => {
  it('parse -> select -> confirm for the canonical booking, with the candidates in the select prompt', async () => {
    const { app, fetch } = scriptedApp([
      parsed({ intent: 'book', date: TOMORROW, time: '15:00' }),
      selected('2026-11-22_CourtC_1500'),
      openaiText('You are booked on Court C tomorrow at 15:00.'),
    ]);
    const run = await runScenario(app, CANONICAL_BOOKING);
    expect(run.turns[0]!.result.ok && run.turns[0]!.result.body.booking).toMatchObject({ court: 'Court C', user_id: 'alice' });

    expect(paths(fetch)).toEqual(['/v1/chat/completions', '/v1/messages', '/v1/chat/completions']);
    const [parse, select, confirm] = fetch.requests.map((r) => r.body);
    expect(parse.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'booking_request' } });
    expect(parse.messages[0].content).toContain(TEST_DATE_SENTENCE);

    expect(select.tool_choice).toEqual({ type: 'tool', name: 'select_slot' });
    expect(select.tools[0].input_schema.properties.slot_id.enum).toEqual([
      '2026-11-22_CourtA_1500',
      '2026-11-22_CourtB_1500',
      '2026-11-22_CourtC_1500',
    ]);
    expect(Object.keys(select.tools[0].input_schema.properties)).toEqual(['slot_id', 'reason']);
    expect(select.system).toContain(TEST_DATE_SENTENCE);

    expect(confirm.messages[1].content).toContain('"user_id":"alice"');
  });

  it('keeps the parsed request in the session, so the follow-up completes it', async () => {
    const { app, fetch } = scriptedApp([
      parsed({ intent: 'book', date: TOMORROW }),
      parsed({ time: '15:00', court: 'court B' }),
      selected('2026-11-22_CourtB_1500'),
      openaiText('Court B is yours tomorrow at 15:00.'),
    ]);
    await runScenario(app, TWO_TURN_BOOKING);

    expect(fetch.requests[1]!.body.messages[0].content).toContain(`"date":"${TOMORROW}"`);
    // Code merged the follow-up into the earlier request: only Court B was a candidate.
    expect(fetch.requests[2]!.body.tools[0].input_schema.properties.slot_id.enum).toEqual(['2026-11-22_CourtB_1500']);
  });

  it("names the failed step: a 500 from Anthropic is a 502 for 'booking' and nothing is booked", async () => {
    const { app, fetch } = scriptedApp([parsed({ intent: 'book', date: TOMORROW, time: '15:00' }), httpError(500)]);
    const result = await app.chat('Book tomorrow at 3pm');
    expect(result.status).toBe(502);
    expect(result.ok ? '' : result.body.error.message).toMatch(/^Step 'booking' failed/);
    expect(fetch.pending()).toBe(0);
    expect(await app.listBookings()).toEqual([]);
  });

  it("rejects a selection that is not a candidate as a 'booking' failure", async () => {
    const { app } = scriptedApp([parsed({ intent: 'book', date: TOMORROW, time: '15:00' }), selected('2026-11-22_CourtA_0900')]);
    const result = await app.chat('Book tomorrow at 3pm');
    expect(result.status).toBe(502);
    expect(result.ok ? '' : result.body.error.message).toBe("Step 'booking' failed: the model did not choose one of the candidate slots.");
    expect(await app.listBookings()).toEqual([]);
  });

  it('stops at the gate without calling select when nothing is free', async () => {
    const { app, fetch } = scriptedApp([parsed({ intent: 'book', date: TOMORROW, time: '15:00' })]);
    for (const court of ['A', 'B', 'C']) await app.bookings.book({ slot_id: `2026-11-22_Court${court}_1500` }, { userId: 'other-member' });
    const reply = await app.say('Book tomorrow at 3pm');
    expect(paths(fetch)).toEqual(['/v1/chat/completions']);
    expect(reply.booking).toBeNull();
    expect(reply.response).toMatch(/nearest free slots are:\n1\. 14:00 on Court A\n2\. 14:00 on Court B/);
  });

  it('keeps the numbered options it listed, so "the second one" books exactly that slot', async () => {
    const { app, fetch } = scriptedApp([
      parsed({ intent: 'check_availability', date: TOMORROW, part_of_day: 'afternoon' }),
      parsed({ choice: 2 }),
      selected('2026-11-22_CourtA_1300'),
      openaiText('Court A is yours tomorrow at 13:00.'),
    ]);
    const listed = await app.say('Anything free tomorrow afternoon?');
    expect(listed.response).toMatch(/\n1\. 12:00 on Court A\n2\. 13:00 on Court A\n/);
    const picked = await app.say('The second one please', { sessionId: listed.session_id });
    expect(fetch.requests[1]!.body.messages[0].content).toContain(
      'We just offered these numbered options: 1. 12:00 on Court A; 2. 13:00 on Court A;',
    );
    // Code resolved the pick to the offered slot: it was the only candidate.
    expect(fetch.requests[2]!.body.tools[0].input_schema.properties.slot_id.enum).toEqual(['2026-11-22_CourtA_1300']);
    expect(picked.booking).toMatchObject({ slot_id: '2026-11-22_CourtA_1300', user_id: 'alice' });
  });

  it('keeps a booking that stands when only the confirmation fails, answering from code', async () => {
    const { app } = scriptedApp([
      parsed({ intent: 'book', date: TOMORROW, time: '15:00' }),
      selected('2026-11-22_CourtA_1500'),
      httpError(500),
    ]);
    const reply = await app.say('Book tomorrow at 3pm');
    expect(reply.booking).toMatchObject({ slot_id: '2026-11-22_CourtA_1500', user_id: 'alice' });
    expect(reply.response).toMatch(/^Booked: Court A on Sunday 2026-11-22 at 15:00/);
    expect(reply.trace.some((e) => e.type === 'step' && e.name === 'confirm fallback')).toBe(true);
  });
});
