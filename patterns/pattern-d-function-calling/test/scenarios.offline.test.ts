/** The five shared scenarios through pattern D's real Lambda handler, answered by the offline model. */
import { describe, expect, it } from 'vitest';
import { CANONICAL_BOOKING, createTestApp, loadSuite, scenarioEnv, runScenario, SCENARIOS } from '@tennis/testkit';
import { build } from '../src/handler';

describe('pattern D with the offline model', () => {
  for (const scenario of SCENARIOS) {
    it(scenario.name, async () => {
      await runScenario(createTestApp('d', build), scenario);
    });
  }

  it('books "tomorrow at 3pm" with 3 model calls: check, book, answer', async () => {
    const run = await runScenario(createTestApp('d', build), CANONICAL_BOOKING);
    const reply = run.turns[0]!.result;
    if (!reply.ok) throw new Error('expected a reply');
    const steps = reply.body.trace.map((e) => (e.type === 'llm' ? `llm:${e.decision}` : e.type === 'tool' ? `tool:${e.name}` : e.type));
    expect(steps).toEqual([
      'llm:tool_call: check_availability',
      'tool:check_availability',
      'llm:tool_call: book',
      'tool:book',
      'llm:answer',
    ]);
    expect(reply.body.usage).toMatchObject({ llm_calls: 3, tool_calls: 2 });
  });
});

describe('pattern D on the rest of the shared suite (edge cases, faults)', () => {
  const core = new Set(SCENARIOS.map((s) => s.id));
  for (const scenario of loadSuite().filter((s) => !core.has(s.id))) {
    it(scenario.name, async () => {
      await runScenario(createTestApp('d', build, { env: scenarioEnv(scenario) }), scenario);
    });
  }
});
