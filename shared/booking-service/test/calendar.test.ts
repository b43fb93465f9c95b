import { describe, expect, it } from 'vitest';
import { formatDay, weekdayOf } from '../src/index';

describe('weekdayOf and formatDay', () => {
  it('name the weekday of a calendar date, whatever the machine time zone', () => {
    expect(weekdayOf('2026-11-22')).toBe('Sunday');
    expect(weekdayOf('2026-12-05')).toBe('Saturday');
    expect(weekdayOf('2028-02-29')).toBe('Tuesday');
    expect(formatDay('2026-12-05')).toBe('Saturday 5 December');
  });

  it('agree with Intl for every day of a year', () => {
    const intl = new Intl.DateTimeFormat('en-GB', { weekday: 'long', timeZone: 'UTC' });
    for (let d = 0; d < 366; d++) {
      const date = new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10);
      expect(weekdayOf(date)).toBe(intl.format(new Date(`${date}T12:00:00Z`)));
    }
  });

  it('give nothing for text that is not a date', () => {
    expect(weekdayOf('tomorrow')).toBe('');
  });
});
