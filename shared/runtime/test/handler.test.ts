import { describe, expect, it } from 'vitest';
import { createHandler } from '../src/index';
import { chatEvent, counterPattern, event, parse, testRuntime } from './helpers';

describe('createHandler', () => {
  it('answers GET /health with the pattern letter and echoes the request id', async () => {
    const handler = createHandler('d', (rt) => counterPattern(rt), { runtime: testRuntime() });
    const res = parse(await handler(event({ method: 'GET', path: '/health', body: null, requestId: 'r-42' })));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', pattern: 'd' });
    expect(res.headers['x-request-id']).toBe('r-42');
  });

  it('runs a turn, returns the contract shape, and round-trips state across two turns', async () => {
    const rt = testRuntime();
    const handler = createHandler('d', (r) => counterPattern(r), { runtime: rt });
    const first = parse(await handler(chatEvent({ message: 'Book tomorrow at 3pm' })));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      pattern: 'd',
      response: 'turn 1',
      booking: { slot_id: '2026-11-22_CourtB_1500', court: 'Court B', date: '2026-11-22', time: '15:00', user_id: 'alice' },
      usage: { llm_calls: 0, input_tokens: 0, output_tokens: 0, tool_calls: 0, lambda_invokes: 0 },
      mode: 'none',
      request_id: 'req-test-1',
    });
    expect(Object.keys(first.body.booking).sort()).toEqual(['booking_id', 'court', 'date', 'slot_id', 'time', 'user_id']);
    expect(first.body.session_id).toMatch(/^s_[A-Za-z0-9]{22}$/);
    expect(first.body.trace).toEqual([expect.objectContaining({ seq: 1, type: 'step', actor: 'code', name: 'count', detail: '1' })]);

    const second = parse(await handler(chatEvent({ message: 'and again', session_id: first.body.session_id })));
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ session_id: first.body.session_id, response: 'turn 2', booking: null });
    const stored = await rt.sessions.get(first.body.session_id);
    expect(stored).toMatchObject({ user_id: 'alice', pattern: 'd', version: 2, state: { count: 2, last: 'and again' } });
  });
});
