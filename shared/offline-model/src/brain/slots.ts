/** Choosing among slots by what the user asked for. */
import type { AvailabilityResult, Slot } from '../../../booking-service/src/types';
import type { Understanding } from '../language';
import { inPartOfDay } from './reply';

const courtKey = (court: string): string => court.toLowerCase().replace(/\s+/g, '');

export const sameCourt = (a: string, b: string): boolean => courtKey(a) === courtKey(b);

const minutes = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** The free slot exactly matching date and time (and court when given), first court otherwise. */
export function exactSlot(slots: Slot[], wish: Understanding): Slot | undefined {
  return slots.find((s) => s.date === wish.date && s.time === wish.time && (!wish.court || sameCourt(s.court, wish.court)));
}

/**
 * The best slot for a wish: exact time and court, else exact time, else the nearest time within
 * the part of day, else the nearest time, else the first slot. Same-date slots win.
 */
export function bestSlot(slots: Slot[], wish: Understanding): Slot | undefined {
  const sameDay = slots.filter((s) => !wish.date || s.date === wish.date);
  const pool = sameDay.length > 0 ? sameDay : slots;
  const onCourt = pool.filter((s) => !wish.court || sameCourt(s.court, wish.court));
  const candidates = onCourt.length > 0 ? onCourt : pool;
  const exact = candidates.find((s) => s.time === wish.time) ?? pool.find((s) => s.time === wish.time);
  if (exact) return exact;
  const inPart = candidates.filter((s) => inPartOfDay(s.time, wish.partOfDay));
  const target = wish.time ? minutes(wish.time) : undefined;
  const ranked = (inPart.length > 0 ? inPart : candidates).slice();
  if (target !== undefined) ranked.sort((a, b) => Math.abs(minutes(a.time) - target) - Math.abs(minutes(b.time) - target));
  return ranked[0];
}

/**
 * An availability result whose alternatives are filled in when a time was asked for, nothing is
 * free at it and the tool gave no alternatives (a tool that takes no time lists the whole day):
 * the free slots nearest to the time, earlier first on a tie, as a model would pick them out.
 */
export function withNearestAlternatives(result: AvailabilityResult, wish: Understanding, max = 6): AvailabilityResult {
  const { time } = wish;
  if (!time || result.alternatives.length > 0 || result.available.some((s) => s.time === time)) return result;
  const target = minutes(time);
  const distance = (slot: Slot): number => Math.abs(minutes(slot.time) - target);
  const onCourt = result.available.filter((s) => !wish.court || sameCourt(s.court, wish.court));
  const nearest = (onCourt.length > 0 ? onCourt : result.available)
    .slice()
    .sort((a, b) => distance(a) - distance(b) || minutes(a.time) - minutes(b.time))
    .slice(0, max);
  return { ...result, alternatives: nearest };
}
