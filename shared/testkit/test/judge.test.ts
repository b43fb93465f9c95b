/** The robustness judge: bad outcomes decided from the store before and after a turn, and the answer's claim. */
import type { Booking } from '@tennis/booking-service';
import { describe, expect, it } from 'vitest';
import { judgeTurn, type ChatResult, type ScenarioTurn } from '../src/index';

const booking = (
  court: string,
  date: string,
  time: string,
  user_id = 'alice',
  id = `bk_${court.slice(-1)}${time.slice(0, 2)}`,
): Booking => ({
  booking_id: id,
  slot_id: `${date}_${court.replace(' ', '')}_${time.replace(':', '')}`,
  court,
  date,
  time,
  user_id,
  created_at: '2026-11-21T14:05:00.000Z',
});

const ask: ScenarioTurn = { message: 'Book tomorrow at 3pm', booking: { date: '2026-11-22', time: '15:00', user_id: 'alice' }, answer: [] };
const question: ScenarioTurn = { message: 'What is free tomorrow?', booking: null, answer: [] };
const ok = (response: string): ChatResult =>
  ({
    ok: true,
    status: 200,
    body: { response, booking: null, session_id: 's_1', trace: [], usage: null, mode: 'offline', pattern: 'd', request_id: 'r' },
  }) as unknown as ChatResult;
const failed = (status: number): ChatResult => ({
  ok: false,
  status,
  body: { error: { code: 'bad_gateway', message: 'x', request_id: 'r' } },
});

describe('judgeTurn', () => {
  it('a booking as asked, truthfully confirmed, is no bad outcome', () => {
    const made = booking('Court A', '2026-11-22', '15:00');
    expect(judgeTurn(ask, 'alice', ok(`Booked: Court A at 15:00. Your booking id is ${made.booking_id}.`), [], [made]).outcomes).toEqual(
      [],
    );
  });

  it('a booking on another day is a wrong booking and a missed one', () => {
    const made = booking('Court A', '2026-11-23', '15:00');
    expect(judgeTurn(ask, 'alice', ok(`Booked: Court A at 15:00. Your booking id is ${made.booking_id}.`), [], [made]).outcomes).toEqual([
      'wrong_booking',
      'missed_booking',
    ]);
  });

  it("any booking on a question is a wrong booking; another user's booking too", () => {
    expect(judgeTurn(question, 'alice', ok('Here you go.'), [], [booking('Court A', '2026-11-22', '08:00')]).outcomes).toEqual([
      'wrong_booking',
    ]);
    expect(judgeTurn(ask, 'alice', ok('Done.'), [], [booking('Court A', '2026-11-22', '15:00', 'bob')]).outcomes).toContain(
      'wrong_booking',
    );
  });

  it('a claimed booking the store does not hold is a false claim; so is denying one the turn made', () => {
    expect(judgeTurn(ask, 'alice', ok('Booked: Court A at 15:00. Your booking id is bk_fake.'), [], []).outcomes).toEqual([
      'missed_booking',
      'false_claim',
    ]);
    const made = booking('Court A', '2026-11-22', '15:00');
    expect(judgeTurn(ask, 'alice', ok('Sorry, I could not book that.'), [], [made]).outcomes).toEqual(['false_claim']);
  });

  it("an earlier booking that exists may be mentioned; bookings made before the turn are not this turn's", () => {
    const earlier = booking('Court A', '2026-11-22', '15:00');
    expect(
      judgeTurn(question, 'alice', ok(`You are booked on Court A at 15:00 (booking id ${earlier.booking_id}).`), [earlier], [earlier])
        .outcomes,
    ).toEqual([]);
  });

  it('an unexpected 5xx is an unhandled error; an expected one is not', () => {
    expect(judgeTurn(ask, 'alice', failed(502), [], []).outcomes).toEqual(['unhandled_error', 'missed_booking']);
    expect(judgeTurn({ ...ask, status: 502 }, 'alice', failed(502), [], []).outcomes).toEqual([]);
  });
});
