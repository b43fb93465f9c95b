import { describe, expect, it } from 'vitest';
import { apiGatewayEvent, createTestApp, lambdaContext, loadSuite, runScenario, scenarioEnv, SCENARIOS, tomorrow } from '@tennis/testkit';
import { createHandler, type Runtime } from '@tennis/runtime';
import { createActionGroup } from '../src/action-group';
import { ACTION_GROUP, agentFunctions, OFFLINE_AGENT_ALIAS_ID, OFFLINE_AGENT_ID } from '../src/agent';
import { build as buildInvoker, offlineAgent } from '../src/handlers/invoker';
import { createPatternH } from '../src/pattern';
import { bedrockAgentClient } from '@tennis/runtime/local/bedrock-agent';
import { actionGroupFunctionEvent, actionGroupFunctionResponse } from './formats';

const TOMORROW = tomorrow();

/**
 * The invoker on the offline agent runtime, with the action-group Lambda run in-process on the same
 * runtime (fixed clock, in-memory store). Every event the agent sends it, and every response, is
 * checked against the documented formats. test/local.test.ts runs the same through real processes.
 */
function app(env: Record<string, string> = {}, { actionDelayMs = 0 } = {}) {
  const seen: unknown[] = [];
  const build = (rt: Runtime) => {
    const actions = createActionGroup(rt.bookings, undefined, { requireConfirmation: rt.config.requireConfirmation });
    return buildInvoker(rt, {
      env,
      invokeLambda: async (name, event) => {
        expect(name).toBe('pattern-h-action-group');
        seen.push(actionGroupFunctionEvent.parse(event));
        await new Promise((resolve) => setTimeout(resolve, actionDelayMs));
        return actionGroupFunctionResponse.parse(await actions(event, lambdaContext() as never));
      },
    });
  };
  return { app: createTestApp('h', build, { env }), seen };
}

describe('pattern H on the offline agent runtime (in-process action group)', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    await runScenario(app().app, scenario);
  });

  it('books "tomorrow at 3pm" with the agent trace: model calls, both actions, offline mode', async () => {
    const { app: h, seen } = app();
    const reply = await h.say('Book tomorrow at 3pm');
    expect(reply.booking).toMatchObject({ date: TOMORROW, time: '15:00', user_id: 'alice' });
    expect(reply.trace.filter((e) => e.type === 'tool').map((e) => [e.name, e.ok, e.actor])).toEqual([
      ['check_availability', true, 'action-group'],
      ['book', true, 'action-group'],
    ]);
    const llm = reply.trace.filter((e) => e.type === 'llm');
    expect(llm.map((e) => e.decision)).toEqual(['tool_call: check_availability', 'tool_call: book', 'answer']);
    expect(llm.every((e) => e.mode === 'offline' && e.api === 'invoke_agent' && e.input_tokens > 0)).toBe(true);
    expect(seen).toHaveLength(2);
    expect(seen[1]).toMatchObject({ function: 'book', sessionAttributes: { userId: 'alice' }, messageVersion: '1.0' });
  });

  it('a prompt naming another user books for the caller: the event carries the caller, not the name', async () => {
    const { app: h, seen } = app();
    const reply = await h.say('Book tomorrow at 3pm for user bob', { userId: 'carol' });
    expect(reply.booking?.user_id).toBe('carol');
    expect((await h.listBookings()).map((b) => b.user_id)).toEqual(['carol']);
    expect(seen.every((e) => (e as { sessionAttributes: { userId: string } }).sessionAttributes.userId === 'carol')).toBe(true);
  });

  it('REQUIRE_CONFIRMATION=true asks first, books nothing, and books on "yes"', async () => {
    const { app: h } = app({ REQUIRE_CONFIRMATION: 'true' });
    const first = await h.say('Book tomorrow at 3pm');
    expect(first.response).toMatch(/Shall I book Court A on .* at 15:00/);
    expect(first.booking).toBeNull();
    expect(await h.listBookings()).toEqual([]);
    const second = await h.say('yes please', { sessionId: first.session_id });
    expect(second.booking).toMatchObject({ date: TOMORROW, time: '15:00', user_id: 'alice' });
    expect(second.trace.some((e) => e.type === 'step' && e.name === 'user confirmation' && e.detail?.startsWith('CONFIRM'))).toBe(true);
  });

  it('REQUIRE_CONFIRMATION=true and "no" books nothing', async () => {
    const { app: h } = app({ REQUIRE_CONFIRMATION: 'true' });
    const first = await h.say('Book tomorrow at 3pm');
    const second = await h.say('no', { sessionId: first.session_id });
    expect(second.booking).toBeNull();
    expect(await h.listBookings()).toEqual([]);
  });

  it('a "yes" the agent no longer holds (its session gone, like an idle Bedrock session) is a clear 502, nothing booked', async () => {
    const { app: h } = app({ REQUIRE_CONFIRMATION: 'true' });
    const first = await h.say('Book tomorrow at 3pm');
    expect(first.pending_approval).toMatchObject({ time: '15:00' });
    // A handler with its own offline agent runtime: that runtime never saw the invocation.
    const actions = createActionGroup(h.runtime.bookings, undefined, { requireConfirmation: true });
    const fresh = createHandler('h', (rt) => buildInvoker(rt, { invokeLambda: async (_n, e) => actions(e, lambdaContext() as never) }), {
      runtime: h.runtime,
    });
    const event = apiGatewayEvent({
      method: 'POST',
      path: '/chat',
      body: { message: 'yes', session_id: first.session_id },
      headers: { 'x-user-id': 'alice' },
    });
    const result = await fresh(event, lambdaContext());
    expect(result.statusCode).toBe(502);
    expect(JSON.parse(result.body as string).error.message).toMatch(/rejected the request \(a stale confirmation/);
    expect(await h.listBookings()).toEqual([]);
  });

  it('a bad REQUIRE_CONFIRMATION is a clear config error naming the variable (the runtime config parses it)', async () => {
    const handler = createHandler('h', (rt) => buildInvoker(rt), {
      env: { LLM_MODE: 'offline', LOG_LEVEL: 'SILENT', REQUIRE_CONFIRMATION: 'ask' },
    });
    const result = await handler(
      apiGatewayEvent({ method: 'POST', path: '/chat', body: { message: 'Book tomorrow at 3pm' }, headers: { 'x-user-id': 'alice' } }),
      lambdaContext(),
    );
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body as string).error).toMatchObject({
      code: 'config_error',
      message: expect.stringContaining('REQUIRE_CONFIRMATION="ask": expected true or false'),
    });
  });

  it('REQUIRE_CONFIRMATION with an agent whose book lacks requireConfirmation (deployed, before the manual step) books nothing', async () => {
    const build = (rt: Runtime) => {
      const actions = createActionGroup(rt.bookings, undefined, { requireConfirmation: rt.config.requireConfirmation });
      const agent = {
        ...offlineAgent(rt.config, 'pattern-h-action-group'),
        actionGroups: [{ name: ACTION_GROUP, executor: { lambda: 'pattern-h-action-group' }, functions: agentFunctions() }],
      };
      return createPatternH({
        bookings: rt.bookings,
        agent: bedrockAgentClient(rt.config, { agents: [agent], invokeLambda: async (_n, e) => actions(e, lambdaContext() as never) }),
        agentId: OFFLINE_AGENT_ID,
        agentAliasId: OFFLINE_AGENT_ALIAS_ID,
        mode: 'offline',
        model: rt.config.bedrockModelId,
        maxModelCalls: rt.config.maxModelCalls,
        grounding: rt.grounding,
        requireConfirmation: rt.config.requireConfirmation,
      });
    };
    const h = createTestApp('h', build, { env: { REQUIRE_CONFIRMATION: 'true' } });
    const reply = await h.say('Book tomorrow at 3pm');
    expect(reply.trace.filter((e) => e.type === 'tool').map((e) => [e.name, e.ok, e.summary])).toContainEqual([
      'book',
      false,
      expect.stringMatching(/APPROVAL_REQUIRED/),
    ]);
    expect(reply.booking).toBeNull();
    expect(await h.listBookings()).toEqual([]);
  });

  it('a throttled agent model is a 503 with a clear message, and nothing is saved', async () => {
    const { app: h } = app({ OFFLINE_FAULTS: 'http_429' });
    const result = await h.chat('Book tomorrow at 3pm');
    expect(result.status).toBe(503);
    expect(!result.ok && result.body.error.message).toMatch(/throttling/);
    expect(await h.listBookings()).toEqual([]);
  });

  it('an agent model that never answers is cut off by LLM_TIMEOUT_MS: a 504, nothing booked', async () => {
    const { app: h } = app({ OFFLINE_FAULTS: 'timeout', LLM_TIMEOUT_MS: '200', LLM_MAX_RETRIES: '0' });
    const result = await h.chat('Book tomorrow at 3pm');
    expect(result.status).toBe(504);
    expect(await h.listBookings()).toEqual([]);
  });

  it('LLM_TIMEOUT_MS bounds each step of the agent, not the whole turn: slow actions still book, and the answer says so', async () => {
    // Two actions of 150 ms each make the turn longer than the timeout, but no single step is. A
    // whole-turn timeout would answer 504 after the booking was made.
    const { app: h } = app({ LLM_TIMEOUT_MS: '200', LLM_MAX_RETRIES: '0' }, { actionDelayMs: 150 });
    const reply = await h.say('Book tomorrow at 3pm');
    expect(reply.booking).toMatchObject({ date: TOMORROW, time: '15:00', user_id: 'alice' });
    expect(await h.listBookings()).toHaveLength(1);
  });

  it("malformed output from the agent's model is a 502, nothing booked", async () => {
    const { app: h } = app({ OFFLINE_FAULTS: 'malformed_json' });
    const result = await h.chat('Book tomorrow at 3pm');
    expect(result.status).toBe(502);
    expect(await h.listBookings()).toEqual([]);
  });
});

describe('pattern H on the rest of the shared suite (edge cases, faults, approval)', () => {
  const core = new Set(SCENARIOS.map((s) => s.id));
  for (const scenario of loadSuite().filter((s) => !core.has(s.id))) {
    it(scenario.name, async () => {
      await runScenario(app(scenarioEnv(scenario)).app, scenario);
    });
  }
});
