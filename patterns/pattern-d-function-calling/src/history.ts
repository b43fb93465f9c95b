/**
 * The conversation D keeps in its session state: the messages without the system prompt (that is
 * rebuilt every turn, so "today" is always today), bounded so a long session cannot grow forever.
 */
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
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
