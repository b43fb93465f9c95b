/**
 * "Morning", "afternoon" and "evening" as slot start times, so every pattern that filters by what a
 * user said ("anything tomorrow afternoon?") uses the same boundaries.
 */
export const PARTS_OF_DAY = ['morning', 'afternoon', 'evening'] as const;
export type PartOfDay = (typeof PARTS_OF_DAY)[number];

/** Inclusive start-time ranges (HH:MM). */
const RANGES: Record<PartOfDay, { from: string; to: string }> = {
  morning: { from: '00:00', to: '11:59' },
  afternoon: { from: '12:00', to: '16:59' },
  evening: { from: '17:00', to: '23:59' },
};

/** Whether a slot starting at `time` (HH:MM) is in that part of the day. */
export function inPartOfDay(time: string, part: PartOfDay): boolean {
  const { from, to } = RANGES[part];
  return time >= from && time <= to;
}
