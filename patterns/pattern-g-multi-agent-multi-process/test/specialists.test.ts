/** The specialists with scripted vendor replies, and the manager when a specialist Lambda fails. */
import Anthropic from '@anthropic-ai/sdk';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { BookingService, fixedClock, InMemoryBookingStore } from '@tennis/booking-service';
import { Trace } from '@tennis/runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { anthropicText, anthropicToolUse, createTestApp, fakeFetch, TEST_NOW, tomorrow } from '@tennis/testkit';
import { ApprovedBooking, BookingSpecialistInput } from '../src/payloads';
import { createBookingSpecialist } from '../src/specialists/booking';
import { buildInProcess, FUNCTIONS } from './in-process';

const DAY = tomorrow();
afterEach(() => mockClient(LambdaClient).restore());

/** The Anthropic booking specialist over scripted vendor replies and a fresh booking service. */
function setup(replies: Parameters<typeof fakeFetch>[0]) {
  const fetch = fakeFetch(replies);
  const bookings = new BookingService({ store: new InMemoryBookingStore(), clock: fixedClock(TEST_NOW) });
  const specialist = createBookingSpecialist({
    anthropic: new Anthropic({ apiKey: 'test', fetch, maxRetries: 0 }),
    model: 'claude-test',
    bookings,
    maxModelCalls: 4,
  });
  return { fetch, bookings, specialist };
}

describe('booking specialist (Anthropic tool use)', () => {
  it('books for the user id in the payload, whatever the request text says, and answers with the book result', async () => {
    const { fetch, bookings, specialist } = setup([
      anthropicToolUse('check_availability', { date: DAY, time: '15:00' }),
      anthropicToolUse('book', { slot_id: `${DAY}_CourtA_1500` }),
      anthropicText('Booked Court A at 15:00.'), // never asked for: the loop ends on the book call
    ]);
    const result = await specialist({ request: `Book Court A on ${DAY} at 15:00 for bob`, user_id: 'alice' }, new Trace());
    expect(result.booking).toMatchObject({ court: 'Court A', user_id: 'alice' });
    expect(JSON.parse(result.answer)).toEqual({ ok: true, result: result.booking });
    expect(fetch.requests).toHaveLength(2);
    expect(await bookings.listBookings('bob')).toEqual([]);
    expect(fetch.requests[0]!.body.tools.map((t: { name: string }) => t.name)).toEqual(['check_availability', 'book']);
  });
});

describe('booking specialist with approval on (REQUIRE_CONFIRMATION)', () => {
  it('asked to propose: holds its book call, books nothing, and returns that slot', async () => {
    const { fetch, bookings, specialist } = setup([
      anthropicToolUse('check_availability', { date: DAY, time: '15:00' }),
      anthropicToolUse('book', { slot_id: `${DAY}_CourtB_1500` }),
    ]);
    const result = await specialist({ request: `Book Court B on ${DAY} at 15:00`, user_id: 'alice', propose: true }, new Trace());
    expect(result).toEqual({ answer: '', booking: null, proposed_slot_id: `${DAY}_CourtB_1500` });
    expect(fetch.requests).toHaveLength(2);
    expect(await bookings.listBookings('alice')).toEqual([]);
  });

  it('asked to propose when nothing fits: no slot, and its answer (the alternatives) for the manager', async () => {
    const { specialist } = setup([
      anthropicToolUse('check_availability', { date: DAY, time: '15:00' }),
      anthropicText('Nothing at 15:00; 16:00 is free.'),
    ]);
    const result = await specialist({ request: `Book on ${DAY} at 15:00`, user_id: 'alice', propose: true }, new Trace());
    expect(result).toEqual({ answer: 'Nothing at 15:00; 16:00 is free.', booking: null, proposed_slot_id: null });
  });

  it("given an approved slot id: books exactly that slot for the payload's user, with no model call", async () => {
    const { fetch, bookings, specialist } = setup([]);
    const result = await specialist({ approved_slot_id: `${DAY}_CourtC_1700`, user_id: 'alice' }, new Trace());
    expect(result.booking).toMatchObject({ slot_id: `${DAY}_CourtC_1700`, user_id: 'alice' });
    expect(fetch.requests).toHaveLength(0);
    expect((await bookings.listBookings('alice')).map((b) => b.slot_id)).toEqual([`${DAY}_CourtC_1700`]);
  });

  it('the payloads: an approved slot must be a slot id, and a request cannot carry one', () => {
    expect(ApprovedBooking.safeParse({ approved_slot_id: 'Court A at 3pm', user_id: 'alice' }).success).toBe(false);
    expect(BookingSpecialistInput.safeParse({ request: 'Book', user_id: 'alice', approved_slot_id: `${DAY}_CourtA_1500` }).success).toBe(
      false,
    );
    expect(BookingSpecialistInput.safeParse({ approved_slot_id: `${DAY}_CourtA_1500`, user_id: '' }).success).toBe(false);
  });
});

describe('manager when a specialist Lambda fails', () => {
  it('a crashing booking specialist: 200 with an honest answer, no booking, the failed invoke in the trace', async () => {
    const crash = async () => {
      throw Object.assign(new Error('Runtime exited with error: signal: SIGKILL'), { name: 'Runtime.ExitError' });
    };
    const app = createTestApp('g', (rt) => buildInProcess(rt, { [FUNCTIONS.booking]: crash }));
    const reply = await app.say('Book tomorrow at 3pm');
    expect(reply.booking).toBeNull();
    expect(reply.response).toMatch(/booking service is unavailable/i);
    expect(reply.trace.filter((e) => e.type === 'invoke').map((e) => e.type === 'invoke' && e.ok)).toEqual([false]);
    expect(await app.listBookings()).toEqual([]);
  });
});
