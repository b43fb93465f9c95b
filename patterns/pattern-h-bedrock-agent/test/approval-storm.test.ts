/**
 * A storm on one approval, through pattern H's real invoker handler with sessions and bookings in DynamoDB
 * (dynalite): the owner's "yes" sent many times at once, while other members who were asked about the very
 * same slot say "yes" too. The runtime's claim lets one "yes" per approval through; the booking store's
 * conditional write lets one booking per slot through; the losers are told the slot is taken, with alternatives.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createBookingsTable, DynamoBookingStore } from '@tennis/booking-service/dynamodb';
import { createHandler, createRuntime, loadConfig, type Runtime } from '@tennis/runtime';
import { createSessionsTable, DynamoSessionStore } from '@tennis/runtime/dynamodb';
import { apiGatewayEvent, lambdaContext, testClock, TEST_NOW, tomorrow } from '@tennis/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActionGroup } from '../src/action-group';
import { build as buildInvoker } from '../src/handlers/invoker';

type Dynalite = (options: { createTableMs?: number }) => Server;
let server: Server;
let client: DynamoDBClient;

beforeAll(async () => {
  server = (createRequire(import.meta.url)('dynalite') as Dynalite)({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await createBookingsTable(client, 'storm-bookings');
  await createSessionsTable(client, 'storm-sessions');
});

afterAll(async () => {
  client?.destroy();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

const SLOT = `${tomorrow()}_CourtA_1500`;

function invoker() {
  const clock = testClock(TEST_NOW);
  const config = loadConfig({ LLM_MODE: 'offline', LOG_LEVEL: 'SILENT', REQUIRE_CONFIRMATION: 'true' });
  const rt = createRuntime(config, {
    clock,
    bookingStore: new DynamoBookingStore({ tableName: 'storm-bookings', client }),
    sessionStore: new DynamoSessionStore({ tableName: 'storm-sessions', client, clock }),
  });
  // The action-group Lambda in-process, on the same stores (the offline agent runtime invokes it).
  const build = (r: Runtime) => {
    const actions = createActionGroup(r.bookings, undefined, { requireConfirmation: true });
    return buildInvoker(r, { invokeLambda: async (_name, event) => actions(event, lambdaContext() as never) });
  };
  const handler = createHandler('h', build, { runtime: rt });
  const send = async (userId: string, body: Record<string, unknown>) => {
    const result = await handler(
      apiGatewayEvent({ method: 'POST', path: '/chat', body, headers: { 'x-user-id': userId } }),
      lambdaContext(),
    );
    return { status: result.statusCode ?? 200, body: JSON.parse(result.body as string) };
  };
  return { rt, send };
}

describe('pattern H: a storm of "yes" on one pending approval (sessions and bookings in dynalite)', () => {
  it("leaves exactly one booking of the slot; the owner's extra replies get 409, the other members a refusal with alternatives", async () => {
    const { rt, send } = invoker();
    const members = ['alice', 'bob', 'carol', 'dave', 'erin'];
    const sessions = new Map<string, string>();
    for (const user of members) {
      const asked = await send(user, { message: 'Book court A tomorrow at 3pm' });
      expect(asked.status).toBe(200);
      expect(asked.body.pending_approval).toMatchObject({ slot_id: SLOT });
      sessions.set(user, asked.body.session_id);
    }

    // Eight "yes" on alice's one approval, and every other member's "yes" to the same slot, all at once.
    const requests = [
      ...Array.from({ length: 8 }, () => ({ user: 'alice', message: 'yes' })),
      ...members.slice(1).map((user) => ({ user, message: 'Yes please' })),
    ];
    const replies = await Promise.all(
      requests.map(async (r) => ({ ...r, ...(await send(r.user, { message: r.message, session_id: sessions.get(r.user) })) })),
    );

    const alice = replies.filter((r) => r.user === 'alice');
    expect(alice.filter((r) => r.status === 200)).toHaveLength(1);
    expect(alice.filter((r) => r.status === 409).map((r) => r.body.error.code)).toEqual(Array(7).fill('session_busy'));

    const answered = replies.filter((r) => r.status === 200);
    expect(answered).toHaveLength(members.length);
    const booked = answered.filter((r) => r.body.booking);
    expect(booked).toHaveLength(1);
    expect(booked[0]!.body.booking).toMatchObject({ slot_id: SLOT, user_id: booked[0]!.user });
    for (const lost of answered.filter((r) => !r.body.booking)) {
      expect(lost.body.pending_approval).toBeNull();
      // A clear refusal, with alternatives (the other courts at that time, which are still free).
      expect(lost.body.response).toMatch(
        /^Sorry, Court A is not free on .* at 15:00\. The nearest free slots are:\n1\. Court B .* at 15:00/,
      );
    }

    const all = await Promise.all(members.map((user) => rt.bookings.listBookings(user)));
    expect(all.flat().map((b) => b.slot_id)).toEqual([SLOT]);
  });
});
