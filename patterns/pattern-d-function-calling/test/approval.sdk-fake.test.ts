/**
 * Pattern D's approval (REQUIRE_CONFIRMATION) against the OpenAI SDK's own transport with scripted replies:
 * what the loop holds, and exactly what it sends the model after the member's yes, no or something else.
 */
import { describe, expect, it } from 'vitest';
import { createTestApp, fakeFetch, openaiText, openaiToolCalls, tomorrow, type ScriptedReply } from '@tennis/testkit';
import { build as buildPatternD } from '../src/handler';

const TOMORROW = tomorrow();
const COURT_A = `${TOMORROW}_CourtA_1500`;
const COURT_B = `${TOMORROW}_CourtB_1500`;

function scriptedApp(replies: ScriptedReply[]) {
  const fetch = fakeFetch(replies);
  const app = createTestApp('d', (rt) => buildPatternD(rt, { fetch }), {
    env: { LLM_MODE: 'live', OPENAI_API_KEY: 'test', LLM_MAX_RETRIES: '0', REQUIRE_CONFIRMATION: 'true' },
  });
  return { app, fetch };
}

/** The model checks and books in ONE reply: the check runs, the book call is held and the member is asked. */
async function askAboutCourtA(replies: ScriptedReply[]) {
  const { app, fetch } = scriptedApp([
    openaiToolCalls([
      { name: 'check_availability', args: { date: TOMORROW, time: '15:00' } },
      { name: 'book', args: { slot_id: COURT_A } },
    ]),
    ...replies,
  ]);
  const asked = await app.say('Book tomorrow at 3pm');
  expect(asked.pending_approval).toEqual({ slot_id: COURT_A, court: 'Court A', date: TOMORROW, time: '15:00' });
  expect(asked.response).toMatch(/^Shall I book Court A .* at 15:00 for you\? Please answer yes or no\.$/);
  expect(asked.trace.flatMap((e) => (e.type === 'tool' ? [e.name] : []))).toEqual(['check_availability']);
  expect(await app.listBookings()).toEqual([]);
  return { app, fetch, sessionId: asked.session_id };
}

/** What the loop sent the model after the member answered: the messages after the held reply. */
const afterHeldReply = (fetch: ReturnType<typeof fakeFetch>) => {
  const messages = fetch.requests[1]!.body.messages as any[];
  const held = messages.findLastIndex((m) => m.role === 'assistant' && m.tool_calls?.some((c: any) => c.function.name === 'book'));
  return messages.slice(held + 1);
};

describe('pattern D approval over a scripted OpenAI transport', () => {
  it('"yes" executes exactly the held call and the model writes the confirmation; the "yes" itself is no new message', async () => {
    const { app, fetch, sessionId } = await askAboutCourtA([openaiText('Booked: Court A tomorrow at 15:00.')]);
    const yes = await app.say('yes please', { sessionId });
    expect(yes.booking).toMatchObject({ slot_id: COURT_A, user_id: 'alice' });
    expect(yes.response).toBe('Booked: Court A tomorrow at 15:00.');
    const sent = afterHeldReply(fetch);
    expect(sent.map((m) => m.role)).toEqual(['tool', 'tool']);
    expect(JSON.parse(sent[1].content)).toMatchObject({ ok: true, result: { slot_id: COURT_A, user_id: 'alice' } });
  });

  it('"no": the held call gets a declined result, nothing is booked, and the model answers', async () => {
    const { app, fetch, sessionId } = await askAboutCourtA([openaiText('OK, I have not booked it.')]);
    const no = await app.say('no', { sessionId });
    expect(no).toMatchObject({ booking: null, pending_approval: null, response: 'OK, I have not booked it.' });
    const sent = afterHeldReply(fetch);
    expect(sent.map((m) => m.role)).toEqual(['tool', 'tool']);
    expect(JSON.parse(sent[1].content)).toMatchObject({
      ok: false,
      error: { code: 'NOT_APPROVED', message: expect.stringMatching(/said no/) },
    });
    expect(await app.listBookings()).toEqual([]);
  });

  it('anything else: the held call is answered "not approved", the message follows, and a new book call is held again', async () => {
    const { app, fetch, sessionId } = await askAboutCourtA([
      // A second book call in one reply waits its turn: only one approval is asked at a time.
      openaiToolCalls([
        { name: 'book', args: { slot_id: COURT_B } },
        { name: 'book', args: { slot_id: `${TOMORROW}_CourtC_1500` } },
      ]),
    ]);
    const changed = await app.say('yes, but court B instead', { sessionId });
    expect(changed.pending_approval).toMatchObject({ slot_id: COURT_B });
    expect(changed.response).toContain('(I did not book Court A');
    const sent = afterHeldReply(fetch);
    expect(sent.map((m) => m.role)).toEqual(['tool', 'tool', 'user']);
    expect(JSON.parse(sent[1].content)).toMatchObject({
      ok: false,
      error: { code: 'NOT_APPROVED', message: expect.stringMatching(/wrote something else/) },
    });
    expect(sent[2]).toEqual({ role: 'user', content: 'yes, but court B instead' });
    expect(await app.listBookings()).toEqual([]);
    // The session keeps the conversation ending in the held reply: Court B's call unanswered, Court C's refused.
    const record = await app.runtime.sessions.get(sessionId);
    const [held, refused] = (record!.state as any).messages.slice(-2);
    expect(held.tool_calls.map((c: any) => JSON.parse(c.function.arguments).slot_id)).toEqual([COURT_B, `${TOMORROW}_CourtC_1500`]);
    expect(refused).toMatchObject({ role: 'tool', tool_call_id: held.tool_calls[1].id });
    expect(record!.approval).toEqual({
      pending: expect.objectContaining({ slot_id: COURT_B }),
      hold: { tool_call_id: held.tool_calls[0].id, slot_id: COURT_B },
    });
  });
});
