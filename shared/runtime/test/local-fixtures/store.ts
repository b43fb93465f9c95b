import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** The table's partition key name, read from the table itself so the fixtures don't restate its schema. */
export async function tableHashKey(client: DynamoDBClient, table: string): Promise<string> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: table }));
  const key = Table?.KeySchema?.find((k) => k.KeyType === 'HASH')?.AttributeName;
  if (!key) throw new Error(`table ${table} has no partition key`);
  return key;
}
