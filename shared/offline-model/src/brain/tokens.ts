/** Rough token count (about four characters per token), deterministic, for usage reporting. */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / 4);
}
