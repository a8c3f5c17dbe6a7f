import type { Context } from 'aws-lambda';
import { loadChannelSettings, loadDisplaySettings } from '../lib/config.js';
import { type HealthRunSummary, processHealthEvent } from '../lib/health/process.js';
import { logger } from '../lib/logger.js';
import { invocationChannels } from '../lib/notify/channels.js';

// Validated once per container: a bad setting fails the first invocation with an error naming it.
const settings = loadDisplaySettings(process.env);
// Email and Slack. This function's own failures go to its own dead-letter queue (DEAD_LETTER_QUEUE_URL is set
// to it), whose alarm notifies the topic directly: a broken formatter never alarms itself in a circle.
// Posts to Slack itself (one message at a time): the only part that needs Parameter Store.
const channelsFor = invocationChannels(loadChannelSettings(process.env));

/** The stack's own alarms (EventBridge) and AWS Budgets alerts (SNS) → notifications like every other. */
export async function handler(event: unknown, context: Context): Promise<HealthRunSummary> {
  logger.addContext(context);
  return processHealthEvent(event, settings, channelsFor(context));
}
