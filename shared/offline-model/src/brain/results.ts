/** Reads tool results and JSON embedded in text: availability results, bookings, slots and errors. */
// Type-only and relative: the offline model has no runtime dependency on the booking service.
import type { AvailabilityResult, Booking, Slot } from '../../../booking-service/src/types';

export type ToolResult =
  | { kind: 'availability'; result: AvailabilityResult }
  | { kind: 'booking'; booking: Booking }
  | { kind: 'error'; code?: string; message: string }
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
    return { kind: 'error', code: typeof code === 'string' ? code : undefined, message: String(message ?? code ?? 'The request failed.') };
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

/** A tool message's content as JSON (bare, wrapped in { ok, result }, or inside plain text), else text. */
export function readToolResult(content: string, isError = false): ToolResult {
  for (const value of jsonValuesIn(content)) {
    const result = fromValue(value, isError);
    if (result) return result;
  }
  const text = decodedString(content) ?? content.trim();
  return isError ? { kind: 'error', message: text } : { kind: 'text', text };
}

/** All slots and bookings found anywhere inside a JSON value. */
export function collectSlots(value: unknown, into: { slots: Slot[]; bookings: Booking[] }): void {
  if (isBooking(value)) into.bookings.push(value);
  else if (isSlot(value)) into.slots.push(value);
  else if (Array.isArray(value)) value.forEach((item) => collectSlots(item, into));
  else if (isObject(value)) Object.values(value).forEach((item) => collectSlots(item, into));
}
