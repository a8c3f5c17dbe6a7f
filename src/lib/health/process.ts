import type { DisplaySettings } from '../display.js';
import { NotificationFailedError } from '../errors.js';
import { logger } from '../logger.js';
import type { Channel } from '../notify/channel.js';
import { deliverNotification } from '../notify/deliver.js';
import { buildHealthNotification } from './message.js';
import { type HealthEvent, parseHealthEvents } from './parse.js';

export interface HealthRunSummary {
  received: number;
  notified: number;
}

/** The health pipeline: read the alarm or Budgets notification, build its message, deliver it on every channel. */
export async function processHealthEvent(
  input: unknown,
  settings: DisplaySettings,
  channels: Channel[],
): Promise<HealthRunSummary> {
  const events: HealthEvent[] = parseHealthEvents(input);
  if (events.length === 0) logger.warn('No alarm or budget notification in the event');
  const failures: unknown[] = [];
  let notified = 0;
  for (const event of events) {
    // An alarm going back to OK needs no message: the ALARM one said what to do.
    if (event.kind === 'alarm' && event.state !== 'ALARM') continue;
    try {
      await deliverNotification(buildHealthNotification(event, settings), channels);
      notified++;
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw new NotificationFailedError(failures, `${failures.length} health notice(s) failed`);
  return { received: events.length, notified };
}
