import { describe, expect, it } from 'vitest';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { boundedHistory, restoreHistory } from '../src/history';

const user = (n: number): ChatCompletionMessageParam => ({ role: 'user', content: `u${n}` });
const call = (n: number): ChatCompletionMessageParam => ({
  role: 'assistant',
  content: null,
  tool_calls: [{ id: `c${n}`, type: 'function', function: { name: 'check_availability', arguments: '{}' } }],
});
const result = (n: number): ChatCompletionMessageParam => ({ role: 'tool', tool_call_id: `c${n}`, content: '{}' });
const answer = (n: number): ChatCompletionMessageParam => ({ role: 'assistant', content: `a${n}` });

describe('pattern D history', () => {
  it('keeps short histories whole', () => {
    const messages = [user(1), answer(1)];
    expect(boundedHistory(messages, 4)).toBe(messages);
  });

  it('drops the oldest turns and never starts on a tool result', () => {
    const messages = [user(1), call(1), result(1), answer(1), user(2), call(2), result(2), answer(2)];
    // The last 5 messages start at answer(1); the first user message inside that window is user(2).
    expect(boundedHistory(messages, 5)).toEqual([user(2), call(2), result(2), answer(2)]);
  });

  it('keeps the last turn whole when it alone is longer than the bound', () => {
    const messages = [user(1), answer(1), user(2), call(2), result(2), call(3), result(3), answer(2)];
    expect(boundedHistory(messages, 3)).toEqual([user(2), call(2), result(2), call(3), result(3), answer(2)]);
  });

  it('starts fresh from missing or foreign state', () => {
    expect(restoreHistory(undefined)).toEqual([]);
    expect(restoreHistory({ messages: [{ role: 'system', content: 'x' }] })).toEqual([]);
    expect(restoreHistory({ messages: [user(1)] })).toEqual([user(1)]);
  });
});
