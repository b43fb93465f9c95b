/** The five shared scenarios through pattern A's real Lambda handler, answered by the offline model. */
import { describe, expect, it } from 'vitest';
import { createTestApp, loadSuite, scenarioEnv, runScenario, SCENARIOS } from '@tennis/testkit';
import { build } from '../src/handler';

describe('pattern A with the offline model', () => {
  for (const scenario of SCENARIOS) {
    it(`${scenario.name}, with exactly one LLM call per turn`, async () => {
      const run = await runScenario(createTestApp('a', build), scenario);
      for (const { result } of run.turns) {
        if (!result.ok) throw new Error(`HTTP ${result.status}`);
        expect(result.body.usage.llm_calls).toBe(1);
        expect(result.body.trace.find((e) => e.type === 'llm')).toMatchObject({ actor: 'parse', decision: 'structured output' });
      }
    });
  }

  it('books the option picked by its position ("the second one")', async () => {
    const app = createTestApp('a', build);
    const list = await app.say('Do you have anything tomorrow afternoon?');
    const second = await app.say('the second one please', { sessionId: list.session_id });
    expect(second.booking).toMatchObject({ date: '2026-11-22', time: '13:00', court: 'Court A', user_id: 'alice' });
    expect(second.usage.llm_calls).toBe(1);
  });
});

describe('pattern A on the rest of the shared suite (edge cases, faults)', () => {
  const core = new Set(SCENARIOS.map((s) => s.id));
  for (const scenario of loadSuite().filter((s) => !core.has(s.id))) {
    it(scenario.name, async () => {
      await runScenario(createTestApp('a', build, { env: scenarioEnv(scenario) }), scenario);
    });
  }
});
