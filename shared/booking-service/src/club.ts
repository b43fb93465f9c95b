import { hourToTime, isValidTimeZone } from './calendar';
import type { Clock, ClubConfig } from './types';

export function defaultClubConfig(): ClubConfig {
  return {
    timeZone: 'Europe/London',
    courts: ['Court A', 'Court B', 'Court C'],
    firstSlotHour: 8,
    lastSlotHour: 21,
    windowDays: 14,
  };
}

/** The court's key inside slot ids: its name without whitespace ("Court B" -> "CourtB"). */
export function courtKey(court: string): string {
  return court.replace(/\s+/g, '');
}

/** Whether what a user named ("court b", "B", "Court B") is this court. */
export function sameCourt(court: string, named: string): boolean {
  const key = (s: string) =>
    s
      .toLowerCase()
      .replace(/^court\s*/, '')
      .trim();
  return key(court) === key(named);
}

const COURT_KEY_PATTERN = /^[A-Za-z0-9-]+$/;

/** Throws a TypeError naming the bad field; called once when a service is built. */
export function validateClubConfig(club: ClubConfig): ClubConfig {
  if (!isValidTimeZone(club.timeZone)) {
    throw new TypeError(`Club timeZone "${club.timeZone}" is not an IANA time zone (e.g. "Europe/London").`);
  }
  if (club.courts.length === 0) throw new TypeError('Club courts must list at least one court.');
  const keys = new Set<string>();
  for (const court of club.courts) {
    const key = courtKey(court);
    if (!COURT_KEY_PATTERN.test(key)) {
      throw new TypeError(`Court name "${court}" may only contain letters, digits, spaces and "-".`);
    }
    if (keys.has(key)) throw new TypeError(`Court names must differ once spaces are removed ("${key}" repeats).`);
    keys.add(key);
  }
  if (!isHour(club.firstSlotHour) || !isHour(club.lastSlotHour) || club.firstSlotHour > club.lastSlotHour) {
    throw new TypeError(
      `Club slot hours must be whole hours 0-23 with firstSlotHour <= lastSlotHour (got ${club.firstSlotHour}-${club.lastSlotHour}).`,
    );
  }
  if (!Number.isInteger(club.windowDays) || club.windowDays < 0) {
    throw new TypeError(`Club windowDays must be a whole number >= 0 (got ${club.windowDays}).`);
  }
  return club;
}

function isHour(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 23;
}

/** "08:00 to 21:00" style description of when slots start, for error messages. */
export function openingHours(club: ClubConfig): string {
  return `slots start on the hour from ${hourToTime(club.firstSlotHour)} to ${hourToTime(club.lastSlotHour)}`;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests (and demos) can move: starts at `instant`, changed with set() or advance(). */
export interface SettableClock extends Clock {
  set(instant: string | Date): void;
  advance(ms: number): void;
}

export function fixedClock(instant: string | Date): SettableClock {
  let current = toInstant(instant);
  return {
    now: () => new Date(current),
    set: (next) => {
      current = toInstant(next);
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

function toInstant(instant: string | Date): number {
  const ms = new Date(instant).getTime();
  if (Number.isNaN(ms)) throw new TypeError(`Invalid clock instant "${String(instant)}": use an ISO 8601 timestamp.`);
  return ms;
}
