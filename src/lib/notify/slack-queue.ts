import { createHash } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { IncomingWebhookSendArguments } from '@slack/webhook';
import type { Channel } from './channel.js';
import { renderSlack } from './slack.js';

/**
 * Slack through a queue. Incoming webhooks take about one message a second and answer 429 beyond it, so
 * the alert functions do not post: they render the Slack message and put it on a FIFO queue, which one
 * consumer (slackSender) drains at the webhook's pace. The email never waits for Slack, and a burst of
 * alerts reaches Slack whole, in order, about one a second.
 */

/** What the queue carries: the rendered message and the key that makes posting it idempotent. */
export interface QueuedSlackMessage {
  type: 'slackMessage';
  /** The same rendered message always has the same key: a retried alert function enqueues it once. */
  key: string;
  enqueuedAt: string;
  payload: IncomingWebhookSendArguments;
}

/** FIFO: one message group, so messages leave in the order they were queued. */
export const SLACK_MESSAGE_GROUP = 'slack';

export function slackMessageKey(payload: IncomingWebhookSendArguments): string {
  return createHash('sha256').update(JSON.stringify(payload)).digest('hex');
}

/** The queue message for a rendered Slack message: its key comes from the payload, so equal messages share one. */
export function queuedSlackMessage(payload: IncomingWebhookSendArguments, enqueuedAt: Date): QueuedSlackMessage {
  return { type: 'slackMessage', key: slackMessageKey(payload), enqueuedAt: enqueuedAt.toISOString(), payload };
}

export function queuedSlackChannel(sqs: SQSClient, queueUrl: string, now: () => Date = () => new Date()): Channel {
  return {
    name: 'slack',
    async send(notification) {
      const message = queuedSlackMessage(renderSlack(notification), now());
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: JSON.stringify(message),
          MessageGroupId: SLACK_MESSAGE_GROUP,
          // SQS drops a second message with this ID within five minutes: a Lambda retry enqueues nothing new.
          MessageDeduplicationId: message.key,
        }),
      );
    },
    payload: (notification) => renderSlack(notification),
  };
}
