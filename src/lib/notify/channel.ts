import type { Notification } from './notification.js';

/**
 * The port every feature sends through: a destination that renders the channel-neutral notification in its
 * own format. The adapters (SNS, Slack, the Slack queue, dead-lettering) and their composition live in
 * channels.ts and beside it; this module imports none of them.
 */
/** A destination for notifications. `send` resolves when delivered and rejects with the reason otherwise. */
export interface Channel {
  name: string;
  send(notification: Notification): Promise<void>;
  /** The exact payload `send` delivers, kept in the dead-letter queue when it cannot be delivered. */
  payload(notification: Notification): unknown;
}
