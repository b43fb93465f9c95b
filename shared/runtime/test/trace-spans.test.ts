import { describe, expect, it } from 'vitest';
import { childTraceparent, Trace, turnTraceparent, type TraceEventInput } from '../src/trace';
import { spansOfTrace } from '../src/trace-spans';

const SPAN = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', rootSpanId: '00f067aa0ba902b7', captureContent: false };

describe('spans from a turn trace', () => {
  it('maps every event type, known or not, to a span named after it, content fields left out', () => {
    const t = new Trace(SPAN);
    t.step('guard', 'grounding check', 'the answer quoted a slot the tools never returned');
    // A type the mapping has never seen (a future trace entry) still becomes a span.
    t.record({ type: 'guardrail', actor: 'code', name: 'pii', verdict: 'pass' } as unknown as TraceEventInput);
    t.record({ type: 'handoff', actor: 'Manager', from: 'Manager', to: 'Booking specialist' });
    const views = spansOfTrace(t, t.startedAt + 1000);
    expect(views.map((v) => v.name)).toEqual(['step grounding check', 'guardrail pii', 'handoff Booking specialist']);
    expect(views[0]!.attributes).toMatchObject({
      'tennis.trace.type': 'step',
      'tennis.trace.actor': 'guard',
      'tennis.trace.name': 'grounding check',
    });
    expect(Object.keys(views[0]!.attributes)).not.toContain('tennis.trace.detail');
    expect(Object.keys(views[1]!.attributes)).not.toContain('tennis.trace.verdict');
  });

  it('with content capture on, every field is an attribute', () => {
    const t = new Trace({ ...SPAN, captureContent: true });
    t.step('guard', 'grounding check', 'detail text');
    t.record({ type: 'tool', actor: 'code', name: 'book', args: { slot_id: 'x' }, ok: false, summary: 'taken', ms: 3 });
    const [step, tool] = spansOfTrace(t, t.startedAt + 1000);
    expect(step!.attributes['tennis.trace.detail']).toBe('detail text');
    expect(tool).toMatchObject({ name: 'execute_tool book', error: 'tool_error' });
    expect(tool!.attributes).toMatchObject({
      'gen_ai.tool.call.arguments': '{"slot_id":"x"}',
      'gen_ai.tool.call.result': 'taken',
      'error.type': 'tool_error',
    });
  });

  it('model calls carry the GenAI attributes, failures their error type, and times from at_ms and ms', () => {
    const t = new Trace(SPAN);
    t.record({
      type: 'llm',
      actor: 'model',
      vendor: 'bedrock',
      api: 'converse',
      model: 'm1',
      mode: 'offline',
      input_tokens: 12,
      output_tokens: 4,
      ms: 2.5,
      decision: 'answer',
    });
    t.record(
      {
        type: 'llm',
        actor: 'model',
        vendor: 'anthropic',
        api: 'messages',
        model: 'm2',
        mode: 'live',
        input_tokens: 0,
        output_tokens: 0,
        ms: 1,
        decision: 'error',
        error: 'HTTP 529',
      },
      { attributes: { 'gen_ai.response.model': 'm2-2026' } },
    );
    const [ok, failed] = spansOfTrace(t, t.startedAt + 1000);
    expect(ok).toMatchObject({ name: 'chat m1', kind: 'client' });
    expect(ok!.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'aws.bedrock',
      'gen_ai.request.model': 'm1',
      'gen_ai.response.model': 'm1',
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 4,
    });
    expect(ok!.endMs - ok!.startMs).toBeLessThanOrEqual(2.5);
    expect(ok!.startMs).toBeGreaterThanOrEqual(t.startedAt);
    expect(failed).toMatchObject({
      error: 'HTTP 529',
      attributes: expect.objectContaining({ 'error.type': 'HTTP 529', 'gen_ai.response.model': 'm2-2026' }),
    });
  });

  it('skips events a traced callee exported itself, and keeps the span id handed to it', () => {
    const t = new Trace(SPAN);
    const link = childTraceparent(t)!;
    expect(link.traceparent).toBe(`00-${SPAN.traceId}-${link.spanId}-01`);
    t.record({ type: 'invoke', actor: 'code', function: 'pattern-c-parse', ok: true, ms: 5 }, { spanId: link.spanId });
    const callee = new Trace();
    callee.step('parse', 'validate');
    t.merge(callee.events(), 'parse', { remote: true });
    const views = spansOfTrace(t, t.startedAt + 1000);
    expect(views).toEqual([expect.objectContaining({ name: 'invoke pattern-c-parse', spanId: link.spanId })]);
    expect(t.events()).toHaveLength(2);
  });

  it('an untraced turn hands out no trace context', () => {
    const t = new Trace();
    expect(childTraceparent(t)).toBeUndefined();
    expect(turnTraceparent(t)).toBeUndefined();
    expect(turnTraceparent(new Trace(SPAN))).toBe(`00-${SPAN.traceId}-${SPAN.rootSpanId}-01`);
  });
});
