import type { Context } from 'aws-lambda';
import { loadChannelSettings, loadSigninSettings } from '../lib/config.js';
import { logger } from '../lib/logger.js';
import { invocationChannels } from '../lib/notify/channels.js';
import { processSignInEvent, type SignInRunSummary } from '../lib/signin/process.js';

// Validated once per container: a bad setting fails the first invocation with an error naming it.
const settings = loadSigninSettings(process.env);
// Email and Slack, with one SNS client and one Parameter Store provider per container.
const channelsFor = invocationChannels(loadChannelSettings(process.env));

/** EventBridge aws.signin events (or, locally, a CloudTrail record or log file) → notifications. */
export async function handler(event: unknown, context: Context): Promise<SignInRunSummary> {
  logger.addContext(context);
  const channels = channelsFor(context);
  return processSignInEvent(event, settings, channels);
}
