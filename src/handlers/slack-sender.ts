import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { withTimeouts } from '../lib/aws-clients.js';
import { loadChannelSettings, loadHistoryTableName } from '../lib/config.js';
import { HistoryTable } from '../lib/history/table.js';
import { logger } from '../lib/logger.js';
import { webhookUrlResolver } from '../lib/notify/channels.js';
import { sqsDeadLetters } from '../lib/notify/dead-letters.js';
import { processSlackBatch, type SlackBatch, type SlackBatchResult, slackPace } from '../lib/notify/slack-sender.js';
import { slackParameterProvider } from '../lib/notify/ssm-provider.js';

const settings = loadChannelSettings(process.env);
const resolveUrl = webhookUrlResolver(settings, slackParameterProvider());
const sqs = new SQSClient(withTimeouts({ useQueueUrlAsEndpoint: false }));
const deadLetters = settings.deadLetterQueueUrl ? sqsDeadLetters(sqs, settings.deadLetterQueueUrl) : undefined;
const tableName = loadHistoryTableName(process.env);
const claims = tableName
  ? new HistoryTable(
      new DynamoDBClient(withTimeouts({ maxAttempts: 2 }, { connectionTimeout: 1_000, requestTimeout: 2_000 })),
      tableName,
      30,
    )
  : undefined;
// One pace per container; with reserved concurrency 1 there is one container, so one pace per webhook.
const pace = slackPace();

/** The Slack queue's batches (FIFO, in order) → posts at the webhook's pace, each message once. */
export async function handler(event: SlackBatch, context: Context): Promise<SlackBatchResult> {
  logger.addContext(context);
  if (!resolveUrl) throw new Error('slackSender has no Slack webhook parameter (SLACK_WEBHOOK_PARAMETER)');
  const result = await processSlackBatch(event, {
    resolveUrl,
    pace,
    remainingTimeMs: () => context.getRemainingTimeInMillis(),
    claims,
    deadLetters,
  });
  logger.info('Slack batch done', { ...result, batchItemFailures: result.batchItemFailures.length });
  return result;
}
