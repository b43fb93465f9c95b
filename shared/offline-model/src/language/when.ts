/**
 * Dates and times via chrono-node's English (GB, day-first) parser. The reference is built as a
 * plain local date from the ISO "today" string, and results are read back as calendar fields, so
 * the outcome never depends on the machine's time zone: dates are club-local calendar dates.
 */
import * as chrono from 'chrono-node/en';
import { findBareDayOfMonth, MONTH_NAMES } from './lexicon';
import { rewriteForChrono } from './normalize';

export interface When {
  date?: string;
  time?: string;
}

/** Slots run 08:00-21:00, so "at 3" (no am/pm) means 15:00; "at 9" stays 09:00. */
const FIRST_OPENING_HOUR = 8;

const pad = (n: number): string => String(n).padStart(2, '0');
/** Parses "YYYY-MM-DD" into a local Date at noon (noon keeps DST shifts away from the day boundary). */
function referenceDate(today: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(today);
  if (!match) throw new Error(`today must be YYYY-MM-DD, got "${today}"`);
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12, 0);
}

/** "the 28th" -> "28 november" (this month if the day is still ahead, else next month). */
function nameBareDayOfMonth(text: string, reference: Date): string {
  const bare = findBareDayOfMonth(text);
  if (!bare) return text;
  const monthIndex = (reference.getMonth() + (bare.day < reference.getDate() ? 1 : 0)) % 12;
  return text.replace(bare.text, ` ${bare.day} ${MONTH_NAMES[monthIndex]} `);
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const WEEKDAY = '(sun|mon|tue|wed|thu|fri|sat)(?:day|s|sday|nesday|rsday|urday)?';

/**
 * Days from the reference to a weekday named with "this" or "next" (weeks run Monday to Sunday):
 * - "this Tuesday": the coming Tuesday, today included (0-6 days ahead);
 * - "this coming Tuesday" / "coming Tuesday": the coming Tuesday after today (1-7 days ahead);
 * - "next Tuesday" / "Tuesday next week": the Tuesday of next week (1-13 days ahead). On Saturday
 *   21 November that is Tuesday 24 November; on Monday 23 November it is Tuesday 1 December.
 */
function daysAhead(which: string, weekday: number, reference: Date): number {
  const today = reference.getDay();
  const ahead = (weekday - today + 7) % 7;
  if (which === 'next') return 7 - ((today + 6) % 7) + ((weekday + 6) % 7);
  return which === 'this' ? ahead : ahead || 7;
}

/** "this Saturday", "next Tuesday", "Tuesday next week" -> "24 november 2026" (see daysAhead). */
function nameRelativeWeekdays(text: string, reference: Date): string {
  const name = (which: string, abbreviation: string): string => {
    const weekday = WEEKDAYS.findIndex((day) => day.startsWith(abbreviation));
    const day = new Date(reference);
    day.setDate(day.getDate() + daysAhead(which, weekday, reference));
    return ` ${day.getDate()} ${MONTH_NAMES[day.getMonth()]} ${day.getFullYear()} `;
  };
  return text
    .replace(new RegExp(`\\b(?:on )?${WEEKDAY} next week\\b|\\bnext week on ${WEEKDAY}\\b`, 'g'), (_m, a?: string, b?: string) =>
      name('next', a ?? b ?? ''),
    )
    .replace(new RegExp(`\\b(this coming|coming|this|next) ${WEEKDAY}\\b`, 'g'), (_m, which: string, a: string) =>
      name(which.endsWith('coming') ? 'coming' : which, a),
    );
}

function isoDate(components: chrono.ParsedResult['start']): string {
  return `${components.get('year')}-${pad(components.get('month') ?? 1)}-${pad(components.get('day') ?? 1)}`;
}

function clockTime(components: chrono.ParsedResult['start']): string {
  let hour = components.get('hour') ?? 0;
  if (!components.isCertain('meridiem') && hour > 0 && hour < FIRST_OPENING_HOUR) hour += 12;
  return `${pad(hour)}:${pad(components.get('minute') ?? 0)}`;
}

/**
 * Finds the first date and the first clock time in normalised text. Without `today` only fully
 * written dates (with a year) count: a relative day cannot be resolved without knowing today.
 */
export function parseWhen(normalized: string, today?: string): When {
  const reference = today ? referenceDate(today) : new Date(2000, 0, 1, 12, 0);
  const rewritten = nameBareDayOfMonth(rewriteForChrono(normalized), reference);
  // Without today, "next Tuesday" stays relative (and unresolved), like "tomorrow".
  const text = today ? nameRelativeWeekdays(rewritten, reference) : rewritten;
  const when: When = {};
  for (const result of chrono.GB.parse(text, reference, { forwardDate: true })) {
    const { start } = result;
    const hasDay = today ? start.isCertain('day') || start.isCertain('weekday') : start.isCertain('day') && /\b\d{4}\b/.test(result.text); // a written year: nothing relative
    if (hasDay && !when.date) when.date = isoDate(start);
    if (start.isCertain('hour') && !when.time) when.time = clockTime(start);
  }
  return when;
}
