import { describe, expect, it } from 'vitest';
import { Trace, asActor, currentTrace, withTrace } from '../src/trace';

describe('Trace', () => {
  it('numbers events in order and sums usage per kind', () => {
    const t = new Trace();
    t.step('code', 'parse');
    t.record({
      type: 'llm',
      actor: 'parse',
      vendor: 'openai',
      api: 'chat.completions',
      model: 'm',
      mode: 'offline',
      input_tokens: 10,
      output_tokens: 3,
      ms: 1,
      decision: 'answer',
    });
    t.record({ type: 'tool', actor: 'code', name: 'book', args: { slot_id: 'x' }, ok: true, summary: 'booked', ms: 2 });
    t.record({ type: 'invoke', actor: 'orchestrator', function: 'parse', ok: true, ms: 4 });
    expect(t.events().map((e) => [e.seq, e.type])).toEqual([
      [1, 'step'],
      [2, 'llm'],
      [3, 'tool'],
      [4, 'invoke'],
    ]);
    expect(t.usage()).toEqual({ llm_calls: 1, input_tokens: 10, output_tokens: 3, tool_calls: 1, lambda_invokes: 1 });
  });

  it('merges remote events renumbered, with the actor prefixed', () => {
    const remote = new Trace();
    remote.step('parse', 'validate');
    const t = new Trace();
    t.step('orchestrator', 'start');
    t.merge(remote.events(), 'lambda:parse');
    expect(t.events()[1]).toMatchObject({ seq: 2, actor: 'lambda:parse/parse', name: 'validate' });
  });

  it('exposes the current recorder and actor through async boundaries', async () => {
    const t = new Trace();
    expect(currentTrace()).toBeUndefined();
    await withTrace(t, async () => {
      await new Promise((r) => setTimeout(r, 1));
      expect(currentTrace()?.trace).toBe(t);
      await asActor('Booking specialist', async () => {
        expect(currentTrace()?.actor).toBe('Booking specialist');
      });
      expect(currentTrace()?.actor).toBe('model');
    });
  });
});
