import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { logger } from '../logger.js';
import type { Channel } from './channel.js';

/**
 * What the dead-letter queue receives when one channel finally fails: which channel, why, and the exact
 * payload it could not deliver, so that channel alone can be re-driven without re-sending the others.
 */
export interface UndeliveredNotification {
  type: 'undeliveredNotification';
  channel: string;
  reason: string;
  failedAt: string;
  /** The channel's own payload: the SNS Publish request, or the Slack message. */
  payload: unknown;
}

/** SQS accepts at most 256 KiB a message; a payload beyond what fits is replaced by a note saying so. */
const MAX_MESSAGE_BYTES = 256 * 1024;

/** Where undelivered notifications go. */
export interface DeadLetters {
  send(entry: UndeliveredNotification): Promise<void>;
}

/** The stack's dead-letter queue. */
export function sqsDeadLetters(sqs: SQSClient, queueUrl: string): DeadLetters {
  return {
    async send(entry) {
      let body = JSON.stringify(entry);
      if (Buffer.byteLength(body) > MAX_MESSAGE_BYTES) {
        body = JSON.stringify({ ...entry, payload: { omitted: `the payload was ${Buffer.byteLength(body)} bytes` } });
      }
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * A channel whose final failure is dead-lettered instead of failing the invocation: the other channels
 * already delivered, and a Lambda retry would send them again. Only when the dead-letter queue refuses
 * too does `send` reject, so that nothing is lost (Lambda then retries the whole event).
 */
export function deadLettering(channel: Channel, deadLetters: DeadLetters, now: () => Date = () => new Date()): Channel {
  return {
    name: channel.name,
    payload: channel.payload,
    async send(notification) {
      try {
        await channel.send(notification);
      } catch (error) {
        const reason = describe(error);
        await deadLetters.send({
          type: 'undeliveredNotification',
          channel: channel.name,
          reason,
          failedAt: now().toISOString(),
          payload: channel.payload(notification),
        });
        logger.error('Notification undelivered; sent to the dead-letter queue', { channel: channel.name, reason });
      }
    },
  };
}
