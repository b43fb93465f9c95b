/**
 * One DynamoDB-compatible store (dynalite, in memory) shared by every local process, with the
 * bookings and sessions tables created exactly as deployed, so a booking made in one process
 * is seen by all of them.
 */
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createBookingsTable } from '@tennis/booking-service/dynamodb';
import { createSessionsTable } from '../sessions-dynamodb';

/** dynalite ships no types; this is the part of its API used here. */
type Dynalite = (options: { createTableMs?: number; deleteTableMs?: number; updateTableMs?: number }) => Server;

/** Dynalite accepts any key pair; fixed dummies keep the AWS SDK from searching for real credentials. */
export const LOCAL_AWS_ENV = {
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_REGION: 'us-east-1',
} as const;

export interface LocalDynamo {
  endpoint: string;
  tables: { bookings: string; sessions: string };
  /**
   * Environment giving functions credentials for dynalite. Dummy keys are provided through a
   * credentials FILE, not AWS_ACCESS_KEY_ID: the client factory reads that variable as "real AWS
   * credentials present" and would switch Bedrock to live. Real credentials in the caller's
   * environment are left alone (dynalite accepts any).
   */
  credentialsEnv(base: NodeJS.ProcessEnv): Record<string, string>;
  stop(): Promise<void>;
}

export async function startLocalDynamo(host = '127.0.0.1'): Promise<LocalDynamo> {
  const dynalite = createRequire(import.meta.url)('dynalite') as Dynalite;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const endpoint = `http://${host}:${(server.address() as AddressInfo).port}`;
  const tables = { bookings: 'local-bookings', sessions: 'local-sessions' };
  const stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
  try {
    await createTables(endpoint, tables);
  } catch (err) {
    await stop();
    throw err;
  }
  const credentialsFile = join(tmpdir(), `tennis-local-aws-${process.pid}-${randomUUID()}`);
  writeFileSync(
    credentialsFile,
    `[default]\naws_access_key_id = ${LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID}\naws_secret_access_key = ${LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY}\n`,
    { mode: 0o600 },
  );
  return {
    endpoint,
    tables,
    credentialsEnv: (base): Record<string, string> =>
      base.AWS_ACCESS_KEY_ID || base.AWS_PROFILE
        ? {}
        : { AWS_SHARED_CREDENTIALS_FILE: credentialsFile, AWS_REGION: base.AWS_REGION ?? LOCAL_AWS_ENV.AWS_REGION },
    stop: async () => {
      rmSync(credentialsFile, { force: true });
      await stop();
    },
  };
}

async function createTables(endpoint: string, tables: LocalDynamo['tables']): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_AWS_ENV.AWS_REGION,
    credentials: { accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY },
  });
  try {
    await createBookingsTable(client, tables.bookings);
    await createSessionsTable(client, tables.sessions);
  } finally {
    client.destroy();
  }
}
