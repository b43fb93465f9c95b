import { createTestApp, loadSuite, runScenario, SCENARIOS, scenarioEnv, tomorrow } from '@tennis/testkit';
import { describe, expect, it } from 'vitest';
import { build } from '../src/handler';

const TOMORROW = tomorrow();

describe('pattern E through its Lambda handler, offline model', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    await runScenario(createTestApp('e', build), scenario);
  });

  it('books "tomorrow at 3pm" in 3 LLM calls, tracing both tool calls and the agent', async () => {
    const reply = await createTestApp('e', build).say('Book tomorrow at 3pm');
    expect(reply.booking).toMatchObject({ date: TOMORROW, time: '15:00', user_id: 'alice' });
    expect(reply.usage.llm_calls).toBeLessThanOrEqual(3);
    const tools = reply.trace.filter((e) => e.type === 'tool');
    expect(tools.map((e) => [e.name, e.ok])).toEqual([
      ['check_availability', true],
      ['book', true],
    ]);
    expect(reply.trace.some((e) => e.type === 'agent' && e.name === 'Booking agent')).toBe(true);
  });

  it('a model that never stops calling tools ends at MAX_MODEL_CALLS with a bounded answer', async () => {
    const app = createTestApp('e', build, { env: { OFFLINE_FAULTS: 'endless_tools', MAX_MODEL_CALLS: '3' } });
    const reply = await app.say('Book tomorrow at 3pm');
    expect(reply.usage.llm_calls).toBe(3);
    expect(reply.response).toMatch(/could not finish this request, and nothing was booked within 3 steps/);
    expect(reply.booking).toBeNull();
    expect(await app.listBookings()).toEqual([]);
  });
});

describe('pattern E on the rest of the shared suite (edge cases, faults)', () => {
  const core = new Set(SCENARIOS.map((s) => s.id));
  for (const scenario of loadSuite().filter((s) => !core.has(s.id))) {
    it(scenario.name, async () => {
      await runScenario(createTestApp('e', build, { env: scenarioEnv(scenario) }), scenario);
    });
  }
});
