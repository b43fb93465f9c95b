/**
 * What the @openai/agents patterns (E, F, G) add to the shared approval tests (approval-harness.ts): the paused
 * run waits in the session as the SDK's RunState JSON, with only the serialisable part of the run context, and
 * another container resumes it from DynamoDB (dynalite). Each of E, F and G calls this and approvalInDynamo.
 */
import { tomorrow } from '../../testkit/src';
import { describe, expect, it } from 'vitest';
import type { BuildPattern, PatternLetter } from '../src/index';
import { startApprovalHarness } from './approval-harness';

export function describeApprovalAcrossContainers(letter: PatternLetter, build: BuildPattern): void {
  const slot = (court: 'A' | 'B', hhmm: string) => `${tomorrow()}_Court${court}_${hhmm}`;

  describe(`pattern ${letter.toUpperCase()}: approval across containers, sessions in DynamoDB (dynalite)`, () => {
    it('the paused run waits in the session as RunState JSON; another container resumes it and books exactly that slot', async () => {
      const harness = await startApprovalHarness(letter, build);
      try {
        const asked = await harness.container().chat('Book court B tomorrow at 3pm');
        expect(asked.status).toBe(200);
        expect(asked.body.pending_approval).toMatchObject({ slot_id: slot('B', '1500'), court: 'Court B', time: '15:00' });
        expect(await harness.bookingsOn(tomorrow())).toEqual([]);

        // What the session record holds: the pending slot, and the SDK's serialised RunState as the hold.
        const hold = (await harness.session(asked.body.session_id))?.approval?.hold;
        expect(typeof hold).toBe('string');
        const state = JSON.parse(hold as string);
        expect(state.$schemaVersion).toMatch(/^1\.\d+$/);
        // Only the serialisable part of the run context: no trace, no bookings, no timers.
        expect(state.context.context).toEqual({ userId: 'alice', asked: expect.any(Object) });
        expect(Object.values(state.context.context.asked)).toContain(slot('B', '1500'));
        expect(JSON.stringify(asked.body)).not.toContain('$schemaVersion');

        const yes = await harness.container().chat('yes', { sessionId: asked.body.session_id });
        expect(yes.status).toBe(200);
        expect(yes.body.booking).toMatchObject({ slot_id: slot('B', '1500'), user_id: 'alice' });
        expect(yes.body.response).toMatch(/Court B/);
        expect(yes.body.pending_approval).toBeNull();
        expect((await harness.bookingsOn(tomorrow())).map((b) => b.slot_id)).toEqual([slot('B', '1500')]);
        expect((await harness.session(asked.body.session_id))?.approval ?? null).toBeNull();
      } finally {
        await harness.stop();
      }
    }, 60_000);

    it('"no" in another container: the resumed run books nothing and says so', async () => {
      const harness = await startApprovalHarness(letter, build);
      try {
        const asked = await harness.container().chat('Book tomorrow at 5pm');
        const no = await harness.container().chat('no', { sessionId: asked.body.session_id });
        expect(no.body).toMatchObject({ booking: null, pending_approval: null });
        expect(no.body.response).toMatch(/nothing was booked/i);
        expect(await harness.bookingsOn(tomorrow())).toEqual([]);
      } finally {
        await harness.stop();
      }
    }, 60_000);
  });
}
