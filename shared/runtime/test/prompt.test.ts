import { describe, expect, it } from 'vitest';
import { BookingService, fixedClock, InMemoryBookingStore } from '@tennis/booking-service';
import { clubConfigFrom, clubFacts, dateContext, loadConfig } from '../src/index';

const service = (iso: string, env: Record<string, string> = {}) =>
  new BookingService({ store: new InMemoryBookingStore(), clock: fixedClock(iso), club: clubConfigFrom(loadConfig(env)) });

describe('dateContext', () => {
  it('states weekday, date and 24h time in the club zone in the exact format', () => {
    expect(dateContext(service('2026-11-21T14:05:00Z'))).toBe('Today is Saturday 2026-11-21 and the time is 14:05 in Europe/London.');
  });

  it('uses the club zone, not UTC: late evening UTC is already tomorrow in Tokyo', () => {
    expect(dateContext(service('2026-11-21T23:30:00Z', { CLUB_TIMEZONE: 'Asia/Tokyo' }))).toBe(
      'Today is Sunday 2026-11-22 and the time is 08:30 in Asia/Tokyo.',
    );
  });
});

describe('clubFacts', () => {
  it('lists courts and opening hours', () => {
    expect(clubFacts(service('2026-11-21T14:05:00Z'))).toBe(
      'Courts: Court A, Court B, Court C. Slots start on the hour from 08:00 to 21:00.',
    );
    expect(clubFacts(service('2026-11-21T14:05:00Z', { COURTS: 'North,South', SLOT_FIRST_HOUR: '7', SLOT_LAST_HOUR: '9' }))).toBe(
      'Courts: North, South. Slots start on the hour from 07:00 to 09:00.',
    );
  });
});
