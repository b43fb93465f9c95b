import { readFileSync } from 'node:fs';
import { BookingService, InMemoryBookingStore, defaultClubConfig } from '@tennis/booking-service';
import { describe, expect, it } from 'vitest';
import { lambdaContext, testClock, tomorrow } from '@tennis/testkit';
import { createActionGroup } from '../src/action-group';
import { actionGroupFunctionEvent, actionGroupFunctionResponse, type ActionGroupFunctionEvent } from './formats';

const TOMORROW = tomorrow();
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const event = (name: string): ActionGroupFunctionEvent => actionGroupFunctionEvent.parse(fixture(name));

function setup({ requireConfirmation = false } = {}) {
  const store = new InMemoryBookingStore();
  const bookings = new BookingService({ store, clock: testClock(), club: defaultClubConfig() });
  const actionGroup = createActionGroup(bookings, undefined, { requireConfirmation });
  const invoke = async (e: unknown) => actionGroupFunctionResponse.parse(await actionGroup(e, lambdaContext() as never));
  const body = (r: { response: { functionResponse: { responseBody: { TEXT: { body: string } } } } }) =>
    JSON.parse(r.response.functionResponse.responseBody.TEXT.body) as Record<string, unknown>;
  return { store, bookings, invoke, body };
}

describe('documented formats', () => {
  it.each(['check-availability.event.json', 'book.event.json', 'book-forged-user.event.json'])(
    'event fixture %s has the documented shape',
    (name) => {
      expect(actionGroupFunctionEvent.safeParse(fixture(name)).success).toBe(true);
    },
  );

  it.each(['book.response.json', 'book-taken.response.json'])('response fixture %s has the documented shape', (name) => {
    expect(actionGroupFunctionResponse.safeParse(fixture(name)).success).toBe(true);
  });

  it('the schemas reject what Bedrock would reject', () => {
    const ok = fixture('book.event.json') as Record<string, unknown>;
    expect(actionGroupFunctionEvent.safeParse({ ...ok, messageVersion: '2.0' }).success).toBe(false);
    expect(actionGroupFunctionEvent.safeParse({ ...ok, parameters: [{ name: 'slot_id', type: 'object', value: '{}' }] }).success).toBe(
      false,
    );
    const response = fixture('book.response.json') as { response: Record<string, unknown> };
    expect(
      actionGroupFunctionResponse.safeParse({
        ...response,
        response: { ...response.response, functionResponse: { responseBody: { 'application/json': { body: '{}' } } } },
      }).success,
    ).toBe(false);
    expect(
      actionGroupFunctionResponse.safeParse({
        ...response,
        response: { ...response.response, functionResponse: { responseState: 'ERROR', responseBody: { TEXT: { body: '' } } } },
      }).success,
    ).toBe(false);
  });
});

describe('action-group Lambda', () => {
  it('check_availability answers in the documented format, attributes handed back', async () => {
    const { invoke, body } = setup();
    const response = await invoke(event('check-availability.event.json'));
    expect(response).toMatchObject({
      messageVersion: '1.0',
      response: { actionGroup: 'booking', function: 'check_availability' },
      sessionAttributes: { userId: 'alice' },
      promptSessionAttributes: { currentDateTime: expect.stringContaining('2026-11-21') },
    });
    expect(response.response.functionResponse.responseState).toBeUndefined();
    expect(body(response)).toMatchObject({
      date: TOMORROW,
      available: expect.arrayContaining([expect.objectContaining({ slot_id: `${TOMORROW}_CourtA_1500` })]),
    });
  });

  it('book books for the sessionAttributes user', async () => {
    const { invoke, body, store } = setup();
    const response = await invoke(event('book.event.json'));
    expect(body(response)).toMatchObject({ slot_id: `${TOMORROW}_CourtA_1500`, court: 'Court A', user_id: 'alice' });
    expect((await store.listByUser('alice')).map((b) => b.slot_id)).toEqual([`${TOMORROW}_CourtA_1500`]);
  });

  it('a user_id parameter is ignored: sessionAttributes win', async () => {
    const { invoke, body, store } = setup();
    const response = await invoke(event('book-forged-user.event.json'));
    expect(response.response.functionResponse.responseState).toBeUndefined();
    expect(body(response)).toMatchObject({ court: 'Court B', user_id: 'alice' });
    expect(await store.listByUser('bob')).toEqual([]);
  });

  it('a slot taken by someone else is REPROMPT with the reason, for the model to explain', async () => {
    const { invoke, body, bookings } = setup();
    await bookings.book({ slot_id: `${TOMORROW}_CourtA_1500` }, { userId: 'other-member' });
    const response = await invoke(event('book.event.json'));
    expect(response.response.functionResponse.responseState).toBe('REPROMPT');
    expect(body(response)).toMatchObject({
      ok: false,
      error: { code: 'ALREADY_BOOKED', message: expect.stringContaining('already booked') },
    });
  });

  it('bad arguments are REPROMPT naming the field', async () => {
    const { invoke, body } = setup();
    const bad = { ...event('check-availability.event.json'), parameters: [{ name: 'date', type: 'string', value: 'tomorrow' }] };
    const response = await invoke(bad);
    expect(response.response.functionResponse.responseState).toBe('REPROMPT');
    expect(body(response)).toMatchObject({ error: { code: 'INVALID_INPUT', message: expect.stringContaining('date') } });
  });

  it.each([
    ['no userId attribute', {}],
    ['a malformed userId', { userId: 'alice; drop table' }],
  ])('%s is FAILURE and books nothing', async (_name, sessionAttributes) => {
    const { invoke, body, store } = setup();
    const response = await invoke({ ...event('book.event.json'), sessionAttributes });
    expect(response.response.functionResponse.responseState).toBe('FAILURE');
    expect(body(response)).toMatchObject({ error: { code: 'NO_CALLER' } });
    expect(await store.listByDate(TOMORROW)).toEqual([]);
  });

  it('a store outage is FAILURE with a safe message, no exception text', async () => {
    const { invoke, body, store } = setup();
    store.create = async () => {
      throw new Error('socket hang up at 10.0.0.12');
    };
    const response = await invoke(event('book.event.json'));
    expect(response.response.functionResponse.responseState).toBe('FAILURE');
    expect(JSON.stringify(body(response))).not.toContain('socket');
  });

  it('rejects an event that is not an action-group event', async () => {
    const { invoke } = setup();
    await expect(invoke({ body: '{}' })).rejects.toThrow(/not a valid BedrockAgentFunctionEvent/);
  });
});

describe('action-group Lambda with REQUIRE_CONFIRMATION', () => {
  const SLOT = `${TOMORROW}_CourtA_1500`;
  const withApproved = (approved: string | undefined) => {
    const e = event('book.event.json');
    return { ...e, sessionAttributes: { ...e.sessionAttributes, ...(approved === undefined ? {} : { approvedSlotId: approved }) } };
  };

  it.each([
    ['no approved slot', undefined],
    ['an empty one (cleared by the invoker)', ''],
    ['another slot', `${TOMORROW}_CourtB_1500`],
  ])('refuses book with %s: REPROMPT APPROVAL_REQUIRED, nothing booked', async (_what, approved) => {
    const { invoke, body, store } = setup({ requireConfirmation: true });
    const response = await invoke(withApproved(approved));
    expect(response.response.functionResponse.responseState).toBe('REPROMPT');
    expect(body(response)).toMatchObject({ ok: false, error: { code: 'APPROVAL_REQUIRED' } });
    expect(await store.listByUser('alice')).toEqual([]);
  });

  it('books the slot the invoker named as approved; check_availability needs no approval', async () => {
    const { invoke, body, store } = setup({ requireConfirmation: true });
    expect(body(await invoke(withApproved(SLOT)))).toMatchObject({ slot_id: SLOT, user_id: 'alice' });
    expect((await store.listByUser('alice')).map((b) => b.slot_id)).toEqual([SLOT]);
    expect(body(await invoke(event('check-availability.event.json')))).toMatchObject({ date: TOMORROW });
  });
});
