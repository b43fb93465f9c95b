/**
 * What the conversation so far tells the model: the user's merged wish (later turns override
 * earlier ones), the tool calls and results since the user's latest message, and JSON that code
 * embedded in the prompt (slots, bookings, preferences).
 */
import type { Booking, Slot } from '../../../booking-service/src/types';
import { understand, type Understanding } from '../language';
import type { ModelRequest, NeutralMessage } from '../types';
import { collectSlots, collectToolSlots, jsonValuesIn, proseOf, readToolResult, type ToolResult } from './results';
import { sameCourt } from './slots';
import { findToday, type Today } from './today';

export interface ToolStep {
  name: string;
  args: Record<string, unknown>;
  /** Absent while the call has no result yet. */
  result?: ToolResult;
}

export interface Conversation {
  today?: Today;
  /** Everything the user asked for in the current request, merged across turns. */
  wish: Understanding;
  /** The latest user message alone. */
  latest: Understanding;
  /** The user declined ("no", "cancel") in the latest message. */
  declined: boolean;
  /** Tool calls the assistant made since the user's latest message, with their results, in order. */
  steps: ToolStep[];
  /** Slots and bookings seen in tool results or embedded in prompt text. */
  seen: { slots: Slot[]; bookings: Booking[] };
}

const EMPTY: Understanding = { intent: 'unknown' };

/** A numbered line the assistant wrote ("2. 15:00: Court A, Court B"), as date/time/court, with every court it names. */
type ListedOption = Understanding & { courts: string[] };

function listedOptions(text: string, today?: string): ListedOption[] {
  const lines = [...text.matchAll(/^\s*(\d+)[.)]\s+(.+)$/gm)];
  const heading = understand(text.slice(0, lines[0]?.index ?? 0), today);
  return lines.map((line) => {
    const option = understand(line[2] ?? '', today);
    const courts = [...(line[2] ?? '').matchAll(/\bcourt ([a-z]|\d{1,2})\b/gi)].flatMap((m) => understand(m[0]).court ?? []);
    return { ...option, date: option.date ?? heading.date, courts };
  });
}

function pickOption(options: ListedOption[], ordinal: number): ListedOption | undefined {
  return ordinal === -1 ? options.at(-1) : options[ordinal - 1];
}

/** A reply that only names a listed option's time and/or court ("court C then", "the 4pm one") picks that option. */
function namedOption(options: ListedOption[], said: Understanding): ListedOption | undefined {
  if (said.intent !== 'unknown' || (!said.time && !said.court)) return undefined;
  const { court } = said;
  const option = options.find(
    (o) =>
      (!said.date || said.date === o.date) && (!said.time || said.time === o.time) && (!court || o.courts.some((c) => sameCourt(c, court))),
  );
  return option && { ...option, court: court ?? option.court };
}

/** Later statements override earlier ones; "the second one", "court C then" or "yes" resolve against the assistant's last list. */
function merge(wish: Understanding, said: Understanding, options: ListedOption[]): Understanding {
  const chosen =
    said.ordinal !== undefined
      ? pickOption(options, said.ordinal)
      : said.confirm && options.length === 1
        ? options[0]
        : namedOption(options, said);
  const merged: Understanding = { ...wish, ...definedFields(chosen), ...definedFields(said), intent: wish.intent };
  if (said.intent === 'book' || said.intent === 'availability') merged.intent = said.intent;
  if ((chosen || said.confirm) && wish.intent !== 'unknown') merged.intent = 'book';
  if (said.time) delete merged.partOfDay;
  if (said.partOfDay && !said.time) delete merged.time;
  delete merged.ordinal;
  delete merged.confirm;
  return merged;
}

function definedFields(u: Understanding | ListedOption | undefined): Partial<Understanding> {
  if (!u) return {};
  const { intent: _intent, ordinal: _ordinal, confirm: _confirm, courts: _courts, ...fields } = u as ListedOption;
  return fields;
}

/** A booking result or a confirmation sentence closes a request: what follows is a new one. */
function closesRequest(message: NeutralMessage): boolean {
  if (message.role === 'tool') return readToolResult(message.content, message.isError).kind === 'booking';
  return message.role === 'assistant' && /\bbooking (?:id|reference)\b/i.test(message.text ?? '');
}

function stepsSince(messages: NeutralMessage[], from: number): ToolStep[] {
  const steps: ToolStep[] = [];
  const byId = new Map<string, ToolStep>();
  for (const message of messages.slice(from)) {
    if (message.role === 'assistant') {
      for (const call of message.toolCalls ?? []) {
        const step: ToolStep = { name: call.name, args: call.args };
        steps.push(step);
        byId.set(call.id, step);
      }
    } else if (message.role === 'tool') {
      const step = byId.get(message.toolCallId) ?? { name: message.name ?? 'unknown', args: {} };
      if (!byId.has(message.toolCallId)) steps.push(step);
      step.result = readToolResult(message.content, message.isError);
      // A plain-text "no slots" names no day: it is the day the call asked about.
      if (step.result.kind === 'availability' && !step.result.result.date && typeof step.args.date === 'string') {
        step.result = { ...step.result, result: { ...step.result.result, date: step.args.date } };
      }
    }
  }
  return steps;
}

/** Preferences code wrote as JSON into the prompt: objects with date/time/court fields that are not slots. */
function embeddedPreferences(value: unknown): Partial<Understanding> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || 'slot_id' in value || 'available' in value) return {};
  const fields = value as Record<string, unknown>;
  const text = ['date', 'time', 'preferred_time', 'start_time', 'court', 'preferred_court', 'part_of_day', 'time_of_day']
    .map((key) => (typeof fields[key] === 'string' ? `${key.includes('court') ? 'court ' : ''}${String(fields[key])}` : ''))
    .join(' ');
  const prefs = understand(text.replace(/\bcourt court\b/gi, 'court'), undefined);
  if (typeof fields.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(fields.date)) prefs.date = fields.date;
  return definedFields(prefs);
}

export function readConversation(req: ModelRequest): Conversation {
  const today = findToday(req.messages);
  const lastUser = req.messages.findLastIndex((m) => m.role === 'user');
  let start = 0;
  req.messages.forEach((m, i) => {
    if (i < lastUser && closesRequest(m)) start = i + 1;
  });

  let wish: Understanding = { ...EMPTY };
  let latest: Understanding = { ...EMPTY };
  let lastAssistantText = '';
  const seen = { slots: [] as Slot[], bookings: [] as Booking[] };
  req.messages.forEach((message, i) => {
    if (message.role === 'assistant' && message.text) lastAssistantText = message.text;
    if (message.role === 'system' || message.role === 'user') for (const v of jsonValuesIn(message.text)) collectSlots(v, seen);
    if (message.role === 'tool') collectToolSlots(message.content, seen);
    if (message.role !== 'user' || i < start) return;
    latest = understand(proseOf(message.text), today?.date);
    const prefs: Partial<Understanding> = Object.assign({}, ...jsonValuesIn(message.text).map(embeddedPreferences));
    wish = merge(wish, { ...latest, ...prefs }, listedOptions(lastAssistantText, today?.date));
  });

  return {
    today,
    wish,
    latest,
    declined: latest.confirm === false,
    steps: lastUser >= 0 ? stepsSince(req.messages, lastUser + 1) : stepsSince(req.messages, 0),
    seen,
  };
}
