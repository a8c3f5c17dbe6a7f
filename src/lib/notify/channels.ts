import type { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { withTimeouts } from '../aws-clients.js';
import type { Channel } from './channel.js';
import { type ChatChannelName, type ChatDestinations, deliverChat } from './chat-delivery.js';
import { chatbotChannel } from './chatbot.js';
import { deadLettering, sqsDeadLetters } from './dead-letters.js';
import {
  deliveryKey,
  QUEUED_CHANNELS,
  type QueuedChannelName,
  queuedChannel,
  type RenderOptions,
  renderingChannel,
  WEBHOOK_RENDERING,
} from './delivery-queue.js';
import type { Destinations } from './delivery-sender.js';
import type { ChannelSettings } from './settings.js';
import { isWebhookUrl, renderSlack } from './slack.js';
import type { SlackAppPoster, SlackThreads } from './slack-app.js';
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

/** A Slack bot token: `xoxb-`, then Slack's digits and letters. A user token (xoxp-) would post as a person. */
export function isBotToken(value: string): boolean {
  return /^xoxb-[\w-]{10,250}$/.test(value);
}

/** What a secret parameter must hold, and how the error that names the parameter (never its value) says it. */
export interface SecretShape {
  valid(value: string): boolean;
  what: string;
}
const WEBHOOK_URL: SecretShape = { valid: isWebhookUrl, what: 'an https:// webhook URL' };
const BOT_TOKEN: SecretShape = { valid: isBotToken, what: 'a Slack bot token (xoxb-…)' };

/** A SecureString parameter's value (decrypted, cached 5 minutes), trimmed; an error names the parameter only. */
export async function readSecretParameter(ssm: SSMProvider, parameter: string, shape?: SecretShape): Promise<string> {
  const value = await ssm.get(parameter, { decrypt: true, maxAge: 300 });
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (trimmed === '' || (shape && !shape.valid(trimmed))) {
    throw new Error(`Parameter ${parameter} does not hold ${shape?.what ?? 'a value'}`);
  }
  return trimmed;
}

/**
 * A secret of one channel: given directly in a local run, otherwise the SecureString parameter (decrypted,
 * cached 5 minutes). Without a Parameter Store provider (every function but deliverySender, which alone
 * posts) a configured parameter cannot be read: that is an error, not a silent skip.
 */
function secretResolver(
  parameter: string | undefined,
  given: string | undefined,
  ssm: SSMProvider | undefined,
  shape?: SecretShape,
): (() => Promise<string>) | undefined {
  if (given) return async () => given;
  if (!parameter) return undefined;
  return async () => {
    if (!ssm) throw new Error(`This function cannot read ${parameter}: it queues its chat messages`);
    return readSecretParameter(ssm, parameter, shape);
  };
}

/** Where each configured chat channel delivers (and SES for the HTML email, in deliverySender). */
export function destinationsFor(
  settings: ChannelSettings,
  deps: {
    ssm?: SSMProvider;
    ses?: SESv2Client;
    /** deliverySender's Slack app poster and the threads it keeps (app mode only). */
    slackApp?: { post: SlackAppPoster; threads?: SlackThreads };
  },
): Destinations {
  const { local } = settings;
  const botToken = secretResolver(settings.slackBotTokenParameter, undefined, deps.ssm, BOT_TOKEN);
  const { slackChannel, slackApiUrl } = settings;
  const lineToken = secretResolver(settings.lineChannelTokenParameter, local.lineChannelToken, deps.ssm);
  const { lineTo, lineApiUrl } = settings;
  return {
    slack: secretResolver(settings.slackWebhookParameter, local.slackWebhookUrl, deps.ssm, WEBHOOK_URL),
    slackApp:
      botToken && slackChannel && deps.slackApp
        ? {
            destination: async () => ({ token: await botToken(), channel: slackChannel, apiUrl: slackApiUrl }),
            ...deps.slackApp,
          }
        : undefined,
    teams: secretResolver(settings.teamsWebhookParameter, local.teamsWebhookUrl, deps.ssm, WEBHOOK_URL),
    discord: secretResolver(settings.discordWebhookParameter, local.discordWebhookUrl, deps.ssm, WEBHOOK_URL),
    line: lineToken && lineTo ? async () => ({ apiUrl: lineApiUrl, token: await lineToken(), to: lineTo }) : undefined,
    email: settings.emailFrom && deps.ses ? { ses: deps.ses, address: settings.emailFrom } : undefined,
  };
}

/** How the queued messages are rendered: for the Slack app (with buttons that act once its clicks can be verified) or its webhook. */
export function renderOptionsFor(settings: ChannelSettings): RenderOptions {
  if (!settings.slackBotTokenParameter) return WEBHOOK_RENDERING;
  return { slack: settings.slackSigningSecretParameter ? 'appButtons' : 'app' };
}

/** The queued channels a configuration asks for (a channel whose secret is named, or given in a local run). */
export function configuredQueuedChannels(settings: ChannelSettings): QueuedChannelName[] {
  const { local } = settings;
  const configured: Record<QueuedChannelName, boolean> = {
    // The app posts from deliverySender only (it alone bundles the Web API): a local run uses the webhook.
    slack: Boolean(
      settings.slackWebhookParameter || local.slackWebhookUrl || (settings.slackBotTokenParameter && !settings.isLocal),
    ),
    teams: Boolean(settings.teamsWebhookParameter || local.teamsWebhookUrl),
    discord: Boolean(settings.discordWebhookParameter || local.discordWebhookUrl),
    line: Boolean((settings.lineChannelTokenParameter || local.lineChannelToken) && settings.lineTo),
    email: Boolean(settings.emailFrom),
  };
  return QUEUED_CHANNELS.filter((channel) => configured[channel]);
}

/** A channel that posts itself, without the queue: local runs, where the secrets are given directly. */
function directChannel(
  channel: ChatChannelName,
  destinations: ChatDestinations,
  remainingTimeMs: () => number,
): Channel {
  return renderingChannel(channel, (payload) =>
    deliverChat(channel, payload, deliveryKey(channel, payload), destinations, { remainingTimeMs }),
  );
}

/** The channels a configuration asks for; a local run with no destination previews instead. */
export function channelsFor(
  settings: ChannelSettings,
  deps: {
    sns: SNSClient;
    /** The chat topic's client, in the topic's region. */
    chatbotSns?: SNSClient;
    ssm?: SSMProvider;
    sqs?: SQSClient;
    remainingTimeMs: () => number;
    write: (text: string) => void;
  },
): Channel[] {
  const channels: Channel[] = [];
  if (settings.topicArn) channels.push(snsChannel(deps.sns, settings.topicArn));
  if (settings.chatbotTopicArn) channels.push(chatbotChannel(deps.chatbotSns ?? deps.sns, settings.chatbotTopicArn));
  // Deployed, chat messages and the HTML email are queued for deliverySender, which posts them at each
  // channel's pace and alone reads their secrets; a local run posts them itself.
  const queueUrl = settings.isLocal ? undefined : settings.deliveryQueueUrl;
  const destinations = queueUrl && deps.sqs ? undefined : destinationsFor(settings, { ssm: deps.ssm });
  for (const channel of configuredQueuedChannels(settings)) {
    if (queueUrl && deps.sqs)
      channels.push(queuedChannel(deps.sqs, queueUrl, channel, undefined, renderOptionsFor(settings)));
    // The HTML email needs SES and so the queue: a local run shows it in the preview instead.
    else if (destinations && channel !== 'email')
      channels.push(directChannel(channel, destinations, deps.remainingTimeMs));
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
  chatbotSns?: SNSClient;
  /** Only for local runs that post to chats themselves; deployed functions queue instead. */
  ssm?: SSMProvider;
  sqs: SQSClient;
}

/** The region of an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME). */
function topicRegion(topicArn: string): string | undefined {
  return topicArn.split(':')[3] || undefined;
}

/**
 * For a handler's module scope: creates the clients once (or takes the ones given) and returns
 * the channels for each invocation, bound to that invocation's remaining time.
 */
export function invocationChannels(
  settings: ChannelSettings,
  clients: Partial<ChannelClients> = {},
): (context: Context) => Channel[] {
  const chatbotRegion = settings.chatbotTopicArn ? topicRegion(settings.chatbotTopicArn) : undefined;
  const resolved: ChannelClients = {
    sns: clients.sns ?? new SNSClient(withTimeouts({})),
    chatbotSns:
      clients.chatbotSns ??
      (chatbotRegion && chatbotRegion !== process.env.AWS_REGION
        ? new SNSClient(withTimeouts({ region: chatbotRegion }))
        : undefined),
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
