/**
 * DynamoDB session store. Table: partition key `session_id` (S); TTL attribute `expires_at`
 * (epoch seconds). DynamoDB deletes expired items lazily (up to days later), so reads filter
 * them too. State is stored as a JSON string: it is the pattern's opaque JSON and this keeps
 * marshalling (undefined, empty maps, number precision) out of the way.
 */
import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '@tennis/booking-service';
import type { Config } from './config';
import type { PatternLetter } from './contract';
import { SessionConflictError } from './errors';
import { isExpired, type SessionRecord, type SessionStore } from './sessions';

interface SessionItem extends Omit<SessionRecord, 'state' | 'approval'> {
  state_json: string;
  approval_json?: string;
}

const toItem = ({ state, approval, ...rest }: SessionRecord): SessionItem => ({
  ...rest,
  state_json: JSON.stringify(state ?? null),
  ...(approval ? { approval_json: JSON.stringify(approval) } : {}),
});

const fromItem = ({ state_json, approval_json, ...rest }: SessionItem): SessionRecord => ({
  ...rest,
  pattern: rest.pattern as PatternLetter,
  state: JSON.parse(state_json),
  ...(approval_json ? { approval: JSON.parse(approval_json) } : {}),
});

/** A DynamoDB client for the configured region, pointed at DYNAMODB_ENDPOINT when set (local dynalite). */
export function dynamoClient(config: Pick<Config, 'awsRegion' | 'dynamodbEndpoint'>): DynamoDBClient {
  return new DynamoDBClient({ region: config.awsRegion, ...(config.dynamodbEndpoint ? { endpoint: config.dynamodbEndpoint } : {}) });
}

export class DynamoSessionStore implements SessionStore {
  private readonly doc: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly clock: Clock;

  constructor(options: { tableName: string; client: DynamoDBClient | DynamoDBDocumentClient; clock?: Clock }) {
    this.tableName = options.tableName;
    this.doc = options.client instanceof DynamoDBDocumentClient ? options.client : DynamoDBDocumentClient.from(options.client);
    this.clock = options.clock ?? { now: () => new Date() };
  }

  async get(sessionId: string): Promise<SessionRecord | null> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { session_id: sessionId }, ConsistentRead: true }),
    );
    if (!Item) return null;
    const record = fromItem(Item as SessionItem);
    return isExpired(record, this.clock.now()) ? null : record;
  }

  async put(record: SessionRecord, expectedVersion: number | null): Promise<void> {
    const nowSeconds = Math.floor(this.clock.now().getTime() / 1000);
    // New session: the id must be free, or hold an expired session not yet deleted by TTL.
    const condition =
      expectedVersion === null
        ? {
            ConditionExpression: 'attribute_not_exists(session_id) OR expires_at <= :now',
            ExpressionAttributeValues: { ':now': nowSeconds },
          }
        : {
            // "#v": VERSION may be a reserved word; a name placeholder is always safe.
            ConditionExpression: '#v = :expected AND expires_at > :now',
            ExpressionAttributeNames: { '#v': 'version' },
            ExpressionAttributeValues: { ':expected': expectedVersion, ':now': nowSeconds },
          };
    try {
      await this.doc.send(new PutCommand({ TableName: this.tableName, Item: toItem(record), ...condition }));
    } catch (err) {
      if ((err as Error).name === 'ConditionalCheckFailedException') throw new SessionConflictError(record.session_id);
      throw err;
    }
  }
}

/** Creates the sessions table (tests and the local runner; deployed tables come from infra, with TTL on `expires_at`). */
export async function createSessionsTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: [{ AttributeName: 'session_id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'session_id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: tableName });
}
