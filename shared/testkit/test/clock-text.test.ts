import { describe, expect, it } from 'vitest';
import { clubDate, testClock, tomorrow, TEST_NOW } from '../src/clock';
import { mentionsCourt, mentionsTime, timesMentioned } from '../src/text';

describe('test clock', () => {
  it('is frozen at TEST_NOW and hands out copies', () => {
    const clock = testClock();
    const a = clock.now();
    a.setUTCFullYear(2000);
    expect(clock.now().toISOString()).toBe('2026-11-21T10:00:00.000Z');
  });

  it('rejects a non-date', () => {
    expect(() => testClock('tomorrow-ish')).toThrow(/Invalid clock instant/);
  });

  it('computes club-local dates', () => {
    expect(tomorrow()).toBe('2026-11-22');
    expect(clubDate(0, TEST_NOW)).toBe('2026-11-21');
    // 23:30 UTC on 21 Nov is already 22 Nov in Sydney, so "tomorrow" there is the 23rd.
    expect(tomorrow('2026-11-21T23:30:00Z', 'Australia/Sydney')).toBe('2026-11-23');
    expect(clubDate(10, '2026-12-25T12:00:00Z')).toBe('2027-01-04');
  });
});

describe('timesMentioned', () => {
  it('reads 24h and 12h forms in order', () => {
    expect(timesMentioned('Free: 14:00, 3pm, 4 p.m. and 5:30 PM; also 09:00.')).toEqual(['14:00', '15:00', '16:00', '17:30', '09:00']);
  });

  it('handles noon and midnight and ignores non-times', () => {
    expect(timesMentioned('12pm or 12am')).toEqual(['12:00', '00:00']);
    expect(timesMentioned('Court 3 on 2026-11-22, 25:00 is not a time, slot 1500')).toEqual([]);
  });

  it('matches a time whichever way it is written', () => {
    expect(mentionsTime('Booked Court B at 3pm tomorrow.', '15:00')).toBe(true);
    expect(mentionsTime('Booked Court B at 15:00 tomorrow.', '15:00')).toBe(true);
    expect(mentionsTime('Booked Court B at 3:00 pm', '03:00')).toBe(false);
  });

  it('finds court names case-insensitively but not as part of another word', () => {
    expect(mentionsCourt('on court b at 15:00', 'Court B')).toBe(true);
    expect(mentionsCourt('on Court BB', 'Court B')).toBe(false);
  });
});
