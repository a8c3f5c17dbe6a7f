import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { withTimeouts } from '../lib/aws-clients.js';
import { loadChannelSettings, loadDisplaySettings, loadHistoryTableName } from '../lib/config.js';
import { HistoryTable } from '../lib/history/table.js';
import { logger } from '../lib/logger.js';
import { destinationsFor } from '../lib/notify/channels.js';
import { sqsDeadLetters } from '../lib/notify/dead-letters.js';
import {
  channelPaces,
  type DeliveryBatch,
  type DeliveryBatchResult,
  processDeliveryBatch,
} from '../lib/notify/delivery-sender.js';
import { memorySlackThreads } from '../lib/notify/slack-app.js';
import { postToSlackApp } from '../lib/notify/slack-app-post.js';
import { tableSlackThreads } from '../lib/notify/slack-threads.js';
import { channelSecretsProvider } from '../lib/notify/ssm-provider.js';

const settings = loadChannelSettings(process.env);
const { locale } = loadDisplaySettings(process.env);
const tableName = loadHistoryTableName(process.env);
const dynamodb = new DynamoDBClient(
  withTimeouts({ maxAttempts: 2 }, { connectionTimeout: 1_000, requestTimeout: 2_000 }),
);
const claims = tableName ? new HistoryTable(dynamodb, tableName, 30) : undefined;
// The one function that reads the channels' secrets (Parameter Store, decrypted, cached five minutes), and the
// one that posts as the Slack app, its bursts' threads kept in the history table.
const destinations = destinationsFor(settings, {
  ssm: channelSecretsProvider(),
  ses: settings.emailFrom ? new SESv2Client(withTimeouts({})) : undefined,
  slackApp: {
    post: postToSlackApp,
    threads: tableName ? tableSlackThreads(dynamodb, tableName) : memorySlackThreads(),
  },
});
const sqs = new SQSClient(withTimeouts({ useQueueUrlAsEndpoint: false }));
const deadLetters = settings.deadLetterQueueUrl ? sqsDeadLetters(sqs, settings.deadLetterQueueUrl) : undefined;

/** The delivery queue's batches (FIFO, a message group per channel) → each channel at its pace, each message once. */
export async function handler(event: DeliveryBatch, context: Context): Promise<DeliveryBatchResult> {
  logger.addContext(context);
  const result = await processDeliveryBatch(event, {
    destinations,
    // Each channel's pace starts with the invocation (see pace()): the channels run in parallel invocations,
    // one message group each, and a channel's gap holds across containers.
    paces: channelPaces(undefined, Date.now()),
    remainingTimeMs: () => context.getRemainingTimeInMillis(),
    claims,
    deadLetters,
    lineAllowance: { limit: settings.lineMonthlyMessages, locale },
  });
  logger.info('Delivery batch done', { ...result, batchItemFailures: result.batchItemFailures.length });
  return result;
}
