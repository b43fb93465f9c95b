import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  approvalQuestion,
  APPROVAL_CLAIM_MS,
  createHandler,
  createRuntime,
  declinedAnswer,
  loadConfig,
  InMemorySessionStore,
  pendingApproval,
  readApprovalReply,
  runBookingTool,
  type Pattern,
  type Runtime,
  type SessionStore,
} from '../src/index';
import { LOCAL_AWS_ENV, startLocalDynamo, type LocalDynamo } from '../src/local/dynamo';
import { createSessionsTable, DynamoSessionStore } from '../src/sessions-dynamodb';
import { fixedClock, InMemoryBookingStore, type SettableClock } from '@tennis/booking-service';
import { chatEvent, NOW, parse, silentLogger } from './helpers';

describe('readApprovalReply', () => {
  it.each([
    'yes',
    'Yes.',
    'YES!',
    'y',
    'yeah',
    'yep',
    'sure',
    'ok',
    'Okay, thanks',
    'yes please',
    'Yes, please.',
    'go ahead',
    'Sure, go for it!',
    'confirm',
    'confirmed',
    'book it',
    'please do',
    'sounds good',
    'that works',
    'perfect, thanks',
    'yes please book it',
    'absolutely',
    '👍 yes',
    'Yes — go ahead',
    'of course',
    "that's fine",
  ])('"%s" is a yes', (message) => {
    expect(readApprovalReply(message)).toBe('yes');
  });

  it.each([
    'no',
    'No.',
    'n',
    'nope',
    'nah',
    'no thanks',
    'No, thank you.',
    "don't",
    'do not book it',
    'cancel',
    'never mind',
    'forget it',
    'not now',
  ])('"%s" is a no', (message) => {
    expect(readApprovalReply(message)).toBe('no');
  });

  it.each([
    'yes, but court B instead',
    'yes but at 7pm',
    'no, make it 7pm',
    'no, court C please',
    'what courts are free on Sunday?',
    'thanks',
    '',
    'yes no',
    'maybe',
    'is it indoors?',
    `yes ${'please '.repeat(30)}`,
  ])('"%s" is something else', (message) => {
    expect(readApprovalReply(message)).toBe('other');
  });
});

const SLOT = '2026-11-22_CourtB_1500';

/**
 * A test double of a PATTERN with a code gate (the subject is the runtime's approval plumbing): "book" asks
 * for approval of SLOT; "yes" books what the runtime hands back; "no" says so; anything else answers "other".
 */
function gatePattern(rt: Runtime): Pattern {
  return {
    async turn({ message, userId, trace, approval }) {
      const ctx = { userId, trace };
      if (approval?.reply === 'yes') {
        const outcome = await runBookingTool(rt.bookings, 'book', { slot_id: approval.pending.slot_id }, ctx);
        return {
          response: outcome.ok ? 'booked' : `refused: ${outcome.error.code}`,
          booking: outcome.ok ? outcome.result : null,
          state: {},
        };
      }
      if (approval?.reply === 'no') return { response: declinedAnswer(approval.pending), booking: null, state: {} };
      if (/court c/i.test(message)) {
        const pending = pendingApproval(rt.bookings, '2026-11-22_CourtC_1500');
        return { response: approvalQuestion(pending), booking: null, state: {}, approval: { pending } };
      }
      if (/book|again/i.test(message)) {
        const pending = pendingApproval(rt.bookings, SLOT);
        return { response: approvalQuestion(pending), booking: null, state: {}, approval: { pending, hold: { note: 'server only' } } };
      }
      return { response: 'other answer', booking: null, state: {} };
    },
  };
}

let dynamo: LocalDynamo;
let client: DynamoDBClient;
let tables = 0;

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  const { AWS_REGION: region, AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = LOCAL_AWS_ENV;
  client = new DynamoDBClient({ endpoint: dynamo.endpoint, region, credentials: { accessKeyId, secretAccessKey } });
});

afterAll(async () => {
  client?.destroy();
  await dynamo?.stop();
});

const STORES: Array<{ name: string; make: (clock: SettableClock) => Promise<SessionStore> }> = [
  { name: 'in-memory sessions', make: async (clock) => new InMemorySessionStore({ clock }) },
  {
    name: 'DynamoDB sessions (dynalite)',
    make: async (clock) => {
      const tableName = `approval-${++tables}`;
      await createSessionsTable(client, tableName);
      return new DynamoSessionStore({ tableName, client, clock });
    },
  },
];

describe.each(STORES)('approval in the runtime, $name', ({ make }) => {
  async function setup() {
    const clock = fixedClock(NOW);
    const config = loadConfig({ LLM_MODE: 'offline', LOG_LEVEL: 'SILENT', REQUIRE_CONFIRMATION: 'true', SESSION_TTL_HOURS: '1' });
    const rt = createRuntime(config, {
      clock,
      bookingStore: new InMemoryBookingStore(),
      sessionStore: await make(clock),
      logger: silentLogger(),
    });
    const handler = createHandler('d', (r) => gatePattern(r), { runtime: rt });
    const send = async (body: Record<string, unknown>, user = 'alice') => parse(await handler(chatEvent(body, user)));
    const ask = async () => {
      const first = await send({ message: 'book tomorrow at 3pm' });
      expect(first.body.pending_approval).toEqual({ slot_id: SLOT, court: 'Court B', date: '2026-11-22', time: '15:00' });
      expect(first.body.response).toBe(
        'Shall I book Court B on Sunday 22 November (2026-11-22) at 15:00 for you? Please answer yes or no.',
      );
      return first.body.session_id as string;
    };
    return { rt, send, ask };
  }

  it('keeps the pending approval server side (never its hold in the response) and books once on "yes"', async () => {
    const { rt, send, ask } = await setup();
    const sessionId = await ask();
    const stored = await rt.sessions.get(sessionId);
    expect(stored?.approval).toEqual({ pending: expect.objectContaining({ slot_id: SLOT }), hold: { note: 'server only' } });

    const yes = await send({ message: 'Yes please', session_id: sessionId });
    expect(yes.body).toMatchObject({ response: 'booked', booking: { slot_id: SLOT, user_id: 'alice' }, pending_approval: null });
    expect(JSON.stringify(yes.body)).not.toContain('server only');
    expect(yes.body.trace[0]).toMatchObject({ type: 'step', name: 'approval', detail: `yes to ${SLOT}` });

    // The same "yes" again: the approval was used, so nothing is booked a second time.
    const replay = await send({ message: 'Yes please', session_id: sessionId });
    expect(replay.body).toMatchObject({ response: 'other answer', booking: null, pending_approval: null });
    expect((await rt.bookings.listBookings('alice')).length).toBe(1);
  });

  it('"no" books nothing and says so; the approval is gone', async () => {
    const { rt, send, ask } = await setup();
    const sessionId = await ask();
    const no = await send({ message: 'no thanks', session_id: sessionId });
    expect(no.body).toMatchObject({ booking: null, pending_approval: null });
    expect(no.body.response).toContain('I have not booked Court B');
    expect((await rt.sessions.get(sessionId))?.approval ?? null).toBeNull();
    expect(await rt.bookings.listBookings('alice')).toEqual([]);
  });

  it('another message drops the approval and tells the member; a new question about the same slot keeps it without a note', async () => {
    const { send, ask } = await setup();
    const sessionId = await ask();
    const other = await send({ message: 'what time do you open?', session_id: sessionId });
    expect(other.body.pending_approval).toBeNull();
    expect(other.body.response).toBe(
      'other answer\n\n(I did not book Court B on Sunday 22 November (2026-11-22) at 15:00, which I asked you about.)',
    );

    const again = await send({ message: 'book it again', session_id: sessionId });
    const same = await send({ message: 'book it again please', session_id: again.body.session_id });
    expect(same.body.response).not.toContain('I did not book');
    expect(same.body.pending_approval).toMatchObject({ slot_id: SLOT });

    const changed = await send({ message: 'yes, but court C instead', session_id: sessionId });
    expect(changed.body.pending_approval).toMatchObject({ court: 'Court C' });
    expect(changed.body.response).toContain('(I did not book Court B');
  });

  it('a "yes" with another user id is 404 session_not_found and books nothing', async () => {
    const { rt, send, ask } = await setup();
    const sessionId = await ask();
    const mallory = await send({ message: 'yes', session_id: sessionId }, 'mallory');
    expect(mallory.status).toBe(404);
    expect(mallory.body.error.code).toBe('session_not_found');
    expect(await rt.bookings.listBookings('mallory')).toEqual([]);
    expect((await rt.sessions.get(sessionId))?.approval).toBeTruthy();
  });

  it('a "yes" after the session expired is 404 with a clear message, and nothing is booked', async () => {
    const { rt, send, ask } = await setup();
    const sessionId = await ask();
    (rt.clock as SettableClock).set('2026-11-21T15:06:00Z');
    const late = await send({ message: 'yes', session_id: sessionId });
    expect(late.status).toBe(404);
    expect(late.body.error.message).toMatch(/expired/);
    expect(await rt.bookings.listBookings('alice')).toEqual([]);
  });

  it('a storm of concurrent "yes" replies on one approval books exactly once; the rest get 409', async () => {
    const { rt, send, ask } = await setup();
    const sessionId = await ask();
    const replies = await Promise.all(Array.from({ length: 12 }, () => send({ message: 'yes', session_id: sessionId })));
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(11);
    expect(await rt.bookings.listBookings('alice')).toHaveLength(1);
  });

  it('while a reply is being handled, every other request of the session is 409; a claim whose turn never saved lapses', async () => {
    const { rt, send, ask } = await setup();
    const sessionId = await ask();
    const record = (await rt.sessions.get(sessionId))!;
    // A turn claimed the approval a moment ago and has not saved yet (or crashed).
    const claimedAt = new Date(rt.clock.now().getTime() - 1000).toISOString();
    await rt.sessions.put(
      { ...record, version: record.version + 1, approval: { ...record.approval!, claimed_at: claimedAt } },
      record.version,
    );
    for (const message of ['yes', 'what is free on Sunday?']) {
      const busy = await send({ message, session_id: sessionId });
      expect(busy.status).toBe(409);
      expect(busy.body.error.code).toBe('session_busy');
    }
    (rt.clock as SettableClock).set(new Date(rt.clock.now().getTime() + APPROVAL_CLAIM_MS).toISOString());
    const later = await send({ message: 'yes', session_id: sessionId });
    expect(later.body).toMatchObject({ response: 'other answer', booking: null, pending_approval: null });
    expect(await rt.bookings.listBookings('alice')).toEqual([]);
  });
});
