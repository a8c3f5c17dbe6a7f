import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { signInActionLinks } from '../lib/actions/links.js';
import { lazySecretsManager, secretsManagerSigningKey } from '../lib/actions/signing-key.js';
import { withTimeouts } from '../lib/aws-clients.js';
import { loadChannelSettings, loadHistoryTableName, loadSigninSettings } from '../lib/config.js';
import { lazyCountryLookup } from '../lib/geo/locate.js';
import { HistoryTable } from '../lib/history/table.js';
import { logger } from '../lib/logger.js';
import { invocationChannels } from '../lib/notify/channels.js';
import { processSignInEvent, type SignInRunSummary } from '../lib/signin/process.js';
import type { SignIn } from '../lib/signin/sign-in.js';
import { parseTestAlertRequest, sendTestAlert, type TestAlertResult } from '../lib/test-alert/test-alert.js';

// Validated once per container: a bad setting fails the first invocation with an error naming it.
const settings = loadSigninSettings(process.env);
// Email and Slack, with one SNS client and one Parameter Store provider per container.
// Email directly; Slack through the queue (SLACK_QUEUE_URL), so no Parameter Store client is loaded here.
const channelSettings = loadChannelSettings(process.env);
const channelsFor = invocationChannels(channelSettings);
// npm run test-alert: the same channels without the dead-letter queue, so a failure is reported, not parked.
let testChannelsFor: ReturnType<typeof invocationChannels> | undefined;
// The country database is read on the first public address, not at load.
const countries = lazyCountryLookup(process.env);
const tableName = loadHistoryTableName(process.env);
// The history must never hold an alert up: short timeouts and one retry, then the alert goes without it.
const history = tableName
  ? new HistoryTable(
      new DynamoDBClient(withTimeouts({ maxAttempts: 2 }, { connectionTimeout: 1_000, requestTimeout: 2_000 })),
      tableName,
      settings.historyDays,
    )
  : undefined;

// Acting from the alert (actions=true): "this was me" and the lock-downs, signed with the stack's generated key.
const actionsUrl = process.env.ACTIONS_URL;
const actionsSecretArn = process.env.ACTIONS_SECRET_ARN;
const readSigningKey = actionsSecretArn
  ? secretsManagerSigningKey(actionsSecretArn, lazySecretsManager(withTimeouts({ maxAttempts: 2 })))
  : undefined;
const actions =
  actionsUrl && readSigningKey
    ? {
        links: async (signIn: SignIn, alert: Parameters<typeof signInActionLinks>[1]) =>
          signInActionLinks(
            signIn,
            alert,
            { secret: await readSigningKey(), baseUrl: actionsUrl, nowMs: Date.now() },
            settings.locale,
          ),
      }
    : undefined;

/** EventBridge aws.signin events (or, locally, a CloudTrail record or log file) → notifications. */
export async function handler(event: unknown, context: Context): Promise<SignInRunSummary | TestAlertResult> {
  logger.addContext(context);
  const test = parseTestAlertRequest(event);
  if (test) {
    testChannelsFor ??= invocationChannels({ ...channelSettings, deadLetterQueueUrl: undefined });
    const result = await sendTestAlert(test, settings, testChannelsFor(context), {
      topicArn: channelSettings.topicArn,
      historyTable: tableName,
      queued: Boolean(channelSettings.deliveryQueueUrl),
    });
    logger.info('Test message sent', { channels: result.channels });
    return result;
  }
  const channels = channelsFor(context);
  const summary = await processSignInEvent(event, settings, channels, {
    country: countries.lookup,
    history,
    actions,
  });
  const problem = countries.problem();
  if (problem) logger.warn('Country database unavailable: countries are shown as unknown', { problem });
  return summary;
}
