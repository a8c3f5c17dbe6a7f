import type { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { withTimeouts } from '../aws-clients.js';
import { DeliveryError } from '../errors.js';
import type { Channel } from './channel.js';
import { deadLettering, sqsDeadLetters } from './dead-letters.js';
import type { ChannelSettings } from './settings.js';
import { isWebhookUrl, renderSlack, sendToSlack } from './slack.js';
import { queuedSlackChannel } from './slack-queue.js';
import { publishToSns, renderSnsPublish } from './sns.js';

/** The project's SNS topic: one publish reaches every subscription, whatever its protocol (email, SMS, HTTPS, SQS, Lambda). */
export function snsChannel(sns: SNSClient, topicArn: string): Channel {
  return {
    name: 'sns',
    async send(notification) {
      await publishToSns(sns, topicArn, notification);
    },
    payload: (notification) => renderSnsPublish(notification, topicArn),
  };
}

/** Slack through an incoming webhook whose URL is resolved at send time (and cached by the resolver). */
export function slackChannel(resolveWebhookUrl: () => Promise<string>, remainingTimeMs: () => number): Channel {
  return {
    name: 'slack',
    async send(notification) {
      let url: string;
      try {
        url = await resolveWebhookUrl();
      } catch (cause) {
        throw new DeliveryError('slack', 'Could not read the Slack webhook URL from Parameter Store', { cause });
      }
      await sendToSlack(url, renderSlack(notification), { remainingTimeMs });
    },
    // The webhook URL is a secret and stays out of the dead-letter queue; a re-drive reads it again.
    payload: (notification) => renderSlack(notification),
  };
}

/** Prints what would be sent, for local runs without destinations. */
export function previewChannel(write: (text: string) => void): Channel {
  return {
    name: 'preview',
    payload: () => undefined,
    async send(notification) {
      const publish = renderSnsPublish(notification, 'arn:aws:sns:us-east-1:000000000000:preview');
      const message = JSON.parse(publish.Message ?? '{}') as { email?: string };
      write(
        `Subject: ${publish.Subject}\n\n${message.email ?? ''}\nSlack payload:\n${JSON.stringify(renderSlack(notification), null, 2)}\n`,
      );
    },
  };
}

/**
 * The webhook URL: given directly in a local run, otherwise the SecureString parameter (decrypted, cached
 * 5 minutes). Without a Parameter Store provider (the alert functions, which queue their Slack messages and
 * so never load the SSM client) a configured parameter cannot be read: that is an error, not a silent skip.
 */
export function webhookUrlResolver(settings: ChannelSettings, ssm?: SSMProvider): (() => Promise<string>) | undefined {
  const { slackWebhookUrl, slackWebhookParameter } = settings;
  if (slackWebhookUrl) return async () => slackWebhookUrl;
  if (!slackWebhookParameter) return undefined;
  return async () => {
    if (!ssm) throw new Error(`This function cannot read ${slackWebhookParameter}: it queues its Slack messages`);
    const value = await ssm.get(slackWebhookParameter, { decrypt: true, maxAge: 300 });
    if (typeof value !== 'string' || !isWebhookUrl(value)) {
      throw new Error(`Parameter ${slackWebhookParameter} does not hold an https:// webhook URL`);
    }
    return value;
  };
}

/** The channels a configuration asks for; a local run with no destination previews instead. */
export function channelsFor(
  settings: ChannelSettings,
  deps: {
    sns: SNSClient;
    ssm?: SSMProvider;
    sqs?: SQSClient;
    remainingTimeMs: () => number;
    write: (text: string) => void;
  },
): Channel[] {
  const channels: Channel[] = [];
  if (settings.topicArn) channels.push(snsChannel(deps.sns, settings.topicArn));
  const resolveUrl = webhookUrlResolver(settings, deps.ssm);
  // With a Slack queue (the alert functions), Slack messages are queued for slackSender, which posts them at
  // the webhook's pace; the webhook URL is then slackSender's alone to read.
  if (settings.slackQueueUrl && deps.sqs && settings.slackWebhookParameter) {
    channels.push(queuedSlackChannel(deps.sqs, settings.slackQueueUrl));
  } else if (resolveUrl) {
    channels.push(slackChannel(resolveUrl, deps.remainingTimeMs));
  }
  if (channels.length === 0 || (settings.isLocal && !settings.topicArn)) channels.push(previewChannel(deps.write));
  // Deployed, each channel's final failure goes to the dead-letter queue rather than failing the invocation.
  const { deadLetterQueueUrl } = settings;
  if (!deadLetterQueueUrl || !deps.sqs) return channels;
  const deadLetters = sqsDeadLetters(deps.sqs, deadLetterQueueUrl);
  return channels.map((channel) => deadLettering(channel, deadLetters));
}

/** The AWS clients the channels use; one of each per container. */
export interface ChannelClients {
  sns: SNSClient;
  /** Only for functions that post to Slack themselves (see ssm-provider.ts); the alert functions queue instead. */
  ssm?: SSMProvider;
  sqs: SQSClient;
}

/**
 * For a handler's module scope: creates the clients once (or takes the ones given) and returns
 * the channels for each invocation, bound to that invocation's remaining time.
 */
export function invocationChannels(
  settings: ChannelSettings,
  clients: Partial<ChannelClients> = {},
): (context: Context) => Channel[] {
  const resolved: ChannelClients = {
    sns: clients.sns ?? new SNSClient(withTimeouts({})),
    ssm: clients.ssm,
    // The queue is in the function's region: the client's own endpoint serves it (and honours AWS_ENDPOINT_URL).
    sqs: clients.sqs ?? new SQSClient(withTimeouts({ useQueueUrlAsEndpoint: false })),
  };
  return (context) =>
    channelsFor(settings, {
      ...resolved,
      remainingTimeMs: () => context.getRemainingTimeInMillis(),
      write: (text) => process.stdout.write(text),
    });
}
