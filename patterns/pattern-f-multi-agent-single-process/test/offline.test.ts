import { createTestApp, loadSuite, runScenario, SCENARIOS, scenarioEnv, tomorrow } from '@tennis/testkit';
import { describe, expect, it } from 'vitest';
import { build } from '../src/handler';
import { steps } from './steps';

const TOMORROW = tomorrow();

describe('pattern F through its Lambda handler, offline model', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    await runScenario(createTestApp('f', build), scenario);
  });

  it('checks AND books "tomorrow at 3pm" in one request, in at most 5 LLM calls', async () => {
    const reply = await createTestApp('f', build).say('Book tomorrow at 3pm');
    expect(reply.booking).toMatchObject({ date: TOMORROW, time: '15:00', user_id: 'alice' });
    expect(reply.usage.llm_calls).toBeLessThanOrEqual(5);
    expect(steps(reply.trace)).toEqual([
      'Manager asked booking_specialist',
      'Booking specialist: check_availability ok',
      'Booking specialist: book ok',
    ]);
  });

  it("traces the manager's request and the specialist's answer in words, not raw JSON", async () => {
    const reply = await createTestApp('f', build).say('Book tomorrow at 3pm');
    const details = reply.trace.flatMap((e) => (e.type === 'agent' && e.name === 'booking_specialist' ? [e.detail] : []));
    expect(details).toEqual([
      expect.stringMatching(new RegExp(`^asked: .*${TOMORROW} at 15:00`)),
      `answered: booked Court A ${TOMORROW} 15:00`,
    ]);
  });

  it('a specialist that never stops calling tools is bounded by MAX_MODEL_CALLS and the manager says so', async () => {
    const app = createTestApp('f', build, { env: { OFFLINE_FAULTS: 'endless_tools', MAX_MODEL_CALLS: '3' } });
    const reply = await app.say('Book tomorrow at 3pm');
    const specialistChecks = reply.trace.filter((e) => e.type === 'tool' && e.actor === 'Booking specialist');
    expect(specialistChecks).toHaveLength(3);
    expect(reply.response).toMatch(/nothing was booked/);
    expect(reply.booking).toBeNull();
    expect(await app.listBookings()).toEqual([]);
  });
});

describe('pattern F on the rest of the shared suite (edge cases, faults)', () => {
  const core = new Set(SCENARIOS.map((s) => s.id));
  for (const scenario of loadSuite().filter((s) => !core.has(s.id))) {
    it(scenario.name, async () => {
      await runScenario(createTestApp('f', build, { env: scenarioEnv(scenario) }), scenario);
    });
  }
});
