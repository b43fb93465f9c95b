import { createTestApp, loadSuite, runScenario, scenarioEnv, SCENARIOS, tomorrow } from '@tennis/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { buildInProcess } from './in-process';
import { mockClient } from 'aws-sdk-client-mock';
import { LambdaClient } from '@aws-sdk/client-lambda';

afterEach(() => mockClient(LambdaClient).restore());

describe('pattern C workflow, steps behind the Lambda API (in process), offline model', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    await runScenario(createTestApp('c', buildInProcess), scenario);
  });

  it("runs parse -> availability -> booking in that order, one invoke each, with every step's events merged", async () => {
    const reply = await createTestApp('c', buildInProcess).say('Book tomorrow at 3pm');
    expect(reply.booking).toMatchObject({ date: tomorrow(), time: '15:00', user_id: 'alice' });
    const invokes = reply.trace.filter((e) => e.type === 'invoke');
    expect(invokes.map((e) => e.type === 'invoke' && e.function)).toEqual([
      'pattern-c-parse',
      'pattern-c-availability',
      'pattern-c-booking',
    ]);
    expect(reply.usage.lambda_invokes).toBe(3);
    const llm = reply.trace.flatMap((e) => (e.type === 'llm' ? [`${e.actor} ${e.vendor}`] : []));
    // The availability loop ends on its check: one Claude call, no prose that nothing reads.
    expect(llm).toEqual(['parse/model openai', 'availability/model anthropic', 'booking/model bedrock']);
  });
});

describe('pattern C on the rest of the shared suite (edge cases, faults), steps in process', () => {
  const core = new Set(SCENARIOS.map((s) => s.id));
  it.each(
    loadSuite()
      .filter((s) => !core.has(s.id))
      .map((s) => [s.name, s] as const),
  )('%s', async (_name, scenario) => {
    await runScenario(createTestApp('c', buildInProcess, { env: scenarioEnv(scenario) }), scenario);
  });
});
