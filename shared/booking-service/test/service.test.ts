import { describe, expect, it } from 'vitest';
import { BookingError, BookingService, InMemoryBookingStore, defaultClubConfig, fixedClock, makeSlotId, parseSlotId } from '../src/index';
import { makeService, TODAY, TOMORROW } from './helpers';

async function bookingError(promise: Promise<unknown>): Promise<BookingError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(BookingError);
  return error as BookingError;
}

describe('slot ids', () => {
  it('are readable and round-trip', () => {
    const id = makeSlotId('2026-11-22', 'Court B', '15:00');
    expect(id).toBe('2026-11-22_CourtB_1500');
    expect(parseSlotId(id)).toEqual({ date: '2026-11-22', court: 'CourtB', time: '15:00' });
  });

  it.each(['', 'tomorrow_CourtB_1500', '2026-11-22-CourtB-1500', '2026-02-30_CourtB_1500', '2026-11-22_CourtB_2500', '2026-11-22__1500'])(
    'rejects malformed id %j as INVALID_INPUT',
    (id) => {
      expect(() => parseSlotId(id)).toThrow(BookingError);
      expect(() => parseSlotId(id)).toThrow(/is not a valid slot id\. Slot ids look like 2026-11-22_CourtB_1500/);
    },
  );
});

describe('BookingService clock and config', () => {
  it('reports the club-local now', () => {
    const { service } = makeService();
    expect(service.now()).toEqual({ date: TODAY, time: '10:00', weekday: 'Saturday', timeZone: 'Europe/London' });
  });

  it('reads the clock on every call', async () => {
    const { service, clock } = makeService();
    expect(service.today()).toBe(TODAY);
    clock.advance(24 * 3_600_000);
    expect(service.today()).toBe(TOMORROW);
    expect((await service.checkAvailability({ date: TOMORROW })).available[0]?.time).toBe('11:00');
  });

  it.each([
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, /not an IANA time zone/],
    ['no courts', { courts: [] }, /at least one court/],
    ['courts that collide once spaces go', { courts: ['Court A', 'CourtA'] }, /"CourtA" repeats/],
    ['reversed hours', { firstSlotHour: 22, lastSlotHour: 8 }, /firstSlotHour <= lastSlotHour/],
    ['a negative window', { windowDays: -1 }, /windowDays/],
  ])('rejects a club config with %s', (_what, club, message) => {
    expect(() => makeService({ club })).toThrow(message);
  });
});

describe.each([
  ['America/Los_Angeles', '2026-11-23T07:59:00Z', '2026-11-23T08:01:00Z'],
  ['Asia/Tokyo', '2026-11-22T14:59:00Z', '2026-11-22T15:01:00Z'],
])('day boundaries in %s', (timeZone, at2359, at0001) => {
  it('today() is the local date at 23:59 and the next one at 00:01', () => {
    const clock = fixedClock(at2359);
    const service = new BookingService({ store: new InMemoryBookingStore(), clock, club: { ...defaultClubConfig(), timeZone } });
    expect(service.now()).toMatchObject({ date: '2026-11-22', time: '23:59' });
    clock.set(at0001);
    expect(service.now()).toMatchObject({ date: '2026-11-23', time: '00:01' });
  });

  it('checking "today" late in the day finds nothing left, and "yesterday" is in the past just after midnight', async () => {
    const { service, clock } = makeService({ now: at2359, club: { timeZone } });
    const lateToday = await service.checkAvailability({ date: '2026-11-22' });
    expect(lateToday.available).toEqual([]);
    expect(lateToday.alternatives[0]?.slot_id).toBe('2026-11-23_CourtA_0800');

    clock.set(at0001);
    expect((await bookingError(service.checkAvailability({ date: '2026-11-22' }))).code).toBe('IN_THE_PAST');
    expect((await service.checkAvailability({ date: '2026-11-23' })).available).toHaveLength(14 * 3);
  });
});

describe('checkAvailability', () => {
  it('lists every free slot of a future day, by time then court', async () => {
    const { available, alternatives } = await makeService().service.checkAvailability({ date: TOMORROW });
    expect(available).toHaveLength(14 * 3);
    expect(available.slice(0, 4).map((slot) => slot.slot_id)).toEqual([
      `${TOMORROW}_CourtA_0800`,
      `${TOMORROW}_CourtB_0800`,
      `${TOMORROW}_CourtC_0800`,
      `${TOMORROW}_CourtA_0900`,
    ]);
    expect(available.at(-1)).toEqual({ slot_id: `${TOMORROW}_CourtC_2100`, court: 'Court C', date: TOMORROW, time: '21:00' });
    expect(alternatives).toEqual([]);
  });

  it('excludes slots that have started today (10:00 has started at 10:00)', async () => {
    const { available } = await makeService().service.checkAvailability({ date: TODAY });
    expect(available[0]?.time).toBe('11:00');
    expect(available).toHaveLength(11 * 3);
  });

  it('excludes booked slots', async () => {
    const { service } = makeService();
    await service.book({ slot_id: `${TOMORROW}_CourtB_1500` }, { userId: 'alice' });
    const result = await service.checkAvailability({ date: TOMORROW, time: '15:00' });
    expect(result).toEqual({
      date: TOMORROW,
      time: '15:00',
      available: [
        { slot_id: `${TOMORROW}_CourtA_1500`, court: 'Court A', date: TOMORROW, time: '15:00' },
        { slot_id: `${TOMORROW}_CourtC_1500`, court: 'Court C', date: TOMORROW, time: '15:00' },
      ],
      alternatives: [],
    });
  });

  it('offers the nearest free slots when the requested hour is full', async () => {
    const { service } = makeService();
    for (const court of ['A', 'B', 'C']) await service.book({ slot_id: `${TOMORROW}_Court${court}_1500` }, { userId: 'alice' });
    await service.book({ slot_id: `${TOMORROW}_CourtA_1400` }, { userId: 'bob' });

    const { available, alternatives } = await service.checkAvailability({ date: TOMORROW, time: '15:00' });
    expect(available).toEqual([]);
    expect(alternatives.map((slot) => slot.slot_id)).toEqual([
      `${TOMORROW}_CourtB_1400`,
      `${TOMORROW}_CourtC_1400`,
      `${TOMORROW}_CourtA_1600`,
      `${TOMORROW}_CourtB_1600`,
      `${TOMORROW}_CourtC_1600`,
    ]);
  });

  it('looks at the following days when the rest of the day is full', async () => {
    const { service } = makeService({ club: { courts: ['Court A'], firstSlotHour: 20, lastSlotHour: 21 } });
    await service.book({ slot_id: `${TOMORROW}_CourtA_2000` }, { userId: 'alice' });
    await service.book({ slot_id: `${TOMORROW}_CourtA_2100` }, { userId: 'alice' });
    const { alternatives } = await service.checkAvailability({ date: TOMORROW, time: '21:00' });
    expect(alternatives.map((slot) => slot.slot_id)).toEqual([
      '2026-11-23_CourtA_2100',
      '2026-11-23_CourtA_2000',
      '2026-11-24_CourtA_2100',
      '2026-11-24_CourtA_2000',
      '2026-11-25_CourtA_2100',
    ]);
  });

  it.each([
    [{ date: '22/11/2026' }, 'INVALID_INPUT', '"22/11/2026" is not a valid date. Use YYYY-MM-DD, e.g. 2026-11-21.'],
    [{ date: '2026-02-30' }, 'INVALID_INPUT', '"2026-02-30" is not a valid date. Use YYYY-MM-DD, e.g. 2026-11-21.'],
    [{ date: '2026-11-20' }, 'IN_THE_PAST', '2026-11-20 is in the past (today is 2026-11-21). Choose today or a later date.'],
    [{ date: '2026-12-06' }, 'OUTSIDE_WINDOW', '2026-12-06 is too far ahead: courts can be booked up to 14 days ahead, until 2026-12-05.'],
    [
      { date: TOMORROW, time: '3pm' },
      'INVALID_INPUT',
      '"3pm" is not a valid time. Use 24h HH:MM, e.g. 15:00; slots start on the hour from 08:00 to 21:00.',
    ],
    [{ date: TOMORROW, time: '07:00' }, 'INVALID_INPUT', 'There is no slot at 07:00: slots start on the hour from 08:00 to 21:00.'],
  ])('rejects %j with %s', async (input, code, message) => {
    const error = await bookingError(makeService().service.checkAvailability(input));
    expect({ code: error.code, message: error.message }).toEqual({ code, message });
  });

  it('answers a time between two slot starts with the nearest free slots, not an error', async () => {
    const result = await makeService().service.checkAvailability({ date: TOMORROW, time: '17:45' });
    expect(result.available).toEqual([]);
    expect(result.alternatives.map((slot) => `${slot.time} ${slot.court}`)).toEqual([
      '18:00 Court A',
      '18:00 Court B',
      '18:00 Court C',
      '17:00 Court A',
      '17:00 Court B',
    ]);
  });

  it('accepts the last day of the window', async () => {
    expect((await makeService().service.checkAvailability({ date: '2026-12-05' })).available).toHaveLength(42);
  });
});

describe('book', () => {
  it('books for the given user with the club court name', async () => {
    const booking = await makeService().service.book({ slot_id: `${TOMORROW}_CourtB_1500` }, { userId: 'alice' });
    expect(booking).toEqual({
      booking_id: expect.stringMatching(/^bk_[0-9a-f]{12}$/),
      slot_id: `${TOMORROW}_CourtB_1500`,
      court: 'Court B',
      date: TOMORROW,
      time: '15:00',
      user_id: 'alice',
      created_at: '2026-11-21T10:00:00.000Z',
    });
  });

  it.each([
    ['a malformed slot id', 'Court B at 3', 'INVALID_INPUT', /"Court B at 3" is not a valid slot id/],
    ['an unknown court', `${TOMORROW}_CourtZ_1500`, 'NOT_FOUND', /There is no court "CourtZ" \(courts: Court A, Court B, Court C\)/],
    [
      'a time that is not a slot',
      `${TOMORROW}_CourtB_1530`,
      'NOT_FOUND',
      /There is no slot at 15:30: slots start on the hour from 08:00 to 21:00/,
    ],
    ['a past day', '2026-11-20_CourtB_1500', 'IN_THE_PAST', /2026-11-20 is in the past/],
    [
      'a slot that started today',
      `${TODAY}_CourtB_1000`,
      'IN_THE_PAST',
      /Court B at 10:00 on 2026-11-21 has already started \(it is 10:00 now\)/,
    ],
    ['a day outside the window', '2026-12-06_CourtB_1500', 'OUTSIDE_WINDOW', /up to 14 days ahead, until 2026-12-05/],
  ])('rejects %s', async (_what, slot_id, code, message) => {
    const { service, store } = makeService();
    const error = await bookingError(service.book({ slot_id }, { userId: 'alice' }));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(await store.listByUser('alice')).toEqual([]);
  });

  it('needs a user id from code', async () => {
    const error = await bookingError(makeService().service.book({ slot_id: `${TOMORROW}_CourtB_1500` }, { userId: '' }));
    expect(error.code).toBe('INVALID_INPUT');
  });
});
