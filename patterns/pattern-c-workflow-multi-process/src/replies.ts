/** The orchestrator's answers, written by code from step results (the workflow has no "write the reply" step). */
import type { BookingRequest, Slot } from './payloads';

type Booked = { court: string; date: string; time: string; booking_id: string };

/** "15:00 (Court A, Court B), 16:00 (Court C)": free times with their courts, in time order. */
function listTimes(slots: Slot[]): string {
  const byTime = new Map<string, string[]>();
  for (const s of slots) byTime.set(s.time, [...(byTime.get(s.time) ?? []), s.court]);
  return [...byTime].map(([time, courts]) => `${time} (${courts.join(', ')})`).join(', ');
}

const when = (r: BookingRequest): string => (r.time ? ` at ${r.time}` : r.part_of_day ? ` in the ${r.part_of_day}` : '');

export const replies = {
  help: () => 'I can check free tennis courts and book one for you. Which day, and roughly what time, would you like?',
  askDay: () => 'Which day would you like to play? You can say "tomorrow", a weekday or a date.',
  refused: (message: string) => `${message} Which other day would suit you?`,
  free: (r: BookingRequest & { date: string }, slots: Slot[]) =>
    slots.length === 0
      ? `Nothing is free on ${r.date}${when(r)}. Would another day suit you?`
      : `Free on ${r.date}${when(r)}: ${listTimes(slots)}. Which time would you like me to book?`,
  notFree: (r: BookingRequest & { date: string }, others: Slot[]) => {
    const what = `${r.court ?? 'No court'} is not free on ${r.date}${when(r)}.`;
    return others.length === 0 ? `Sorry, ${what} Would another day suit you?` : `Sorry, ${what} Free instead: ${listTimes(others)}. Shall I book one of these?`;
  },
  booked: (b: Booked) => `Booked ${b.court} on ${b.date} at ${b.time} for you. Your booking id is ${b.booking_id}.`,
  lostRace: (message: string, others: Slot[]) =>
    others.length === 0 ? `Sorry: ${message}` : `Sorry: ${message} Still free: ${listTimes(others)}. Shall I book one of these?`,
};
