/**
 * Human approval before booking (REQUIRE_CONFIRMATION=true), the part every pattern shares.
 *
 * A pattern that is about to book asks instead: its turn returns `approval: { pending, hold }`, where
 * `pending` names the exact slot and `hold` is whatever the pattern needs to carry on (D's held tool call,
 * E/F/G's serialised RunState, H's invocation id). The runtime keeps both in the session record, server
 * side, and answers with `pending_approval`. On the session's next turn the runtime claims the approval
 * (a conditional save that removes it, so it is used once even under concurrent requests), reads the
 * member's reply in code (never by a model) and hands the pattern `{ pending, hold, reply }`.
 * A client can neither create nor change an approval: requests carry only a message.
 */
import { courtKey, formatDay, parseSlotId, type BookingService } from '@tennis/booking-service';

/** The slot waiting for the member's yes or no, as the HTTP response shows it (`pending_approval`). */
export interface PendingApproval {
  slot_id: string;
  /** The court's name, e.g. "Court B". */
  court: string;
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM, 24h */
  time: string;
}

/** What a turn that stops to ask returns, and what the session keeps until the member answers. */
export interface ApprovalRequest {
  pending: PendingApproval;
  /** The pattern's own way to resume (JSON-serialisable); never sent to the client. */
  hold?: unknown;
}

/** How code reads the member's answer: a plain yes, a plain no, or anything else (a change, another question). */
export type ApprovalReply = 'yes' | 'no' | 'other';

/** The answered approval, as the runtime hands it to the pattern's next turn. */
export interface ApprovalAnswer extends ApprovalRequest {
  reply: ApprovalReply;
}

/** The pending approval for a slot id, with the court's display name from the club. */
export function pendingApproval(bookings: BookingService, slotId: string): PendingApproval {
  const { court, date, time } = parseSlotId(slotId);
  const name = bookings.club.courts.find((c) => courtKey(c) === courtKey(court)) ?? court;
  return { slot_id: slotId, court: name, date, time };
}

const describe = (p: PendingApproval): string => `${p.court} on ${formatDay(p.date)} (${p.date}) at ${p.time}`;

/** The question a pattern answers with instead of booking: it names the exact slot and asks yes or no. */
export function approvalQuestion(p: PendingApproval): string {
  return `Shall I book ${describe(p)} for you? Please answer yes or no.`;
}

/** The answer to a "no". */
export function declinedAnswer(p: PendingApproval): string {
  return `OK, I have not booked ${describe(p)}. Nothing was booked.`;
}

/** Added to the answer when the member said something other than yes or no: the question they left is dropped. */
export function droppedNote(p: PendingApproval): string {
  return `(I did not book ${describe(p)}, which I asked you about.)`;
}

// The reply is read in code: only a message made of nothing but approval (or refusal) phrases counts.
// "yes, but court B instead" or "no, make it 7pm" carry a change, so they are "other".
const POLITE = ['please', 'thanks', 'thank you', 'cheers', 'ta', 'mate', 'then'];
const YES = [
  'yes',
  'y',
  'yeah',
  'yea',
  'yep',
  'yup',
  'ya',
  'sure',
  'ok',
  'okay',
  'k',
  'alright',
  'all right',
  'fine',
  'confirm',
  'confirmed',
  'i confirm',
  'approve',
  'approved',
  'i approve',
  'go ahead',
  'go for it',
  'do it',
  'book it',
  'please do',
  'yes please',
  'sounds good',
  'that works',
  'works for me',
  'perfect',
  'great',
  'absolutely',
  'definitely',
  'of course',
  'correct',
  'right',
  "that's right",
  'that is right',
  "that's fine",
  'that is fine',
  'lovely',
  'brilliant',
  'excellent',
  'yes do',
  'affirmative',
];
const NO = [
  'no',
  'n',
  'nope',
  'nah',
  'no way',
  'not now',
  'not really',
  "don't",
  'do not',
  "don't book it",
  'do not book it',
  "don't book",
  'do not book',
  'cancel',
  'cancel it',
  'stop',
  'decline',
  'declined',
  'i decline',
  'never mind',
  'nevermind',
  'forget it',
  'no thanks',
  'no thank you',
  'negative',
  "i don't want it",
  'i do not want it',
  'leave it',
];

/** Matches a message made only of the given phrases and polite words, e.g. "yes please, thanks". */
function onlyPhrases(words: string[]): RegExp {
  const phrase = [...words, ...POLITE]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/ /g, ' +'))
    .join('|');
  return new RegExp(`^(?:(?:${phrase})(?: +|$))+$`);
}

/** Matches a message with at least one of the given phrases as whole words. */
const anyPhrase = (words: string[]): RegExp => new RegExp(`(?:^| )(?:${words.map((w) => w.replace(/ /g, ' +')).join('|')})(?= |$)`);

const ONLY_YES = onlyPhrases(YES);
const ONLY_NO = onlyPhrases(NO);
const ANY_YES = anyPhrase(YES);
const ANY_NO = anyPhrase(NO);
/** Longer messages are never a bare yes or no (and the phrase match stays cheap). */
const MAX_REPLY_CHARS = 80;

/** Reads the member's answer to an approval question. */
export function readApprovalReply(message: string): ApprovalReply {
  const words = message
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim();
  if (words === '' || words.length > MAX_REPLY_CHARS) return 'other';
  if (ONLY_YES.test(words) && ANY_YES.test(words)) return 'yes';
  if (ONLY_NO.test(words) && ANY_NO.test(words)) return 'no';
  return 'other';
}
