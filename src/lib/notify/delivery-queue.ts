import { createHash } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Channel } from './channel.js';
import { renderDiscord } from './discord.js';
import { renderHtmlEmail } from './email-html.js';
import { lineMatters, renderLine } from './line.js';
import type { Notification } from './notification.js';
import { renderSlack } from './slack.js';
import { renderSlackApp } from './slack-app.js';
import { renderTeams } from './teams.js';

/**
 * The delivery queue. Chat webhooks and APIs take a few messages a second and answer 429 beyond it, so the
 * functions that notify do not post: they render each chat channel's message and put it on one FIFO queue,
 * one message group per channel, which one consumer (deliverySender) drains at each channel's own pace. The
 * SNS email never waits for a chat, a burst reaches each chat whole and in order, and a channel that fails
 * holds up only its own group: SQS keeps delivering the other groups.
 */

/** The channels that go through the queue, in the order they are listed everywhere. */
export const QUEUED_CHANNELS = ['slack', 'teams', 'discord', 'line', 'email'] as const;
export type QueuedChannelName = (typeof QUEUED_CHANNELS)[number];

export function isQueuedChannel(value: unknown): value is QueuedChannelName {
  return (QUEUED_CHANNELS as readonly unknown[]).includes(value);
}

/**
 * What a configuration changes in the rendering: Slack's webhook message, or the app's (with its thread, and
 * buttons that act in Slack when the app's clicks can be verified).
 */
export interface RenderOptions {
  slack: 'webhook' | 'app' | 'appButtons';
}

export const WEBHOOK_RENDERING: RenderOptions = { slack: 'webhook' };

/** How each queued channel renders a notification and which notifications it takes. */
export const QUEUED_RENDERERS: {
  [C in QueuedChannelName]: {
    render(notification: Notification, options: RenderOptions): unknown;
    accepts?(notification: Notification): boolean;
  };
} = {
  slack: {
    render: (notification, options) =>
      options.slack === 'webhook'
        ? renderSlack(notification)
        : renderSlackApp(notification, { interactive: options.slack === 'appButtons' }),
  },
  teams: { render: renderTeams },
  discord: { render: renderDiscord },
  // LINE's free plan allows 200 messages a month: only what matters goes there (line.ts).
  line: { render: renderLine, accepts: lineMatters },
  email: { render: renderHtmlEmail },
};

/** What the queue carries: the channel, the rendered message and the key that makes posting it idempotent. */
export interface QueuedDelivery {
  type: 'queuedDelivery';
  channel: QueuedChannelName;
  /** The same rendered message on the same channel always has the same key: a retried function enqueues it once. */
  key: string;
  enqueuedAt: string;
  payload: unknown;
}

export function deliveryKey(channel: QueuedChannelName, payload: unknown): string {
  return createHash('sha256').update(channel).update('\n').update(JSON.stringify(payload)).digest('hex');
}

export function queuedDelivery(channel: QueuedChannelName, payload: unknown, enqueuedAt: Date): QueuedDelivery {
  return {
    type: 'queuedDelivery',
    channel,
    key: deliveryKey(channel, payload),
    enqueuedAt: enqueuedAt.toISOString(),
    payload,
  };
}

/** Puts one channel's rendered message on the queue, in that channel's message group. */
export async function enqueueDelivery(sqs: SQSClient, queueUrl: string, message: QueuedDelivery): Promise<void> {
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify(message),
      // FIFO per group: each channel's messages leave in the order they were queued, apart from the others'.
      MessageGroupId: message.channel,
      // SQS drops a second message with this ID within five minutes: a Lambda retry enqueues nothing new.
      MessageDeduplicationId: message.key,
    }),
  );
}

/**
 * One of the queued channels as a Channel: it renders the notification and hands the payload to `deliver`
 * (the queue, or in a local run the chat itself); a notification the channel does not take (LINE's lesser
 * alerts) is skipped.
 */
export function renderingChannel(
  channel: QueuedChannelName,
  deliver: (payload: unknown) => Promise<void>,
  options: RenderOptions = WEBHOOK_RENDERING,
): Channel {
  const { render, accepts } = QUEUED_RENDERERS[channel];
  return {
    name: channel,
    async send(notification) {
      if (accepts && !accepts(notification)) return;
      await deliver(render(notification, options));
    },
    payload: (notification) => render(notification, options),
  };
}

/** A chat channel that queues its rendered messages for deliverySender. */
export function queuedChannel(
  sqs: SQSClient,
  queueUrl: string,
  channel: QueuedChannelName,
  now: () => Date = () => new Date(),
  options: RenderOptions = WEBHOOK_RENDERING,
): Channel {
  return renderingChannel(
    channel,
    (payload) => enqueueDelivery(sqs, queueUrl, queuedDelivery(channel, payload, now())),
    options,
  );
}
