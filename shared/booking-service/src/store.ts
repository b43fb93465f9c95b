import { compareSlots } from './slots';
import type { Booking } from './types';

export type CreateResult = { created: true; booking: Booking } | { created: false; existing: Booking };

/** Where bookings live. `create` is the only write and must be atomic per slot_id. */
export interface BookingStore {
  /** Stores `booking` unless its slot is taken; then returns the booking already there. */
  create(booking: Booking): Promise<CreateResult>;
  getBySlot(slotId: string): Promise<Booking | null>;
  getById(bookingId: string): Promise<Booking | null>;
  /** The user's bookings ordered by date, time, court. */
  listByUser(userId: string): Promise<Booking[]>;
  /** Bookings on one date ordered by time, court. */
  listByDate(date: string): Promise<Booking[]>;
}

/**
 * Single-process store for tests and the demo. `create` checks and sets without awaiting in
 * between, so JavaScript's run-to-completion makes it atomic; keep it free of awaits.
 */
export class InMemoryBookingStore implements BookingStore {
  private readonly bySlot = new Map<string, Booking>();
  private readonly byId = new Map<string, Booking>();

  async create(booking: Booking): Promise<CreateResult> {
    const existing = this.bySlot.get(booking.slot_id);
    if (existing) return { created: false, existing: { ...existing } };
    const stored = { ...booking };
    this.bySlot.set(stored.slot_id, stored);
    this.byId.set(stored.booking_id, stored);
    return { created: true, booking: { ...stored } };
  }

  async getBySlot(slotId: string): Promise<Booking | null> {
    return copyOrNull(this.bySlot.get(slotId));
  }

  async getById(bookingId: string): Promise<Booking | null> {
    return copyOrNull(this.byId.get(bookingId));
  }

  async listByUser(userId: string): Promise<Booking[]> {
    return this.list((booking) => booking.user_id === userId);
  }

  async listByDate(date: string): Promise<Booking[]> {
    return this.list((booking) => booking.date === date);
  }

  /** Every booking in the store, ordered like the other lists (tests and local inspection). */
  async all(): Promise<Booking[]> {
    return this.list(() => true);
  }

  private list(keep: (booking: Booking) => boolean): Booking[] {
    return [...this.bySlot.values()]
      .filter(keep)
      .map((booking) => ({ ...booking }))
      .sort(compareSlots);
  }
}

function copyOrNull(booking: Booking | undefined): Booking | null {
  return booking ? { ...booking } : null;
}
