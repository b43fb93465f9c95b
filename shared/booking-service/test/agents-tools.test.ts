import { RunContext } from '@openai/agents';
import { describe, expect, it } from 'vitest';
import { toAgentsTools } from '../src/agents-tools';
import { InMemoryBookingStore, type Booking } from '../src/index';
import { makeService, TOMORROW } from './helpers';

function setup(store = new InMemoryBookingStore()) {
  const { service } = makeService({ store });
  const [checkAvailability, book] = toAgentsTools(service);
  return { store, checkAvailability: checkAvailability!, book: book!, alice: new RunContext({ userId: 'alice' }) };
}

describe('toAgentsTools', () => {
  it('exposes both tools as strict function tools with the schema OpenAI strict mode needs (all required, time nullable)', () => {
    const { checkAvailability, book } = setup();
    expect(checkAvailability).toMatchObject({ type: 'function', name: 'check_availability', strict: true });
    expect(checkAvailability.parameters).toMatchObject({
      required: ['date', 'time'],
      additionalProperties: false,
      properties: { time: { type: ['string', 'null'] } },
    });
    expect(book).toMatchObject({ type: 'function', name: 'book', strict: true, parameters: { required: ['slot_id'] } });
  });

  it('books for the user in the run context', async () => {
    const { store, book, alice } = setup();
    const outcome = await book.invoke(alice, JSON.stringify({ slot_id: `${TOMORROW}_CourtB_1500` }));
    expect(outcome).toMatchObject({ ok: true, result: { user_id: 'alice', court: 'Court B' } });
    expect((await store.listByUser('alice')).map((b: Booking) => b.slot_id)).toEqual([`${TOMORROW}_CourtB_1500`]);
  });

  it('accepts the null a strict model sends for "no time"', async () => {
    const { checkAvailability, alice } = setup();
    const outcome = await checkAvailability.invoke(alice, JSON.stringify({ date: TOMORROW, time: null }));
    expect(outcome).toMatchObject({ ok: true, result: { date: TOMORROW } });
  });

  it('refuses a model-supplied user id with the same explanation as executeTool', async () => {
    const { store, book, alice } = setup();
    const output = await book.invoke(alice, JSON.stringify({ slot_id: `${TOMORROW}_CourtB_1500`, user_id: 'bob' }));
    expect(output).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'Invalid arguments for book: unexpected field user_id (not accepted by this tool).' },
    });
    expect(await store.getBySlot(`${TOMORROW}_CourtB_1500`)).toBeNull();
  });

  it('explains invalid arguments field by field', async () => {
    const { checkAvailability, alice } = setup();
    const output = await checkAvailability.invoke(alice, JSON.stringify({ date: 'next friday', time: null }));
    expect(output).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('date must be an absolute date') },
    });
  });

  it('fails loudly when code forgot the user context', async () => {
    const { book } = setup();
    await expect(book.invoke(new RunContext({}) as never, JSON.stringify({ slot_id: `${TOMORROW}_CourtB_1500` }))).rejects.toThrow(
      /run context \{ userId \}/,
    );
  });
});
