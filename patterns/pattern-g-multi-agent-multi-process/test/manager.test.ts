import { LambdaClient } from '@aws-sdk/client-lambda';
import { createTestApp, runScenario, SCENARIOS, tomorrow } from '@tennis/testkit';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { buildInProcess, FUNCTIONS } from './in-process';

afterEach(() => mockClient(LambdaClient).restore());

describe('pattern G manager, specialists behind the Lambda API (in process), offline model', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    await runScenario(createTestApp('g', buildInProcess), scenario);
  });

  it('books through the booking specialist: one invoke, its events merged under its name', async () => {
    const reply = await createTestApp('g', buildInProcess).say('Book tomorrow at 3pm');
    expect(reply.booking).toMatchObject({ date: tomorrow(), time: '15:00', user_id: 'alice' });
    const invokes = reply.trace.flatMap((e) => (e.type === 'invoke' ? [e.function] : []));
    expect(invokes).toEqual([FUNCTIONS.booking]);
    const tools = reply.trace.flatMap((e) => (e.type === 'tool' ? [`${e.actor}: ${e.name}`] : []));
    expect(tools).toEqual(['booking-specialist/Booking specialist: check_availability', 'booking-specialist/Booking specialist: book']);
  });
});
