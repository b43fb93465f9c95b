/**
 * Test function for the local Lambda runtime. The event's `action` picks a behaviour a real
 * function can have: answer, throw, crash its process, hang, or write to the shared store.
 */
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { tableHashKey } from './store';

interface ActionEvent {
  action: 'echo' | 'throw' | 'crash' | 'hang' | 'put';
  id?: string;
}

export async function handler(event: ActionEvent, context: { functionName: string; awsRequestId: string }) {
  switch (event.action) {
    case 'echo':
      return { pid: process.pid, function: context.functionName, requestId: context.awsRequestId, event, greeting: process.env.GREETING };
    case 'throw':
      throw new RangeError('the court is under water');
    case 'crash':
      return process.exit(3);
    case 'hang':
      console.log(`hanging ${context.awsRequestId}`); // tells the test the invoke is in flight
      return new Promise(() => {});
    case 'put': {
      const client = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
      const table = process.env.BOOKINGS_TABLE!;
      const key = await tableHashKey(client, table);
      await client.send(
        new PutItemCommand({ TableName: table, Item: { [key]: { S: event.id! }, written_by: { N: String(process.pid) } } }),
      );
      return { pid: process.pid };
    }
  }
}
