/**
 * Pattern G as `pnpm dev` runs it: manager and two specialist Lambdas, each in its own process,
 * invoked through the real Lambda client against the local runtime, one shared dynalite store.
 */
import { loadSuite, runScenario, scenarioById, SCENARIOS, type ChatReply } from '@tennis/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { retime, startLocalPattern, type LocalPattern } from '../../../scripts/test/local-pattern';

let local: LocalPattern | undefined;
afterEach(async () => {
  await local?.stop();
  local = undefined;
});

const FUNCTIONS = ['pattern-g-manager', 'pattern-g-availability', 'pattern-g-booking'];

async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('pattern G across processes (local Lambda runtime + dev server)', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))(
    '%s',
    async (_name, scenario) => {
      local = await startLocalPattern('g');
      await runScenario(local.app, retime(scenario));
    },
    90_000,
  );

  it('runs each function in its own process', async () => {
    local = await startLocalPattern('g');
    const pids = local.host.runtime!.pids();
    expect(Object.keys(pids).sort()).toEqual([...FUNCTIONS].sort());
    expect(new Set([...Object.values(pids), process.pid]).size).toBe(FUNCTIONS.length + 1);
  }, 90_000);

  it('a booking specialist killed mid-turn: a graceful 200, nothing booked, and the next request works', async () => {
    // Only the booking specialist calls Anthropic, so only it hangs in its model call until it is killed.
    local = await startLocalPattern('g', { OFFLINE_FAULTS: 'latency:ms=60000,vendor=anthropic' });
    const pending = local.app.chat('Book tomorrow at 3pm');
    await waitFor(() => local!.logs.some((line) => line.startsWith('pattern-g-booking') && line.includes('invoked')));
    local.host.runtime!.kill('pattern-g-booking');
    const reply = await pending;
    if (!reply.ok) throw new Error(JSON.stringify(reply.body));
    expect(reply.body.booking).toBeNull();
    expect(reply.body.response).toMatch(/booking service is unavailable/i);
    expect(await local.app.listBookings()).toEqual([]);
    const next = await local.app.chat('Do you have anything tomorrow afternoon?');
    expect(next.status).toBe(200);
  }, 90_000);

  it('100 concurrent chats for the same court and hour, from 100 users: exactly one booking', async () => {
    local = await startLocalPattern('g', { LOG_LEVEL: 'WARN' });
    const app = local.app;
    const replies = await Promise.all(
      Array.from({ length: 100 }, (_, i) => app.chat('Book Court A tomorrow at 3pm', { userId: `member-${i}` })),
    );
    expect(replies.filter((r) => !r.ok).map((r) => r.status)).toEqual([]);
    const bookings = await app.listBookings();
    expect(bookings).toHaveLength(1);
    const winners = replies.filter((r) => r.ok && r.body.booking !== null);
    expect(winners).toHaveLength(1);
    expect(winners[0]!.ok && winners[0]!.body.booking?.user_id).toBe(bookings[0]!.user_id);
  }, 180_000);

  // REQUIRE_CONFIRMATION across processes: the manager's paused run goes to DynamoDB (dynalite) between turns, and
  // the booking specialist Lambda first proposes, then books the approved slot. compare runs every approval scenario.
  it.each(['approval-yes', 'approval-change'])(
    'approval across processes: %s',
    async (id) => {
      local = await startLocalPattern('g', { REQUIRE_CONFIRMATION: 'true' });
      await runScenario(local.app, retime(scenarioById(loadSuite(), id)));
    },
    90_000,
  );

  it('approval storm across processes: many "yes" on three pending approvals for one slot leave exactly one booking', async () => {
    local = await startLocalPattern('g', { REQUIRE_CONFIRMATION: 'true', LOG_LEVEL: 'WARN' });
    const app = local.app;
    const users = ['alice', 'bob', 'carol'];
    const sessions = new Map<string, string>();
    for (const userId of users) {
      const asked = await app.chat('Book court A tomorrow at 3pm', { userId });
      if (!asked.ok || !asked.body.pending_approval) throw new Error(`expected a pending approval: ${JSON.stringify(asked.body)}`);
      sessions.set(userId, asked.body.session_id);
    }
    const replies = await Promise.all(
      users.flatMap((userId) => Array.from({ length: 5 }, () => app.chat('yes', { userId, sessionId: sessions.get(userId)! }))),
    );
    expect(replies.filter((r) => r.ok)).toHaveLength(users.length); // one per pending approval; the rest 409
    expect(replies.filter((r) => !r.ok).map((r) => r.status)).toEqual(Array(replies.length - users.length).fill(409));
    const bookings = await app.listBookings();
    expect(bookings).toHaveLength(1);
    const winners = replies.filter((r) => r.ok && (r.body as ChatReply).booking !== null);
    expect(winners).toHaveLength(1);
  }, 180_000);
});
