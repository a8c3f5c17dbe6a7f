import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { DeliveryError } from '../errors.js';
import type { HistoryTable } from '../history/table.js';
import { CHANNEL_MESSAGES } from '../i18n/channels.js';
import type { Locale } from '../i18n/index.js';
import { logger } from '../logger.js';
import { type ChatDestinations, deliverChat } from './chat-delivery.js';
import type { DeadLetters } from './dead-letters.js';
import { isQueuedChannel, type QueuedChannelName, type QueuedDelivery } from './delivery-queue.js';
import type { HtmlEmail } from './email-html.js';
import type { LinePush } from './line.js';
import type { DeliveryOptions } from './retry.js';
import { sendHtmlEmail } from './ses.js';

/**
 * deliverySender's pipeline: the queued messages of one SQS batch, each channel's in order at its own pace.
 * - Each message is delivered once: its key is claimed in the history table first, so a redelivered SQS
 *   message (a consumer that died after posting, before deleting) is not posted twice.
 * - The channels of a batch run side by side: Slack waiting out a 429 never delays Teams.
 * - A message a channel refuses for good (a revoked webhook, an archived channel) goes to the dead-letter
 *   queue at once, with its reason; it never blocks the ones behind it.
 * - A message a channel keeps refusing for now (429, 5xx) goes back to the queue with every message of that
 *   channel behind it, so the order holds; the other channels' messages carry on. On its fourth receive it
 *   goes to the dead-letter queue with its reason; should that fail too, SQS moves it to the delivery
 *   dead-letter queue on the fifth, which alarms.
 */

export interface DeliveryBatch {
  Records: Array<{ messageId: string; body: string; attributes?: { ApproximateReceiveCount?: string } }>;
}

/**
 * Receives of one message before it is given up on: on the last, a failing message goes to the dead-letter
 * queue with its reason (for `npm run redrive`) instead of back to the queue. The queue's own redrive policy
 * (serverless.yml, one receive more) only catches what could not be dead-lettered that way.
 */
export const DELIVERY_MAX_RECEIVES = 4;

export interface DeliveryBatchResult {
  /** The messages to receive again (SQS partial batch response). */
  batchItemFailures: Array<{ itemIdentifier: string }>;
  posted: number;
  duplicates: number;
  deadLettered: number;
  /** LINE messages not sent because the month's allowance was spent. */
  overAllowance: number;
}

/** Spaces posts to one destination: at most one per interval, whatever the batch or invocation. */
export interface Pace {
  wait(): Promise<void>;
  posted(): void;
}

/**
 * Each channel's interval between posts, a little over its documented limit: Slack's incoming webhooks about
 * 1 a second; Teams' webhooks 4 a second; Discord's webhooks 30 a minute per channel; LINE's push API 2,000
 * a second (a small gap is plenty); SES's sandbox 1 a second.
 */
export const POST_INTERVAL_MS: Record<QueuedChannelName, number> = {
  slack: 1_050,
  teams: 300,
  discord: 2_050,
  line: 200,
  email: 1_100,
};

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: Clock = { now: Date.now, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

/**
 * A pace whose first post waits until `startsAt + intervalMs`. An invocation's paces start when it starts:
 * with a message group per channel, Lambda hands a channel's next batch to whichever container is free only
 * after the previous batch of that channel returned, so waiting one interval from the start keeps the gap
 * after the last post wherever it was made, without any shared state.
 */
export function pace(intervalMs: number, clock: Clock = realClock, startsAt = Number.NEGATIVE_INFINITY): Pace {
  let last = startsAt;
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

/** One pace per channel for one invocation (or, with `startsAt` left out, for as long as the caller keeps them). */
export function channelPaces(clock: Clock = realClock, startsAt?: number): Record<QueuedChannelName, Pace> {
  const of = (channel: QueuedChannelName) => pace(POST_INTERVAL_MS[channel], clock, startsAt);
  return { slack: of('slack'), teams: of('teams'), discord: of('discord'), line: of('line'), email: of('email') };
}

/** Where each configured channel delivers: the chats', and SES for the HTML email. */
export interface Destinations extends ChatDestinations {
  email?: { ses: SESv2Client; address: string };
}

/** Delivers one rendered message on its channel: the one code path of the queue's consumer and of redrive. */
export async function deliverRendered(
  channel: QueuedChannelName,
  payload: unknown,
  key: string,
  destinations: Destinations,
  options: DeliveryOptions,
): Promise<void> {
  if (channel !== 'email') return deliverChat(channel, payload, key, destinations, options);
  if (!destinations.email)
    throw new DeliveryError(channel, 'email is not configured for this function', { permanent: true });
  return sendHtmlEmail(destinations.email.ses, destinations.email.address, payload as HtmlEmail);
}

export interface DeliverySenderDependencies {
  destinations: Destinations;
  paces: Record<QueuedChannelName, Pace>;
  remainingTimeMs: () => number;
  claims?: HistoryTable;
  deadLetters?: DeadLetters;
  /** LINE's monthly allowance (kept in the history table, with the claims) and the language of its last-message note. */
  lineAllowance?: { limit: number; locale: Locale };
  now?: () => number;
}

/** Keeps this much of the invocation for the posts still in flight and the response. */
const RESERVE_MS = 8_000;

function parse(body: string): QueuedDelivery | undefined {
  try {
    const message = JSON.parse(body) as QueuedDelivery;
    return message?.type === 'queuedDelivery' &&
      isQueuedChannel(message.channel) &&
      typeof message.key === 'string' &&
      message.payload
      ? message
      : undefined;
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

type BatchRecord = DeliveryBatch['Records'][number];

export async function processDeliveryBatch(
  batch: DeliveryBatch,
  deps: DeliverySenderDependencies,
): Promise<DeliveryBatchResult> {
  const result: DeliveryBatchResult = {
    batchItemFailures: [],
    posted: 0,
    duplicates: 0,
    deadLettered: 0,
    overAllowance: 0,
  };
  const now = deps.now ?? Date.now;
  const deadLetter = async (channel: string, reason: string, payload: unknown) => {
    await deps.deadLetters?.send({
      type: 'undeliveredNotification',
      channel,
      reason,
      failedAt: new Date(now()).toISOString(),
      payload,
    });
    result.deadLettered++;
  };
  const groups = new Map<QueuedChannelName, Array<{ record: BatchRecord; message: QueuedDelivery }>>();
  for (const record of batch.Records ?? []) {
    const message = parse(record.body);
    if (!message) {
      // Not ours or damaged: kept for a person to read, never retried, never blocking the queue.
      await deadLetter(
        'unknown',
        'The delivery queue held a message that is not a queued delivery',
        record.body.slice(0, 10_000),
      );
      continue;
    }
    const group = groups.get(message.channel) ?? [];
    group.push({ record, message });
    groups.set(message.channel, group);
  }

  const deliverGroup = async (
    channel: QueuedChannelName,
    items: Array<{ record: BatchRecord; message: QueuedDelivery }>,
  ) => {
    const giveBackFrom = (index: number) => {
      result.batchItemFailures.push(...items.slice(index).map(({ record }) => ({ itemIdentifier: record.messageId })));
    };
    const channelPace = deps.paces[channel];
    for (const [index, { record, message }] of items.entries()) {
      if (deps.remainingTimeMs() < RESERVE_MS + POST_INTERVAL_MS[channel]) return giveBackFrom(index);
      const claimKey = `${channel}#${message.key}`;
      let token: string | undefined;
      if (deps.claims) {
        try {
          const claim = await deps.claims.claimEvent(claimKey, now());
          if (claim.state === 'alreadySent') {
            result.duplicates++;
            continue;
          }
          if (claim.state === 'inProgress') return giveBackFrom(index);
          token = claim.token;
        } catch (error) {
          // Without the table a redelivery could post twice; not posting would lose the message. Post.
          logger.error('History unavailable: delivery claim', { historyUnavailable: true, channel, error });
        }
      }
      let payload = message.payload;
      const month = new Date(now()).toISOString().slice(0, 7);
      let allowanceTaken = false;
      if (channel === 'line' && deps.claims && deps.lineAllowance) {
        const used = await deps.claims
          .takeFromAllowance('line', month, deps.lineAllowance.limit, now())
          .catch((error) => {
            logger.error('History unavailable: LINE allowance', { historyUnavailable: true, error });
            return 0;
          });
        if (used === undefined) {
          logger.warn('LINE message not sent: the month\u2019s allowance is spent', {
            limit: deps.lineAllowance.limit,
          });
          result.overAllowance++;
          if (token) await deps.claims.settle(claimKey, token, { sent: true });
          continue;
        }
        allowanceTaken = used > 0;
        if (used === deps.lineAllowance.limit)
          payload = withLastOfMonthNote(payload as LinePush, used, deps.lineAllowance);
      }
      try {
        await channelPace.wait();
        await deliverRendered(channel, payload, message.key, deps.destinations, {
          remainingTimeMs: deps.remainingTimeMs,
          maxAttempts: 5,
        });
        channelPace.posted();
        result.posted++;
      } catch (error) {
        channelPace.posted();
        if (allowanceTaken && deps.claims) await deps.claims.returnToAllowance('line', month).catch(() => undefined);
        const receives = Number(record.attributes?.ApproximateReceiveCount ?? 1);
        const givingUp = (error instanceof DeliveryError && error.permanent) || receives >= DELIVERY_MAX_RECEIVES;
        if (givingUp && deps.deadLetters) {
          await deadLetter(
            channel,
            `${describe(error)}${receives >= DELIVERY_MAX_RECEIVES ? ` (receive ${receives}: given up)` : ''}`,
            message.payload,
          );
        } else {
          logger.warn('Delivery returned to the queue with those behind it', {
            channel,
            reason: error instanceof Error ? error.message : String(error),
            waiting: items.length - index,
          });
          if (token && deps.claims) await deps.claims.settle(claimKey, token, { sent: false });
          return giveBackFrom(index);
        }
      }
      if (token && deps.claims) await deps.claims.settle(claimKey, token, { sent: true });
    }
  };
  await Promise.all([...groups].map(([channel, items]) => deliverGroup(channel, items)));
  return result;
}

/** The last message of the month's allowance carries a note saying so, as a second message of the same push (LINE counts a push once per recipient). */
function withLastOfMonthNote(push: LinePush, used: number, allowance: { limit: number; locale: Locale }): LinePush {
  const note = CHANNEL_MESSAGES[allowance.locale].lineLastOfMonth(used, allowance.limit);
  return { messages: [...push.messages.slice(0, 4), { type: 'text', text: note }] };
}
