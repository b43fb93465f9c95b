import { hourToTime, isHhMm, isIsoDate } from './calendar';
import { courtKey } from './club';
import { BookingError } from './errors';
import type { ClubConfig, Slot } from './types';

export const SLOT_ID_PATTERN = /^(\d{4}-\d{2}-\d{2})_([A-Za-z0-9-]+)_(\d{2})(\d{2})$/;
export const SLOT_ID_EXAMPLE = '2026-11-22_CourtB_1500';

/** "2026-11-22", "Court B", "15:00" -> "2026-11-22_CourtB_1500". */
export function makeSlotId(date: string, court: string, time: string): string {
  return `${date}_${courtKey(court)}_${time.replace(':', '')}`;
}

/**
 * Splits a slot id into its parts. `court` is the court key as written in the id ("CourtB");
 * BookingService maps it back to the club's court name. Throws INVALID_INPUT when malformed.
 */
export function parseSlotId(slotId: string): { date: string; court: string; time: string } {
  const match = SLOT_ID_PATTERN.exec(slotId);
  const time = match ? `${match[3]}:${match[4]}` : '';
  if (!match || !isIsoDate(match[1]!) || !isHhMm(time)) {
    throw new BookingError(
      'INVALID_INPUT',
      `"${slotId}" is not a valid slot id. Slot ids look like ${SLOT_ID_EXAMPLE}; copy one from check_availability.`,
    );
  }
  return { date: match[1]!, court: match[2]!, time };
}

function toSlot(date: string, court: string, time: string): Slot {
  return { slot_id: makeSlotId(date, court, time), court, date, time };
}

/** Every slot of one day, ordered by time then court. */
export function slotsOn(club: ClubConfig, date: string): Slot[] {
  const slots: Slot[] = [];
  for (let hour = club.firstSlotHour; hour <= club.lastSlotHour; hour++) {
    for (const court of club.courts) slots.push(toSlot(date, court, hourToTime(hour)));
  }
  return slots;
}

/** Orders by date, then time, then court (slot ids alone would sort court before time). */
export function compareSlots(a: Omit<Slot, 'slot_id'>, b: Omit<Slot, 'slot_id'>): number {
  return a.date.localeCompare(b.date) || a.time.localeCompare(b.time) || a.court.localeCompare(b.court);
}
