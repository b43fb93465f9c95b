/**
 * The booking-claim classifier (one, shared by the grounding guard and the scorecard's judge) and the guard's
 * verdicts against a turn's facts and a real booking store.
 */
import { BookingService, fixedClock, InMemoryBookingStore } from '@tennis/booking-service';
import { describe, expect, it } from 'vitest';
import { checkAnswer, createGroundingGuard, readClaims, Trace, type ClaimKind } from '../src/index';

const CLAIMS: Array<[string, ClaimKind]> = [
  ['Booked: Court A on Sunday 22 November at 15:00. Your booking id is bk_1a2b3c4d5e6f.', 'claims_booking'],
  ["You're booked! Court B, tomorrow at 3pm.", 'claims_booking'],
  ['I have booked Court C for you at 10:00.', 'claims_booking'],
  ["I've reserved court 2 at 15:00 for you.", 'claims_booking'],
  ['Your booking is confirmed: Court A at 09:00.', 'claims_booking'],
  ['Booked Court B on 2026-11-22 at 15:00 for you. Your booking id is bk_abc.', 'claims_booking'],
  ['Court A is booked for you at 15:00.', 'claims_booking'],
  ['Done! Court A, 15:00.', 'claims_booking'],
  ['I booked Court A on 2026-11-22 at 15:00 for you, but could not finish the rest of your request within 8 steps.', 'claims_booking'],
  ['Sorry, nothing is free on Sunday 22 November at 15:00. The nearest free slots are: 1. Court A at 16:00', 'none'],
  ['Court A at 15:00 is already booked. Try another court or time.', 'none'],
  ['Sorry, that slot has just been booked by someone else. Would you like me to check other times?', 'none'],
  ['Free courts on Sunday 22 November:\n1. 15:00: Court A, Court B\nWould you like me to book one of them?', 'none'],
  ['No problem, nothing has been booked. Is there anything else I can help with?', 'denies_booking'],
  ['Sorry, I could not book that: the slot is in the past.', 'denies_booking'],
  ["I wasn't able to book it, and no booking was made.", 'denies_booking'],
  ['Sorry, I could not finish this request, and nothing was booked within 8 steps.', 'denies_booking'],
  ['The booking service is unavailable right now; no booking was confirmed. Your court is not booked.', 'denies_booking'],
];

describe("readClaims: what an answer says about the member's booking", () => {
  it.each(CLAIMS)('%s -> %s', (answer, kind) => {
    expect(readClaims(answer).kind).toBe(kind);
  });

  it('reads the booking ids, times and courts named', () => {
    expect(readClaims('Booked: Court B at 3pm, and Court C at 16:30. Booking id bk_00aa.')).toEqual({
      kind: 'claims_booking',
      bookingIds: ['bk_00aa'],
      times: ['16:30', '15:00'],
      courts: ['Court B', 'Court C'],
    });
  });
});

async function world() {
  const bookings = new BookingService({ store: new InMemoryBookingStore(), clock: fixedClock('2026-11-21T10:00:00Z') });
  const date = '2026-11-22';
  const booked = await bookings.book({ slot_id: `${date}_CourtA_1500` }, { userId: 'alice' });
  const other = await bookings.book({ slot_id: `${date}_CourtB_1600` }, { userId: 'bob' });
  return { bookings, booked, other, date };
}

describe("checkAnswer: the guard's verdict against the turn and the store", () => {
  it("accepts a true confirmation of this turn's booking, and an answer that books and claims nothing", async () => {
    const { bookings, booked } = await world();
    const store = () => bookings.bookingsOf('alice');
    expect(
      await checkAnswer(`Booked: Court A at 15:00. Your booking id is ${booked.booking_id}.`, { userId: 'alice', booking: booked }, store),
    ).toEqual({ ok: true });
    expect(await checkAnswer('Which time would you like?', { userId: 'alice', booking: null }, store)).toEqual({ ok: true });
  });

  it('accepts a mention of an earlier booking the store holds for the member', async () => {
    const { bookings } = await world();
    const verdict = await checkAnswer('You are booked on Court A at 15:00 already.', { userId: 'alice', booking: null }, () =>
      bookings.bookingsOf('alice'),
    );
    expect(verdict).toEqual({ ok: true });
  });

  it('corrects a claimed booking that does not exist, naming the failed attempt when there was one', async () => {
    const { bookings } = await world();
    const store = () => bookings.bookingsOf('alice');
    const claim = 'Booked: Court C at 18:00. Your booking id is bk_deadbeefc0de.';
    const verdict = await checkAnswer(
      claim,
      { userId: 'alice', booking: null, failedBooking: 'ALREADY_BOOKED: Court C is already booked' },
      store,
    );
    expect(verdict).toMatchObject({ ok: false, problem: 'claimed_unmade_booking' });
    if (!verdict.ok)
      expect(verdict.correction).toBe(
        'Sorry, that booking did not go through (ALREADY_BOOKED: Court C is already booked), so nothing has been booked. Would you like me to check other times?',
      );
    // Another member's booking does not make the claim true.
    expect(await checkAnswer('Booked: Court B at 16:00.', { userId: 'alice', booking: null }, store)).toMatchObject({
      ok: false,
      problem: 'claimed_unmade_booking',
    });
  });

  it('corrects a denial or a silence about the booking this turn made, and a misdescribed one', async () => {
    const { bookings, booked } = await world();
    const store = () => bookings.bookingsOf('alice');
    const facts = { userId: 'alice', booking: booked };
    const confirmation = `Booked: Court A on Sunday 22 November at 15:00. Your booking id is ${booked.booking_id}.`;
    expect(await checkAnswer('Sorry, I could not book that.', facts, store)).toMatchObject({
      ok: false,
      problem: 'denied_booking',
      correction: confirmation,
    });
    expect(await checkAnswer('Anything else?', facts, store)).toMatchObject({
      ok: false,
      problem: 'unreported_booking',
      correction: `${confirmation} Anything else?`,
    });
    expect(await checkAnswer('Booked: Court A at 16:00.', facts, store)).toMatchObject({
      ok: false,
      problem: 'misdescribed_booking',
      correction: confirmation,
    });
  });
});

describe('the grounding guard', () => {
  it("returns the correction and records why in the trace; off, it returns the model's answer as it is", async () => {
    const { bookings } = await world();
    const trace = new Trace();
    trace.record({ type: 'tool', actor: 'loop', name: 'book', args: {}, ok: false, summary: 'ALREADY_BOOKED: taken', ms: 1 });
    const on = createGroundingGuard(bookings, true);
    const answer = await on.ground('Booked: Court C at 18:00.', { userId: 'alice', booking: null }, trace);
    expect(answer).toMatch(/^Sorry, that booking did not go through \(ALREADY_BOOKED: taken\)/);
    expect(trace.events().at(-1)).toMatchObject({
      type: 'step',
      actor: 'guard',
      name: 'grounding guard: answer corrected',
      detail: expect.stringMatching(/claims a booking .* that does not exist/),
    });
    const off = createGroundingGuard(bookings, false);
    const raw = new Trace();
    expect(await off.ground('Booked: Court C at 18:00.', { userId: 'alice', booking: null }, raw)).toBe('Booked: Court C at 18:00.');
    expect(raw.events()).toEqual([]);
  });
});
