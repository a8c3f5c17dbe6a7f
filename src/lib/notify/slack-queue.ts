import { createHash } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { IncomingWebhookSendArguments } from '@slack/webhook';
import type { Channel } from './channels.js';
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

export function queuedSlackChannel(sqs: SQSClient, queueUrl: string, now: () => Date = () => new Date()): Channel {
  return {
    name: 'slack',
    async send(notification) {
      const payload = renderSlack(notification);
      const key = slackMessageKey(payload);
      const message: QueuedSlackMessage = { type: 'slackMessage', key, enqueuedAt: now().toISOString(), payload };
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: JSON.stringify(message),
          MessageGroupId: SLACK_MESSAGE_GROUP,
          // SQS drops a second message with this ID within five minutes: a Lambda retry enqueues nothing new.
          MessageDeduplicationId: key,
        }),
      );
    },
    payload: (notification) => renderSlack(notification),
  };
}
