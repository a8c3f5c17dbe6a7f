import { NotificationFailedError } from '../errors.js';
import { logger } from '../logger.js';
import type { Channel } from './channel.js';
import type { Notification } from './notification.js';

/**
 * Sends one notification to every channel independently: a failing channel never stops the others.
 * Throws NotificationFailedError when any channel failed, so Lambda retries the event and,
 * after its retries, moves it to the dead-letter queue. Nothing is dropped silently.
 */
export async function deliverNotification(notification: Notification, channels: Channel[]): Promise<void> {
  const results = await Promise.allSettled(channels.map((channel) => channel.send(notification)));
  const failures: unknown[] = [];
  results.forEach((result, index) => {
    const channel = channels[index]?.name;
    if (result.status === 'fulfilled') {
      logger.info('Notification delivered', { channel, severity: notification.severity });
    } else {
      failures.push(result.reason);
      logger.error('Notification failed', {
        channel,
        severity: notification.severity,
        error:
          result.reason instanceof Error
            ? { name: result.reason.name, message: result.reason.message }
            : String(result.reason),
      });
    }
  });
  if (failures.length > 0) {
    const names = channels.filter((_, index) => results[index]?.status === 'rejected').map((channel) => channel.name);
    throw new NotificationFailedError(failures, `Delivery failed on ${names.join(', ')}`);
  }
}
