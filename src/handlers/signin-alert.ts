import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { Context } from 'aws-lambda';
import { loadChannelSettings, loadSigninSettings } from '../lib/config.js';
import { logger } from '../lib/logger.js';
import { channelsFor } from '../lib/notify/channels.js';
import { processSignInEvent, type SignInRunSummary } from '../lib/signin/process.js';

// Validated once per container: a bad setting fails the first invocation with an error naming it.
const channelSettings = loadChannelSettings(process.env);
const settings = loadSigninSettings(process.env);
const sns = new SNSClient({});
const ssm = new SSMProvider({ awsSdkV3Client: new SSMClient({}) });

/** EventBridge aws.signin events (or, locally, a CloudTrail record or log file) → notifications. */
export async function handler(event: unknown, context: Context): Promise<SignInRunSummary> {
  logger.addContext(context);
  const channels = channelsFor(channelSettings, {
    sns: () => sns,
    ssm: () => ssm,
    remainingTimeMs: () => context.getRemainingTimeInMillis(),
    write: (text) => process.stdout.write(text),
  });
  return processSignInEvent(event, settings, channels);
}
