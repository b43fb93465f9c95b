import { describe, expect, it } from 'vitest';
import { understand, type Understanding } from '../src/language';

const TODAY = '2026-11-21'; // a Saturday

type Expected = Partial<Understanding>;

const PHRASINGS: Array<[string, Expected]> = [
  // relative days
  ['today at 5pm', { date: '2026-11-21', time: '17:00' }],
  ['tomorrow', { date: '2026-11-22' }],
  ['tomorow at 3 pm pls', { date: '2026-11-22', time: '15:00' }],
  ['tmrw crt b', { date: '2026-11-22', court: 'Court B' }],
  ['tommorow morning', { date: '2026-11-22', partOfDay: 'morning' }],
  ['day after tomorrow', { date: '2026-11-23' }],
  ['the day after tomorrow at 10am', { date: '2026-11-23', time: '10:00' }],
  ['in 3 days', { date: '2026-11-24' }],
  // weekdays
  ['Monday', { date: '2026-11-23' }],
  ['next Friday', { date: '2026-11-27' }],
  ['this Sunday', { date: '2026-11-22' }],
  ['next saturday', { date: '2026-11-28' }],
  ['wednsday at 6pm', { date: '2026-11-25', time: '18:00' }],
  // "this <weekday>" counts today; "next <weekday>" is that day of next week (weeks start on Monday)
  ['this Saturday', { date: '2026-11-21' }],
  ['next Tuesday', { date: '2026-11-24' }],
  ['next Sunday', { date: '2026-11-29' }],
  ['this coming saturday', { date: '2026-11-28' }],
  ['Tuesday next week at 10am', { date: '2026-11-24', time: '10:00' }],
  ['next tues at 3pm', { date: '2026-11-24', time: '15:00' }],
  // dates
  ['Nov 28', { date: '2026-11-28' }],
  ['November 28th at 9', { date: '2026-11-28', time: '09:00' }],
  ['28/11', { date: '2026-11-28' }],
  ['the 28th', { date: '2026-11-28' }],
  ['on the 2nd at 10', { date: '2026-12-02', time: '10:00' }],
  ['2026-11-25', { date: '2026-11-25' }],
  ['dec 1st', { date: '2026-12-01' }],
  // times
  ['3pm', { time: '15:00' }],
  ['3 pm', { time: '15:00' }],
  ['15:00', { time: '15:00' }],
  ['15h', { time: '15:00' }],
  ['at 3', { time: '15:00' }],
  ['at 9', { time: '09:00' }],
  ['noon', { time: '12:00' }],
  ['midday tomorrow', { date: '2026-11-22', time: '12:00' }],
  ['half past 2', { time: '14:30' }],
  ['sunday at 8', { date: '2026-11-22', time: '08:00' }],
  // a.m. and p.m. as people write them
  ['3 p.m.', { time: '15:00' }],
  ['3PM', { time: '15:00' }],
  ['10 A.M. tomorrow', { date: '2026-11-22', time: '10:00' }],
  ['15h30', { time: '15:30' }],
  // times in words
  ['three in the afternoon', { time: '15:00' }],
  ['tomorrow at seven in the evening', { date: '2026-11-22', time: '19:00' }],
  ['ten in the morning', { time: '10:00' }],
  ['9 at night', { time: '21:00' }],
  ['half past four', { time: '16:30' }],
  ['half four', { time: '16:30' }],
  ['quarter past ten', { time: '10:15' }],
  ['a quarter to six', { time: '17:45' }],
  ['quarter to one', { time: '12:45' }],
  ["four o'clock", { time: '16:00' }],
  ['at five', { time: '17:00' }],
  ['eleven am', { time: '11:00' }],
  ['three p.m. on sunday', { date: '2026-11-22', time: '15:00' }],
  ['four thirty', { time: '16:30' }],
  ['midday', { time: '12:00' }],
  ['at lunchtime', { time: '12:00' }],
  ['book court two at three', { intent: 'book', court: 'Court B', time: '15:00' }],
  ['for 2 hours on sunday at 4', { date: '2026-11-22', time: '16:00' }],
  // parts of day
  ['tomorrow afternoon', { date: '2026-11-22', partOfDay: 'afternoon' }],
  ['monday evening', { date: '2026-11-23', partOfDay: 'evening' }],
  ['good afternoon!', { intent: 'small_talk' }],
  ['after lunch', { partOfDay: 'afternoon' }],
  ['before lunch', { partOfDay: 'morning' }],
  ['tonight', { date: '2026-11-21', partOfDay: 'evening' }],
  // courts
  ['court B', { court: 'Court B' }],
  ['Court b at 4pm', { court: 'Court B', time: '16:00' }],
  ['B court please', { court: 'Court B' }],
  ['court 2 at 10am', { court: 'Court B', time: '10:00' }],
  ['court 3 at 15:00', { court: 'Court C', time: '15:00' }],
  // ordinals
  ['the second one', { ordinal: 2 }],
  ['2nd', { ordinal: 2 }],
  ['first', { ordinal: 1 }],
  ['the last one', { ordinal: -1 }],
  ['number 3', { ordinal: 3 }],
  ['option 2 please', { ordinal: 2 }],
  // a listed option named by its court or time, no verb (the brain picks it from the list: brain.test.ts)
  ['court C then', { intent: 'unknown', court: 'Court C' }],
  ['the 4pm one', { intent: 'unknown', time: '16:00' }],
  // confirmations
  ['yes please', { confirm: true }],
  ['yep', { confirm: true }],
  ['sure', { confirm: true }],
  ['go ahead', { confirm: true }],
  ['no', { confirm: false }],
  ['nope', { confirm: false }],
  ['cancel', { confirm: false }],
  // intents
  ['book a court tomorrow at 3pm', { intent: 'book', date: '2026-11-22', time: '15:00' }],
  ['reserve court A for monday', { intent: 'book', court: 'Court A', date: '2026-11-23' }],
  ["I'd like a court tomorrow", { intent: 'book', date: '2026-11-22' }],
  ['can I get a court friday 6pm', { intent: 'book', date: '2026-11-27', time: '18:00' }],
  ['do you have anything tomorrow afternoon', { intent: 'availability', partOfDay: 'afternoon' }],
  ["what's free on monday", { intent: 'availability', date: '2026-11-23' }],
  ['is court B available at 15:00 sunday', { intent: 'availability', court: 'Court B', time: '15:00', date: '2026-11-22' }],
  ['any slots saturday evening', { intent: 'availability', partOfDay: 'evening' }],
  ['hi', { intent: 'small_talk' }],
  ['thanks', { intent: 'small_talk' }],
  ['what can you do', { intent: 'small_talk' }],
];

describe('understand', () => {
  it.each(PHRASINGS)('%s', (text, expected) => {
    expect(understand(text, TODAY)).toMatchObject(expected);
  });

  it('leaves out what was not said', () => {
    expect(understand('book a court', TODAY)).toEqual({ intent: 'book' });
    expect(understand('3pm on court B please', TODAY)).toEqual({ intent: 'unknown', time: '15:00', court: 'Court B' });
  });

  it('does not read a court number or list position as a time or a day', () => {
    expect(understand('court 2 please', TODAY)).not.toHaveProperty('time');
    expect(understand('option 3', TODAY)).not.toHaveProperty('date');
    expect(understand('the 2nd one', TODAY)).toEqual({ intent: 'unknown', ordinal: 2 });
  });

  it('does not read number words as times unless they name one', () => {
    expect(understand('the second one', TODAY)).toEqual({ intent: 'unknown', ordinal: 2 });
    expect(understand('for two hours on sunday at four', TODAY)).toMatchObject({ date: '2026-11-22', time: '16:00' });
    expect(understand('two of us, tomorrow', TODAY)).toEqual({ intent: 'unknown', date: '2026-11-22' });
    expect(understand('for half an hour tomorrow', TODAY)).toEqual({ intent: 'unknown', date: '2026-11-22' });
  });

  it('resolves "this" and "next" weekdays against the given today', () => {
    // Monday 23 November: "this Tuesday" is tomorrow, "next Tuesday" the Tuesday of next week.
    expect(understand('this tuesday', '2026-11-23')).toMatchObject({ date: '2026-11-24' });
    expect(understand('next tuesday', '2026-11-23')).toMatchObject({ date: '2026-12-01' });
    // Sunday 22 November: next week starts tomorrow.
    expect(understand('next monday', '2026-11-22')).toMatchObject({ date: '2026-11-23' });
    expect(understand('this sunday', '2026-11-22')).toMatchObject({ date: '2026-11-22' });
  });

  it('resolves relative days only when today is known', () => {
    expect(understand('tomorrow at 3pm', undefined)).toEqual({ intent: 'unknown', time: '15:00' });
    expect(understand('next tuesday at 3pm', undefined)).toEqual({ intent: 'unknown', time: '15:00' });
    expect(understand('on 2026-11-25', undefined)).toMatchObject({ date: '2026-11-25' });
  });

  it('gives the same calendar date whatever the process time zone', () => {
    const original = process.env.TZ;
    try {
      for (const zone of ['Pacific/Kiritimati', 'America/Los_Angeles', 'UTC']) {
        process.env.TZ = zone;
        expect(understand('tomorrow at 9', TODAY)).toMatchObject({ date: '2026-11-22', time: '09:00' });
      }
    } finally {
      process.env.TZ = original;
    }
  });

  it('rejects a malformed today', () => {
    expect(() => understand('tomorrow', '21/11/2026')).toThrow(/YYYY-MM-DD/);
  });
});
