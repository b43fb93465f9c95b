/**
 * Approval across containers for the @openai/agents patterns (E, F, G): every "container" is a fresh runtime
 * with a freshly built pattern (nothing shared in memory but the stores), over one DynamoDB session table
 * (dynalite) and one booking store, so a run paused in one container is resumed from the JSON in DynamoDB by
 * another. Each pattern's approval test calls describeApprovalAcrossContainers with its own build.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InMemoryBookingStore } from '@tennis/booking-service';
import { apiGatewayEvent, lambdaContext, testClock, tomorrow, type ChatReply } from '../../testkit/src';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandler, createRuntime, loadConfig, type BuildPattern, type PatternLetter } from '../src/index';
import { createSessionsTable, DynamoSessionStore } from '../src/sessions-dynamodb';

type Dynalite = (options: { createTableMs?: number }) => Server;

export function describeApprovalAcrossContainers(letter: PatternLetter, build: BuildPattern): void {
  let server: Server;
  let client: DynamoDBClient;
  let tables = 0;

  beforeAll(async () => {
    server = (createRequire(import.meta.url)('dynalite') as Dynalite)({ createTableMs: 0 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    client = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });

  afterAll(async () => {
    client?.destroy();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  /** One session table and one booking store; `container()` starts another container over them. */
  async function cluster() {
    const clock = testClock();
    const tableName = `approval-${letter}-${++tables}`;
    await createSessionsTable(client, tableName);
    const sessions = new DynamoSessionStore({ tableName, client, clock });
    const bookingStore = new InMemoryBookingStore();
    const config = loadConfig({ LLM_MODE: 'offline', LOG_LEVEL: 'SILENT', REQUIRE_CONFIRMATION: 'true' });
    const container = () => {
      const handler = createHandler(letter, build, { runtime: createRuntime(config, { clock, bookingStore, sessionStore: sessions }) });
      return async (message: string, { sessionId, userId = 'alice' }: { sessionId?: string; userId?: string } = {}) => {
        const body = sessionId === undefined ? { message } : { message, session_id: sessionId };
        const res = await handler(
          apiGatewayEvent({ method: 'POST', path: '/chat', body, headers: { 'x-user-id': userId } }),
          lambdaContext(),
        );
        return { status: res.statusCode ?? 200, body: JSON.parse(res.body ?? '{}') as ChatReply };
      };
    };
    return { sessions, bookingStore, container };
  }

  const slot = (court: 'A' | 'B', hhmm: string) => `${tomorrow()}_Court${court}_${hhmm}`;

  describe(`pattern ${letter.toUpperCase()}: approval across containers, sessions in DynamoDB (dynalite)`, () => {
    it('the paused run waits in the session as RunState JSON; another container resumes it and books exactly that slot', async () => {
      const { sessions, bookingStore, container } = await cluster();
      const asked = await container()('Book court B tomorrow at 3pm');
      expect(asked.status).toBe(200);
      expect(asked.body.pending_approval).toMatchObject({ slot_id: slot('B', '1500'), court: 'Court B', time: '15:00' });
      expect(await bookingStore.all()).toEqual([]);

      // What the session record holds: the pending slot, and the SDK's serialised RunState as the hold.
      const record = await sessions.get(asked.body.session_id);
      const hold = record?.approval?.hold;
      expect(typeof hold).toBe('string');
      const state = JSON.parse(hold as string);
      expect(state.$schemaVersion).toMatch(/^1\.\d+$/);
      // Only the serialisable part of the run context: no trace, no bookings, no timers.
      expect(state.context.context).toEqual({ userId: 'alice', asked: expect.any(Object) });
      expect(Object.values(state.context.context.asked)).toContain(slot('B', '1500'));
      expect(JSON.stringify(asked.body)).not.toContain('$schemaVersion');

      const yes = await container()('yes', { sessionId: asked.body.session_id });
      expect(yes.status).toBe(200);
      expect(yes.body.booking).toMatchObject({ slot_id: slot('B', '1500'), user_id: 'alice' });
      expect(yes.body.response).toMatch(/Court B/);
      expect(yes.body.pending_approval).toBeNull();
      expect((await bookingStore.all()).map((b) => b.slot_id)).toEqual([slot('B', '1500')]);
      expect((await sessions.get(asked.body.session_id))?.approval ?? null).toBeNull();
    });

    it('"no" in another container: the resumed run books nothing and says so', async () => {
      const { bookingStore, container } = await cluster();
      const asked = await container()('Book tomorrow at 5pm');
      const no = await container()('no', { sessionId: asked.body.session_id });
      expect(no.body).toMatchObject({ booking: null, pending_approval: null });
      expect(no.body.response).toMatch(/nothing was booked/i);
      expect(await bookingStore.all()).toEqual([]);
    });

    it('a storm of "yes" on three pending approvals for one slot, each reply in its own container: exactly one booking', async () => {
      const { bookingStore, container } = await cluster();
      const users = ['alice', 'bob', 'carol'];
      const sessionOf = new Map<string, string>();
      for (const userId of users) {
        const asked = await container()('Book court A tomorrow at 3pm', { userId });
        expect(asked.body.pending_approval).toMatchObject({ slot_id: slot('A', '1500') });
        sessionOf.set(userId, asked.body.session_id);
      }
      const replies = await Promise.all(
        users.flatMap((userId) =>
          Array.from({ length: 6 }, () =>
            container()('yes', { userId, sessionId: sessionOf.get(userId)! }).then((r) => ({ userId, ...r })),
          ),
        ),
      );
      // Each approval is claimed once: one 200 per session, the concurrent replies get 409.
      for (const userId of users) {
        const statuses = replies.filter((r) => r.userId === userId).map((r) => r.status);
        expect(statuses.filter((s) => s === 200)).toHaveLength(1);
        expect(statuses.filter((s) => s === 409)).toHaveLength(5);
      }
      // One member gets the court; the others hear it was taken, with other times, and book nothing.
      const stored = await bookingStore.all();
      expect(stored.map((b) => b.slot_id)).toEqual([slot('A', '1500')]);
      const answered = replies.filter((r) => r.status === 200);
      const winners = answered.filter((r) => r.body.booking);
      expect(winners).toHaveLength(1);
      expect(winners[0]!.body.booking?.user_id).toBe(stored[0]!.user_id);
      // The others' slot went first: no booking, and the answer offers what is still free (Courts B and C at 15:00).
      for (const loser of answered.filter((r) => !r.body.booking)) expect(loser.body.response).toMatch(/Court [BC]/);
    });
  });
}
