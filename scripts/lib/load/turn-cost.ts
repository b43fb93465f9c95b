/** What one turn costs a pattern: model calls and tokens from its usage, and time outside the model. */
import type { PatternLetter } from '../lambdas';
import { quantile } from './generator';
import { chat, type Reply } from './http';

export const CANONICAL_BOOKING = 'Book tomorrow at 3pm';
const DEADLINE_MS = 60_000;

export interface BookingCost {
  llmCalls: number;
  inputTokens: number;
  outputTokens: number;
  toolCalls: number;
  lambdaInvokes: number;
}

function okReply(reply: Reply, what: string): Reply {
  if (reply.status !== 200) throw new Error(`${what}: HTTP ${reply.status} ${reply.text.slice(0, 300)}`);
  return reply;
}

/** The canonical booking on a fresh store: it must book, and its usage is the cost. */
export async function canonicalBookingCost(baseUrl: string, letter: PatternLetter): Promise<BookingCost> {
  const reply = okReply(
    await chat(baseUrl, { letter, message: CANONICAL_BOOKING, userId: 'bench' }, DEADLINE_MS),
    `pattern ${letter} canonical booking`,
  );
  if (!reply.body.booking) throw new Error(`pattern ${letter}: the canonical booking booked nothing: ${reply.body.response}`);
  const u = reply.body.usage;
  return {
    llmCalls: u.llm_calls,
    inputTokens: u.input_tokens,
    outputTokens: u.output_tokens,
    toolCalls: u.tool_calls,
    lambdaInvokes: u.lambda_invokes,
  };
}

/** A turn's orchestration overhead: its wall time minus the time spent inside LLM calls (from its trace), ms. */
export function overheadOf(wallMs: number, trace: ReadonlyArray<{ type: string; ms?: number }>): number {
  return wallMs - trace.reduce((sum, e) => sum + (e.type === 'llm' ? (e.ms ?? 0) : 0), 0);
}

/** Median over `turns` sequential turns of wall time minus time inside LLM calls (from the trace), ms. */
export async function overheadPerTurn(baseUrl: string, letter: PatternLetter, message: string, turns: number): Promise<number> {
  const overheads: number[] = [];
  for (let i = 0; i < turns; i++) {
    const reply = okReply(await chat(baseUrl, { letter, message, userId: `overhead-${i}` }, DEADLINE_MS), `pattern ${letter} turn ${i}`);
    overheads.push(overheadOf(reply.ms, reply.body.trace));
  }
  return quantile(
    overheads.sort((a, b) => a - b),
    0.5,
  );
}
