import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { Context } from 'aws-lambda';
import { awsLockControl, iamKeyControl, tableActionStore } from '../lib/actions/act.js';
import type { FunctionUrlEvent } from '../lib/actions/http.js';
import { type Page, refusedPage } from '../lib/actions/page.js';
import { lazySecretsManager, secretsManagerSigningKey } from '../lib/actions/signing-key.js';
import { handleFunctionUrl, replyToSlack, type SlackClickDeps } from '../lib/actions/slack.js';
import { withTimeouts } from '../lib/aws-clients.js';
import { loadActionSettings, loadChannelSettings, loadHistoryTableName } from '../lib/config.js';
import { ConfigError } from '../lib/errors.js';
import { logger } from '../lib/logger.js';
import { invocationChannels, readSecretParameter } from '../lib/notify/channels.js';
import { deliverNotification } from '../lib/notify/deliver.js';

// Validated once per container: a bad setting fails the first invocation with an error naming it.
const settings = loadActionSettings(process.env);
const channelSettings = loadChannelSettings(process.env);
const channelsFor = invocationChannels(channelSettings);
const tableName = loadHistoryTableName(process.env);
const secretArn = process.env.ACTIONS_SECRET_ARN;
// With actions=false the stack gives this function no URL and no secret: it answers nothing but a refusal.
if (secretArn && !tableName) throw new ConfigError('HISTORY_TABLE', 'Environment variable HISTORY_TABLE is required');
const store = tableActionStore(new DynamoDBClient(withTimeouts({})), tableName ?? '', settings.historyDays);
const signingKey = secretsManagerSigningKey(String(secretArn), lazySecretsManager(withTimeouts({})));
let iam: IAMClient | undefined;
async function iamClient(): Promise<IAMClient> {
  const { IAMClient } = await import('@aws-sdk/client-iam');
  iam ??= new IAMClient(withTimeouts({}));
  return iam;
}
const keys = iamKeyControl(iamClient);
const ec2Clients = new Map<string, import('@aws-sdk/client-ec2').EC2Client>();
async function ec2Client(region: string) {
  const { EC2Client } = await import('@aws-sdk/client-ec2');
  const known = ec2Clients.get(region);
  if (known) return known;
  const client = new EC2Client(withTimeouts({ region }));
  ec2Clients.set(region, client);
  return client;
}
const locks = awsLockControl(iamClient, ec2Client);
// Slack app mode's buttons: the signing secret read on the first click (Parameter Store, cached five minutes).
const signingSecretParameter = channelSettings.slackSigningSecretParameter;
let ssm: import('@aws-lambda-powertools/parameters/ssm').SSMProvider | undefined;
const slack: SlackClickDeps | undefined = signingSecretParameter
  ? {
      async signingSecret() {
        // Loaded on the first click: a link's page never needs the SSM client.
        const { channelSecretsProvider } = await import('../lib/notify/ssm-provider.js');
        ssm ??= channelSecretsProvider();
        return readSecretParameter(ssm, signingSecretParameter);
      },
      respond: (url, message) => replyToSlack(url, message),
    }
  : undefined;

/** The function URL: GET shows what a link would do; only the page's POST acts (lib/actions/http.ts). */
export async function handler(event: FunctionUrlEvent, context: Context): Promise<Page> {
  logger.addContext(context);
  if (!secretArn) return refusedPage('disabled', settings.locale);
  // The account is this function's own: a link for any other is refused.
  const account = context.invokedFunctionArn.split(':')[4] ?? '';
  const channels = channelsFor(context);
  return handleFunctionUrl(event, {
    secret: await signingKey(),
    account,
    locale: settings.locale,
    timeZone: settings.timeZone,
    store,
    keys,
    locks,
    announce: (notification) => deliverNotification(notification, channels),
    slack,
  });
}
