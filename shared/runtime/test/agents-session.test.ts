import { assistant, user, type AgentInputItem } from '@openai/agents';
import { describe, expect, it } from 'vitest';
import { StateSession } from '../src/agents-session';

const call = (id: string): AgentInputItem => ({ type: 'function_call', callId: id, name: 'book', arguments: '{}' });
const result = (id: string): AgentInputItem => ({
  type: 'function_call_result',
  callId: id,
  name: 'book',
  status: 'completed',
  output: '{"ok":true}',
});
const kinds = (items: AgentInputItem[]) => items.map((i) => ('role' in i ? i.role : i.type));

describe('StateSession', () => {
  it('starts empty without state and round-trips its items through toState()', async () => {
    const first = new StateSession('s1', undefined);
    expect(await first.getItems()).toEqual([]);
    await first.addItems([user('hi'), assistant('hello')]);
    const next = new StateSession('s1', structuredClone(first.toState()));
    expect(kinds(await next.getItems())).toEqual(['user', 'assistant']);
    expect(await next.getSessionId()).toBe('s1');
  });

  it('implements limit, popItem and clearSession like the SDK expects', async () => {
    const s = new StateSession('s1', undefined);
    await s.addItems([user('a'), assistant('b'), user('c')]);
    expect(kinds(await s.getItems(2))).toEqual(['assistant', 'user']);
    expect(await s.getItems(0)).toEqual([]);
    expect(kinds([(await s.popItem())!])).toEqual(['user']);
    await s.clearSession();
    expect(await s.getItems()).toEqual([]);
  });

  it('rejects state of another shape with a clear error', () => {
    expect(() => new StateSession('s1', { step: 'ask_time' })).toThrow(/not an agents history/);
    expect(() => new StateSession('s1', undefined, 0)).toThrow(/positive integer/);
  });
});

describe('StateSession saves a bounded history', () => {
  const conversation = [user('1'), call('a'), result('a'), assistant('2'), user('3'), call('b'), result('b'), assistant('4')];
  const saved = async (max: number) => {
    const session = new StateSession('s1', undefined, max);
    await session.addItems(conversation);
    return kinds(session.toState().items as AgentInputItem[]);
  };

  it('keeps everything under the bound', async () => {
    expect(await saved(8)).toHaveLength(8);
  });

  it('drops the oldest items and starts at a user message, never between a call and its result', async () => {
    // The last 6 items start at result('a'); the kept history starts at the next user message instead.
    expect(await saved(6)).toEqual(['user', 'function_call', 'function_call_result', 'assistant']);
  });

  it('keeps the current turn whole when it alone exceeds the bound', async () => {
    expect(await saved(2)).toEqual(['user', 'function_call', 'function_call_result', 'assistant']);
  });
});
