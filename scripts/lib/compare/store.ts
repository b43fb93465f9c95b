/**
 * The compare script's view of the local bookings table: every booking (scenarios check the whole
 * store) and a reset between scenarios. Product code never deletes bookings, so this lives here.
 * The AWS SDK is loaded from the booking-service package, which owns that dependency.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as LibDynamo from '../../../shared/booking-service/node_modules/@aws-sdk/lib-dynamodb';
import type * as ClientDynamo from '../../../shared/booking-service/node_modules/@aws-sdk/client-dynamodb';
import { BookingService, systemClock, type Booking } from '../../../shared/booking-service/src/index';
import { DynamoBookingStore } from '../../../shared/booking-service/src/dynamodb-store';
import { clubConfigFrom, loadConfig } from '../../../shared/runtime/src/config';
import { LOCAL_AWS_ENV } from '../../../shared/runtime/src/local/dynamo';
import { REPO_ROOT } from '../lambdas';

const requireFromBookingService = createRequire(join(REPO_ROOT, 'shared/booking-service/package.json'));
const { DynamoDBClient } = requireFromBookingService('@aws-sdk/client-dynamodb') as typeof ClientDynamo;
const { DynamoDBDocumentClient, ScanCommand, DeleteCommand } = requireFromBookingService('@aws-sdk/lib-dynamodb') as typeof LibDynamo;

export interface BookingsTable {
  all(): Promise<Booking[]>;
  /** Deletes every booking, so the next scenario starts from an empty club. */
  clear(): Promise<void>;
  close(): void;
}

/** Client config for the local dynalite (it accepts any credentials). */
export function localDynamoConfig(endpoint: string): ClientDynamo.DynamoDBClientConfig {
  const { AWS_REGION: region, AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = LOCAL_AWS_ENV;
  return { endpoint, region, credentials: { accessKeyId, secretAccessKey } };
}

export function bookingsTable(endpoint: string, tableName: string): BookingsTable {
  const client = new DynamoDBClient(localDynamoConfig(endpoint));
  const documents = DynamoDBDocumentClient.from(client);

  const items = async (): Promise<Record<string, unknown>[]> => {
    const found: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await documents.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey }));
      found.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return found;
  };

  return {
    all: async () => (await items()).map(({ pk: _pk, ...booking }) => booking as unknown as Booking),
    clear: async () => {
      for (const { pk } of await items()) await documents.send(new DeleteCommand({ TableName: tableName, Key: { pk } }));
    },
    close: () => client.destroy(),
  };
}

/**
 * The local runtime's shared store, seen from this process: a BookingService to seed it (real clock,
 * the functions' club settings from `env`) and the whole-table reader to inspect it.
 */
export function localBookingStore(
  endpoint: string,
  tableName: string,
  env: Record<string, string | undefined>,
): { bookings: BookingService; table: BookingsTable } {
  const bookings = new BookingService({
    store: new DynamoBookingStore({ tableName, client: localDynamoConfig(endpoint) }),
    clock: systemClock,
    club: clubConfigFrom(loadConfig(env)),
  });
  return { bookings, table: bookingsTable(endpoint, tableName) };
}
