/**
 * Booking domain contract. Every pattern, store and vendor adapter speaks these types.
 * Wire names are snake_case because they travel to models and over HTTP unchanged.
 */

/** Injected clock: slots are computed from it on every call, never frozen at start-up. */
export interface Clock {
  now(): Date;
}

export interface ClubConfig {
  /** IANA zone of the club, e.g. "Europe/London" (env CLUB_TIMEZONE). */
  timeZone: string;
  /** Court names, e.g. ["Court A", "Court B", "Court C"] (env COURTS, comma separated). */
  courts: string[];
  /** First slot start hour, 0-23 (env SLOT_FIRST_HOUR, default 8). */
  firstSlotHour: number;
  /** Last slot start hour, inclusive, 0-23 (env SLOT_LAST_HOUR, default 21). */
  lastSlotHour: number;
  /** Rolling window: today plus this many days ahead can be booked (env BOOKING_WINDOW_DAYS, default 14). */
  windowDays: number;
}

/** One bookable hour on one court. slot_id is readable: "2026-11-22_CourtB_1500". */
export interface Slot {
  slot_id: string;
  court: string;
  /** YYYY-MM-DD in the club's time zone. */
  date: string;
  /** HH:MM, 24h, in the club's time zone. */
  time: string;
}

export interface Booking {
  booking_id: string;
  slot_id: string;
  court: string;
  date: string;
  time: string;
  user_id: string;
  /** ISO instant. */
  created_at: string;
}

export type BookingErrorCode = 'INVALID_INPUT' | 'NOT_FOUND' | 'ALREADY_BOOKED' | 'IN_THE_PAST' | 'OUTSIDE_WINDOW';

/** What check_availability returns (to code and, as JSON, to models). */
export interface AvailabilityResult {
  date: string;
  /** Echo of the requested time, when one was given. */
  time?: string;
  /** Free slots matching the request, ordered by time then court. */
  available: Slot[];
  /** When nothing matched a requested time: the nearest free slots (same day first, then following days). */
  alternatives: Slot[];
}

/** Result of executing one of the two tools: what goes back to a model as the tool result. */
export type ToolOutcome<T = unknown> = { ok: true; result: T } | { ok: false; error: { code: BookingErrorCode; message: string } };

/** Identity injected by code when a tool runs. Never taken from a model's arguments. */
export interface ToolContext {
  userId: string;
}
