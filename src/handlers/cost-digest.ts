import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { Context } from 'aws-lambda';
import { loadChannelSettings, loadCostSettings } from '../lib/config.js';
import { localDate } from '../lib/cost/dates.js';
import { type CostDigestRun, runCostDigest } from '../lib/cost/digest.js';
import { logger } from '../lib/logger.js';
import { channelsFor } from '../lib/notify/channels.js';

// Validated once per container: a bad setting fails the first invocation with an error naming it.
const channelSettings = loadChannelSettings(process.env);
const settings = loadCostSettings(process.env);
// Cost Explorer has a single endpoint, in us-east-1, whatever region the stack is in.
const ce = new CostExplorerClient({ region: 'us-east-1' });
const sns = new SNSClient({});
const ssm = new SSMProvider({ awsSdkV3Client: new SSMClient({}) });

/** Scheduled daily. A manual run may pass {"today": "YYYY-MM-DD"} to build the digest of another day. */
export async function handler(event: unknown, context: Context): Promise<CostDigestRun> {
  logger.addContext(context);
  const requested = (event as { today?: unknown } | null)?.today;
  const today =
    typeof requested === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(requested)
      ? requested
      : localDate(new Date(), settings.timeZone);
  const channels = channelsFor(channelSettings, {
    sns: () => sns,
    ssm: () => ssm,
    remainingTimeMs: () => context.getRemainingTimeInMillis(),
    write: (text) => process.stdout.write(text),
  });
  return runCostDigest(today, ce, settings, channels);
}
