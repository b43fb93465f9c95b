/**
 * Pattern A against the OpenAI SDK's own transport with scripted structured outputs (no offline
 * model): one request per turn, what it asks for, and what code does with the fields.
 */
import { describe, expect, it } from 'vitest';
import {
  CANONICAL_BOOKING,
  createTestApp,
  fakeFetch,
  httpError,
  openaiJson,
  runScenario,
  TEST_DATE_SENTENCE,
  tomorrow,
  TWO_TURN_BOOKING,
  type ScriptedReply,
} from '@tennis/testkit';
import { build } from '../src/handler';
import type { ParsedMessage } from '../src/parsed';

const TOMORROW = tomorrow();

const NOTHING: ParsedMessage = {
  intent: 'other',
  date: null,
  time: null,
  court: null,
  part_of_day: null,
  choice: null,
  confirmation: null,
};
const fields = (said: Partial<ParsedMessage>) => openaiJson({ ...NOTHING, ...said });

function scriptedApp(replies: ScriptedReply[]) {
  const fetch = fakeFetch(replies);
  const app = createTestApp('a', (rt) => build(rt, { fetch }), {
    env: { LLM_MODE: 'live', OPENAI_API_KEY: 'test', LLM_MAX_RETRIES: '0' },
  });
  return { app, fetch };
}

describe('pattern A over a scripted OpenAI transport', () => {
  it('makes one structured-output request and lets code book the slot', async () => {
    const { app, fetch } = scriptedApp([fields({ intent: 'book', date: TOMORROW, time: '15:00' })]);
    await runScenario(app, CANONICAL_BOOKING);

    expect(fetch.requests).toHaveLength(1);
    const sent = fetch.requests[0]!.body;
    expect(sent.tools).toBeUndefined();
    expect(sent.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'parsed_message', strict: true } });
    expect(Object.keys(sent.response_format.json_schema.schema.properties)).not.toContain('user_id');
    expect(sent.messages[0].content).toContain(TEST_DATE_SENTENCE);
    expect(sent.messages[1]).toEqual({ role: 'user', content: 'Book tomorrow at 3pm' });
  });

  it('keeps the request in session state, so the follow-up only needs the missing fields', async () => {
    const { app, fetch } = scriptedApp([
      fields({ intent: 'book', date: TOMORROW }),
      fields({ intent: 'book', time: '15:00', court: 'court B' }),
    ]);
    await runScenario(app, TWO_TURN_BOOKING);

    expect(fetch.requests).toHaveLength(2);
    // The second parse sees only the new message, plus the options code offered (for "the second one").
    expect(fetch.requests[1]!.body.messages.map((m: any) => m.role)).toEqual(['system', 'user']);
    expect(fetch.requests[1]!.body.messages[0].content).toContain('1. 08:00 on Court A');
  });

  it('books an ordinal choice from the offered list, and the last one with -1', async () => {
    const { app } = scriptedApp([
      fields({ intent: 'check_availability', date: TOMORROW, part_of_day: 'evening' }),
      fields({ intent: 'book', choice: -1 }),
    ]);
    const list = await app.say('Anything tomorrow evening?');
    expect(list.response).toContain('5. 21:00 on Court A');
    const picked = await app.say('the last one', { sessionId: list.session_id });
    expect(picked.booking).toMatchObject({ date: TOMORROW, time: '21:00', court: 'Court A', user_id: 'alice' });
  });

  it('offers other courts at the same time when the named court is taken', async () => {
    const { app } = scriptedApp([fields({ intent: 'book', date: TOMORROW, time: '15:00', court: 'Court A' })]);
    await app.bookings.book({ slot_id: '2026-11-22_CourtA_1500' }, { userId: 'other-member' });
    const reply = await app.say('Court A tomorrow at 3pm');
    expect(reply.booking).toBeNull();
    expect(reply.response).toMatch(/Court A is not free .* at 15:00[\s\S]*1\. 15:00 on Court B/);
  });

  it('names the parse step when the model fails', async () => {
    const { app } = scriptedApp([httpError(500)]);
    const result = await app.chat('Book tomorrow at 3pm');
    expect(result.status).toBe(502);
    expect(result.ok ? '' : result.body.error.message).toMatch(/Step 'parse' failed/);
  });
});
