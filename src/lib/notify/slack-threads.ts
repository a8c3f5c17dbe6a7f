import { createHash } from 'node:crypto';
import { type DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { IncomingWebhookSendArguments } from '@slack/webhook';
import { SLACK_THREAD_DAYS, type SlackThreads } from './slack-app.js';

/**
 * Slack app mode's threads in the history table: `SLACKTHREAD#<hash of the thread key>` / `FIRST`, the first
 * message's channel, ts and body (chat.update replaces the whole message), kept two days. The thread key names a
 * principal, so only its hash is the key; a first message too large to keep is remembered without its body
 * (its follow-ups still go under it, without the count).
 */

/** DynamoDB allows 400 KB an item; a Slack message is rarely over 20 KB. */
const MAX_KEPT_MESSAGE_BYTES = 200_000;

function keyOf(threadKey: string) {
  const hash = createHash('sha256').update(threadKey).digest('hex').slice(0, 40);
  return { pk: { S: `SLACKTHREAD#${hash}` }, sk: { S: 'FIRST' } };
}

export function tableSlackThreads(client: DynamoDBClient, tableName: string): SlackThreads {
  return {
    async find(threadKey, nowMs) {
      const { Item } = await client.send(
        new GetItemCommand({ TableName: tableName, Key: keyOf(threadKey), ConsistentRead: true }),
      );
      if (!Item?.ts?.S || !Item.channel?.S) return undefined;
      // TTL deletes within days, not at once: an expired thread is over already.
      if (Number(Item.expiresAt?.N ?? 0) * 1000 <= nowMs) return undefined;
      let message: IncomingWebhookSendArguments | undefined;
      try {
        message = Item.message?.S ? (JSON.parse(Item.message.S) as IncomingWebhookSendArguments) : undefined;
      } catch {
        message = undefined;
      }
      return { channel: Item.channel.S, ts: Item.ts.S, ...(message ? { message } : {}) };
    },
    async remember(threadKey, thread, nowMs) {
      const body = JSON.stringify(thread.message);
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          // A new first message (the burst window closed, a new one opened) starts a new thread.
          Item: {
            ...keyOf(threadKey),
            channel: { S: thread.channel },
            ts: { S: thread.ts },
            ...(Buffer.byteLength(body) <= MAX_KEPT_MESSAGE_BYTES ? { message: { S: body } } : {}),
            expiresAt: { N: String(Math.floor(nowMs / 1000) + SLACK_THREAD_DAYS * 86_400) },
          },
        }),
      );
    },
  };
}
