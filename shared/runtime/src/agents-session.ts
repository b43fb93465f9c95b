/**
 * An @openai/agents `Session` over the runtime's per-session pattern state.
 *
 * The runtime already persists each session's state (in memory locally, DynamoDB when deployed), so the
 * agents SDK's conversation history lives there too: the session starts from the items saved by the previous
 * turn (TurnInput.state) and `toState()` returns the bounded history to save as TurnOutput.state.
 */
import { protocol, type AgentInputItem, type Session } from '@openai/agents';
import * as z from 'zod';
import { boundHistory } from './history';

/** Default bound on the saved history: enough for several booking conversations, small enough for one DynamoDB item. */
export const DEFAULT_HISTORY_ITEMS = 40;

/** What an agents-based pattern stores as its session state. */
export interface AgentsSessionState {
  items: AgentInputItem[];
}

const stateSchema = z.object({ items: z.array(protocol.ModelItem) });

export class StateSession implements Session {
  private items: AgentInputItem[];

  constructor(
    private readonly sessionId: string,
    state: unknown,
    private readonly maxItems = DEFAULT_HISTORY_ITEMS,
  ) {
    if (!Number.isInteger(maxItems) || maxItems < 1) throw new Error(`maxItems must be a positive integer, got ${maxItems}`);
    this.items = readItems(state);
  }

  async getSessionId(): Promise<string> {
    return this.sessionId;
  }

  async getItems(limit?: number): Promise<AgentInputItem[]> {
    if (limit === undefined) return structuredClone(this.items);
    return limit <= 0 ? [] : structuredClone(this.items.slice(-limit));
  }

  async addItems(items: AgentInputItem[]): Promise<void> {
    this.items.push(...structuredClone(items));
  }

  async popItem(): Promise<AgentInputItem | undefined> {
    return this.items.pop();
  }

  async clearSession(): Promise<void> {
    this.items = [];
  }

  /** The history to save for the next turn: the newest items, starting at a user message. */
  toState(): AgentsSessionState {
    return { items: boundHistory(this.items, this.maxItems, isUserMessage) };
  }
}

/**
 * Items saved by a previous turn. No state (first turn) is an empty history; a state of another shape
 * (e.g. written by an older version) is an error rather than a silently forgotten conversation.
 */
function readItems(state: unknown): AgentInputItem[] {
  if (state === undefined || state === null) return [];
  const parsed = stateSchema.safeParse(state);
  if (!parsed.success) throw new Error(`Session state is not an agents history: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data.items as AgentInputItem[];
}

function isUserMessage(item: AgentInputItem): boolean {
  return 'role' in item && item.role === 'user';
}
