/**
 * The mistakes of OFFLINE_MODEL_ERRORS, applied to what the model would otherwise do. Each applies only
 * where the request offers the chance to make it (a tool with a date, a book tool, an output schema, an
 * earlier turn to forget...), never because of who is calling. Each returns whether it changed anything,
 * so the response can say which mistakes were really made.
 */
import { addDays } from '../../../booking-service/src/calendar';
import type { ModelErrorMode } from '../model-errors';
import type { JsonSchema, ModelRequest, NeutralTool } from '../types';
import type { Conversation } from './conversation';
import * as reply from './reply';
import { exactSlot } from './slots';
import { delegateParam, delegateRequest, type ToolRoles } from './tools';

export type Call = { tool: NeutralTool; args: Record<string, unknown> };
export type Action = { call: Call } | { text: string };

export class Mistakes {
  readonly made: ModelErrorMode[] = [];
  /** An error profile is set (even if nothing was drawn for this call). */
  readonly enabled: boolean;
  private readonly drawn: ReadonlySet<ModelErrorMode>;

  constructor(drawn: ReadonlySet<ModelErrorMode> | undefined) {
    this.enabled = drawn !== undefined;
    this.drawn = drawn ?? new Set();
  }

  /** Whether `mode` was drawn for this call and applies; marks it as made. */
  take(mode: ModelErrorMode, applies = true): boolean {
    if (!this.drawn.has(mode) || !applies) return false;
    this.mark(mode);
    return true;
  }

  /** A mistake carried on from an earlier call (a loop the model is stuck in). */
  mark(mode: ModelErrorMode): void {
    if (!this.made.includes(mode)) this.made.push(mode);
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** forgot_history: the model reads only the system prompt and the latest user message onwards. */
export function forgetHistory(req: ModelRequest, mistakes: Mistakes): ModelRequest {
  const lastUser = req.messages.findLastIndex((m) => m.role === 'user');
  const earlier = req.messages.slice(0, lastUser).some((m) => m.role === 'user' || m.role === 'assistant');
  if (!mistakes.take('forgot_history', lastUser > 0 && earlier)) return req;
  return { ...req, messages: req.messages.filter((m, i) => m.role === 'system' || i >= lastUser) };
}

/**
 * A model stays consistent with the arguments it has already sent in this turn: once it checked a date and
 * time, it books from that check (so a misread date is carried through to the booking, as a real model does).
 * Returns the fields it took from its own earlier call, which it does not misread a second time.
 */
export function keepOwnReading(conv: Conversation, roles: ToolRoles): Set<'date' | 'time'> {
  const kept = new Set<'date' | 'time'>();
  const own = conv.steps.find((s) => s.name === roles.availability?.name && typeof s.args.date === 'string' && ISO_DATE.test(s.args.date));
  if (!own) return kept;
  conv.wish = { ...conv.wish, date: own.args.date as string };
  kept.add('date');
  if (typeof own.args.time === 'string' && HH_MM.test(own.args.time)) {
    conv.wish = { ...conv.wish, time: own.args.time };
    kept.add('time');
  }
  return kept;
}

/** HH:MM moved by whole hours, round the clock. */
function shiftHour(time: string, hours: number): string {
  return `${String((Number(time.slice(0, 2)) + hours) % 24).padStart(2, '0')}${time.slice(2)}`;
}

const OTHER_COURT: Record<string, string> = { 'Court A': 'Court B', 'Court B': 'Court C', 'Court C': 'Court A' };

/**
 * wrong_date, swapped_ampm, wrong_court: the member's words are misread before anything is done with them.
 * Only what needs reading can be misread: a date given as YYYY-MM-DD, or a time given as 24h HH:MM (as code and
 * managers write them for a step or specialist), is taken as written, so a mistake is made once, where words are read.
 */
export function misread(conv: Conversation, mistakes: Mistakes, kept: ReadonlySet<'date' | 'time'>, req: ModelRequest): void {
  if (!mistakes.enabled) return;
  const { wish } = conv;
  const said = req.messages.flatMap((m) => (m.role === 'user' ? [m.text] : [])).join('\n');
  const literalDate = /\b\d{4}-\d{2}-\d{2}\b/.test(said);
  if (wish.date && !kept.has('date') && !literalDate && mistakes.take('wrong_date'))
    conv.wish = { ...conv.wish, date: addDays(wish.date, 1) };
  if (wish.time && !kept.has('time') && !said.includes(wish.time) && mistakes.take('swapped_ampm'))
    conv.wish = { ...conv.wish, time: shiftHour(wish.time, 12) };
  if (wish.court && mistakes.take('wrong_court')) conv.wish = { ...conv.wish, court: OTHER_COURT[wish.court] ?? 'Court A' };
}

/** A slot id guessed from an example the model has seen (a result, or the tool's own description). */
function guessSlotId(conv: Conversation, book: NeutralTool): string {
  const { date = '', time = '', court } = conv.wish;
  const example =
    conv.seen.slots[0]?.slot_id ??
    /\d{4}-\d{2}-\d{2}_[A-Za-z0-9]+_\d{4}/.exec(JSON.stringify(book.parameters) + (book.description ?? ''))?.[0];
  if (!example) return `${date} ${time}`;
  const [, exampleCourt = 'CourtA'] = example.split('_');
  const courtKey = court ? court.replace(/\s+/g, '') : exampleCourt;
  return `${date}_${courtKey}_${time.replace(':', '')}`;
}

const lastResult = (conv: Conversation) => conv.steps.findLast((s) => s.result)?.result;
const bookedThisTurn = (conv: Conversation): boolean => conv.steps.some((s) => s.result?.kind === 'booking');
const sameCall = (a: { name: string; args: unknown }, b: { name: string; args: unknown }): boolean =>
  a.name === b.name && JSON.stringify(a.args) === JSON.stringify(b.args);

function toolNamed(roles: ToolRoles, name: string | undefined): NeutralTool | undefined {
  return [roles.availability, roles.book, roles.delegates.availability, roles.delegates.booking].find((t) => t && t.name === name);
}

/** The slot a text answer confirms ("Booked: Court A on ... at 15:00"), or the slot the member asked to book. */
function claimedSlot(action: Action, conv: Conversation): { court?: string; date?: string; time?: string } | undefined {
  const result = conv.steps.findLast((s) => s.result?.kind === 'booking')?.result;
  const b = result?.kind === 'booking' ? result.booking : conv.seen.bookings.at(-1);
  if ('text' in action && /^Booked:/.test(action.text) && b) {
    // Misreports the booking it was given: another hour than the one booked.
    return { court: b.court, date: b.date, time: shiftHour(b.time, 1) };
  }
  const { wish } = conv;
  if (wish.intent === 'book' && wish.date && wish.time && !bookedThisTurn(conv)) return wish;
  return undefined;
}

/** The mistakes made instead of the action the model would otherwise take. */
export function misact(action: Action, conv: Conversation, roles: ToolRoles, mistakes: Mistakes): Action {
  const { wish } = conv;
  const calling = 'call' in action ? action.call.tool : undefined;
  const wantsBooking = wish.intent === 'book' && !!wish.date && !!wish.time;

  // Stuck in a loop: once the model made the same call twice in a row, it goes on (until the caller's cap).
  const [prev, last] = conv.steps.slice(-2);
  const stuck = mistakes.enabled && prev && last && sameCall(prev, last) ? toolNamed(roles, last.name) : undefined;
  if (stuck && last) {
    mistakes.mark('repeat_tool');
    return { call: { tool: stuck, args: last.args } };
  }
  const repeat = !calling ? toolNamed(roles, conv.steps.at(-1)?.name) : undefined;
  if (repeat && mistakes.take('repeat_tool')) return { call: { tool: repeat, args: conv.steps.at(-1)!.args } };
  if (calling && mistakes.take('skipped_tool')) return { text: reply.unsupportedAnswer(conv.wish) };
  if (calling && calling === roles.availability && roles.book && wantsBooking && mistakes.take('unchecked_booking')) {
    return { call: { tool: roles.book, args: { slot_id: guessSlotId(conv, roles.book) } } };
  }
  const result = lastResult(conv);
  if (!calling && wish.intent !== 'book' && roles.book && result?.kind === 'availability') {
    const slot = exactSlot(result.result.available, wish) ?? result.result.available.find((s) => !wish.time || s.time === wish.time);
    if (slot && mistakes.take('book_on_question')) return { call: { tool: roles.book, args: { slot_id: slot.slot_id } } };
  }
  const bookingDelegate = roles.delegates.booking;
  if (calling && calling === roles.delegates.availability && bookingDelegate && wish.intent !== 'book' && wish.date && wish.time) {
    if (mistakes.take('book_on_question'))
      return { call: { tool: bookingDelegate, args: { [delegateParam(bookingDelegate)]: delegateRequest('booking', conv) } } };
  }
  const claim = !calling || calling === roles.book || calling === bookingDelegate ? claimedSlot(action, conv) : undefined;
  if (claim && mistakes.take('false_claim')) return { text: reply.claimBooking(claim) };
  if (calling && (calling === roles.availability || calling === roles.book) && mistakes.take('malformed_args')) {
    return { call: { tool: calling, args: calling === roles.book ? { slot_id: 42 } : { date: 'tomorrow', time: 3 } } };
  }
  return action;
}

/** false_claim in a structured answer's free text, and missing_field: a required property left out. */
export function misstructure(value: unknown, schema: JsonSchema | undefined, conv: Conversation, mistakes: Mistakes): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const out = { ...(value as Record<string, unknown>) };
  const textKey = Object.keys(out).find((k) => /message|answer|reply|response|text/i.test(k) && typeof out[k] === 'string');
  const claim = textKey ? claimedSlot({ text: String(out[textKey]) }, conv) : undefined;
  if (textKey && claim && mistakes.take('false_claim')) out[textKey] = reply.claimBooking(claim);
  const required = schema?.required ?? Object.keys(out);
  const drop = required.find((k) => out[k] !== null && out[k] !== undefined && out[k] !== '');
  if (drop && mistakes.take('missing_field')) delete out[drop];
  return out;
}
