import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { withTimeouts } from '../lib/aws-clients.js';
import { loadChannelSettings, loadHistoryTableName, loadHygieneSettings } from '../lib/config.js';
import { hygieneClients } from '../lib/hygiene/inspect.js';
import { expectedForwardingRegions, type HygieneRun, runHygieneReport } from '../lib/hygiene/report.js';
import { hygieneMemory } from '../lib/hygiene/week-over-week.js';
import { logger } from '../lib/logger.js';
import { configuredQueuedChannels, invocationChannels } from '../lib/notify/channels.js';

// Validated once per container: a bad setting fails the first invocation with an error naming it.
const settings = loadHygieneSettings(process.env);
const channelSettings = loadChannelSettings(process.env);
// Posts to Slack itself (one message a week): the only part that needs Parameter Store.
const channelsFor = invocationChannels(channelSettings);
// One client per service the checks read, made once per container; all calls are read-only.
const clients = hygieneClients(settings.region);
const tableName = loadHistoryTableName(process.env);
const memory = tableName ? hygieneMemory(new DynamoDBClient(withTimeouts({})), tableName) : undefined;

/**
 * Scheduled weekly (hygieneDay at hygieneTime in timeZone), or invoked by hand with any event:
 * the account's checklist, checked with read-only calls, and what changed since last week.
 */
export async function handler(_event: unknown, context: Context): Promise<HygieneRun> {
  logger.addContext(context);
  // arn:aws:lambda:<region>:<account>:function:<name>: the account this function watches. Lambda always
  // gives it; a hand-made context without it leaves the two checks that need the ID as could not check.
  const accountId = context?.invokedFunctionArn?.split(':')[4] ?? '';
  return runHygieneReport({
    clients,
    accountId,
    settings,
    stack: {
      topicArn: channelSettings.topicArn ?? '',
      chatConfigured: configuredQueuedChannels(channelSettings).length > 0 || Boolean(channelSettings.chatbotTopicArn),
      deadLetterQueueUrls: settings.deadLetterQueueUrls,
      forwardingStackName: settings.forwardingStackName,
      forwardingRegions: expectedForwardingRegions(settings.region, settings.forwardingScope),
    },
    memory,
    channels: channelsFor(context),
  });
}
