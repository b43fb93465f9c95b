/** withTraceExport / exportingTraces: agent traces leave before a Lambda freezes, only when tracing is on. */
import { describe, expect, it } from 'vitest';
import { exportingTraces, withTraceExport } from '../src/agents';
import type { Pattern } from '../src/contract';
import { offlineConfig } from './clients-fixtures';

const pattern: Pattern = { turn: async () => ({ response: 'hi', booking: null, state: null }) };
const tracingOn = offlineConfig({ OPENAI_AGENTS_TRACING: 'true', OPENAI_API_KEY: 'sk-test' });

describe('agent trace export', () => {
  it('adds an after-turn flush only when OPENAI_AGENTS_TRACING is on (with a key)', () => {
    expect(withTraceExport(offlineConfig(), pattern)).toBe(pattern);
    expect(withTraceExport(offlineConfig({ OPENAI_AGENTS_TRACING: 'true' }), pattern)).toBe(pattern);
    const exporting = withTraceExport(tracingOn, pattern);
    expect(typeof exporting.afterTurn).toBe('function');
    expect(exporting.turn).toBe(pattern.turn);
  });

  it('wraps specialist work only when tracing is on, and keeps its result', async () => {
    const work = async (n: number) => n * 2;
    expect(exportingTraces(offlineConfig(), work)).toBe(work);
    const wrapped = exportingTraces(tracingOn, work);
    expect(wrapped).not.toBe(work);
    expect(await wrapped(21)).toBe(42);
  });
});
