import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BookingError, InMemoryBookingStore, type Booking, type BookingStore } from '../src/index';
import { makeService, startDynamo, TOMORROW } from './helpers';

let dynamo: Awaited<ReturnType<typeof startDynamo>>;
beforeAll(async () => {
  dynamo = await startDynamo();
});
afterAll(async () => {
  await dynamo?.stop();
});

const stores: [string, () => BookingStore][] = [
  ['InMemoryBookingStore', () => new InMemoryBookingStore()],
  ['DynamoBookingStore (dynalite)', () => dynamo.store],
];

describe.each(stores)('%s', (_name, getStore) => {
  it('lets exactly one of 200 concurrent users book the same slot', async () => {
    const { service } = makeService({ store: getStore() });
    const slotId = `${TOMORROW}_CourtB_1500`;
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) => service.book({ slot_id: slotId }, { userId: `user-${i}` })),
    );

    const booked = results.filter((r): r is PromiseFulfilledResult<Booking> => r.status === 'fulfilled');
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(booked).toHaveLength(1);
    expect(rejected).toHaveLength(199);
    for (const { reason } of rejected) {
      expect(reason).toBeInstanceOf(BookingError);
      expect((reason as BookingError).code).toBe('ALREADY_BOOKED');
    }
    expect(await service.getBooking(booked[0]!.value.booking_id)).toEqual(booked[0]!.value);
  });

  it('returns the same booking when the same user retries', async () => {
    const { service } = makeService({ store: getStore() });
    const slot_id = `${TOMORROW}_CourtA_0900`;
    const first = await service.book({ slot_id }, { userId: 'alice' });
    const again = await service.book({ slot_id }, { userId: 'alice' });
    expect(again.booking_id).toBe(first.booking_id);
    expect(again).toEqual(first);
    await expect(service.book({ slot_id }, { userId: 'bob' })).rejects.toMatchObject({
      code: 'ALREADY_BOOKED',
      message: `Court A at 09:00 on ${TOMORROW} is already booked. Try another court or time.`,
    });
  });

  it('reads bookings back by slot, id, user and date in slot order', async () => {
    const store = getStore();
    const { service } = makeService({ store });
    const date = '2026-11-25';
    const late = await service.book({ slot_id: `${date}_CourtA_2000` }, { userId: 'carol' });
    const early = await service.book({ slot_id: `${date}_CourtC_0800` }, { userId: 'carol' });
    const other = await service.book({ slot_id: `${date}_CourtB_1200` }, { userId: 'dave' });

    expect(late.booking_id).toMatch(/^bk_[0-9a-f]{12}$/);
    expect(await store.getBySlot(late.slot_id)).toEqual(late);
    expect(await store.getBySlot(`${date}_CourtB_0800`)).toBeNull();
    expect(await service.getBooking('bk_000000000000')).toBeNull();
    expect(await service.listBookings('carol')).toEqual([early, late]);
    expect(await store.listByDate(date)).toEqual([early, other, late]);
  });
});
