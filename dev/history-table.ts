import type { AddressInfo } from 'node:net';
import { CreateTableCommand, type CreateTableCommandInput, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { HISTORY_TABLE_ID, historyTable } from '../deploy/history.js';

/** A running DynamoDB implementation (dynalite, in this process) holding the stack's sign-in history table. */
export interface LocalHistoryTable {
  endpoint: string;
  tableName: string;
  client: DynamoDBClient;
  /** The operation of every request the table has answered (X-Amz-Target without its prefix), in order. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Starts dynalite on a loopback port and creates the table from the stack's own definition
 * (deploy/history.ts), so the keys the tests use are the keys that deploy.
 */
export async function startHistoryTable(stage = 'test'): Promise<LocalHistoryTable> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const requests: string[] = [];
  server.on('request', (request) => {
    requests.push(String(request.headers['x-amz-target'] ?? '').replace(/^DynamoDB_\d+\./, ''));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  });
  const definition = historyTable('account-watch', stage)[HISTORY_TABLE_ID]
    ?.Properties as unknown as CreateTableCommandInput;
  await client.send(
    new CreateTableCommand({
      TableName: definition.TableName,
      BillingMode: definition.BillingMode,
      AttributeDefinitions: definition.AttributeDefinitions,
      KeySchema: definition.KeySchema,
    }),
  );
  return {
    endpoint,
    tableName: definition.TableName ?? '',
    client,
    requests,
    async close() {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
