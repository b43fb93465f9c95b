import { randomUUID } from 'node:crypto';
import { addDays, daysBetween, isHhMm, isIsoDate, zonedNow, type ZonedNow } from './calendar';
import { courtKey, defaultClubConfig, openingHours, systemClock, validateClubConfig } from './club';
import { BookingError } from './errors';
import { parseSlotId, slotsOn } from './slots';
import type { BookingStore } from './store';
import type { AvailabilityResult, Booking, Clock, ClubConfig, Slot, ToolContext } from './types';

const MAX_ALTERNATIVES = 5;

export interface BookingServiceOptions {
  store: BookingStore;
  clock?: Clock;
  club?: ClubConfig;
}

/**
 * The booking rules every pattern shares. Stateless apart from the store: "now" is read from the
 * clock on every call, so a long-lived Lambda never serves yesterday's slots.
 */
export class BookingService {
  readonly club: ClubConfig;
  private readonly store: BookingStore;
  private readonly clock: Clock;

  constructor({ store, clock = systemClock, club = defaultClubConfig() }: BookingServiceOptions) {
    this.store = store;
    this.clock = clock;
    this.club = validateClubConfig(club);
  }

  /** Today's date (YYYY-MM-DD) in the club's time zone. */
  today(): string {
    return this.now().date;
  }

  /** The club's local date, time and weekday: what a model needs to resolve "tomorrow". */
  now(): ZonedNow {
    return zonedNow(this.clock.now(), this.club.timeZone);
  }

  /** The member's bookings, ordered by date, time and court (the grounding guard checks claims against them). */
  bookingsOf(userId: string): Promise<Booking[]> {
    return this.store.listByUser(userId);
  }

  async checkAvailability({ date, time }: { date: string; time?: string | null }): Promise<AvailabilityResult> {
    const now = this.now();
    this.assertBookableDate(date, now);
    const requestedTime = time ?? undefined;
    if (requestedTime !== undefined) this.assertSlotTime(requestedTime);

    const free = await this.freeSlotsOn(date, now);
    const available = requestedTime === undefined ? free : free.filter((slot) => slot.time === requestedTime);
    const alternatives = available.length > 0 ? [] : await this.nearestFreeSlots(date, requestedTime, free, now);
    return { date, ...(requestedTime !== undefined && { time: requestedTime }), available, alternatives };
  }

  /** Books `slot_id` for ctx.userId with one conditional write; a retry by the same user returns the same booking. */
  async book({ slot_id }: { slot_id: string }, { userId }: ToolContext): Promise<Booking> {
    if (typeof userId !== 'string' || userId.trim() === '') {
      throw new BookingError('INVALID_INPUT', 'A booking needs a signed-in user.');
    }
    const slot = this.resolveSlot(slot_id);
    // One reading of the clock: the instant the checks passed is the one the booking records.
    const instant = this.clock.now();
    const now = zonedNow(instant, this.club.timeZone);
    this.assertBookableDate(slot.date, now);
    this.assertNotStarted(slot, now);

    const result = await this.store.create({ booking_id: newBookingId(), ...slot, user_id: userId, created_at: instant.toISOString() });
    if (result.created) return result.booking;
    if (result.existing.user_id === userId) return result.existing;
    throw new BookingError('ALREADY_BOOKED', `${describeSlot(slot)} is already booked. Try another court or time.`);
  }

  getBooking(bookingId: string): Promise<Booking | null> {
    return this.store.getById(bookingId);
  }

  listBookings(userId: string): Promise<Booking[]> {
    return this.store.listByUser(userId);
  }

  private assertBookableDate(date: string, now: ZonedNow): void {
    if (typeof date !== 'string' || !isIsoDate(date)) {
      throw new BookingError('INVALID_INPUT', `"${date}" is not a valid date. Use YYYY-MM-DD, e.g. ${now.date}.`);
    }
    const ahead = daysBetween(now.date, date);
    if (ahead < 0) {
      throw new BookingError('IN_THE_PAST', `${date} is in the past (today is ${now.date}). Choose today or a later date.`);
    }
    if (ahead > this.club.windowDays) {
      throw new BookingError(
        'OUTSIDE_WINDOW',
        `${date} is too far ahead: courts can be booked up to ${this.club.windowDays} days ahead, until ${this.lastBookableDate(now)}.`,
      );
    }
  }

  private assertSlotTime(time: string): void {
    if (typeof time !== 'string' || !isHhMm(time)) {
      throw new BookingError('INVALID_INPUT', `"${time}" is not a valid time. Use 24h HH:MM, e.g. 15:00; ${openingHours(this.club)}.`);
    }
    // A time between two slot starts ("17:45") is a fair question: nothing starts then, so the answer
    // is the nearest free slots. Only a time outside opening hours is an error.
    if (!this.isOpenAt(time)) {
      throw new BookingError('INVALID_INPUT', `There is no slot at ${time}: ${openingHours(this.club)}.`);
    }
  }

  private isOpenAt(time: string): boolean {
    const hour = Number(time.slice(0, 2));
    return hour >= this.club.firstSlotHour && hour <= this.club.lastSlotHour;
  }

  private assertNotStarted(slot: Slot, now: ZonedNow): void {
    if (hasStarted(slot, now)) {
      throw new BookingError('IN_THE_PAST', `${describeSlot(slot)} has already started (it is ${now.time} now). Choose a later time.`);
    }
  }

  private isSlotTime(time: string): boolean {
    const hour = Number(time.slice(0, 2));
    return time.endsWith(':00') && hour >= this.club.firstSlotHour && hour <= this.club.lastSlotHour;
  }

  /** Maps a slot id onto the club's courts and hours; well-formed ids naming no real slot are NOT_FOUND. */
  private resolveSlot(slotId: string): Slot {
    const { date, court: key, time } = parseSlotId(slotId);
    const court = this.club.courts.find((name) => courtKey(name) === key);
    if (!court) {
      throw new BookingError(
        'NOT_FOUND',
        `There is no court "${key}" (courts: ${this.club.courts.join(', ')}). Use a slot_id from check_availability.`,
      );
    }
    if (!this.isSlotTime(time)) {
      throw new BookingError(
        'NOT_FOUND',
        `There is no slot at ${time}: ${openingHours(this.club)}. Use a slot_id from check_availability.`,
      );
    }
    return { slot_id: slotId, court, date, time };
  }

  private async freeSlotsOn(date: string, now: ZonedNow): Promise<Slot[]> {
    const booked = new Set((await this.store.listByDate(date)).map((booking) => booking.slot_id));
    return slotsOn(this.club, date).filter((slot) => !booked.has(slot.slot_id) && !hasStarted(slot, now));
  }

  /** Same day closest to the requested time first, then the following days, up to the window's end. */
  private async nearestFreeSlots(date: string, time: string | undefined, freeThatDay: Slot[], now: ZonedNow): Promise<Slot[]> {
    const found = byClosestTime(freeThatDay, time);
    const lastDate = this.lastBookableDate(now);
    for (let day = addDays(date, 1); found.length < MAX_ALTERNATIVES && day <= lastDate; day = addDays(day, 1)) {
      found.push(...byClosestTime(await this.freeSlotsOn(day, now), time));
    }
    return found.slice(0, MAX_ALTERNATIVES);
  }

  private lastBookableDate(now: ZonedNow): string {
    return addDays(now.date, this.club.windowDays);
  }
}

function hasStarted(slot: Slot, now: ZonedNow): boolean {
  return slot.date < now.date || (slot.date === now.date && slot.time <= now.time);
}

/** Stable sort by distance from `time` (earlier wins a tie); slots keep time-then-court order otherwise. */
function byClosestTime(slots: Slot[], time: string | undefined): Slot[] {
  if (time === undefined) return [...slots];
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
  const target = minutes(time);
  return [...slots].sort((a, b) => Math.abs(minutes(a.time) - target) - Math.abs(minutes(b.time) - target));
}

function describeSlot(slot: Omit<Slot, 'slot_id'>): string {
  return `${slot.court} at ${slot.time} on ${slot.date}`;
}

function newBookingId(): string {
  return `bk_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
}
