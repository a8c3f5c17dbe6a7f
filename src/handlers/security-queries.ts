import { join } from 'node:path';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { AthenaClient } from '@aws-sdk/client-athena';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { Context } from 'aws-lambda';
import { loadChannelSettings, loadQuerySettings } from '../lib/config.js';
import { logger } from '../lib/logger.js';
import { channelsFor } from '../lib/notify/channels.js';
import { loadSavedQueries } from '../lib/queries/catalog.js';
import { runSecurityDigest, type SecurityDigestRun } from '../lib/queries/digest.js';

// Validated once per container: a bad setting or a malformed saved query fails the first invocation, named.
const channelSettings = loadChannelSettings(process.env);
const settings = loadQuerySettings(process.env);
// The .sql files travel in the package (serverless.yml package.patterns), beside the bundle.
const queries = loadSavedQueries(join(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), 'queries'));
const athena = new AthenaClient({});
const sns = new SNSClient({});
const ssm = new SSMProvider({ awsSdkV3Client: new SSMClient({}) });

/** Scheduled daily: every saved query over the last QUERY_WINDOW_HOURS, one security digest. */
export async function handler(_event: unknown, context: Context): Promise<SecurityDigestRun> {
  logger.addContext(context);
  const remainingTimeMs = () => context.getRemainingTimeInMillis();
  const channels = channelsFor(channelSettings, {
    sns: () => sns,
    ssm: () => ssm,
    remainingTimeMs,
    write: (text) => process.stdout.write(text),
  });
  return runSecurityDigest(athena, queries, new Date(), settings, channels, remainingTimeMs);
}
