/**
 * Pattern C as `pnpm dev` runs it: orchestrator and three step Lambdas, each in its own process,
 * invoked through the real Lambda client against the local runtime, one shared dynalite store.
 */
import { loadSuite, runScenario, scenarioById, SCENARIOS } from '@tennis/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { retime, startLocalPattern, type LocalPattern } from '../../../scripts/test/local-pattern';

let local: LocalPattern | undefined;
afterEach(async () => {
  await local?.stop();
  local = undefined;
});

const FUNCTIONS = ['pattern-c-orchestrator', 'pattern-c-parse', 'pattern-c-availability', 'pattern-c-booking'];

describe('pattern C across processes (local Lambda runtime + dev server)', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))(
    '%s',
    async (_name, scenario) => {
      local = await startLocalPattern('c');
      await runScenario(local.app, retime(scenario));
    },
    90_000,
  );

  it('keeps the options it listed in the session: "the second one" books the second, across processes', async () => {
    local = await startLocalPattern('c');
    await runScenario(local.app, retime(scenarioById(loadSuite(), 'pick-by-position')));
  }, 90_000);

  it('approval (REQUIRE_CONFIRMATION): asks, takes "court B instead", and the booking step Lambda books the approved slot on "yes"', async () => {
    local = await startLocalPattern('c', { REQUIRE_CONFIRMATION: 'true' });
    const run = await runScenario(local.app, retime(scenarioById(loadSuite(), 'approval-change')));
    const invoked = run.turns.map(({ result }) =>
      result.ok ? result.body.trace.flatMap((e) => (e.type === 'invoke' ? [e.function] : [])) : [],
    );
    // Asking: parse, availability, and the booking step selecting only; the "yes": no parse, availability checks, booking books.
    expect(invoked).toEqual([FUNCTIONS.slice(1), FUNCTIONS.slice(1), FUNCTIONS.slice(2)]);
  }, 90_000);

  it('approval: the slot taken by someone else before the "yes", across processes: a refusal and other times', async () => {
    local = await startLocalPattern('c', { REQUIRE_CONFIRMATION: 'true' });
    await runScenario(local.app, retime(scenarioById(loadSuite(), 'approval-taken')));
  }, 90_000);

  it('runs each function in its own process and merges their traces', async () => {
    local = await startLocalPattern('c');
    const pids = local.host.runtime!.pids();
    expect(Object.keys(pids).sort()).toEqual([...FUNCTIONS].sort());
    expect(new Set([...Object.values(pids), process.pid]).size).toBe(FUNCTIONS.length + 1);
    const reply = await local.app.chat('Book tomorrow at 3pm');
    if (!reply.ok) throw new Error(JSON.stringify(reply.body));
    expect(reply.body.usage.lambda_invokes).toBe(3);
    expect(reply.body.trace.flatMap((e) => (e.type === 'invoke' ? [e.function] : []))).toEqual(FUNCTIONS.slice(1));
  }, 90_000);

  it('a booking step killed mid-turn: 502 naming the step, nothing booked, and the next request works', async () => {
    // Only the booking step calls Bedrock, so only it hangs in its model call until it is killed.
    local = await startLocalPattern('c', { OFFLINE_FAULTS: 'latency:ms=60000,vendor=bedrock' });
    const pending = local.app.chat('Book tomorrow at 3pm');
    await waitFor(() => local!.logs.some((line) => line.startsWith('pattern-c-booking') && line.includes('invoked')));
    local.host.runtime!.kill('pattern-c-booking');
    const reply = await pending;
    expect(reply.status).toBe(502);
    expect(!reply.ok && reply.body.error.message).toMatch(/^Step 'booking' failed: .*Runtime\.ExitError/);
    expect(await local.app.listBookings()).toEqual([]);
    const next = await local.app.chat('Do you have anything tomorrow afternoon?');
    expect(next.status).toBe(200);
  }, 90_000);
});

async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
