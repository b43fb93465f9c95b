/**
 * DynamoDB store. One item per booked slot, keyed pk = "SLOT#<slot_id>", so "one booking per slot"
 * is a single conditional PutItem: no transactions, no read-then-write.
 * Exported as "@tennis/booking-service/dynamodb" so bundles without DynamoDB skip the AWS SDK.
 */
import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  type DynamoDBClientConfig,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { compareSlots } from './slots';
import type { BookingStore, CreateResult } from './store';
import type { Booking } from './types';

export const BY_USER_INDEX = 'by_user';
export const BY_DATE_INDEX = 'by_date';
export const BY_BOOKING_INDEX = 'by_booking';

export interface DynamoBookingStoreOptions {
  tableName: string;
  /** A ready client, or config for a new DynamoDBClient (region, endpoint, credentials). */
  client?: DynamoDBDocumentClient | DynamoDBClient | DynamoDBClientConfig;
}

export class DynamoBookingStore implements BookingStore {
  private readonly tableName: string;
  private readonly documents: DynamoDBDocumentClient;

  constructor({ tableName, client = {} }: DynamoBookingStoreOptions) {
    if (!tableName) throw new TypeError('DynamoBookingStore needs a tableName.');
    this.tableName = tableName;
    this.documents = toDocumentClient(client);
  }

  async create(booking: Booking): Promise<CreateResult> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: slotKey(booking.slot_id), ...booking },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { created: true, booking: { ...booking } };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // Bookings are never deleted, so the item that won the condition is still there to read.
      // (ReturnValuesOnConditionCheckFailure would save this read, but dynalite does not support it.)
      const existing = await this.getBySlot(booking.slot_id);
      if (!existing) throw new Error(`Slot ${booking.slot_id} was taken but its booking could not be read.`);
      return { created: false, existing };
    }
  }

  async getBySlot(slotId: string): Promise<Booking | null> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: slotKey(slotId) }, ConsistentRead: true }),
    );
    return Item ? toBooking(Item) : null;
  }

  /** GSI reads are eventually consistent: a booking made milliseconds ago may not be visible yet. */
  async getById(bookingId: string): Promise<Booking | null> {
    const [booking] = await this.query(BY_BOOKING_INDEX, 'booking_id', bookingId);
    return booking ?? null;
  }

  listByUser(userId: string): Promise<Booking[]> {
    return this.query(BY_USER_INDEX, 'user_id', userId);
  }

  listByDate(date: string): Promise<Booking[]> {
    return this.query(BY_DATE_INDEX, 'date', date);
  }

  private async query(indexName: string, attribute: string, value: string): Promise<Booking[]> {
    const bookings: Booking[] = [];
    const pages = paginateQuery(
      { client: this.documents },
      {
        TableName: this.tableName,
        IndexName: indexName,
        KeyConditionExpression: '#key = :value',
        // "date" is a DynamoDB reserved word, hence the name placeholder.
        ExpressionAttributeNames: { '#key': attribute },
        ExpressionAttributeValues: { ':value': value },
      },
    );
    for await (const page of pages) bookings.push(...(page.Items ?? []).map(toBooking));
    return bookings.sort(compareSlots);
  }
}

/**
 * Creates the bookings table (on-demand) with its three GSIs and waits until it is ACTIVE.
 * An existing table is left as it is, so local runners can call this on every start.
 */
export async function createBookingsTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const index = (IndexName: string, hash: string, range?: string) => ({
    IndexName,
    KeySchema: [{ AttributeName: hash, KeyType: 'HASH' as const }, ...(range ? [{ AttributeName: range, KeyType: 'RANGE' as const }] : [])],
    Projection: { ProjectionType: 'ALL' as const },
  });
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: ['pk', 'user_id', 'slot_id', 'date', 'booking_id'].map((AttributeName) => ({
          AttributeName,
          AttributeType: 'S' as const,
        })),
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [
          index(BY_USER_INDEX, 'user_id', 'slot_id'),
          index(BY_DATE_INDEX, 'date', 'slot_id'),
          index(BY_BOOKING_INDEX, 'booking_id'),
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await waitUntilActive(client, tableName);
}

async function waitUntilActive(client: DynamoDBClient, tableName: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every((gsi) => gsi.IndexStatus === 'ACTIVE');
    if (Table?.TableStatus === 'ACTIVE' && indexesActive) return;
    if (Date.now() > deadline) throw new Error(`Table ${tableName} did not become ACTIVE within ${timeoutMs} ms.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function toDocumentClient(client: DynamoBookingStoreOptions['client']): DynamoDBDocumentClient {
  if (client instanceof DynamoDBDocumentClient) return client;
  return DynamoDBDocumentClient.from(client instanceof DynamoDBClient ? client : new DynamoDBClient(client ?? {}));
}

function slotKey(slotId: string): string {
  return `SLOT#${slotId}`;
}

/** Drops the key attribute and anything else that is not part of a Booking. */
function toBooking(item: Record<string, unknown>): Booking {
  const { booking_id, slot_id, court, date, time, user_id, created_at } = item as unknown as Booking;
  return { booking_id, slot_id, court, date, time, user_id, created_at };
}
