/**
 * pnpm compare: diagrams from traces, cost, flags, and a real run of the suite against built
 * patterns in the local Lambda runtime (offline), through the library and through the CLI.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSuite, type Scenario } from '../../shared/testkit/src/index';
import { sequenceFromTrace, toMermaid, type TraceEventLike } from '../playground/sequence.js';
import { parseCompareArgs, UsageError } from '../lib/compare/args';
import { estimateCost } from '../lib/compare/prices';
import { consoleTable, markdownReport } from '../lib/compare/report';
import { runSuite } from '../lib/compare/run';
import { median, summarise } from '../lib/compare/summary';
import { REPO_ROOT } from '../lib/lambdas';
import { builtPatterns, isMultiLambda, patternInfo } from '../lib/patterns';

const e = <T extends TraceEventLike>(event: T): T => event;

describe('sequence diagrams from a trace', () => {
  it("draws a Lambda's merged events inside its invoke, and its reply after them", () => {
    const trace: TraceEventLike[] = [
      e({ type: 'invoke', actor: 'code', function: 'pattern-c-parse', ok: true, ms: 40 }),
      e({
        type: 'llm',
        actor: 'parse/model',
        vendor: 'openai',
        api: 'chat.completions',
        model: 'gpt-5-mini',
        input_tokens: 10,
        output_tokens: 2,
        decision: 'structured output',
      }),
      e({ type: 'step', actor: 'code', name: 'gate', detail: 'book' }),
      e({ type: 'tool', actor: 'action-group', name: 'book', args: { slot_id: 'S1' }, ok: false, summary: 'already booked' }),
    ];
    const model = sequenceFromTrace(trace, {
      pattern: 'c',
      message: 'Book; now #1',
      response: 'Done',
      functions: ['pattern-h-action-group'],
    });
    expect(toMermaid(model).split('\n')).toEqual([
      'sequenceDiagram',
      '  actor P0 as User',
      '  participant P1 as Pattern C',
      '  participant P2 as pattern-c-parse',
      '  participant P3 as openai gpt-5-mini',
      '  participant P4 as pattern-h-action-group',
      '  participant P5 as Booking service',
      '  P0->>P1: Book, now ,1',
      '  P1->>P2: Invoke',
      '  P2->>P3: chat.completions (10 in)',
      '  P3-->>P2: structured output (2 out)',
      '  P2-->>P1: ok',
      '  Note over P1: gate: book',
      '  P4->>P5: book(slot_id=S1)',
      '  P5--xP4: already booked',
      '  P1-->>P0: Done',
    ]);
  });

  it('draws a timed step (recorded when it ends) before the calls made inside it', () => {
    const trace: TraceEventLike[] = [
      e({
        type: 'llm',
        actor: 'parse',
        vendor: 'openai',
        api: 'chat.completions',
        model: 'm',
        input_tokens: 1,
        output_tokens: 1,
        decision: 'structured output',
      }),
      e({ type: 'step', actor: 'code', name: 'parse', ms: 5 }),
      e({ type: 'tool', actor: 'code', name: 'check_availability', args: {}, ok: true, summary: 'free' }),
      e({ type: 'step', actor: 'code', name: 'availability', ms: 1 }),
      e({ type: 'step', actor: 'code', name: 'gate' }),
    ];
    const { messages } = sequenceFromTrace(trace, { pattern: 'b', message: 'hi', response: 'bye' });
    expect(messages.map((m) => m.text)).toEqual([
      'hi',
      'parse',
      'chat.completions (1 in)',
      'structured output (1 out)',
      'availability',
      'check_availability()',
      'free',
      'gate',
      'bye',
    ]);
  });

  it('gives plain "model" calls to the agent running at the time and draws agents asking agents', () => {
    const trace: TraceEventLike[] = [
      e({ type: 'agent', actor: 'Manager', name: 'Manager', detail: 'started' }),
      e({
        type: 'llm',
        actor: 'model',
        vendor: 'openai',
        api: 'responses',
        model: 'm',
        input_tokens: 1,
        output_tokens: 1,
        decision: 'tool_call: booking_specialist',
      }),
      e({ type: 'agent', actor: 'Manager', name: 'booking_specialist', detail: 'asked: book it' }),
      e({ type: 'agent', actor: 'Booking specialist', name: 'Booking specialist', detail: 'started' }),
      e({
        type: 'llm',
        actor: 'model',
        vendor: 'openai',
        api: 'responses',
        model: 'm',
        input_tokens: 1,
        output_tokens: 1,
        decision: 'answer',
      }),
      e({ type: 'agent', actor: 'Manager', name: 'booking_specialist', detail: 'answered: done' }),
      e({
        type: 'llm',
        actor: 'model',
        vendor: 'openai',
        api: 'responses',
        model: 'm',
        input_tokens: 1,
        output_tokens: 1,
        decision: 'answer',
      }),
    ];
    const { participants, messages } = sequenceFromTrace(trace, { pattern: 'f', message: 'hi', response: 'bye' });
    expect(participants.map((p) => p.label)).toEqual(['User', 'Pattern F', 'openai m', 'Manager', 'Booking specialist']);
    const calls = messages.filter((m) => m.kind === 'call').map((m) => `${m.from} -> ${m.to}`);
    expect(calls).toEqual([
      'user -> code',
      'agent:Manager -> llm:openai:m',
      'agent:Manager -> agent:Booking specialist',
      'agent:Booking specialist -> llm:openai:m',
      'agent:Manager -> llm:openai:m',
    ]);
  });
});

describe('figures', () => {
  it('estimates cost per model from the price table and lists models it cannot price', () => {
    const cost = estimateCost(
      [
        { model: 'gpt-5-mini', input_tokens: 1_000_000, output_tokens: 0 },
        { model: 'claude-haiku-4-5', input_tokens: 0, output_tokens: 200_000 },
        { model: 'my-local-llama', input_tokens: 5, output_tokens: 5 },
      ],
      { 'gpt-5-mini': { input: 0.25, output: 2 }, 'claude-haiku-4-5': { input: 1, output: 5 } },
    );
    expect(cost.usd).toBeCloseTo(0.25 + 1.0, 10);
    expect(cost.unpriced).toEqual(['my-local-llama']);
  });

  it('takes the median of odd and even counts', () => {
    expect(median([30, 10, 20])).toBe(20);
    expect(median([40, 10, 20, 30])).toBe(25);
    expect(median([])).toBe(0);
  });

  it('parses flags and refuses bad ones', () => {
    expect(parseCompareArgs(['--pattern', 'a, D', '--live', '--scenario', 'canonical'])).toMatchObject({
      patterns: ['a', 'd'],
      live: true,
      scenarios: ['canonical'],
    });
    expect(() => parseCompareArgs(['--pattern', 'z'])).toThrow(UsageError);
    expect(() => parseCompareArgs(['--pattern', ','])).toThrow(/comma-separated/);
    expect(() => parseCompareArgs(['--fast'])).toThrow(UsageError);
  });
});

/** Two single-process patterns when built (fastest to start), else whatever is built. */
function twoPatterns() {
  const built = builtPatterns();
  return [...built].sort((a, b) => Number(isMultiLambda(patternInfo(a))) - Number(isMultiLambda(patternInfo(b)))).slice(0, 2);
}

describe('a real compare run, offline', () => {
  const letters = twoPatterns();
  const suite = loadSuite({ now: new Date().toISOString() });
  const pick = (id: string) => suite.find((s) => s.id === id)!;
  // A scenario no pattern can pass, so the run must report a failure rather than pass everything.
  const impossible: Scenario = {
    ...pick('canonical'),
    id: 'impossible',
    name: 'impossible',
    turns: [{ ...pick('canonical').turns[0]!, booking: { ...pick('canonical').turns[0]!.booking!, time: '16:00' } }],
  };

  it.skipIf(letters.length === 0)(
    'plays scenarios (faults included) in separate starts and reports passes, failures, usage and a diagram',
    async () => {
      const scenarios = [pick('canonical'), pick('fully-booked'), pick('fault-500-always'), impossible];
      const results = await runSuite(letters, scenarios, {
        env: { LLM_MODE: 'offline', LOG_LEVEL: 'SILENT' },
        concurrency: 2,
        probeRuns: 2,
      });
      for (const result of results) {
        expect(result.scenarios.map((s) => [s.id, s.passed])).toEqual([
          ['canonical', true],
          ['fully-booked', true],
          ['fault-500-always', true],
          ['impossible', false],
        ]);
        expect(result.scenarios[3]!.failures.join()).toMatch(
          /expected booking any court \S+ 16:00 for alice, the turn reported Court A \S+ 15:00/,
        );
        expect(result.scenarios[2]!.turns[0]!.status).toBe(502);
        expect(result.latencyMs).toHaveLength(2);
        const summary = summarise(result);
        expect(summary).toMatchObject({ passed: 3, total: 4 });
        expect(summary.llmCalls).toBeGreaterThan(0);
        expect(summary.toolCalls).toBeGreaterThanOrEqual(2 * 2);
      }
      const summaries = results.map(summarise);
      expect(consoleTable(summaries).split('\n')).toHaveLength(letters.length + 1);
      const report = markdownReport({ mode: 'offline', today: '2026-11-21', results, summaries, diagramScenario: 'canonical' });
      expect(report.match(/```mermaid\nsequenceDiagram/g)).toHaveLength(letters.length);
      expect(report).toMatch(/->>P\d: book\(slot_id=\d{4}-\d{2}-\d{2}_Court[ABC]_1500\)/);
      expect(report).toContain('**FAIL**');
      expect(report).not.toMatch(/bk_[0-9a-f]{8,}/);
    },
  );

  it.skipIf(letters.length === 0)('pnpm compare prints the row, writes the report and exits 0 when all pass; bad flags exit 2', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'compare-')), 'report.md');
    const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
    const run = (args: string[]) => spawnSync(tsx, ['scripts/compare.ts', ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
    const ok = run(['--pattern', letters[0]!, '--scenario', 'canonical,past-date', '--out', out]);
    expect(ok.stderr).toMatch(/scenarios|done/);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`${letters[0]!.toUpperCase()} .*\\s2/2\\s`));
    expect(readFileSync(out, 'utf8')).toContain('```mermaid');
    const bad = run(['--pattern', 'z']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/Unknown pattern "z"/);
  });
});
