import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BookingService, defaultClubConfig, fixedClock, InMemoryBookingStore, type BookingStore, type ClubConfig } from '../src/index';
import { createBookingsTable, DynamoBookingStore } from '../src/dynamodb-store';

/** Saturday 2026-11-21, 10:00 in Europe/London (GMT in November). */
export const NOW = '2026-11-21T10:00:00Z';
export const TODAY = '2026-11-21';
export const TOMORROW = '2026-11-22';

export function makeService(options: { now?: string; store?: BookingStore; club?: Partial<ClubConfig> } = {}) {
  const clock = fixedClock(options.now ?? NOW);
  const store = options.store ?? new InMemoryBookingStore();
  const service = new BookingService({ store, clock, club: { ...defaultClubConfig(), ...options.club } });
  return { service, clock, store };
}

/** dynalite on an ephemeral loopback port with a fresh bookings table. */
export async function startDynamo(): Promise<{ store: DynamoBookingStore; client: DynamoDBClient; stop(): Promise<void> }> {
  const server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  await createBookingsTable(client, 'bookings');
  const store = new DynamoBookingStore({ tableName: 'bookings', client });
  return {
    store,
    client,
    stop: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
