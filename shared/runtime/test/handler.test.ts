import { describe, expect, it } from 'vitest';
import { createHandler } from '../src/index';
import type { Pattern, TraceEventInput } from '../src/index';
import { chatEvent, counterPattern, event, lambdaContext, parse, testRuntime } from './helpers';

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

  it('takes the user id from the JWT sub over X-User-Id', async () => {
    const handler = createHandler('d', (rt) => counterPattern(rt), { runtime: testRuntime() });
    const jwt = parse(await handler(chatEvent({ message: 'book' }, 'mallory', { claims: { sub: 'user-from-jwt' } })));
    expect(jwt.body.booking.user_id).toBe('user-from-jwt');
  });

  it('behind an authorizer (TRUST_USER_ID_HEADER=false) the sub is the user and any X-User-Id, even a malformed one, is ignored', async () => {
    const handler = createHandler('d', (rt) => counterPattern(rt), { runtime: testRuntime({ TRUST_USER_ID_HEADER: 'false' }) });
    for (const forged of ['mallory', 'not a valid id!']) {
      const res = parse(await handler(chatEvent({ message: 'book' }, forged, { claims: { sub: 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6' } })));
      expect(res.status).toBe(200);
      expect(res.body.booking.user_id).toBe('f81d4fae-7dec-11d0-a765-00a0c91e6bf6');
    }
  });

  it('ignores X-User-Id when TRUST_USER_ID_HEADER=false', async () => {
    const handler = createHandler('d', (rt) => counterPattern(rt), { runtime: testRuntime({ TRUST_USER_ID_HEADER: 'false' }) });
    const res = parse(await handler(chatEvent({ message: 'book' }, 'bob')));
    expect(res.body.booking.user_id).toBe('anonymous');
  });

  it.each([
    [['offline', 'live'], 'offline'],
    [['live', 'live'], 'live'],
  ] as const)('reports mode from the LLM events in the trace: %j -> %s', async (modes, expected) => {
    const llm = (mode: 'offline' | 'live'): TraceEventInput => ({
      type: 'llm',
      actor: 'model',
      vendor: 'openai',
      api: 'chat.completions',
      model: 'gpt-5-mini',
      mode,
      input_tokens: 10,
      output_tokens: 5,
      ms: 1,
      decision: 'answer',
    });
    const pattern: Pattern = {
      async turn({ trace }) {
        for (const m of modes) trace.record(llm(m));
        return { response: 'ok', booking: null, state: null };
      },
    };
    const res = parse(await createHandler('d', () => pattern, { runtime: testRuntime() })(chatEvent({ message: 'hi' })));
    expect(res.body.mode).toBe(expected);
    expect(res.body.usage).toMatchObject({ llm_calls: 2, input_tokens: 20, output_tokens: 10 });
  });

  it('answers 504 before the Lambda deadline when a turn hangs', async () => {
    const rt = testRuntime();
    const handler = createHandler('d', (r) => counterPattern(r, () => new Promise<void>(() => {})), { runtime: rt });
    const res = parse(await handler(chatEvent({ message: 'hi' }), lambdaContext(1000)));
    expect(res.status).toBe(504);
    expect(res.body.error.code).toBe('turn_timeout');
  });

  it('rejects a pattern answer that breaks the contract with a 500, not a malformed 200', async () => {
    const pattern = { turn: async () => ({ response: 42 }) } as unknown as Pattern;
    const res = parse(await createHandler('d', () => pattern, { runtime: testRuntime() })(chatEvent({ message: 'hi' })));
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('internal_error');
  });
});
