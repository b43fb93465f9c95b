import { LambdaClient } from '@aws-sdk/client-lambda';
import { Runner } from '@openai/agents';
import { assistantMessage, ScriptedModel } from '@openai/agents/testing';
import { prompts, SPECIALIST_TOOLS } from '@tennis/pattern-f/team';
import { createTestApp, loadSuite, runScenario, scenarioEnv, SCENARIOS, tomorrow } from '@tennis/testkit';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createPatternG } from '../src/pattern';
import { buildInProcess, FUNCTIONS } from './in-process';

afterEach(() => mockClient(LambdaClient).restore());

describe('pattern G manager, specialists behind the Lambda API (in process), offline model', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    await runScenario(createTestApp('g', buildInProcess), scenario);
  });

  // The approval scenarios (REQUIRE_CONFIRMATION) here too; the whole suite runs across processes in compare.
  it.each(
    loadSuite()
      .filter((s) => s.id?.startsWith('approval-'))
      .map((s) => [s.name, s] as const),
  )('%s', async (_name, scenario) => {
    await runScenario(createTestApp('g', buildInProcess, { env: scenarioEnv(scenario) }), scenario);
  });

  it('books through the booking specialist: one invoke, its events merged under its name', async () => {
    const reply = await createTestApp('g', buildInProcess).say('Book tomorrow at 3pm');
    expect(reply.booking).toMatchObject({ date: tomorrow(), time: '15:00', user_id: 'alice' });
    const invokes = reply.trace.flatMap((e) => (e.type === 'invoke' ? [e.function] : []));
    expect(invokes).toEqual([FUNCTIONS.booking]);
    const tools = reply.trace.flatMap((e) => (e.type === 'tool' ? [`${e.actor}: ${e.name}`] : []));
    expect(tools).toEqual(['booking-specialist/Booking specialist: check_availability', 'booking-specialist/Booking specialist: book']);
  });

  it('specialists end on their deciding tool: no model call rephrases their result, the manager words the answer', async () => {
    const app = createTestApp('g', buildInProcess);
    const modelCalls = (trace: Array<{ type: string; actor?: string }>) => {
      const count: Record<string, number> = {};
      for (const e of trace) if (e.type === 'llm') count[e.actor ?? ''] = (count[e.actor ?? ''] ?? 0) + 1;
      return count;
    };
    const asked = await app.say('Do you have anything tomorrow afternoon?');
    expect(asked.response).toMatch(/1[2-7]:00/);
    expect(modelCalls(asked.trace)).toEqual({ model: 2, 'availability-specialist/model': 1 });
    const booked = await app.say('Book tomorrow at 3pm');
    expect(booked.response).toMatch(/Court A.*15:00|15:00.*Court A/);
    expect(modelCalls(booked.trace)).toEqual({ model: 2, 'booking-specialist/model': 2 });
  });

  it("runs F's manager prompt plus one line about an unavailable specialist, with F's specialist tool names and descriptions", async () => {
    const model = new ScriptedModel([[assistantMessage('Which day would you like to play?')]]);
    const runner = new Runner({ model, tracingDisabled: true });
    const app = createTestApp('g', (rt) =>
      createPatternG({
        bookings: rt.bookings,
        runner,
        lambda: new LambdaClient({}),
        functions: FUNCTIONS,
        maxModelCalls: 8,
        grounding: rt.grounding,
      }),
    );
    await app.say('Hello');
    const { systemInstructions, tools } = model.calls[0]!.request;
    expect(systemInstructions).toBe(
      `${prompts.manager(app.bookings)}\nIf a specialist is unavailable, say so plainly: nothing was confirmed, and they can try again.`,
    );
    expect(tools.map((t) => [t.name, 'description' in t ? t.description : ''])).toEqual(
      Object.values(SPECIALIST_TOOLS).map((t) => [t.toolName, t.toolDescription]),
    );
  });
});
