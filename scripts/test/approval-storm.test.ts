/**
 * Human approval under concurrency, for every pattern, through its real Lambda handlers in the local Lambda
 * runtime (each function in its own process, bookings and sessions in one dynalite): three members each
 * have a pending approval for the same slot, then a storm of "yes" arrives at once (several per session,
 * all three members). Exactly one booking may come out of it, and each session's approval is used at most once.
 */
import { describe, expect, it } from 'vitest';
import { clubDate, type ChatResult } from '../../shared/testkit/src/index';
import { startPatternTarget } from '../lib/compare/target';
import { builtPatterns } from '../lib/patterns';

const ALL = builtPatterns();
const MEMBERS = ['storm-ann', 'storm-ben', 'storm-cat'];
const YES_PER_MEMBER = 4;

describe('a storm of "yes" on pending approvals of one slot', () => {
  it.skipIf(ALL.length < 8).each(ALL)('pattern %s books the slot exactly once', { timeout: 240_000 }, async (letter) => {
    const target = await startPatternTarget(letter, { env: { LLM_MODE: 'offline', LOG_LEVEL: 'SILENT', REQUIRE_CONFIRMATION: 'true' } });
    try {
      const date = clubDate(1, new Date().toISOString(), 'Europe/London');
      const sessions = new Map<string, string>();
      for (const member of MEMBERS) {
        const asked = await target.chat('Book court A tomorrow at 3pm', { userId: member });
        expect(asked.ok, JSON.stringify(asked.body)).toBe(true);
        if (!asked.ok) return;
        expect(asked.body.pending_approval).toMatchObject({ court: 'Court A', date, time: '15:00' });
        sessions.set(member, asked.body.session_id);
      }
      expect(await target.listBookings()).toEqual([]);

      const storm: Array<Promise<{ member: string; result: ChatResult }>> = [];
      for (let i = 0; i < YES_PER_MEMBER; i++) {
        for (const member of MEMBERS)
          storm.push(target.chat('yes', { userId: member, sessionId: sessions.get(member)! }).then((result) => ({ member, result })));
      }
      const replies = await Promise.all(storm);

      const booked = (await target.listBookings()).filter((b) => b.date === date && b.time === '15:00' && b.court === 'Court A');
      expect(booked, 'one booking of the slot').toHaveLength(1);
      for (const member of MEMBERS) {
        const answered = replies.filter((r) => r.member === member && r.result.ok);
        // One reply per session acts on its approval; the others find it already claimed (409) and do nothing.
        expect(answered.length, `${member}: replies that acted on the approval`).toBe(1);
        const conflicts = replies.filter((r) => r.member === member && !r.result.ok);
        for (const c of conflicts) expect(c.result.status, JSON.stringify(c.result.body)).toBe(409);
      }
      const winners = replies.filter((r) => r.result.ok && r.result.body.booking);
      expect(winners).toHaveLength(1);
      expect(winners[0]!.member).toBe(booked[0]!.user_id);
    } finally {
      await target.stop();
    }
  });
});
