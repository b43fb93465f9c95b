import { describe, expect, it } from 'vitest';
import { BookingService, fixedClock, InMemoryBookingStore, type BookingStore } from '@tennis/booking-service';
import { bookingFrom, runBookingTool, Trace } from '../src/index';

const service = (store: BookingStore = new InMemoryBookingStore()) =>
  new BookingService({ store, clock: fixedClock(new Date('2026-11-21T10:00:00Z')) });

describe('runBookingTool', () => {
  it('books for the caller from JSON text arguments and traces the call', async () => {
    const trace = new Trace();
    const outcome = await runBookingTool(service(), 'book', '{"slot_id":"2026-11-22_CourtB_1500"}', {
      userId: 'alice',
      trace,
      actor: 'loop',
    });
    expect(bookingFrom({ name: 'book', outcome })).toMatchObject({ court: 'Court B', time: '15:00', user_id: 'alice' });
    // Typed by the tool's name: a successful 'book' outcome is a Booking, no cast needed.
    expect(outcome.ok && outcome.result.slot_id).toBe('2026-11-22_CourtB_1500');
    expect(trace.events()).toMatchObject([
      {
        type: 'tool',
        actor: 'loop',
        name: 'book',
        args: { slot_id: '2026-11-22_CourtB_1500' },
        ok: true,
        summary: 'booked Court B 2026-11-22 15:00',
      },
    ]);
  });

  it('returns bad arguments as an outcome (not a throw) and rejects a smuggled user id', async () => {
    const trace = new Trace();
    const outcome = await runBookingTool(
      service(),
      'book',
      { slot_id: '2026-11-22_CourtB_1500', user_id: 'bob' },
      { userId: 'alice', trace },
    );
    expect(outcome).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(bookingFrom({ name: 'book', outcome })).toBeNull();
    expect(trace.events()[0]).toMatchObject({ ok: false, summary: 'INVALID_INPUT', actor: 'code' });
  });

  it('records and rethrows a store failure', async () => {
    const broken = new InMemoryBookingStore();
    broken.create = async () => {
      throw new Error('table unavailable');
    };
    const trace = new Trace();
    await expect(
      runBookingTool(service(broken), 'book', { slot_id: '2026-11-22_CourtB_1500' }, { userId: 'alice', trace }),
    ).rejects.toThrow('table unavailable');
    expect(trace.events()[0]).toMatchObject({ type: 'tool', ok: false, summary: 'error: Error' });
  });
});
