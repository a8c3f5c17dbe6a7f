import type { IncomingWebhookSendArguments } from '@slack/webhook';
import { DeliveryError } from '../errors.js';
import type { QueuedChannelName } from './delivery-queue.js';
import { type DiscordMessage, sendToDiscord } from './discord.js';
import { type LineDestination, type LinePush, pushToLine } from './line.js';
import type { DeliveryOptions } from './retry.js';
import { sendToSlack } from './slack.js';
import {
  isSlackAppMessage,
  type SlackAppDestination,
  type SlackAppMessage,
  type SlackAppPoster,
  type SlackThreads,
} from './slack-app.js';
import { sendToTeams, type TeamsMessage } from './teams.js';

/**
 * Posting one rendered chat message: deliverySender's path for the chats, and a local run's (which posts
 * without the queue). Kept apart from the SES email so the functions that notify never bundle SES.
 */

export type ChatChannelName = Exclude<QueuedChannelName, 'email'>;

/** Where each configured chat delivers; secrets are read (and cached) by the resolvers, at send time. */
export interface ChatDestinations {
  slack?: () => Promise<string>;
  /** Slack app mode (deliverySender): the bot token and channel, the poster (which alone loads the Web API), the threads. */
  slackApp?: {
    destination: () => Promise<SlackAppDestination>;
    post: SlackAppPoster;
    threads?: SlackThreads;
  };
  teams?: () => Promise<string>;
  discord?: () => Promise<string>;
  line?: () => Promise<LineDestination>;
}

async function secret<T>(channel: string, resolve: () => Promise<T>): Promise<T> {
  try {
    return await resolve();
  } catch (cause) {
    // The reason names the parameter, never its value.
    throw new DeliveryError(channel, `Could not read the ${channel} secret: ${(cause as Error).message}`, { cause });
  }
}

export async function deliverChat(
  channel: ChatChannelName,
  payload: unknown,
  key: string,
  destinations: ChatDestinations,
  options: DeliveryOptions,
): Promise<void> {
  const missing = () =>
    new DeliveryError(channel, `${channel} is not configured for this function`, { permanent: true });
  switch (channel) {
    case 'slack': {
      const app = destinations.slackApp;
      if (app) {
        const destination = await secret(channel, app.destination);
        return app.post(destination, payload as SlackAppMessage | IncomingWebhookSendArguments, {
          ...options,
          threads: app.threads,
        });
      }
      if (!destinations.slack) throw missing();
      const url = await secret(channel, destinations.slack);
      // Queued for the app and delivered after a switch back to the webhook: the message, without its thread.
      return sendToSlack(
        url,
        isSlackAppMessage(payload) ? payload.message : (payload as IncomingWebhookSendArguments),
        options,
      );
    }
    case 'teams': {
      if (!destinations.teams) throw missing();
      return sendToTeams(await secret(channel, destinations.teams), payload as TeamsMessage, options);
    }
    case 'discord': {
      if (!destinations.discord) throw missing();
      return sendToDiscord(await secret(channel, destinations.discord), payload as DiscordMessage, options);
    }
    case 'line': {
      if (!destinations.line) throw missing();
      return pushToLine(await secret(channel, destinations.line), payload as LinePush, key, options);
    }
  }
}
