/** Second test function: reads back what another process wrote to the shared store. */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { tableHashKey } from './store';

export async function handler(event: { id: string }) {
  const client = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
  const table = process.env.BOOKINGS_TABLE!;
  const key = await tableHashKey(client, table);
  const { Item } = await client.send(new GetItemCommand({ TableName: table, Key: { [key]: { S: event.id } } }));
  return { pid: process.pid, writtenBy: Item ? Number(Item.written_by?.N) : null };
}
