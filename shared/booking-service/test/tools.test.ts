import { describe, expect, it } from 'vitest';
import { executeTool, InMemoryBookingStore, summarizeOutcome, type Booking, type ToolOutcome } from '../src/index';
import { makeService, TOMORROW } from './helpers';

const alice = { userId: 'alice' };

describe('executeTool', () => {
  it('runs check_availability with object or JSON-string arguments, null time meaning "no time"', async () => {
    const { service } = makeService();
    const fromObject = await executeTool(service, 'check_availability', { date: TOMORROW, time: null }, alice);
    const fromJson = await executeTool(service, 'check_availability', JSON.stringify({ date: TOMORROW }), alice);
    expect(fromObject).toEqual(fromJson);
    expect(fromObject.ok && (fromObject.result as { available: unknown[] }).available).toHaveLength(42);
  });

  it('books for the user in the context and never for a user named in the arguments', async () => {
    const { service, store } = makeService();
    const slot_id = `${TOMORROW}_CourtB_1500`;
    const sneaky = await executeTool(service, 'book', { slot_id, user_id: 'bob' }, alice);
    expect(sneaky).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'Invalid arguments for book: unexpected field user_id (not accepted by this tool).' },
    });
    expect(await store.getBySlot(slot_id)).toBeNull();

    const outcome = await executeTool(service, 'book', { slot_id }, alice);
    expect(outcome).toMatchObject({ ok: true, result: { slot_id, user_id: 'alice' } });
    expect(await store.listByUser('bob')).toEqual([]);
  });

  it.each([
    ['book', {}, 'Invalid arguments for book: slot_id is required.'],
    ['book', { slot_id: 42 }, 'Invalid arguments for book: slot_id must be a string (a slot id).'],
    [
      'check_availability',
      { date: 'tomorrow' },
      'Invalid arguments for check_availability: date must be an absolute date in YYYY-MM-DD format, e.g. 2026-11-22.',
    ],
    [
      'check_availability',
      { date: TOMORROW, time: '3pm' },
      'Invalid arguments for check_availability: time must be a 24h time in HH:MM format, e.g. 15:00.',
    ],
    ['check_availability', '{not json', 'Arguments for check_availability must be a JSON object.'],
    ['check_availability', [TOMORROW], 'Arguments for check_availability must be a JSON object.'],
    ['cancel', { slot_id: 'x' }, 'Unknown tool "cancel". Available tools: check_availability, book.'],
  ])('%s(%j) -> INVALID_INPUT naming the problem', async (name, args, message) => {
    expect(await executeTool(makeService().service, name, args, alice)).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message } });
  });

  it('turns booking rule errors into outcomes the model can relay', async () => {
    const { service } = makeService();
    const slot_id = `${TOMORROW}_CourtB_1500`;
    await executeTool(service, 'book', { slot_id }, { userId: 'bob' });
    expect(await executeTool(service, 'book', { slot_id }, alice)).toEqual({
      ok: false,
      error: { code: 'ALREADY_BOOKED', message: `Court B at 15:00 on ${TOMORROW} is already booked. Try another court or time.` },
    });
  });

  it('lets unexpected failures (a store outage) propagate', async () => {
    class OutageStore extends InMemoryBookingStore {
      override listByDate(): Promise<Booking[]> {
        return Promise.reject(new Error('store down'));
      }
    }
    const { service } = makeService({ store: new OutageStore() });
    await expect(executeTool(service, 'check_availability', { date: TOMORROW }, alice)).rejects.toThrow('store down');
  });
});

describe('summarizeOutcome', () => {
  it('writes one line per outcome', async () => {
    const { service } = makeService();
    const booked = await executeTool(service, 'book', { slot_id: `${TOMORROW}_CourtB_1500` }, alice);
    expect(summarizeOutcome('book', booked)).toBe(`booked Court B ${TOMORROW} 15:00`);
    expect(
      summarizeOutcome('check_availability', await executeTool(service, 'check_availability', { date: TOMORROW, time: '15:00' }, alice)),
    ).toBe(`2 free slots on ${TOMORROW} at 15:00`);
    expect(summarizeOutcome('book', await executeTool(service, 'book', { slot_id: `${TOMORROW}_CourtB_1500` }, { userId: 'bob' }))).toBe(
      'ALREADY_BOOKED',
    );
  });

  it('mentions alternatives when nothing matched', () => {
    const slot = { slot_id: `${TOMORROW}_CourtA_1600`, court: 'Court A', date: TOMORROW, time: '16:00' };
    const outcome: ToolOutcome = { ok: true, result: { date: TOMORROW, time: '15:00', available: [], alternatives: [slot] } };
    expect(summarizeOutcome('check_availability', outcome)).toBe(`0 free slots on ${TOMORROW} at 15:00, 1 alternative`);
    expect(summarizeOutcome('book', { ok: true, result: {} as Booking })).toBe('ok');
  });
});
