/**
 * Text clean-up before parsing: common misspellings, and a few phrasings chrono-node reads
 * differently from how people mean them at a tennis club.
 */
import { MONTH_NAMES } from './lexicon';

const SPELLING: Array<[RegExp, string]> = [
  [/\b(?:tomm?orr?ow|tmrw?|2morr?ow?|tomorow|tommorow|tomoz)\b/g, 'tomorrow'],
  [/\b(?:crt|cort|crout)\b/g, 'court'],
  [/\b(?:bok|boook|reserv)\b/g, 'book'],
  [/\b(?:avail|avalable|availible|availabe)\b/g, 'available'],
  [/\b(?:pls|plz|please)\b/g, 'please'],
  [/\b(?:wednsday|wendesday)\b/g, 'wednesday'],
  [/\b(?:thrusday|thursdy)\b/g, 'thursday'],
  [/\b(?:saterday|satuday)\b/g, 'saturday'],
  [/\b(?:tonite)\b/g, 'tonight'],
];

const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';

const HOUR_WORDS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const HOUR_WORD = `(?:${HOUR_WORDS.join('|')})`;

/** Lower-cases and fixes misspellings; the result is what every matcher reads. */
export function normalizeText(text: string): string {
  let out = text.toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, ' ').trim();
  for (const [pattern, replacement] of SPELLING) out = out.replace(pattern, replacement);
  // "court two" -> "court 2" (which means Court B).
  return out.replace(new RegExp(`\\bcourt (${HOUR_WORD})\\b`, 'g'), (_m, word: string) => `court ${HOUR_WORDS.indexOf(word) + 1}`);
}

/** Words before an hour that make a number word a time: "at three", "half past four", "around ten". */
const BEFORE_HOUR = '(?:at|around|about|after|before|from|until|till|by|half past|quarter past|quarter to|half)';
/** Words after an hour that make a number word a time: "three o'clock", "four thirty", "seven in the evening". */
const AFTER_HOUR =
  "(?:o'?clock|[ap]\\.?m\\b\\.?|(?:fifteen|thirty|forty[- ]five)\\b|in the (?:morning|afternoon|evening)|at night|tonight)";
const MINUTE_WORDS: Record<string, string> = { fifteen: '15', thirty: '30', 'forty five': '45', 'forty-five': '45' };

/** Hour words spelled out where they name a time ("at three", "three pm"), never elsewhere ("the second one"). */
function hourWordsToDigits(text: string): string {
  const digit = (word: string): string => String(HOUR_WORDS.indexOf(word) + 1);
  return text
    .replace(new RegExp(`(?<=\\b${BEFORE_HOUR} )${HOUR_WORD}\\b`, 'g'), digit)
    .replace(new RegExp(`\\b${HOUR_WORD}(?= ?${AFTER_HOUR})`, 'g'), digit);
}

/**
 * Rewrites normalised text into forms chrono-node resolves as intended:
 * - times in words: "three in the afternoon", "half past four", "four thirty", "half four" (14:30 in
 *   British English), "quarter to six", "lunchtime" (noon);
 * - "7 in the evening" / "9 at night" as pm and "10 in the morning" as am (chrono drops these);
 * - "day after tomorrow" (chrono reads "tomorrow"), "15h", "Nov 28" (the GB parser reads 28 as a year);
 * - drops durations such as "for 2 hours" that would read as a time.
 */
export function rewriteForChrono(text: string): string {
  return (
    hourWordsToDigits(text)
      // An ISO date followed by "in the afternoon" reads to chrono as "22 in the afternoon" (22:00): spell it out.
      .replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (iso, y: string, m: string, d: string) => {
        const month = MONTH_NAMES[Number(m) - 1];
        return month ? `${Number(d)} ${month} ${y}` : iso;
      })
      .replace(new RegExp(`\\b(${MONTHS})\\.? (\\d{1,2})(?:st|nd|rd|th)?\\b(?! ?,? ?\\d{4})`, 'g'), '$2 $1')
      .replace(/\b(?:the )?day after tomorrow\b/g, 'in 2 days')
      .replace(/\bfor (?:an?|one|two|\d+(?:\.\d+)?) (?:hours?|hrs?|minutes?|mins?)\b|\b(?:for )?half an hour\b/g, ' ')
      .replace(/\b(\d{1,2})h(\d{2})?\b/g, (_m, h: string, m?: string) => `${h}:${m ?? '00'}`)
      .replace(/\b(\d{1,2}) (fifteen|thirty|forty[- ]five)\b/g, (_m, h: string, m: string) => `${h}:${MINUTE_WORDS[m] ?? '00'}`)
      .replace(/\b(?:a )?half past (\d{1,2})\b/g, '$1:30')
      .replace(/\b(?:a )?quarter past (\d{1,2})\b/g, '$1:15')
      .replace(/\b(?:a )?quarter to (\d{1,2})\b/g, (_m, h: string) => `${Number(h) === 1 ? 12 : Number(h) - 1}:45`)
      .replace(/\bhalf (\d{1,2})\b(?![:.]\d)/g, '$1:30')
      .replace(/\blunch ?time\b|(?<=\b(?:at|over|around) )lunch\b/g, 'noon')
      .replace(/\b(\d{1,2}(?::\d{2})?) (?:in the morning)\b/g, '$1am')
      .replace(/\b(\d{1,2}(?::\d{2})?) (?:in the (?:afternoon|evening)|at night|tonight)\b/g, '$1pm')
  );
}
