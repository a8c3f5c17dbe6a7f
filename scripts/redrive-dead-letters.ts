import { PublishCommand, type PublishCommandInput, type SNSClient } from '@aws-sdk/client-sns';
import { DeleteMessageCommand, GetQueueUrlCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { deliveryKey, isQueuedChannel } from '../src/lib/notify/delivery-queue.js';
import { type Destinations, deliverRendered } from '../src/lib/notify/delivery-sender.js';

/**
 * `npm run redrive`: sends the notifications waiting in the dead-letter queue again, each on the one
 * channel that failed (the others delivered it already), and deletes each one that goes through. Other
 * messages in the queue (a whole event Lambda gave up on) are left where they are, and counted.
 */

export interface RedriveClients {
  sqs: SQSClient;
  /** The SNS client for a topic (the stack's, or the chat integration's, which may be in another region). */
  sns: (topicArn: string) => SNSClient;
  /** Where the chats and the HTML email deliver: their secrets read when one of their messages is re-driven. */
  destinations: Destinations;
}

export interface RedriveSummary {
  /** Messages re-sent, by channel (sns, chatbot, slack, teams, discord, line, email). */
  resent: Record<string, number>;
  failed: number;
  left: number;
}

/** The channels a dead letter can be re-driven on: the two SNS ones and every queued one. */
function redrivable(channel: string): boolean {
  return channel === 'sns' || channel === 'chatbot' || isQueuedChannel(channel);
}

interface UndeliveredEntry {
  type: 'undeliveredNotification';
  channel: string;
  payload: unknown;
}

function undelivered(body: string | undefined): UndeliveredEntry | undefined {
  try {
    const entry = JSON.parse(body ?? '') as Partial<UndeliveredEntry>;
    return entry.type === 'undeliveredNotification' && typeof entry.channel === 'string'
      ? (entry as UndeliveredEntry)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The stack's queue URL from its name. */
export async function deadLetterQueueUrl(sqs: SQSClient, stage: string): Promise<string> {
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: `account-watch-${stage}-dead-letters` }));
  if (!QueueUrl) throw new Error(`No queue account-watch-${stage}-dead-letters in this region`);
  return QueueUrl;
}

/** Reads the queue once through (at most `maxMessages`) and re-drives what it can. */
export async function redriveDeadLetters(
  clients: RedriveClients,
  queueUrl: string,
  options: { maxMessages?: number; dryRun?: boolean; log?: (line: string) => void } = {},
): Promise<RedriveSummary> {
  const { maxMessages = 100, dryRun = false, log = () => undefined } = options;
  const summary: RedriveSummary = { resent: {}, failed: 0, left: 0 };
  const seen = new Set<string>();
  while (seen.size < maxMessages) {
    const { Messages = [] } = await clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        // Long enough to send one batch; a message that is not deleted comes back for the next run.
        VisibilityTimeout: 120,
        WaitTimeSeconds: 1,
      }),
    );
    const fresh = Messages.filter((message) => message.MessageId && !seen.has(message.MessageId));
    if (fresh.length === 0) break;
    for (const message of fresh) {
      seen.add(message.MessageId ?? '');
      const entry = undelivered(message.Body);
      if (!entry || !redrivable(entry.channel)) {
        summary.left++;
        continue;
      }
      if (dryRun) {
        log(`would re-send on ${entry.channel}`);
        continue;
      }
      try {
        const { channel, payload } = entry;
        if (isQueuedChannel(channel)) {
          // The same key as when it was queued: LINE's retry key makes a push that did go through not go twice.
          await deliverRendered(channel, payload, deliveryKey(channel, payload), clients.destinations, {
            remainingTimeMs: () => 60_000,
          });
        } else {
          const publish = payload as PublishCommandInput;
          await clients.sns(publish.TopicArn ?? '').send(new PublishCommand(publish));
        }
        await clients.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
        summary.resent[channel] = (summary.resent[channel] ?? 0) + 1;
        log(`re-sent on ${entry.channel}`);
      } catch (error) {
        summary.failed++;
        log(`still failing on ${entry.channel}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  return summary;
}
