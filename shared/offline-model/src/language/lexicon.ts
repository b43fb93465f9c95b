/** Word-level matchers for the booking domain: courts, list positions, yes/no, parts of day and intent. */
import type { Intent, PartOfDay } from './types';

const ORDINAL_WORDS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  last: -1,
};
const ORDINAL_NOUN = '(?: ?(?:one|option|slot|choice|time|court))';

// Shared with understand.ts, which blanks these phrases out before chrono reads dates and times.
/** "court B", "courts 2" (not "court 3pm"): group 1 is the letter or number. */
/** Month names as chrono-node reads them, January first. */
export const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

export const COURT_PATTERN = /\bcourts? #?([a-z]|\d{1,2})\b(?![:.]\d| ?(?:am|pm|o'clock))/;
/** "option 2", "number 3", "#2": group 1 or 2 is the number. */
export const NUMBERED_POSITION_PATTERN = /\b(?:option|number|no\.?|choice|slot) ?#?(\d{1,2})\b|#(\d{1,2})\b/;
/** "2nd one", "3rd slot": an ordinal that a noun marks as a list position. */
export const ORDINAL_WITH_NOUN_PATTERN = new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th)${ORDINAL_NOUN}\\b`);

/** "court B", "Court b", "B court", "court 2" (-> Court B), "crt b" (after normalisation). */
export function findCourt(original: string, normalized: string): string | undefined {
  const named = COURT_PATTERN.exec(normalized)?.[1];
  // "B court"; "a court" and "I court" are left out: there the letter is almost always a word.
  const prefixed = /\b([b-hj-z]|\d{1,2}) (?:court|crt)\b/i.exec(original)?.[1];
  const token = named ?? prefixed;
  if (!token) return undefined;
  const letter = /^\d+$/.test(token) ? String.fromCharCode(64 + Number(token)) : token.toUpperCase();
  return letter >= 'A' && letter <= 'Z' ? `Court ${letter}` : undefined;
}

/** "the second one", "2nd", "option 2", "number 3", "#2", "last" -> 2, 2, 2, 3, 2, -1. */
export function findOrdinal(normalized: string): number | undefined {
  const numbered = NUMBERED_POSITION_PATTERN.exec(normalized);
  if (numbered) return Number(numbered[1] ?? numbered[2]);
  const numeric = new RegExp(`(\\bthe |\\bon )?\\b(\\d{1,2})(?:st|nd|rd|th)\\b(${ORDINAL_NOUN})?(?! of)`).exec(normalized);
  // "the 28th" / "on the 2nd" is a day of the month, unless a noun says it is a list position.
  if (numeric && (numeric[3] || !numeric[1])) return Number(numeric[2]);
  const word = /\b(first|second|third|fourth|fifth|sixth|last)\b(?! (?:week|month|thing|time i))/.exec(normalized)?.[1];
  return word ? ORDINAL_WORDS[word] : undefined;
}

/** The day-of-month in "the 28th" / "on the 2nd" (no month named), for the date resolver. */
export function findBareDayOfMonth(normalized: string): { day: number; text: string } | undefined {
  const match = new RegExp(
    `\\b(?:on )?the (\\d{1,2})(?:st|nd|rd|th)\\b(?!${ORDINAL_NOUN}| of| (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))`,
  ).exec(normalized);
  if (!match?.[1]) return undefined;
  const day = Number(match[1]);
  return day >= 1 && day <= 31 ? { day, text: match[0] } : undefined;
}

const YES =
  /^(?:yes|yeah|yea|yep|yup|sure|ok|okay|go ahead|please do|do it|confirm(?:ed)?|sounds good|perfect|great|absolutely|definitely|that works|book it)\b/;
const NO = /^(?:no|nope|nah|cancel|never ?mind|don'?t|stop|forget it)\b/;

export function findConfirm(normalized: string): boolean | undefined {
  const text = normalized.replace(/^[^a-z0-9]+/, '');
  if (NO.test(text)) return false;
  if (YES.test(text)) return true;
  return undefined;
}

export function findPartOfDay(normalized: string): PartOfDay | undefined {
  const text = normalized.replace(/\bgood (?:morning|afternoon|evening)\b/g, '');
  if (/\bmorning\b|\bbefore (?:noon|lunch)\b/.test(text)) return 'morning';
  if (/\bafternoon\b|\bafter lunch\b/.test(text)) return 'afternoon';
  if (/\bevening\b|\btonight\b|\bafter work\b/.test(text)) return 'evening';
  return undefined;
}

const BOOK =
  /\b(?:book|reserve|reservation|i'?d like|i would like|i want|i need|can i (?:get|have)|could i (?:get|have)|get me|grab|sign me up|let'?s play|take it|take the|i'?ll take)\b/;
const AVAILABILITY =
  /\b(?:available|availability|free|open|any (?:slots?|courts?|times?|space)|anything|what times|which times|check|show me|when can|is there|are there)\b/;
const SMALL_TALK =
  /^(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening)|thanks|thank you|cheers|what can you do|who are you|help|how are you)\b/;

/**
 * Booking beats availability only when a booking verb is explicit and no availability cue is
 * present ("is court B free tomorrow?" is a question, "book court B tomorrow" is an order).
 */
export function findIntent(normalized: string, hasDetails: boolean): Intent {
  const book = BOOK.test(normalized);
  const availability = AVAILABILITY.test(normalized);
  if (book && (!availability || /\b(?:book|reserve)\b/.test(normalized))) return 'book';
  if (availability) return 'availability';
  if (book) return 'book';
  if (SMALL_TALK.test(normalized) && !hasDetails) return 'small_talk';
  return 'unknown';
}
