/** The shared scenarios through pattern B's real Lambda handler, answered by the offline model. */
import { describe, expect, it } from 'vitest';
import {
  CANONICAL_BOOKING,
  createTestApp,
  loadSuite,
  scenarioEnv,
  FULLY_BOOKED,
  runScenario,
  SCENARIOS,
  type ChatResult,
} from '@tennis/testkit';
import { build } from '../src/handler';

/** "actor:decision" for LLM calls and "step" names for code steps, in order. */
function flow(result: ChatResult): string[] {
  if (!result.ok) throw new Error(`HTTP ${result.status}`);
  return result.body.trace.flatMap((e) => (e.type === 'llm' ? [`${e.actor}:${e.vendor}`] : e.type === 'step' ? [e.name] : []));
}

describe('pattern B with the offline model', () => {
  for (const scenario of SCENARIOS) {
    it(scenario.name, async () => {
      await runScenario(createTestApp('b', build), scenario);
    });
  }

  it('runs every step in order for the canonical booking: 3 LLM calls, two vendors', async () => {
    const run = await runScenario(createTestApp('b', build), CANONICAL_BOOKING);
    expect(flow(run.turns[0]!.result)).toEqual([
      'parse:openai',
      'parse',
      'availability',
      'booking:anthropic',
      'booking',
      'confirm:openai',
      'confirm',
    ]);
  });

  it('stops at the gate when nothing is free: no booking step', async () => {
    const run = await runScenario(createTestApp('b', build), FULLY_BOOKED);
    expect(flow(run.turns[0]!.result)).toEqual(['parse:openai', 'parse', 'availability']);
  });
});

describe('pattern B on the rest of the shared suite (edge cases, faults)', () => {
  const core = new Set(SCENARIOS.map((s) => s.id));
  for (const scenario of loadSuite().filter((s) => !core.has(s.id))) {
    it(scenario.name, async () => {
      await runScenario(createTestApp('b', build, { env: scenarioEnv(scenario) }), scenario);
    });
  }
});
