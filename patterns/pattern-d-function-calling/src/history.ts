/**
 * The conversation D keeps in its session state: the messages without the system prompt (that is
 * rebuilt every turn, so "today" is always today), bounded so a long session cannot grow forever.
 */
import type { ChatCompletionMessageParam, ChatCompletionMessageToolCall } from 'openai/resources/chat/completions';
import { boundHistory } from '@tennis/runtime';
import * as z from 'zod';

export const MAX_HISTORY_MESSAGES = 30;

const stateSchema = z.object({
  messages: z.array(z.looseObject({ role: z.enum(['user', 'assistant', 'tool']) })),
});

export interface PatternDState {
  messages: ChatCompletionMessageParam[];
}

/** The previous turns' messages, or none for a new session (or state from an older format). */
export function restoreHistory(state: unknown): ChatCompletionMessageParam[] {
  const parsed = stateSchema.safeParse(state);
  return parsed.success ? (parsed.data.messages as ChatCompletionMessageParam[]) : [];
}

/** The most recent messages, at most `max` (but never less than the last turn), starting at a user message. */
export function boundedHistory(messages: ChatCompletionMessageParam[], max = MAX_HISTORY_MESSAGES): ChatCompletionMessageParam[] {
  return boundHistory(messages, max, (m) => m.role === 'user');
}

/**
 * REQUIRE_CONFIRMATION: what D keeps in the session's `approval.hold` while the member decides. The
 * conversation itself (state) ends with the model's reply holding that `book` call, still unanswered.
 */
export interface HeldCall {
  tool_call_id: string;
  slot_id: string;
}

const heldSchema = z.object({ tool_call_id: z.string(), slot_id: z.string() });

/** The calls of the last assistant message that have no tool result yet (a held `book` call). */
export function unansweredCalls(messages: ChatCompletionMessageParam[]): ChatCompletionMessageToolCall[] {
  const last = messages.findLastIndex((m) => m.role === 'assistant');
  const message = messages[last];
  if (message?.role !== 'assistant' || !message.tool_calls?.length) return [];
  const answered = new Set(messages.slice(last + 1).flatMap((m) => (m.role === 'tool' ? [m.tool_call_id] : [])));
  return message.tool_calls.filter((call) => !answered.has(call.id));
}

/** The held call to run on "yes": the unanswered `book` call with the held id, for exactly the approved slot. */
export function heldCall(messages: ChatCompletionMessageParam[], hold: unknown, slotId: string): ChatCompletionMessageToolCall | undefined {
  const held = heldSchema.safeParse(hold);
  if (!held.success || held.data.slot_id !== slotId) return undefined;
  return unansweredCalls(messages).find(
    (call) => call.id === held.data.tool_call_id && call.type === 'function' && call.function.name === 'book' && slotOf(call) === slotId,
  );
}

/** The slot_id a `book` call asks for, if its arguments name one. */
export function slotOf(call: ChatCompletionMessageToolCall): string | undefined {
  if (call.type !== 'function') return undefined;
  try {
    const args: unknown = JSON.parse(call.function.arguments);
    const slotId = (args as { slot_id?: unknown } | null)?.slot_id;
    return typeof slotId === 'string' ? slotId : undefined;
  } catch {
    return undefined;
  }
}
