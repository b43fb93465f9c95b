import { Runner } from '@openai/agents';
import { assistantMessage, functionCall, ScriptedModel, type ScriptedModelInput } from '@openai/agents/testing';
import type { Runtime } from '@tennis/runtime';
import { NOT_APPROVED } from '@tennis/runtime/agents';
import { CANONICAL_BOOKING, createTestApp, runScenario, tomorrow, TWO_TURN_BOOKING } from '@tennis/testkit';
import { describe, expect, it } from 'vitest';
import { createPatternF } from '../src/pattern';
import { steps } from './steps';

const TOMORROW = tomorrow();
const slot = (court: 'A' | 'B' | 'C', hhmm: string) => `${TOMORROW}_Court${court}_${hhmm}`;

/** Pattern F over one scripted model shared by all three agents (nested runs inherit the Runner's model), in call order. */
function scriptedApp(steps: ScriptedModelInput[]) {
  const model = new ScriptedModel(steps);
  const runner = new Runner({ model, tracingDisabled: true });
  const app = createTestApp('f', (rt) => createPatternF({ bookings: rt.bookings, runner, maxModelCalls: 8, grounding: rt.grounding }));
  return { app, model };
}

const ask = (specialist: string, input: string, callId: string) => [functionCall(specialist, { input }, { callId })];

describe('pattern F with a scripted model (no offline model involved)', () => {
  it('canonical booking in one request: the booking specialist checks and books; 4 model calls', async () => {
    const { app, model } = scriptedApp([
      ask('booking_specialist', `Book any court on ${TOMORROW} at 15:00`, 'm1'),
      [functionCall('check_availability', { date: TOMORROW, time: '15:00' }, { callId: 'b1' })],
      [functionCall('book', { slot_id: slot('A', '1500') }, { callId: 'b2' })],
      [assistantMessage(`Booked Court A for you tomorrow (${TOMORROW}) at 15:00.`)],
    ]);
    const run = await runScenario(app, CANONICAL_BOOKING);
    model.assertComplete();
    const reply = run.turns[0]!.result;
    if (!reply.ok) throw new Error('expected a 200');
    expect(steps(reply.body.trace)).toEqual([
      'Manager asked booking_specialist',
      'Booking specialist: check_availability ok',
      'Booking specialist: book ok',
    ]);
    // The specialist's run ended on book: the manager's last call received the booking itself as the tool result.
    expect(JSON.stringify(model.calls[3]?.request.input)).toContain(`\\"slot_id\\":\\"${slot('A', '1500')}\\"`);
  });

  it("two turns: the follow-up reaches the booking specialist, with the first turn in the manager's history", async () => {
    const { app, model } = scriptedApp([
      ask('availability_specialist', `Free courts on ${TOMORROW}?`, 'm1'),
      [functionCall('check_availability', { date: TOMORROW }, { callId: 'a1' })],
      [assistantMessage('Every court is free tomorrow from 08:00 to 21:00. Which time would you like?')],
      ask('booking_specialist', `Book Court B on ${TOMORROW} at 15:00`, 'm2'),
      [functionCall('check_availability', { date: TOMORROW, time: '15:00' }, { callId: 'b1' })],
      [functionCall('book', { slot_id: slot('B', '1500') }, { callId: 'b2' })],
      [assistantMessage(`Booked Court B for ${TOMORROW} at 15:00.`)],
    ]);
    const run = await runScenario(app, TWO_TURN_BOOKING);
    model.assertComplete();
    const first = run.turns[0]!.result;
    const second = run.turns[1]!.result;
    if (!first.ok || !second.ok) throw new Error('expected two 200s');
    expect(steps(first.body.trace)).toEqual(['Manager asked availability_specialist', 'Availability specialist: check_availability ok']);
    expect(steps(second.body.trace)).toEqual([
      'Manager asked booking_specialist',
      'Booking specialist: check_availability ok',
      'Booking specialist: book ok',
    ]);
    expect(JSON.stringify(model.calls[3]?.request.input)).toContain("I'd like a court tomorrow");
  });

  it('a booking error comes back to the manager, which explains it; nothing is booked', async () => {
    const { app, model } = scriptedApp([
      ask('booking_specialist', 'Book 2026-11-22_CourtZ_1500', 'm1'),
      [functionCall('book', { slot_id: '2026-11-22_CourtZ_1500' }, { callId: 'b1' })],
      [assistantMessage('There is no Court Z. Courts A, B and C are available.')],
    ]);
    const reply = await app.say('Book court Z tomorrow at 3pm');
    expect(reply.booking).toBeNull();
    expect(steps(reply.trace)).toEqual(['Manager asked booking_specialist', 'Booking specialist: book failed']);
    expect(JSON.stringify(model.calls[2]?.request.input)).toMatch(/"ok\\?":false/);
    expect(await app.listBookings()).toEqual([]);
  });
});

describe('pattern F approval (REQUIRE_CONFIRMATION) with a scripted model: the nested book call pauses the manager', () => {
  function approvalApp(script: ScriptedModelInput[]) {
    const model = new ScriptedModel(script);
    const runner = new Runner({ model, tracingDisabled: true });
    const build = (rt: Runtime) =>
      createPatternF({ bookings: rt.bookings, runner, maxModelCalls: 8, grounding: rt.grounding, requireConfirmation: true });
    return { app: createTestApp('f', build, { env: { REQUIRE_CONFIRMATION: 'true' } }), model };
  }

  it('"yes": the specialist\'s paused book call runs inside the resumed manager run; the manager confirms from its result', async () => {
    const { app, model } = approvalApp([
      ask('booking_specialist', `Book Court C on ${TOMORROW} at 15:00`, 'm1'),
      [functionCall('book', { slot_id: slot('C', '1500') }, { callId: 'b1' })],
      [assistantMessage(`Booked Court C for ${TOMORROW} at 15:00.`)],
    ]);
    const asked = await app.say('Book court C tomorrow at 3pm');
    expect(asked.pending_approval).toMatchObject({ slot_id: slot('C', '1500') });
    expect(model.calls).toHaveLength(2);
    expect(await app.listBookings()).toEqual([]);

    const yes = await app.say('yes', { sessionId: asked.session_id });
    model.assertComplete();
    expect(yes.booking).toMatchObject({ slot_id: slot('C', '1500'), user_id: 'alice' });
    expect(steps(yes.trace)).toEqual(['Manager asked booking_specialist', 'Booking specialist: book ok']);
    // No model call in between: the manager's next call reads the booking the specialist's book returned.
    expect(JSON.stringify(model.calls[2]?.request.input)).toContain(`\\"slot_id\\":\\"${slot('C', '1500')}\\"`);
  });

  it('"no": the rejection ends the specialist\'s run (it stops at book) and reaches the manager as its answer; nothing booked', async () => {
    const { app, model } = approvalApp([
      ask('booking_specialist', `Book Court C on ${TOMORROW} at 15:00`, 'm1'),
      [functionCall('book', { slot_id: slot('C', '1500') }, { callId: 'b1' })],
      [assistantMessage('All right, nothing was booked.')],
    ]);
    const asked = await app.say('Book court C tomorrow at 3pm');
    const no = await app.say('no', { sessionId: asked.session_id });
    model.assertComplete();
    expect(no).toMatchObject({ booking: null, response: 'All right, nothing was booked.' });
    expect(JSON.stringify(model.calls[2]?.request.input)).toContain(NOT_APPROVED.no);
    expect(await app.listBookings()).toEqual([]);
  });
});
