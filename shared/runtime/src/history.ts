/**
 * Bounding a conversation kept in session state, for any message shape (Chat Completions messages,
 * agents input items).
 */

/**
 * Keeps at most `max` items, starting at a user message so a tool call is never separated from its
 * result (the APIs reject a tool result without the call before it). A single turn longer than `max`
 * is kept whole: it is already bounded by the turn's own tool-iteration limit.
 */
export function boundHistory<T>(items: T[], max: number, isUser: (item: T) => boolean): T[] {
  if (items.length <= max) return items;
  const start = items.length - max;
  const firstUserInWindow = items.findIndex((item, i) => i >= start && isUser(item));
  const keepFrom = firstUserInWindow !== -1 ? firstUserInWindow : items.findLastIndex(isUser);
  return keepFrom === -1 ? [] : items.slice(keepFrom);
}
