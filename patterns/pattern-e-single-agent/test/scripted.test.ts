import { Runner, type AgentInputItem } from '@openai/agents';
import { assistantMessage, functionCall, ScriptedModel, type ScriptedModelInput } from '@openai/agents/testing';
import { createGroundingGuard, Trace, type Runtime } from '@tennis/runtime';
import { NOT_APPROVED } from '@tennis/runtime/agents';
import { CANONICAL_BOOKING, createTestApp, runScenario, TEST_DATE_SENTENCE, testClock, tomorrow, TWO_TURN_BOOKING } from '@tennis/testkit';
import { BookingService, InMemoryBookingStore } from '@tennis/booking-service';
import { describe, expect, it } from 'vitest';
import { createPatternE } from '../src/pattern';

const TOMORROW = tomorrow();
const slot = (court: 'A' | 'B' | 'C', hhmm: string) => `${TOMORROW}_Court${court}_${hhmm}`;

/** Pattern E over a scripted model: the real Runner, real tools and real stores; only the model is scripted. */
function scriptedApp(steps: ScriptedModelInput[], maxModelCalls = 8) {
  const model = new ScriptedModel(steps);
  const runner = new Runner({ model, tracingDisabled: true });
  const app = createTestApp('e', (rt) => createPatternE({ bookings: rt.bookings, runner, maxModelCalls, grounding: rt.grounding }));
  return { app, model };
}

describe('pattern E with a scripted model (no offline model involved)', () => {
  it('canonical booking: check, book, answer; the instructions carry the date sentence', async () => {
    const { app, model } = scriptedApp([
      [functionCall('check_availability', { date: TOMORROW, time: '15:00' }, { callId: 'c1' })],
      [functionCall('book', { slot_id: slot('A', '1500') }, { callId: 'c2' })],
      [assistantMessage(`Done: Court A is yours tomorrow (${TOMORROW}) at 15:00.`)],
    ]);
    await runScenario(app, CANONICAL_BOOKING);
    model.assertComplete();
    expect(model.firstCall?.request.systemInstructions).toContain(TEST_DATE_SENTENCE);
  });

  it('two turns: the second turn sees the first through the session state and books Court B', async () => {
    const { app, model } = scriptedApp([
      [functionCall('check_availability', { date: TOMORROW }, { callId: 'c1' })],
      [assistantMessage('Tomorrow every court is free from 08:00 to 21:00. Which time would you like?')],
      [functionCall('book', { slot_id: slot('B', '1500') }, { callId: 'c2' })],
      [assistantMessage(`Booked Court B for ${TOMORROW} at 15:00.`)],
    ]);
    await runScenario(app, TWO_TURN_BOOKING);
    model.assertComplete();
    expect(JSON.stringify(model.calls[2]?.request.input)).toContain("I'd like a court tomorrow");
  });

  it('never takes the user from the model: no user field in any tool schema, a scripted user_id books nothing for bob', async () => {
    const { app, model } = scriptedApp([
      [functionCall('book', { slot_id: slot('A', '1500'), user_id: 'bob' }, { callId: 'c1' })],
      [assistantMessage('I can only book for you.')],
    ]);
    const reply = await app.say('Book tomorrow at 3pm for user bob');
    const tools = model.firstCall?.request.tools ?? [];
    expect(tools.map((t) => t.name).sort()).toEqual(['book', 'check_availability']);
    for (const t of tools) {
      const properties = 'parameters' in t ? Object.keys(t.parameters.properties ?? {}) : [];
      expect(properties.filter((p) => /user/i.test(p))).toEqual([]);
    }
    const stored = await app.listBookings();
    expect(stored.filter((b) => b.user_id === 'bob')).toEqual([]);
    // Either the call was rejected (nothing booked) or it booked for the caller.
    expect(stored.every((b) => b.user_id === 'alice')).toBe(true);
    expect(reply.booking === null || reply.booking.user_id === 'alice').toBe(true);
  });

  it('stops at maxModelCalls with a bounded answer and nothing half-done', async () => {
    const checkAgain = (id: string) => [functionCall('check_availability', { date: TOMORROW }, { callId: id })];
    const { app, model } = scriptedApp([checkAgain('c1'), checkAgain('c2'), checkAgain('c3')], 2);
    const reply = await app.say('Book tomorrow at 3pm');
    expect(model.calls).toHaveLength(2);
    expect(reply.response).toMatch(/could not finish.*nothing was booked.*2 steps/i);
    expect(reply.booking).toBeNull();
    expect(await app.listBookings()).toEqual([]);
  });

  it('a booking made before the turn limit stands and is reported, not hidden', async () => {
    const { app } = scriptedApp(
      [
        [functionCall('check_availability', { date: TOMORROW, time: '15:00' }, { callId: 'c1' })],
        [functionCall('book', { slot_id: slot('C', '1500') }, { callId: 'c2' })],
        [assistantMessage('never reached')],
      ],
      2,
    );
    const reply = await app.say('Book tomorrow at 3pm');
    expect(reply.response).toMatch(new RegExp(`I booked Court C on ${TOMORROW} at 15:00 for you, but could not finish`));
    expect(reply.booking).toMatchObject({ slot_id: slot('C', '1500'), user_id: 'alice' });
    expect(await app.listBookings()).toHaveLength(1);
  });

  it('keeps the conversation in the session state: TurnOutput.state of one turn is the history of the next', async () => {
    const model = new ScriptedModel([
      [assistantMessage('Hello! Which day would you like?')],
      [assistantMessage('Tomorrow then. What time?')],
    ]);
    const bookings = new BookingService({ store: new InMemoryBookingStore(), clock: testClock() });
    const pattern = createPatternE({
      bookings,
      runner: new Runner({ model, tracingDisabled: true }),
      maxModelCalls: 8,
      grounding: createGroundingGuard(bookings, true),
    });
    const turn = (message: string, state: unknown) =>
      pattern.turn({ message, userId: 'alice', sessionId: 's_test_1', requestId: 'r1', state, trace: new Trace() });

    const first = await turn('Hi', undefined);
    const second = await turn('Tomorrow', first.state);

    const secondInput = model.calls[1]?.request.input as AgentInputItem[];
    expect(JSON.stringify(secondInput)).toContain('Hello! Which day would you like?');
    const saved = (second.state as { items: AgentInputItem[] }).items;
    expect(saved.map((i) => ('role' in i ? i.role : i.type))).toEqual(['user', 'assistant', 'user', 'assistant']);
  });

  it('the grounding guardrail replaces a false booking claim, in the answer and in the saved history', async () => {
    const steps: ScriptedModelInput[] = [
      [functionCall('check_availability', { date: TOMORROW, time: '15:00' }, { callId: 'c1' })],
      [assistantMessage(`Booked: Court A on ${TOMORROW} at 15:00. Your booking id is bk_made0up00000.`)],
    ];
    const guarded = scriptedApp(steps).app;
    const reply = await guarded.say('Book tomorrow at 3pm');
    expect(reply.booking).toBeNull();
    expect(await guarded.listBookings()).toEqual([]);
    expect(reply.response).toBe(
      'Sorry, nothing has been booked yet. Tell me the day and time you would like, and I will check what is free and book it.',
    );
    expect(reply.trace).toContainEqual(
      expect.objectContaining({ type: 'step', actor: 'guard', name: 'grounding guard: answer corrected' }),
    );

    // The next turn's history holds the correction, not the false claim.
    const model = new ScriptedModel([...steps, [assistantMessage('Which time would you like?')]]);
    const bookings = new BookingService({ store: new InMemoryBookingStore(), clock: testClock() });
    const pattern = createPatternE({
      bookings,
      runner: new Runner({ model, tracingDisabled: true }),
      maxModelCalls: 8,
      grounding: createGroundingGuard(bookings, true),
    });
    const first = await pattern.turn({
      message: 'Book tomorrow at 3pm',
      userId: 'alice',
      sessionId: 's_test_1',
      requestId: 'r1',
      state: undefined,
      trace: new Trace(),
    });
    const history = JSON.stringify((first.state as { items: AgentInputItem[] }).items);
    expect(history).toContain('nothing has been booked yet');
    expect(history).not.toContain('bk_made0up00000');
  });

  it('with GROUNDING_GUARD=off the false claim reaches the member as the model wrote it', async () => {
    const model = new ScriptedModel([[assistantMessage(`Booked: Court A on ${TOMORROW} at 15:00. Your booking id is bk_made0up00000.`)]]);
    const runner = new Runner({ model, tracingDisabled: true });
    const app = createTestApp('e', (rt) => createPatternE({ bookings: rt.bookings, runner, maxModelCalls: 8, grounding: rt.grounding }), {
      env: { GROUNDING_GUARD: 'off' },
    });
    const reply = await app.say('Book tomorrow at 3pm');
    expect(reply.response).toContain('bk_made0up00000');
    expect(reply.booking).toBeNull();
  });
});

describe('pattern E approval (REQUIRE_CONFIRMATION) with a scripted model: the SDK pauses and resumes the run', () => {
  /** Pattern E with approval on over a scripted model; the runtime keeps the paused run in the session between turns. */
  function approvalApp(steps: ScriptedModelInput[], maxTurns = 8) {
    const model = new ScriptedModel(steps);
    const runner = new Runner({ model, tracingDisabled: true });
    const build = (rt: Runtime) =>
      createPatternE({ bookings: rt.bookings, runner, maxModelCalls: maxTurns, grounding: rt.grounding, requireConfirmation: true });
    return { app: createTestApp('e', build, { env: { REQUIRE_CONFIRMATION: 'true' } }), model };
  }
  const toolOutputs = (input: unknown) =>
    (input as AgentInputItem[]).flatMap((item) =>
      item.type === 'function_call_result' ? [[item.callId, JSON.stringify(item.output)]] : [],
    );

  it('"yes": the paused book call runs on resume, exactly as the model wrote it, and the model confirms from its result', async () => {
    const { app, model } = approvalApp([
      [functionCall('check_availability', { date: TOMORROW, time: '15:00' }, { callId: 'c1' })],
      [functionCall('book', { slot_id: slot('B', '1500') }, { callId: 'c2' })],
      [assistantMessage(`Booked Court B for ${TOMORROW} at 15:00.`)],
    ]);
    const asked = await app.say('Book court B tomorrow at 3pm');
    expect(asked.pending_approval).toMatchObject({ slot_id: slot('B', '1500') });
    expect(asked.response).toMatch(/^Shall I book Court B .* at 15:00 for you\? Please answer yes or no\.$/);
    expect(model.calls).toHaveLength(2);
    expect(await app.listBookings()).toEqual([]);

    const yes = await app.say('yes', { sessionId: asked.session_id });
    model.assertComplete();
    expect(yes.booking).toMatchObject({ slot_id: slot('B', '1500'), user_id: 'alice' });
    expect(yes.response).toBe(`Booked Court B for ${TOMORROW} at 15:00.`);
    // The resumed model call reads the book call's real result.
    const [, output] = toolOutputs(model.calls[2]!.request.input).find(([id]) => id === 'c2')!;
    expect(output).toContain('"ok\\":true');
  });

  it('"no": the paused call is rejected; the model reads that it was not approved, and nothing is booked', async () => {
    const { app, model } = approvalApp([
      [functionCall('book', { slot_id: slot('A', '1700') }, { callId: 'c1' })],
      [assistantMessage('Understood, I have not booked anything.')],
    ]);
    const asked = await app.say('Book tomorrow at 5pm');
    const no = await app.say('no', { sessionId: asked.session_id });
    model.assertComplete();
    expect(no).toMatchObject({ booking: null, pending_approval: null, response: 'Understood, I have not booked anything.' });
    expect(toolOutputs(model.calls[1]!.request.input)).toEqual([['c1', JSON.stringify({ type: 'text', text: NOT_APPROVED.no })]]);
    expect(await app.listBookings()).toEqual([]);
  });

  it('another message: the rejection and the new message reach the model in the same resumed run, which may ask again', async () => {
    const { app, model } = approvalApp([
      [functionCall('book', { slot_id: slot('A', '1500') }, { callId: 'c1' })],
      [functionCall('book', { slot_id: slot('B', '1500') }, { callId: 'c2' })],
      [assistantMessage(`Booked Court B for ${TOMORROW} at 15:00.`)],
    ]);
    const asked = await app.say('Book tomorrow at 3pm');
    const changed = await app.say('yes, but court B instead', { sessionId: asked.session_id });
    expect(changed.pending_approval).toMatchObject({ slot_id: slot('B', '1500') });
    expect(changed.response).toContain('(I did not book Court A');
    const input = model.calls[1]!.request.input as AgentInputItem[];
    expect(toolOutputs(input)).toEqual([['c1', JSON.stringify({ type: 'text', text: NOT_APPROVED.other })]]);
    expect(input.at(-1)).toMatchObject({ role: 'user', content: 'yes, but court B instead' });

    const yes = await app.say('yes', { sessionId: asked.session_id });
    model.assertComplete();
    expect((await app.listBookings()).map((b) => b.slot_id)).toEqual([slot('B', '1500')]);
    expect(yes.booking).toMatchObject({ slot_id: slot('B', '1500') });
  });

  it('another message when the paused run has no model call left: the run is closed, and the message starts a new run', async () => {
    const { app, model } = approvalApp(
      [[functionCall('book', { slot_id: slot('A', '1500') }, { callId: 'c1' })], [assistantMessage('We open at 08:00.')]],
      1,
    );
    const asked = await app.say('Book tomorrow at 3pm');
    const other = await app.say('when do you open?', { sessionId: asked.session_id });
    model.assertComplete();
    expect(other.response).toBe(
      'We open at 08:00.\n\n(I did not book Court A on Sunday 22 November (2026-11-22) at 15:00, which I asked you about.)',
    );
    // The new run's history has the closed run: the rejected call, then the bounded answer, then the new message.
    const input = JSON.stringify(model.calls[1]!.request.input);
    expect(input).toContain(NOT_APPROVED.other);
    expect(input).toContain('when do you open?');
    expect(await app.listBookings()).toEqual([]);
  });

  it('the grounding guardrail checks the resumed run\'s answer: a false claim after a "no" is corrected; the question itself passes', async () => {
    const { app } = approvalApp([
      [functionCall('book', { slot_id: slot('A', '1500') }, { callId: 'c1' })],
      [assistantMessage(`Booked: Court A on ${TOMORROW} at 15:00. Your booking id is bk_made0up00000.`)],
    ]);
    const asked = await app.say('Book tomorrow at 3pm');
    expect(asked.trace.some((e) => e.type === 'step' && e.actor === 'guard')).toBe(false);
    const no = await app.say('no', { sessionId: asked.session_id });
    expect(no.booking).toBeNull();
    expect(no.response).not.toContain('bk_made0up00000');
    expect(no.response).toMatch(/nothing has been booked/);
    expect(await app.listBookings()).toEqual([]);
  });

  it('asks nothing about a slot that is not free: the call runs and the model reads the refusal', async () => {
    const { app, model } = approvalApp([
      [functionCall('book', { slot_id: `${TOMORROW}_CourtZ_1500` }, { callId: 'c1' })],
      [assistantMessage('There is no Court Z; which court would you like?')],
    ]);
    const reply = await app.say('Book court Z tomorrow at 3pm');
    model.assertComplete();
    expect(reply.pending_approval).toBeNull();
    expect(toolOutputs(model.calls[1]!.request.input)[0]![1]).toContain('NOT_FOUND');
  });
});
