import type { KnownBlock } from '@slack/types';
import type { IncomingWebhookSendArguments } from '@slack/webhook';
import type { Notification } from './notification.js';
import type { DeliveryOptions } from './retry.js';
import { renderSlack, SLACK_LIMITS } from './slack.js';
import { truncateUtf16 } from './text.js';

/**
 * Slack app mode, beside the webhook: the same message posted with a bot token (chat.postMessage), so that a
 * burst's follow-ups go in its first alert's thread and that alert is updated in place with "× N"
 * (chat.update), and the alerts' actions can be buttons that act in Slack (verified by alertActions with the
 * app's signing secret, actions/slack.ts). This module renders, for the functions that notify; the posting is
 * slack-app-post.ts, which only deliverySender bundles.
 */

/** What the queue carries for the app: the message, and the thread it belongs to. */
export interface SlackAppMessage {
  type: 'slackApp';
  message: IncomingWebhookSendArguments;
  thread?: { key: string; followUp?: { count: number } };
}

export function isSlackAppMessage(payload: unknown): payload is SlackAppMessage {
  const candidate = payload as Partial<SlackAppMessage> | undefined;
  return candidate?.type === 'slackApp' && typeof candidate.message === 'object' && candidate.message !== null;
}

/** The app's message: the webhook's blocks (buttons that act when `interactive`), and its thread. */
export function renderSlackApp(notification: Notification, options: { interactive: boolean }): SlackAppMessage {
  return {
    type: 'slackApp',
    message: renderSlack(notification, { interactive: options.interactive }),
    ...(notification.thread
      ? {
          thread: {
            key: notification.thread,
            ...(notification.followUp ? { followUp: { count: notification.followUp.count } } : {}),
          },
        }
      : {}),
  };
}

/** "× 100" on a thread's first message: its header and its notification text, the rest as it was. */
export function withCount(message: IncomingWebhookSendArguments, count: number): IncomingWebhookSendArguments {
  const mark = ` \u00d7 ${count}`;
  const marked = (text: string, max: number) =>
    `${truncateUtf16(text.replace(/ \u00d7 \d+$/, ''), max - mark.length)}${mark}`;
  return {
    ...message,
    ...(message.text !== undefined ? { text: marked(message.text, SLACK_LIMITS.sectionText) } : {}),
    attachments: message.attachments?.map((attachment) => ({
      ...attachment,
      blocks: (attachment.blocks as KnownBlock[] | undefined)?.map((block) =>
        block.type === 'header'
          ? { ...block, text: { ...block.text, text: marked(block.text.text, SLACK_LIMITS.headerText) } }
          : block,
      ),
    })),
  };
}

/** Where the app posts: its bot token (read from Parameter Store at send time), the channel, the API's base. */
export interface SlackAppDestination {
  token: string;
  channel: string;
  apiUrl: string;
}

/** A thread's first message, remembered so that its follow-ups go under it and it can show their count. */
export interface SlackThread {
  channel: string;
  ts: string;
  /** The first message as posted, for chat.update (which replaces the whole message); absent when too large to keep. */
  message?: IncomingWebhookSendArguments;
}

/** The threads of the last two days (history table in deliverySender, memory in a local run). */
export interface SlackThreads {
  find(key: string, nowMs: number): Promise<SlackThread | undefined>;
  remember(key: string, thread: SlackThread, nowMs: number): Promise<void>;
}

/** A thread is followed up within its burst window (an hour or so); two days is plenty, and bounds the table. */
export const SLACK_THREAD_DAYS = 2;

export function memorySlackThreads(): SlackThreads {
  const threads = new Map<string, { thread: SlackThread; until: number }>();
  return {
    async find(key, nowMs) {
      const known = threads.get(key);
      return known && known.until > nowMs ? known.thread : undefined;
    },
    async remember(key, thread, nowMs) {
      threads.set(key, { thread, until: nowMs + SLACK_THREAD_DAYS * 86_400_000 });
    },
  };
}

/** Posts one app message (slack-app-post.ts's postToSlackApp), handed in so that only deliverySender loads it. */
export type SlackAppPoster = (
  destination: SlackAppDestination,
  payload: SlackAppMessage | IncomingWebhookSendArguments,
  options: DeliveryOptions & { threads?: SlackThreads },
) => Promise<void>;
