/**
 * Structured output: a value that validates against the requested JSON schema, each property
 * filled from what the conversation says, chosen by the property's name (and description).
 */
import type { Intent } from '../language';
import type { JsonSchema } from '../types';
import type { Conversation } from './conversation';
import { bestSlot } from './slots';

/** Sentences composed for the whole conversation, used for free-text properties. */
export type Answers = {
  text: string;
  reason: string;
};

const INTENT_SYNONYMS: Record<Intent, string[]> = {
  book: ['book', 'booking', 'reserve', 'reservation', 'make_booking', 'book_court'],
  availability: ['availability', 'check_availability', 'check', 'search', 'query', 'list', 'info'],
  small_talk: ['small_talk', 'smalltalk', 'chat', 'greeting', 'other', 'general'],
  unknown: ['unknown', 'unclear', 'other', 'none'],
};

const typesOf = (schema: JsonSchema): string[] => {
  const own = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  return [...own, ...(schema.anyOf ?? []).flatMap(typesOf)];
};

const isNullable = (schema: JsonSchema): boolean => typesOf(schema).includes('null') || (schema.enum ?? []).includes(null);

/** The non-null branch of an anyOf, or the schema itself. */
function concrete(schema: JsonSchema): JsonSchema {
  const branch = schema.anyOf?.find((s) => !typesOf(s).every((t) => t === 'null'));
  return branch ? { ...branch, description: branch.description ?? schema.description } : schema;
}

function closestEnum(options: unknown[], wanted: string[]): unknown {
  const keys = wanted.map((w) => w.toLowerCase().replace(/[\s_-]+/g, ''));
  for (const key of keys) {
    const hit = options.find((o) => typeof o === 'string' && o.toLowerCase().replace(/[\s_-]+/g, '') === key);
    if (hit !== undefined) return hit;
  }
  for (const key of keys) {
    const hit = options.find(
      (o) =>
        typeof o === 'string' &&
        o
          .toLowerCase()
          .replace(/[\s_-]+/g, '')
          .includes(key),
    );
    if (hit !== undefined) return hit;
  }
  return undefined;
}

function missingFields(conv: Conversation): string[] {
  if (conv.wish.intent !== 'book' && conv.wish.intent !== 'availability') return [];
  return [...(conv.wish.date ? [] : ['date']), ...(conv.wish.intent === 'book' && !conv.wish.time ? ['time'] : [])];
}

/** The raw value a property's name asks for, before it is fitted to the property's type. */
function valueFor(key: string, conv: Conversation, answers: Answers): unknown {
  const name = key.toLowerCase().replace(/[^a-z]/g, '');
  const { wish, latest } = conv;
  if (/^(?:user|userid|username|customer|customerid|member|memberid)$/.test(name)) return undefined;
  if (name === 'intent' || name === 'action' || name === 'type') return INTENT_SYNONYMS[wish.intent];
  if (name.includes('slotid') || name === 'slot') return bestSlot(conv.seen.slots, wish)?.slot_id;
  if (name.includes('bookingid')) return conv.seen.bookings.at(-1)?.booking_id;
  if (name === 'date' || name.endsWith('date')) return wish.date;
  if (name.includes('partofday') || name.includes('timeofday') || name === 'period') return wish.partOfDay;
  if (name === 'time' || name.endsWith('time') || name === 'hour') return wish.time;
  if (name.includes('court')) return wish.court;
  if (/ordinal|choice|option|selection|index|position/.test(name)) return latest.ordinal;
  if (/^(?:confirm|confirmed|confirmation|yes|accepted|agree)$/.test(name)) return latest.confirm;
  if (/missing|needs|required|unknown/.test(name)) return missingFields(conv);
  if (/reason|explanation|rationale|why/.test(name)) return answers.reason;
  if (/message|answer|reply|response|text|summary|confirmation|question/.test(name)) return answers.text;
  return undefined;
}

function defaultFor(schema: JsonSchema, conv: Conversation, answers: Answers): unknown {
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  switch (typesOf(schema).find((t) => t !== 'null')) {
    case 'string':
      return '';
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return buildValue(schema, conv, answers);
    default:
      return null;
  }
}

/** Fits a raw value to the property schema: enum choice, number parsing, string form, or null/default. */
function fit(raw: unknown, schema: JsonSchema, conv: Conversation, answers: Answers): unknown {
  const target = concrete(schema);
  const types = typesOf(target);
  let value: unknown = raw;
  if (target.enum)
    value = closestEnum(
      target.enum,
      (Array.isArray(raw) ? raw : [raw]).filter((v) => typeof v === 'string'),
    );
  else if (Array.isArray(raw) && !types.includes('array')) value = raw[0];
  if (typeof value === 'string' && (types.includes('integer') || types.includes('number')) && !types.includes('string')) {
    value = Number.isFinite(Number(value)) ? Number(value) : undefined;
  }
  if (typeof value === 'number' && types.includes('string') && !types.includes('number') && !types.includes('integer'))
    value = String(value);
  if (value === undefined || value === null) return isNullable(schema) ? null : defaultFor(target, conv, answers);
  return value;
}

/** Builds an object for an object schema; every declared property is present (strict modes require it). */
export function buildValue(schema: JsonSchema, conv: Conversation, answers: Answers): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    const target = concrete(property);
    value[key] = typesOf(target).includes('object')
      ? buildValue(target, conv, answers)
      : fit(valueFor(key, conv, answers), property, conv, answers);
  }
  return value;
}

/** json_object without a schema: the fields any caller of a parser expects. */
export function plainJson(conv: Conversation): Record<string, unknown> {
  const { intent, date, time, court } = conv.wish;
  return { intent, date: date ?? null, time: time ?? null, court: court ?? null };
}
