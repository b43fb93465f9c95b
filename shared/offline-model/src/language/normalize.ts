/**
 * Text clean-up before parsing: common misspellings, and a few phrasings chrono-node reads
 * differently from how people mean them at a tennis club.
 */

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

const MONTHS = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';

/** Lower-cases and fixes misspellings; the result is what every matcher reads. */
export function normalizeText(text: string): string {
  let out = text.toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, ' ').trim();
  for (const [pattern, replacement] of SPELLING) out = out.replace(pattern, replacement);
  return out;
}

/**
 * Rewrites normalised text into forms chrono-node resolves as intended:
 * "day after tomorrow" (chrono reads "tomorrow"), "15h", "half past 2", "Nov 28" (the GB parser
 * reads 28 as a year), and drops durations such as "for 2 hours" that would read as a time.
 */
const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

export function rewriteForChrono(text: string): string {
  return text
    // An ISO date followed by "in the afternoon" reads to chrono as "22 in the afternoon" (22:00): spell it out.
    .replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (iso, y: string, m: string, d: string) => {
      const month = MONTH_NAMES[Number(m) - 1];
      return month ? `${Number(d)} ${month} ${y}` : iso;
    })
    .replace(/\b(?:the )?day after tomorrow\b/g, 'in 2 days')
    .replace(/\bfor (?:an?|one|two|\d+(?:\.\d+)?) (?:hours?|hrs?|minutes?|mins?)\b/g, ' ')
    .replace(/\b(\d{1,2})h(\d{2})?\b/g, (_m, h: string, m?: string) => `${h}:${m ?? '00'}`)
    .replace(/\bhalf past (\d{1,2})\b/g, '$1:30')
    .replace(/\bquarter past (\d{1,2})\b/g, '$1:15')
    .replace(/\bquarter to (\d{1,2})\b/g, (_m, h: string) => `${Number(h) - 1}:45`)
    .replace(new RegExp(`\\b(${MONTHS})\\.? (\\d{1,2})(?:st|nd|rd|th)?\\b(?! ?,? ?\\d{4})`, 'g'), '$2 $1');
}
