import { type DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { isConditionFailure } from '../history/table.js';

/**
 * Bursts: the same detection by the same principal again and again (a Terraform apply creating 40 roles,
 * a script launching 200 instances). The first call of a window alerts; the rest are counted, and the
 * 10th and 100th send one follow-up each with the count and examples. Counting is atomic, so exactly one
 * invocation sees each of those numbers, however many run at once.
 */

export interface BurstState {
  /** Calls in this window so far, this one included. */
  count: number;
  /** When the window's first call happened. */
  since: string;
  examples: string[];
}

export interface BurstCounter {
  record(key: string, call: { eventTime: string; example?: string }, windowMs: number): Promise<BurstState>;
}

/** The counts at which a burst sends a follow-up. */
export const BURST_FOLLOW_UPS = [10, 100] as const;
const MAX_EXAMPLES = 5;

/**
 * What a burst's count means for the call that made it. A detection of single calls (`countFrom` 1)
 * alerts on the first and follows up at 10 and 100; one of many calls alerts when the count reaches
 * `countFrom` and once more at ten times that.
 */
export function burstDecision(count: number, countFrom = 1): 'alert' | 'followUp' | 'folded' {
  if (countFrom <= 1) {
    if (count <= 1) return 'alert';
    return (BURST_FOLLOW_UPS as readonly number[]).includes(count) ? 'followUp' : 'folded';
  }
  if (count === countFrom) return 'alert';
  return count === countFrom * 10 ? 'followUp' : 'folded';
}

/** Bursts in memory: for `npm run detect` over downloaded logs, and wherever no table is configured. */
export function memoryBurstCounter(): BurstCounter {
  const windows = new Map<string, { end: number; state: BurstState }>();
  return {
    async record(key, call, windowMs) {
      const at = Date.parse(call.eventTime);
      const open = windows.get(key);
      if (!open || open.end < at) {
        const state = { count: 1, since: call.eventTime, examples: call.example ? [call.example] : [] };
        windows.set(key, { end: at + windowMs, state });
        return { ...state, examples: [...state.examples] };
      }
      open.state.count++;
      if (call.example && open.state.examples.length < MAX_EXAMPLES && !open.state.examples.includes(call.example)) {
        open.state.examples.push(call.example);
      }
      return { ...open.state, examples: [...open.state.examples] };
    },
  };
}

/** Bursts in the history table: `BURST#<detection>#<principal>` / `WINDOW`, expiring a day after the window. */
export function tableBurstCounter(client: DynamoDBClient, tableName: string): BurstCounter {
  const keyOf = (key: string) => ({ pk: { S: `BURST#${key.slice(0, 400)}` }, sk: { S: 'WINDOW' } });
  return {
    async record(key, call, windowMs) {
      const Key = keyOf(key);
      const at = call.eventTime;
      const example = call.example?.slice(0, 200);
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          const updated = await client.send(
            new UpdateItemCommand({
              TableName: tableName,
              Key,
              UpdateExpression: 'ADD #count :one',
              ConditionExpression: 'windowEnd >= :at',
              ExpressionAttributeNames: { '#count': 'count' },
              ExpressionAttributeValues: { ':one': { N: '1' }, ':at': { S: at } },
              ReturnValues: 'ALL_NEW',
            }),
          );
          const item = updated.Attributes ?? {};
          const count = Number(item.count?.N ?? 0);
          let examples = item.examples?.L?.map((value) => value.S ?? '') ?? [];
          if (example && examples.length < MAX_EXAMPLES && !examples.includes(example)) {
            await client
              .send(
                new UpdateItemCommand({
                  TableName: tableName,
                  Key,
                  UpdateExpression: 'SET examples = list_append(examples, :example)',
                  ConditionExpression: 'size(examples) < :max',
                  ExpressionAttributeValues: {
                    ':example': { L: [{ S: example }] },
                    ':max': { N: String(MAX_EXAMPLES) },
                  },
                }),
              )
              .catch((error: unknown) => {
                if (!isConditionFailure(error)) throw error;
              });
            examples = [...examples, example];
          }
          return { count, since: item.since?.S ?? at, examples };
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
        }
        try {
          await client.send(
            new PutItemCommand({
              TableName: tableName,
              Item: {
                ...Key,
                count: { N: '1' },
                since: { S: at },
                windowEnd: { S: new Date(Date.parse(at) + windowMs).toISOString() },
                examples: { L: example ? [{ S: example }] : [] },
                expiresAt: { N: String(Math.floor((Date.parse(at) + windowMs + 86_400_000) / 1000)) },
              },
              // No window, or the last one closed before this call: this call opens the next.
              ConditionExpression: 'attribute_not_exists(pk) OR windowEnd < :at',
              ExpressionAttributeValues: { ':at': { S: at } },
            }),
          );
          return { count: 1, since: at, examples: example ? [example] : [] };
        } catch (error) {
          // Another invocation opened the window between our two requests: count into it.
          if (!isConditionFailure(error)) throw error;
        }
      }
      throw new Error(`Burst ${key}: could not count the call after two attempts`);
    },
  };
}
