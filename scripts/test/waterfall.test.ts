import { describe, expect, it } from 'vitest';
import { waterfallRows, type SpanLike } from '../playground/waterfall.js';

const span = (
  spanId: string,
  parentSpanId: string,
  name: string,
  startMs: number,
  endMs: number,
  extra: Partial<SpanLike> = {},
): SpanLike => ({
  spanId,
  parentSpanId,
  name,
  startMs,
  endMs,
  status: 0,
  attributes: {},
  resource: { 'service.name': 'svc' },
  ...extra,
});

describe('waterfallRows', () => {
  it('orders spans as a tree by start time, offsets from the first start, errors and model tokens shown', () => {
    const rows = waterfallRows([
      span('c', 'a', 'invoke parse', 1010, 1030),
      span('d', 'c', 'invoke pattern-c-parse', 1012, 1028, { resource: { 'service.name': 'pattern-c-parse' } }),
      span('a', 'remote-parent', 'POST /chat', 1000, 1100),
      span('b', 'a', 'chat m', 1001, 1005, {
        attributes: { 'gen_ai.provider.name': 'openai', 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 2 },
      }),
      span('e', 'a', 'execute_tool book', 1040, 1041, { status: 2, attributes: { 'error.type': 'tool_error' } }),
    ]);
    expect(rows.map((r) => [r.depth, r.name, r.offsetMs, r.durationMs])).toEqual([
      [0, 'POST /chat', 0, 100],
      [1, 'chat m', 1, 4],
      [1, 'invoke parse', 10, 20],
      [2, 'invoke pattern-c-parse', 12, 16],
      [1, 'execute_tool book', 40, 1],
    ]);
    expect(rows[1]!.detail).toBe('openai · 10 in / 2 out');
    expect(rows[3]!.service).toBe('pattern-c-parse');
    expect(rows[4]).toMatchObject({ error: true, detail: 'error: tool_error' });
  });

  it('draws nothing for no spans', () => {
    expect(waterfallRows([])).toEqual([]);
  });
});
