/**
 * A fixed "now" for every scenario, so dates in prompts, slots and assertions are reproducible.
 * 2026-11-21T10:00:00Z is Saturday 10:00 in Europe/London (GMT in November).
 */
import { addDays, fixedClock, zonedNow, type SettableClock } from '@tennis/booking-service';

export const TEST_NOW = '2026-11-21T10:00:00Z';

/** The date sentence every prompt carries at TEST_NOW (the runtime's dateContext), as tests expect it verbatim. */
export const TEST_DATE_SENTENCE = 'Today is Saturday 2026-11-21 and the time is 10:00 in Europe/London.';

/** The club time zone the scenarios are written for (the runtime's default CLUB_TIMEZONE). */
export const TEST_TIMEZONE = 'Europe/London';

/** A clock frozen at `iso` (default TEST_NOW); `set`/`advance` move it explicitly. */
export function testClock(iso: string = TEST_NOW): SettableClock {
  return fixedClock(iso);
}

/** The club-local date (YYYY-MM-DD) `days` after the day of `iso`: tomorrow() is '2026-11-22'. */
export function clubDate(days: number, iso: string = TEST_NOW, timeZone: string = TEST_TIMEZONE): string {
  return addDays(zonedNow(new Date(iso), timeZone).date, days);
}

/** Tomorrow in the club's time zone, relative to TEST_NOW unless told otherwise. */
export function tomorrow(iso: string = TEST_NOW, timeZone: string = TEST_TIMEZONE): string {
  return clubDate(1, iso, timeZone);
}
