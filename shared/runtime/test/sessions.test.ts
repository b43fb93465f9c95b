import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { fixedClock, type SettableClock } from '@tennis/booking-service';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createHandler,
  createRuntime,
  InMemorySessionStore,
  loadConfig,
  SessionConflictError,
  type SessionRecord,
  type SessionStore,
} from '../src/index';
import { createSessionsTable, DynamoSessionStore } from '../src/sessions-dynamodb';
import { chatEvent, counterPattern, NOW, parse, testRuntime } from './helpers';

type Dynalite = (options: { createTableMs?: number }) => Server;

let server: Server;
let client: DynamoDBClient;
let tableCount = 0;

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

const record = (overrides: Partial<SessionRecord> = {}): SessionRecord => ({
  session_id: 's_abcdefgh1234',
  user_id: 'alice',
  pattern: 'd',
  version: 1,
  state: { step: 'ask_court', options: [1, 2.5, 'x'], nested: { ok: true } },
  updated_at: NOW,
  expires_at: Date.parse(NOW) / 1000 + 3600,
  ...overrides,
});

const STORES: Array<{ name: string; make: (clock: SettableClock) => Promise<SessionStore> }> = [
  { name: 'InMemorySessionStore', make: async (clock) => new InMemorySessionStore({ clock }) },
  {
    name: 'DynamoSessionStore (dynalite)',
    make: async (clock) => {
      const tableName = `sessions-${++tableCount}`;
      await createSessionsTable(client, tableName);
      return new DynamoSessionStore({ tableName, client, clock });
    },
  },
];

describe.each(STORES)('$name', ({ make }) => {
  it('stores and returns a record; a missing id is null', async () => {
    const store = await make(fixedClock(NOW));
    await store.put(record(), null);
    expect(await store.get('s_abcdefgh1234')).toEqual(record());
    expect(await store.get('s_missing00000')).toBeNull();
  });

  it('saves optimistically: a stale or duplicate save throws SessionConflictError', async () => {
    const store = await make(fixedClock(NOW));
    await store.put(record(), null);
    await expect(store.put(record(), null)).rejects.toBeInstanceOf(SessionConflictError);
    await store.put(record({ version: 2, state: { n: 2 } }), 1);
    await expect(store.put(record({ version: 2, state: { n: 'lost update' } }), 1)).rejects.toBeInstanceOf(SessionConflictError);
    expect(await store.get('s_abcdefgh1234')).toMatchObject({ version: 2, state: { n: 2 } });
  });

  it('honours the TTL: an expired session is gone and its id can be reused', async () => {
    const clock = fixedClock(NOW);
    const store = await make(clock);
    await store.put(record(), null);
    clock.set(new Date(Date.parse(NOW) + 3600_000));
    expect(await store.get('s_abcdefgh1234')).toBeNull();
    await expect(store.put(record({ version: 2 }), 1)).rejects.toBeInstanceOf(SessionConflictError);
    await store.put(record({ user_id: 'bob', expires_at: Date.parse(NOW) / 1000 + 7200 }), null);
    expect(await store.get('s_abcdefgh1234')).toMatchObject({ user_id: 'bob', version: 1 });
  });

  describe('through the handler', () => {
    async function app(clock = fixedClock(NOW)) {
      const sessions = await make(clock);
      const runtime = { ...testRuntime({ SESSION_TTL_HOURS: '2' }, sessions), clock };
      return { runtime, handler: createHandler('d', (rt) => counterPattern(rt), { runtime }) };
    }

    it("user B can neither read nor continue user A's session (404, existence not leaked)", async () => {
      const { handler, runtime } = await app();
      const a = parse(await handler(chatEvent({ message: 'hello' }, 'alice')));
      const asBob = parse(await handler(chatEvent({ message: 'what did alice say?', session_id: a.body.session_id }, 'bob')));
      expect(asBob.status).toBe(404);
      expect(asBob.body.error.code).toBe('session_not_found');
      const unknown = parse(await handler(chatEvent({ message: 'x', session_id: 's_neverexisted1' }, 'bob')));
      expect(unknown.body.error).toEqual({ ...asBob.body.error, request_id: expect.any(String) });
      // Alice's session is untouched.
      expect(await runtime.sessions.get(a.body.session_id)).toMatchObject({ user_id: 'alice', version: 1, state: { last: 'hello' } });
    });

    it('a session of another pattern is not found', async () => {
      const { handler, runtime } = await app();
      await runtime.sessions.put(record({ session_id: 's_fromPatternE1', pattern: 'e' }), null);
      const res = parse(await handler(chatEvent({ message: 'hi', session_id: 's_fromPatternE1' })));
      expect(res.status).toBe(404);
    });

    it('a session expires after SESSION_TTL_HOURS', async () => {
      const clock = fixedClock(NOW);
      const { handler } = await app(clock);
      const first = parse(await handler(chatEvent({ message: 'hi' })));
      clock.set(new Date(Date.parse(NOW) + 2 * 3600_000 - 1000));
      expect(parse(await handler(chatEvent({ message: 'still there?', session_id: first.body.session_id }))).status).toBe(200);
      clock.set(new Date(Date.parse(NOW) + 4 * 3600_000));
      const late = parse(await handler(chatEvent({ message: 'and now?', session_id: first.body.session_id })));
      expect(late.status).toBe(404);
    });

    it('two concurrent turns on one session: one wins, the other gets 409 and saves nothing', async () => {
      const sessions = await make(fixedClock(NOW));
      const runtime = testRuntime({}, sessions);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const handler = createHandler('d', (rt) => counterPattern(rt, (input) => (input.message === 'slow' ? gate : Promise.resolve())), {
        runtime,
      });
      const first = parse(await handler(chatEvent({ message: 'start' })));
      const sid = first.body.session_id as string;
      const slow = handler(chatEvent({ message: 'slow', session_id: sid }));
      const fast = parse(await handler(chatEvent({ message: 'fast', session_id: sid })));
      release();
      const loser = parse(await slow);
      expect(fast.status).toBe(200);
      expect(loser.status).toBe(409);
      expect(loser.body.error.code).toBe('session_busy');
      expect(await sessions.get(sid)).toMatchObject({ version: 2, state: { count: 2, last: 'fast' } });
    });
  });
});

describe('InMemorySessionStore bounds', () => {
  const at = (i: number, clock: SettableClock, ttlSeconds = 3600) =>
    record({ session_id: `s_bounded${String(i).padStart(5, '0')}`, expires_at: Math.floor(clock.now().getTime() / 1000) + ttlSeconds });

  it('holds at most maxSessions: past the cap the least recently used session is dropped', async () => {
    const clock = fixedClock(NOW);
    const store = new InMemorySessionStore({ clock, maxSessions: 3 });
    for (const i of [1, 2, 3]) await store.put(at(i, clock), null);
    expect(await store.get('s_bounded00001')).not.toBeNull(); // read: now the most recently used
    await store.put(at(4, clock), null);
    expect(store.size).toBe(3);
    expect(await store.get('s_bounded00002')).toBeNull();
    for (const i of [1, 3, 4]) expect(await store.get(`s_bounded0000${i}`), `session ${i}`).not.toBeNull();
    for (let i = 5; i < 200; i++) await store.put(at(i, clock), null);
    expect(store.size).toBe(3);
  });

  it('sweeps expired sessions out on a later save, even ones never read again', async () => {
    const clock = fixedClock(NOW);
    const store = new InMemorySessionStore({ clock, maxSessions: 100 });
    for (let i = 0; i < 50; i++) await store.put(at(i, clock, 60), null);
    expect(store.size).toBe(50);
    clock.advance(61_000);
    await store.put(at(99, clock), null);
    expect(store.size).toBe(1);
    expect(await store.get('s_bounded00099')).not.toBeNull();
  });

  it('a dropped session answers like an expired one through the handler (404), and the rest still work', async () => {
    const sessions = new InMemorySessionStore({ clock: fixedClock(NOW), maxSessions: 2 });
    const handler = createHandler('d', (rt) => counterPattern(rt), { runtime: testRuntime({}, sessions) });
    const ids: string[] = [];
    for (const message of ['one', 'two', 'three']) ids.push(parse(await handler(chatEvent({ message }))).body.session_id);
    expect(parse(await handler(chatEvent({ message: 'again', session_id: ids[0] }))).status).toBe(404);
    expect(parse(await handler(chatEvent({ message: 'again', session_id: ids[2] }))).body.response).toBeTruthy();
  });

  it('refuses a cap that is not a positive integer', () => {
    expect(() => new InMemorySessionStore({ maxSessions: 0 })).toThrow(/maxSessions/);
  });
});

describe('createRuntime with BOOKINGS_TABLE and SESSIONS_TABLE (dynalite)', () => {
  it('books through the DynamoDB booking store and keeps the session in DynamoDB', async () => {
    const { createBookingsTable } = await import('@tennis/booking-service/dynamodb');
    await createBookingsTable(client, 'rt-bookings');
    await createSessionsTable(client, 'rt-sessions');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    try {
      const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const config = loadConfig({
        BOOKINGS_TABLE: 'rt-bookings',
        SESSIONS_TABLE: 'rt-sessions',
        DYNAMODB_ENDPOINT: endpoint,
        LOG_LEVEL: 'SILENT',
      });
      const runtime = createRuntime(config, { clock: fixedClock(NOW) });
      const handler = createHandler('d', (rt) => counterPattern(rt), { runtime });
      const res = parse(await handler(chatEvent({ message: 'book it' })));
      expect(res.status).toBe(200);
      expect(res.body.booking).toMatchObject({ slot_id: '2026-11-22_CourtB_1500', user_id: 'alice' });

      // A second, independent store over the same table sees both writes.
      const sessions = new DynamoSessionStore({ tableName: 'rt-sessions', client, clock: fixedClock(NOW) });
      expect(await sessions.get(res.body.session_id)).toMatchObject({ user_id: 'alice', pattern: 'd', version: 1 });
      const { DynamoBookingStore } = await import('@tennis/booking-service/dynamodb');
      expect(await new DynamoBookingStore({ tableName: 'rt-bookings', client }).getBySlot('2026-11-22_CourtB_1500')).toMatchObject({
        user_id: 'alice',
      });
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
