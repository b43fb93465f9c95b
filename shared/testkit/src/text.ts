/**
 * Reading times out of a model's or a template's answer, however it phrases them:
 * "15:00", "3pm", "3 p.m.", "3:30 PM". Used by scenario checks, so a real model's wording passes too.
 */

const TIME_24H = /\b([01]?\d|2[0-3]):([0-5]\d)\b(?!\s*[ap]\.?m\b)/gi;
const TIME_12H = /\b(1[0-2]|0?[1-9])(?::([0-5]\d))?\s*([ap])\.?m\b\.?/gi;

function hhmm(hour: number, minute: number): string {
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

function from12h(hour: number, minute: number, meridiem: string): string {
  const h = (hour % 12) + (meridiem.toLowerCase() === 'p' ? 12 : 0);
  return hhmm(h, minute);
}

/** Every time of day mentioned in `text`, as HH:MM (24h), in order of appearance, without duplicates. */
export function timesMentioned(text: string): string[] {
  const found: Array<{ at: number; time: string }> = [];
  for (const m of text.matchAll(TIME_24H)) found.push({ at: m.index, time: hhmm(Number(m[1]), Number(m[2])) });
  for (const m of text.matchAll(TIME_12H)) found.push({ at: m.index, time: from12h(Number(m[1]), Number(m[2] ?? 0), m[3]!) });
  found.sort((a, b) => a.at - b.at);
  return [...new Set(found.map((f) => f.time))];
}

/** True when `text` mentions the time `time` (HH:MM) in any usual form. */
export function mentionsTime(text: string, time: string): boolean {
  return timesMentioned(text).includes(time);
}

/** True when `text` names the court, e.g. "Court B" (case-insensitive, tolerant of "court b"). */
export function mentionsCourt(text: string, court: string): boolean {
  const escaped = court
    .trim()
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\s+/g, '\\s*');
  return new RegExp(`\\b${escaped}\\b`, 'i').test(text);
}
