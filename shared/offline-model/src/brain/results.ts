/** Reads tool results and JSON embedded in text: availability results, bookings, slots and errors. */
// Type-only and relative: the offline model has no runtime dependency on the booking service.
import type { AvailabilityResult, Booking, Slot } from '../../../booking-service/src/types';

export type ToolResult =
  | { kind: 'availability'; result: AvailabilityResult }
  | { kind: 'booking'; booking: Booking }
  | { kind: 'error'; code?: string; message: string }
  /** The call never ran because a human did not approve it (an agent framework's human-in-the-loop rejection). */
  | { kind: 'not_approved'; message: string }
  | { kind: 'text'; text: string };

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function isSlot(value: unknown): value is Slot {
  return isObject(value) && typeof value.slot_id === 'string' && typeof value.date === 'string' && typeof value.time === 'string';
}

export function isBooking(value: unknown): value is Booking {
  return isSlot(value) && typeof (value as unknown as Json).booking_id === 'string';
}

function isAvailability(value: unknown): value is AvailabilityResult {
  return isObject(value) && Array.isArray(value.available);
}

/** Index just past the JSON value starting at `start`, tracking strings so braces inside them don't count. */
function endOfJson(text: string, start: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return undefined;
}

interface JsonSpan {
  value: unknown;
  start: number;
  end: number;
}

/** Every JSON object or array embedded in free text, outermost first, with where it sits. */
function jsonSpans(text: string): JsonSpan[] {
  const spans: JsonSpan[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '{' && text[i] !== '[') continue;
    const end = endOfJson(text, i);
    if (end === undefined) continue;
    try {
      spans.push({ value: JSON.parse(text.slice(i, end)), start: i, end });
      i = end - 1;
    } catch {
      // Not JSON (e.g. "[sic]"): keep scanning from the next character.
    }
  }
  return spans;
}

export const jsonValuesIn = (text: string): unknown[] => jsonSpans(text).map((span) => span.value);

/** The prose around embedded JSON, so slot data is not read as something the user said. */
export function proseOf(text: string): string {
  return jsonSpans(text).reduceRight((out, span) => `${out.slice(0, span.start)} ${out.slice(span.end)}`, text);
}

/** A JSON-encoded string (some runtimes encode a specialist's text answer), decoded. */
function decodedString(content: string): string | undefined {
  const trimmed = content.trim();
  if (!trimmed.startsWith('"')) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function fromValue(value: unknown, isError: boolean): ToolResult | undefined {
  if (isObject(value) && value.ok === false && isObject(value.error)) {
    const { code, message } = value.error;
    const text = String(message ?? code ?? 'The request failed.');
    if (code === 'NOT_APPROVED' || NOT_APPROVED.test(text)) return { kind: 'not_approved', message: text };
    return { kind: 'error', code: typeof code === 'string' ? code : undefined, message: text };
  }
  if (isObject(value) && value.ok === true && 'result' in value) return fromValue(value.result, isError);
  if (isAvailability(value)) return { kind: 'availability', result: value };
  if (isBooking(value)) return { kind: 'booking', booking: value };
  if (Array.isArray(value) && value.every(isSlot) && value.length > 0) {
    return { kind: 'availability', result: { date: value[0]!.date, available: value, alternatives: [] } };
  }
  if (isError && isObject(value) && typeof value.message === 'string') return { kind: 'error', message: value.message };
  return undefined;
}

/**
 * A slot id as tools write them in plain text: one token holding an ISO date, then a time, with the
 * court in between or around ("2026-11-22_CourtA_1500", "CourtA-2026-11-22-15:00").
 */
const SLOT_TOKEN = /(?<![\w-])[\w.:-]*?(\d{4}-\d{2}-\d{2})[\w.:-]*?(?<!\d)([01]\d|2[0-3]):?([0-5]\d)(?!\d)(?:[\w.:-]*\w)?/g;
const COURT_IN_TOKEN = /court[ _-]?([a-z0-9]+?)(?=[_.:-]|\d{4}|$)/i;
/** Words that make a short text about a slot a failure, not a listing or a confirmation. */
const FAILURE = /\b(?:error|fail(?:ed|ure)?|cannot|can'?t|could not|unable|invalid|not|already|taken|unavailable)\b/i;
const CONFIRMED = /\b(?:booked|confirmed|reserved|success(?:ful(?:ly)?)?)\b/i;
const NO_SLOTS =
  /^(?:sorry[,.]? )?(?:there (?:are|is) )?(?:no|none|zero|nothing)\b.{0,60}\b(?:slots?|courts?|times?|availab\w*|free)\b[\w -]*[.!]?$/i;
/** A tool result saying the call was not run because the user (a human) did not approve it. */
const NOT_APPROVED =
  /\b(?:not approved|was not approved|(?:declined|rejected|denied) by the (?:user|member|human)|the (?:user|member) declined)\b/i;
const BOOKING_ID = /\b(?:booking[ _-]?)?(?:id|ref(?:erence)?|confirmation(?: number)?)\b\s*(?:is|:|#|=)?\s*([A-Za-z0-9][\w-]*)/i;
/** At most this many words besides slot ids: more is prose (a specialist's answer), not a tool's listing. */
const LISTING_WORDS = 8;

/** A slot from its id, when the id names a court ("CourtA", or a bare letter between date and time). */
function slotFromToken(token: string, date: string, hour: string, minute: string): Slot | undefined {
  const court = COURT_IN_TOKEN.exec(token)?.[1];
  const middle = token
    .slice(token.indexOf(date) + date.length)
    .split(/[_.:-]+/)
    .find((part) => /^[a-z]+$/i.test(part));
  const name = court ?? middle;
  if (!name) return undefined; // a date and time alone ("2026-11-22T15:00") is a moment, not a slot
  return { slot_id: token, date, time: `${hour}:${minute}`, court: `Court ${name.length === 1 ? name.toUpperCase() : name}` };
}

/** Slot ids written in plain text, in order, each once. */
export function slotsInText(text: string): Slot[] {
  const slots = new Map<string, Slot>();
  for (const [token, date, hour, minute] of text.matchAll(SLOT_TOKEN)) {
    const slot = date && hour && minute && !slots.has(token) ? slotFromToken(token, date, hour, minute) : undefined;
    if (slot) slots.set(token, slot);
  }
  return [...slots.values()];
}

const wordCount = (text: string): number => text.split(/[^a-z]+/i).filter((word) => word.length > 1).length;

/**
 * Plain text as a model reads a tool's answer: slot ids one per line (or comma separated) are a
 * listing, "No slots available" an empty one, one slot id with "booked" and an id a booking.
 * Anything longer or negative stays text, to be relayed or read by the caller.
 */
function fromText(text: string): ToolResult | undefined {
  const slots = slotsInText(text);
  const rest = slots.reduce((out, slot) => out.split(slot.slot_id).join(' '), text);
  if (slots.length === 0) {
    return NO_SLOTS.test(text.trim()) ? { kind: 'availability', result: { date: '', available: [], alternatives: [] } } : undefined;
  }
  if (FAILURE.test(rest) || wordCount(rest) > LISTING_WORDS) return undefined;
  const [slot] = slots;
  const bookingId = BOOKING_ID.exec(rest)?.[1];
  if (slots.length === 1 && slot && CONFIRMED.test(rest)) {
    return bookingId ? { kind: 'booking', booking: { ...slot, booking_id: bookingId, user_id: '', created_at: '' } } : undefined;
  }
  return { kind: 'availability', result: { date: slot?.date ?? '', available: slots, alternatives: [] } };
}

/**
 * A tool message's content: JSON (bare, wrapped in { ok, result }, or inside plain text), else plain
 * text read as a model would (a listing of slot ids, "no slots", a booking confirmation), else text.
 */
export function readToolResult(content: string, isError = false): ToolResult {
  for (const value of jsonValuesIn(content)) {
    const result = fromValue(value, isError);
    if (result) return result;
  }
  const text = decodedString(content) ?? content.trim();
  if (NOT_APPROVED.test(text)) return { kind: 'not_approved', message: text };
  if (isError) return { kind: 'error', message: text };
  return fromText(text) ?? { kind: 'text', text };
}

/** Slots and bookings in a tool message: from its JSON, or else from its plain text. */
export function collectToolSlots(content: string, into: { slots: Slot[]; bookings: Booking[] }): void {
  const values = jsonValuesIn(content);
  if (values.length > 0) {
    for (const value of values) collectSlots(value, into);
    return;
  }
  const result = readToolResult(content);
  if (result.kind === 'availability') into.slots.push(...result.result.available);
  if (result.kind === 'booking') into.bookings.push(result.booking);
}

/** All slots and bookings found anywhere inside a JSON value. */
export function collectSlots(value: unknown, into: { slots: Slot[]; bookings: Booking[] }): void {
  if (isBooking(value)) into.bookings.push(value);
  else if (isSlot(value)) into.slots.push(value);
  else if (Array.isArray(value)) for (const item of value) collectSlots(item, into);
  else if (isObject(value)) for (const item of Object.values(value)) collectSlots(item, into);
}
