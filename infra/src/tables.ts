/**
 * The two DynamoDB tables, matching shared/booking-service/src/dynamodb-store.ts and the session store.
 */
import type { Construct } from 'constructs';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { BY_BOOKING_INDEX, BY_DATE_INDEX, BY_USER_INDEX } from '@tennis/booking-service/dynamodb';
import type { TableAccess } from '../../scripts/lib/lambdas';
import type { Statement } from './iam';

export const BOOKINGS_INDEXES = [
  { name: BY_USER_INDEX, hashKey: 'user_id', rangeKey: 'slot_id' },
  { name: BY_DATE_INDEX, hashKey: 'date', rangeKey: 'slot_id' },
  { name: BY_BOOKING_INDEX, hashKey: 'booking_id' },
] as const;

export interface Table {
  resource: DynamodbTable;
  /** The table ARN and each index ARN: what Query on an index is authorised against. */
  arns: string[];
}

const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];

function table(scope: Construct, id: string, config: ConstructorParameters<typeof DynamodbTable>[2]): DynamodbTable {
  return new DynamodbTable(scope, id, {
    billingMode: 'PAY_PER_REQUEST',
    pointInTimeRecovery: { enabled: true },
    serverSideEncryption: { enabled: true },
    ...config,
  });
}

export function bookingsTable(scope: Construct, name: string): Table {
  const keys = new Set<string>(['pk', ...BOOKINGS_INDEXES.flatMap((i) => ('rangeKey' in i ? [i.hashKey, i.rangeKey] : [i.hashKey]))]);
  const resource = table(scope, 'bookings-table', {
    name,
    hashKey: 'pk',
    attribute: [...keys].map((k) => ({ name: k, type: 'S' })),
    globalSecondaryIndex: BOOKINGS_INDEXES.map((i) => ({ ...i, projectionType: 'ALL' })),
  });
  return { resource, arns: [resource.arn, ...BOOKINGS_INDEXES.map((i) => `${resource.arn}/index/${i.name}`)] };
}

export function sessionsTable(scope: Construct, name: string): Table {
  const resource = table(scope, 'sessions-table', {
    name,
    hashKey: 'session_id',
    attribute: [{ name: 'session_id', type: 'S' }],
    ttl: { attributeName: 'expires_at', enabled: true },
  });
  return { resource, arns: [resource.arn] };
}

/** The statement granting `access` to `table`, or none. */
export function tableStatements(sid: string, table: Table | undefined, access: TableAccess): Statement[] {
  if (access === 'none') return [];
  if (!table) throw new Error(`${sid}: table access "${access}" requested but the stack has no such table`);
  const actions = access === 'read' ? READ_ACTIONS : [...READ_ACTIONS, ...WRITE_ACTIONS];
  return [{ sid, actions, resources: table.arns }];
}
