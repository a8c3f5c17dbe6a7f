import { type DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { isConditionFailure } from '../history/table.js';

/**
 * First times: for detections of calls that are routine for the few who make them (SSM commands, SSH keys
 * pushed, roles passed to new compute), only a principal's first such call alerts. The first is claimed with a
 * conditional write, so exactly one invocation sees it; one whose alert then fails to go out is released, so
 * Lambda's retry sends it.
 */
export interface FirstSeen {
  /** True the first time `key` is seen (within the memory's lifetime); false ever after. */
  firstTime(key: string, eventTime: string): Promise<boolean>;
  /** Forgets a first time whose alert could not be delivered. */
  release(key: string): Promise<void>;
}

/** How long a first time is remembered: as long as the sign-in history (about 13 months). */
const REMEMBER_DAYS = 400;

export function memoryFirstSeen(): FirstSeen {
  const seen = new Set<string>();
  return {
    async firstTime(key) {
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    },
    async release(key) {
      seen.delete(key);
    },
  };
}

/** First times in the history table: `FIRST#<detection>#<principal>` / `SEEN`, expiring REMEMBER_DAYS later. */
export function tableFirstSeen(client: DynamoDBClient, tableName: string): FirstSeen {
  const keyOf = (key: string) => ({ pk: { S: `FIRST#${key.slice(0, 400)}` }, sk: { S: 'SEEN' } });
  // What this container already knows is not new: a busy key's thousandth call costs no write.
  const known = new Set<string>();
  const remember = (key: string) => {
    if (known.size < 10_000) known.add(key);
  };
  return {
    async firstTime(key, eventTime) {
      if (known.has(key)) return false;
      remember(key);
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: {
              ...keyOf(key),
              firstSeen: { S: eventTime },
              released: { BOOL: false },
              expiresAt: { N: String(Math.floor(Date.parse(eventTime) / 1000) + REMEMBER_DAYS * 86_400) },
            },
            ConditionExpression: 'attribute_not_exists(pk) OR released = :released',
            ExpressionAttributeValues: { ':released': { BOOL: true } },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        known.delete(key);
        throw error;
      }
    },
    async release(key) {
      known.delete(key);
      // UpdateItem, not DeleteItem: the function's role may only query, put and update.
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: keyOf(key),
          UpdateExpression: 'SET released = :released',
          ExpressionAttributeValues: { ':released': { BOOL: true } },
        }),
      );
    },
  };
}
