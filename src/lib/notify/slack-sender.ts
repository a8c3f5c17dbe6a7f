import { DeliveryError } from '../errors.js';
import type { HistoryTable } from '../history/table.js';
import { logger } from '../logger.js';
import type { DeadLetters } from './dead-letters.js';
import { sendToSlack } from './slack.js';
import type { QueuedSlackMessage } from './slack-queue.js';

/**
 * slackSender's pipeline: the queued Slack messages of one SQS batch, posted in order at the webhook's pace.
 * - Each message is posted once: its key is claimed in the history table first, so a redelivered SQS
 *   message (a consumer that died after posting, before deleting) is not posted twice.
 * - A message Slack refuses for good (a revoked webhook, an archived channel) goes to the dead-letter
 *   queue at once, with its reason; it never blocks the ones behind it.
 * - A message Slack keeps refusing for now (429, 5xx) goes back to the queue with every message behind
 *   it, so the order holds; on its fourth receive it goes to the dead-letter queue with its reason. Should
 *   that fail too, SQS moves it to the Slack dead-letter queue on the fifth, which alarms.
 */

export interface SlackBatch {
  Records: Array<{ messageId: string; body: string; attributes?: { ApproximateReceiveCount?: string } }>;
}

/**
 * Receives of one message before it is given up on: on the last, a failing message goes to the dead-letter
 * queue with its reason (for `npm run redrive`) instead of back to the queue. The queue's own redrive policy
 * (serverless.yml, one receive more) only catches what could not be dead-lettered that way.
 */
export const SLACK_MAX_RECEIVES = 4;

export interface SlackBatchResult {
  /** The messages to receive again (SQS partial batch response). */
  batchItemFailures: Array<{ itemIdentifier: string }>;
  posted: number;
  duplicates: number;
  deadLettered: number;
}

/** Spaces posts to one webhook: at most one per interval, whatever the batch or invocation. */
export interface SlackPace {
  wait(): Promise<void>;
  posted(): void;
}

/** Slack's incoming webhooks allow about one message a second; a little more keeps clear of the limit. */
export const SLACK_POST_INTERVAL_MS = 1_050;

export function slackPace(
  intervalMs = SLACK_POST_INTERVAL_MS,
  clock: { now(): number; sleep(ms: number): Promise<void> } = {
    now: Date.now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  },
): SlackPace {
  let last = Number.NEGATIVE_INFINITY;
  return {
    async wait() {
      const delay = last + intervalMs - clock.now();
      if (delay > 0) await clock.sleep(delay);
    },
    posted() {
      last = clock.now();
    },
  };
}

export interface SlackSenderDependencies {
  resolveUrl: () => Promise<string>;
  pace: SlackPace;
  remainingTimeMs: () => number;
  claims?: HistoryTable;
  deadLetters?: DeadLetters;
  now?: () => number;
}

/** Keeps this much of the invocation for the posts still in flight and the response. */
const RESERVE_MS = 8_000;

function parse(body: string): QueuedSlackMessage | undefined {
  try {
    const message = JSON.parse(body) as QueuedSlackMessage;
    return message?.type === 'slackMessage' && typeof message.key === 'string' && message.payload ? message : undefined;
  } catch {
    return undefined;
  }
}

export async function processSlackBatch(batch: SlackBatch, deps: SlackSenderDependencies): Promise<SlackBatchResult> {
  const result: SlackBatchResult = { batchItemFailures: [], posted: 0, duplicates: 0, deadLettered: 0 };
  const now = deps.now ?? Date.now;
  const records = batch.Records ?? [];
  const giveBackFrom = (index: number) => {
    result.batchItemFailures.push(...records.slice(index).map((record) => ({ itemIdentifier: record.messageId })));
  };
  for (const [index, record] of records.entries()) {
    const message = parse(record.body);
    if (!message) {
      // Not ours or damaged: kept for a person to read, never retried, never blocking the queue.
      await deps.deadLetters?.send({
        type: 'undeliveredNotification',
        channel: 'slack',
        reason: 'The Slack queue held a message that is not a queued Slack message',
        failedAt: new Date(now()).toISOString(),
        payload: record.body.slice(0, 10_000),
      });
      result.deadLettered++;
      continue;
    }
    if (deps.remainingTimeMs() < RESERVE_MS + SLACK_POST_INTERVAL_MS) {
      giveBackFrom(index);
      return result;
    }
    let token: string | undefined;
    if (deps.claims) {
      try {
        const claim = await deps.claims.claimEvent(`slack#${message.key}`, now());
        if (claim.state === 'alreadySent') {
          result.duplicates++;
          continue;
        }
        if (claim.state === 'inProgress') {
          giveBackFrom(index);
          return result;
        }
        token = claim.token;
      } catch (error) {
        // Without the table a redelivery could post twice; not posting would lose the message. Post.
        logger.error('History unavailable: Slack message claim', { historyUnavailable: true, error });
      }
    }
    try {
      await deps.pace.wait();
      const url = await deps.resolveUrl();
      await sendToSlack(url, message.payload, { remainingTimeMs: deps.remainingTimeMs, maxAttempts: 5 });
      deps.pace.posted();
      result.posted++;
    } catch (error) {
      deps.pace.posted();
      const receives = Number(record.attributes?.ApproximateReceiveCount ?? 1);
      const givingUp = (error instanceof DeliveryError && error.permanent) || receives >= SLACK_MAX_RECEIVES;
      if (givingUp && deps.deadLetters) {
        await deps.deadLetters.send({
          type: 'undeliveredNotification',
          channel: 'slack',
          reason: `${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}${
            receives >= SLACK_MAX_RECEIVES ? ` (receive ${receives}: given up)` : ''
          }`,
          failedAt: new Date(now()).toISOString(),
          payload: message.payload,
        });
        result.deadLettered++;
      } else {
        logger.warn('Slack message returned to the queue with those behind it', {
          reason: error instanceof Error ? error.message : String(error),
          waiting: records.length - index,
        });
        if (token && deps.claims) await deps.claims.settle(`slack#${message.key}`, token, { sent: false });
        giveBackFrom(index);
        return result;
      }
    }
    if (token && deps.claims) await deps.claims.settle(`slack#${message.key}`, token, { sent: true });
  }
  return result;
}
