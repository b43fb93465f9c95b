/** One row per pattern: the figures `pnpm compare` prints and the report tabulates. */
import type { PatternLetter } from '../lambdas';
import { estimateCost, type CostEstimate, type LlmCall } from './prices';
import type { PatternResult, TurnResult } from './run';

export interface PatternSummary {
  letter: PatternLetter;
  passed: number;
  total: number;
  llmCalls: number;
  toolCalls: number;
  lambdaInvokes: number;
  inputTokens: number;
  outputTokens: number;
  cost: CostEstimate;
  /** Median wall-clock time of a latency-probe turn, as the caller saw it (ms). */
  p50Ms: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function llmCalls(turn: TurnResult): LlmCall[] {
  return turn.trace.flatMap((e) =>
    e.type === 'llm' ? [{ model: e.model, input_tokens: e.input_tokens, output_tokens: e.output_tokens }] : [],
  );
}

export function summarise(result: PatternResult): PatternSummary {
  const turns = result.scenarios.flatMap((s) => s.turns);
  const sum = (pick: (t: TurnResult) => number) => turns.reduce((n, t) => n + pick(t), 0);
  return {
    letter: result.letter,
    passed: result.scenarios.filter((s) => s.passed).length,
    total: result.scenarios.length,
    llmCalls: sum((t) => t.usage?.llm_calls ?? 0),
    toolCalls: sum((t) => t.usage?.tool_calls ?? 0),
    lambdaInvokes: sum((t) => t.usage?.lambda_invokes ?? 0),
    inputTokens: sum((t) => t.usage?.input_tokens ?? 0),
    outputTokens: sum((t) => t.usage?.output_tokens ?? 0),
    cost: estimateCost(turns.flatMap(llmCalls)),
    p50Ms: median(result.latencyMs),
  };
}
