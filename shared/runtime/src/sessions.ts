/**
 * Conversation sessions, bound to the user who created them. Saves are optimistic: each record
 * carries a version, and a save states the version it read, so two concurrent turns of one
 * session cannot silently overwrite each other (the loser gets SessionConflictError -> 409).
 */
import type { Clock } from '@tennis/booking-service';
import type { ApprovalRequest } from './approval';
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
  /**
   * The booking waiting for the member's yes or no (REQUIRE_CONFIRMATION), or null. Used once: a turn claims it
   * (`claimed_at`) before acting on it, and its save replaces it.
   */
  approval?: (ApprovalRequest & { claimed_at?: string }) | null;
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

/** How many sessions an InMemorySessionStore holds at most unless told otherwise. */
export const DEFAULT_MAX_MEMORY_SESSIONS = 1000;

/** How often (at most) a save sweeps every expired session out, so idle expired ones do not pile up. */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * In-process store for tests, the demo and the single-process dev server. Bounded: expired sessions
 * are swept out (on read, and every minute on save), and past `maxSessions` the least recently used
 * one is dropped, so a long run of new conversations cannot grow the process without end. A dropped
 * session answers like an expired one (404 session_not_found).
 */
export class InMemorySessionStore implements SessionStore {
  /** In least-recently-used-first order: every read or save moves a session to the end. */
  private readonly records = new Map<string, SessionRecord>();
  private readonly clock: Clock;
  private readonly maxSessions: number;
  private lastSweep = 0;

  constructor(options: { clock?: Clock; maxSessions?: number } = {}) {
    this.clock = options.clock ?? { now: () => new Date() };
    this.maxSessions = options.maxSessions ?? DEFAULT_MAX_MEMORY_SESSIONS;
    if (!Number.isInteger(this.maxSessions) || this.maxSessions < 1)
      throw new Error(`maxSessions must be a positive integer, got ${this.maxSessions}`);
  }

  /** Sessions held right now (expired ones not yet swept included). */
  get size(): number {
    return this.records.size;
  }

  async get(sessionId: string): Promise<SessionRecord | null> {
    const record = this.live(sessionId);
    if (!record) return null;
    this.touch(sessionId, record);
    // A copy, so a pattern mutating its state cannot change what is stored without a put.
    return structuredClone(record);
  }

  async put(record: SessionRecord, expectedVersion: number | null): Promise<void> {
    const current = this.live(record.session_id);
    if ((current?.version ?? null) !== expectedVersion) throw new SessionConflictError(record.session_id);
    this.touch(record.session_id, structuredClone(record));
    this.bound();
  }

  private live(sessionId: string): SessionRecord | undefined {
    const record = this.records.get(sessionId);
    if (record && isExpired(record, this.clock.now())) {
      this.records.delete(sessionId);
      return undefined;
    }
    return record;
  }

  private touch(sessionId: string, record: SessionRecord): void {
    this.records.delete(sessionId);
    this.records.set(sessionId, record);
  }

  /** Sweeps expired sessions when a sweep is due, then drops the least recently used past the cap. */
  private bound(): void {
    const now = this.clock.now();
    if (now.getTime() - this.lastSweep >= SWEEP_INTERVAL_MS) {
      this.lastSweep = now.getTime();
      for (const [id, record] of this.records) if (isExpired(record, now)) this.records.delete(id);
    }
    for (const id of this.records.keys()) {
      if (this.records.size <= this.maxSessions) break;
      this.records.delete(id);
    }
  }
}
