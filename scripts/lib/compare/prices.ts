/**
 * List prices per million tokens, used to estimate what a run would cost against the live providers
 * (offline runs report the same token counts, so their estimate is what the live run would cost).
 * Dated: vendors change prices; update the table and its date together.
 */
export const PRICES_AS_OF = '2025-10-15';

export interface ModelPrice {
  /** USD per million input tokens. */
  input: number;
  /** USD per million output tokens. */
  output: number;
}

/** Keyed by the model id the trace reports (the defaults in .env.example). */
export const PRICES: Readonly<Record<string, ModelPrice>> = {
  'gpt-5-mini': { input: 0.25, output: 2.0 },
  'gpt-5': { input: 1.25, output: 10.0 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'claude-haiku-4-5': { input: 1.0, output: 5.0 },
  'claude-sonnet-4-5': { input: 3.0, output: 15.0 },
  'us.amazon.nova-lite-v1:0': { input: 0.06, output: 0.24 },
  'amazon.nova-lite-v1:0': { input: 0.06, output: 0.24 },
};

export interface LlmCall {
  model: string;
  input_tokens: number;
  output_tokens: number;
}

export interface CostEstimate {
  usd: number;
  /** Models the table has no price for; their calls are not in `usd`. */
  unpriced: string[];
}

export function estimateCost(calls: readonly LlmCall[], prices: Readonly<Record<string, ModelPrice>> = PRICES): CostEstimate {
  let usd = 0;
  const unpriced = new Set<string>();
  for (const call of calls) {
    const price = prices[call.model];
    if (!price) unpriced.add(call.model);
    else usd += (call.input_tokens * price.input + call.output_tokens * price.output) / 1_000_000;
  }
  return { usd, unpriced: [...unpriced].sort() };
}
