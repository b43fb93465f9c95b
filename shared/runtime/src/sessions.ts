/**
 * Conversation sessions, bound to the user who created them. Saves are optimistic: each record
 * carries a version, and a save states the version it read, so two concurrent turns of one
 * session cannot silently overwrite each other (the loser gets SessionConflictError -> 409).
 */
import type { Clock } from '@tennis/booking-service';
import type { PatternLetter } from './contract';
import { SessionConflictError } from './errors';

export { SessionConflictError };

export interface SessionRecord {
  session_id: string;
  user_id: string;
  pattern: PatternLetter;
  /** 1 on first save, +1 on every save. */
  version: number;
  /** The pattern's JSON-serialisable state. */
  state: unknown;
  /** ISO instant of the last save. */
  updated_at: string;
  /** Epoch seconds after which the session is gone (DynamoDB TTL attribute). */
  expires_at: number;
}

export interface SessionStore {
  /** The live session, or null when absent or expired. */
  get(sessionId: string): Promise<SessionRecord | null>;
  /**
   * Saves `record` if the stored version is still `expectedVersion` (null: the session must not
   * exist yet, or be expired). Throws SessionConflictError otherwise.
   */
  put(record: SessionRecord, expectedVersion: number | null): Promise<void>;
}

/** Session ids: server-generated "s_" + 22 url-safe chars, or client-supplied in the same alphabet. */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

export function newSessionId(): string {
  return `s_${crypto.randomUUID().replaceAll('-', '').slice(0, 22)}`;
}

export const isExpired = (record: SessionRecord, now: Date): boolean => record.expires_at * 1000 <= now.getTime();

/** In-process store for tests, the demo and the single-process dev server. */
export class InMemorySessionStore implements SessionStore {
  private readonly records = new Map<string, SessionRecord>();
  private readonly clock: Clock;

  constructor(options: { clock?: Clock } = {}) {
    this.clock = options.clock ?? { now: () => new Date() };
  }

  async get(sessionId: string): Promise<SessionRecord | null> {
    const record = this.live(sessionId);
    // A copy, so a pattern mutating its state cannot change what is stored without a put.
    return record ? structuredClone(record) : null;
  }

  async put(record: SessionRecord, expectedVersion: number | null): Promise<void> {
    const current = this.live(record.session_id);
    if ((current?.version ?? null) !== expectedVersion) throw new SessionConflictError(record.session_id);
    this.records.set(record.session_id, structuredClone(record));
  }

  private live(sessionId: string): SessionRecord | undefined {
    const record = this.records.get(sessionId);
    if (record && isExpired(record, this.clock.now())) {
      this.records.delete(sessionId);
      return undefined;
    }
    return record;
  }
}
