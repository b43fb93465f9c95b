/**
 * Approval tests through a pattern's real Lambda handler with sessions and bookings in DynamoDB (dynalite),
 * the way deployed functions share them: each `container()` is a fresh runtime and pattern instance (a new
 * Lambda container) on the same tables, so a test can ask in one container and answer in another, or send a
 * storm of concurrent replies through several.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoBookingStore } from '@tennis/booking-service/dynamodb';
import { fixedClock, type Booking } from '@tennis/booking-service';
import { createHandler, createRuntime, loadConfig, type BuildPattern, type PatternLetter, type SessionRecord } from '../src/index';
import { LOCAL_AWS_ENV, startLocalDynamo } from '../src/local/dynamo';
import { DynamoSessionStore } from '../src/sessions-dynamodb';
import { chatEvent, NOW, parse, silentLogger } from './helpers';

export interface ApprovalContainer {
  /** POST /chat through this container's handler: status and parsed body. */
  chat(message: string, options?: { sessionId?: string; userId?: string }): Promise<{ status: number; body: any }>;
}

export interface ApprovalHarness {
  /** A new container: its own runtime and pattern instance, the shared tables. */
  container(): ApprovalContainer;
  /** Every booking made on `date`. */
  bookingsOn(date: string): Promise<Booking[]>;
  /** The session as stored (state, and a pending approval with its hold). */
  session(sessionId: string): Promise<SessionRecord | null>;
  stop(): Promise<void>;
}

/** Starts dynalite with the deployed tables; containers run `letter` with REQUIRE_CONFIRMATION=true on the offline model. */
export async function startApprovalHarness(
  letter: PatternLetter,
  build: BuildPattern,
  env: Record<string, string> = {},
): Promise<ApprovalHarness> {
  const dynamo = await startLocalDynamo();
  const { AWS_REGION: region, AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = LOCAL_AWS_ENV;
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region, credentials: { accessKeyId, secretAccessKey } });
  const clock = fixedClock(NOW);
  const bookingStore = () => new DynamoBookingStore({ tableName: dynamo.tables.bookings, client });
  const config = loadConfig({ LLM_MODE: 'offline', LOG_LEVEL: 'SILENT', REQUIRE_CONFIRMATION: 'true', ...env });

  const sessions = () => new DynamoSessionStore({ tableName: dynamo.tables.sessions, client, clock });
  const container = (): ApprovalContainer => {
    const sessionStore = sessions();
    const runtime = createRuntime(config, { clock, bookingStore: bookingStore(), sessionStore, logger: silentLogger() });
    const handler = createHandler(letter, build, { runtime });
    return {
      chat: async (message, { sessionId, userId = 'alice' } = {}) =>
        parse(await handler(chatEvent(sessionId ? { message, session_id: sessionId } : { message }, userId))),
    };
  };

  return {
    container,
    bookingsOn: (date) => bookingStore().listByDate(date),
    session: (sessionId) => sessions().get(sessionId),
    stop: async () => {
      client.destroy();
      await dynamo.stop();
    },
  };
}

const TOMORROW = '2026-11-22';

/**
 * The approval tests every pattern with a gate runs on its real handler over dynalite: the hold survives
 * new containers (ask in one, change in a second, approve in a third), and a storm of concurrent "yes"
 * replies, with other members approving the same slot at the same moment, leaves exactly one booking.
 */
export function approvalInDynamo(
  letter: PatternLetter,
  build: BuildPattern,
  t: { it: typeof import('vitest').it; expect: typeof import('vitest').expect },
) {
  const { it, expect } = t;
  const slotAt = (court: string, time: string) => `${TOMORROW}_${court.replace(' ', '')}_${time.replace(':', '')}`;

  it(`${letter.toUpperCase()}: the held approval survives new containers: asked in one, changed in a second, approved in a third`, async () => {
    const harness = await startApprovalHarness(letter, build);
    try {
      const asked = await harness.container().chat('Book tomorrow at 3pm');
      expect(asked.body.pending_approval).toMatchObject({ slot_id: slotAt('Court A', '15:00') });
      const sessionId = asked.body.session_id as string;
      const changed = await harness.container().chat('yes, but court B instead', { sessionId });
      expect(changed.body).toMatchObject({ booking: null, pending_approval: { slot_id: slotAt('Court B', '15:00') } });
      const yes = await harness.container().chat('yes', { sessionId });
      expect(yes.body).toMatchObject({ booking: { slot_id: slotAt('Court B', '15:00'), user_id: 'alice' }, pending_approval: null });
      expect((await harness.bookingsOn(TOMORROW)).map((b) => b.slot_id)).toEqual([slotAt('Court B', '15:00')]);
    } finally {
      await harness.stop();
    }
  }, 60_000);

  it(`${letter.toUpperCase()}: a storm of "yes" on one approval, and other members approving the same slot at once, books it exactly once`, async () => {
    const harness = await startApprovalHarness(letter, build);
    try {
      const containers = [harness.container(), harness.container(), harness.container()];
      const slot = slotAt('Court A', '15:00');
      const ask = async (userId: string, message: string) => {
        const reply = await containers[0]!.chat(message, { userId });
        expect(reply.body.pending_approval?.slot_id).toBe(slot);
        return { userId, sessionId: reply.body.session_id as string };
      };
      const alice = await ask('alice', 'Book tomorrow at 3pm');
      const others = [await ask('bob', 'Book court A tomorrow at 3pm'), await ask('carol', 'Book court A tomorrow at 3pm')];
      const replies = await Promise.all([
        ...Array.from({ length: 9 }, (_, i) => containers[i % 3]!.chat('yes', alice).then((r) => ({ ...r, userId: 'alice' }))),
        ...others.map((o, i) => containers[(i + 1) % 3]!.chat('yes please', o).then((r) => ({ ...r, userId: o.userId }))),
      ]);
      // Three members approved the same slot: exactly one booking, and no reply shows any other.
      const booked = await harness.bookingsOn(TOMORROW);
      expect(booked.map((b) => b.slot_id)).toEqual([slot]);
      for (const reply of replies) {
        expect([200, 409]).toContain(reply.status);
        if (reply.body.booking) expect(reply.body.booking).toMatchObject({ booking_id: booked[0]!.booking_id, user_id: reply.userId });
      }
      // Bob's and Carol's sessions saw one reply each; Alice's approval is claimed once, and until that turn has
      // saved every other request of her session is 409: exactly one of her nine replies acted.
      expect(replies.filter((r) => r.userId !== 'alice').map((r) => r.status)).toEqual([200, 200]);
      expect(replies.filter((r) => r.userId === 'alice' && r.status === 200)).toHaveLength(1);
    } finally {
      await harness.stop();
    }
  }, 60_000);
}
