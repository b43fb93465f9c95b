import {
  COURT_PATTERN,
  findConfirm,
  findCourt,
  findIntent,
  findOrdinal,
  findPartOfDay,
  NUMBERED_POSITION_PATTERN,
  ORDINAL_WITH_NOUN_PATTERN,
} from './lexicon';
import { normalizeText } from './normalize';
import type { Understanding } from './types';
import { parseWhen } from './when';

/** Court and list-position phrases carry numbers chrono could mistake for times or days. */
function withoutCourtsAndPositions(normalized: string): string {
  const everywhere = (pattern: RegExp) => new RegExp(pattern.source, 'g');
  return normalized
    .replace(everywhere(COURT_PATTERN), ' ')
    .replace(everywhere(NUMBERED_POSITION_PATTERN), ' ')
    .replace(everywhere(ORDINAL_WITH_NOUN_PATTERN), ' ');
}

/**
 * Reads one user utterance. `today` (YYYY-MM-DD, club-local) anchors relative days; without it
 * only fully written dates are understood.
 */
export function understand(text: string, today?: string): Understanding {
  const normalized = normalizeText(text);
  const when = parseWhen(withoutCourtsAndPositions(normalized), today);
  const court = findCourt(text, normalized);
  const partOfDay = findPartOfDay(normalized);
  const ordinal = findOrdinal(normalized);
  const confirm = findConfirm(normalized);
  const hasDetails = Boolean(when.date || when.time || court || partOfDay || ordinal !== undefined);
  const understanding: Understanding = { intent: findIntent(normalized, hasDetails) };
  if (when.date) understanding.date = when.date;
  if (when.time) understanding.time = when.time;
  if (partOfDay) understanding.partOfDay = partOfDay;
  if (court) understanding.court = court;
  if (ordinal !== undefined) understanding.ordinal = ordinal;
  if (confirm !== undefined) understanding.confirm = confirm;
  return understanding;
}
