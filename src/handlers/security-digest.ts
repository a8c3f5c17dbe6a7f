import { join } from 'node:path';
import { AthenaClient } from '@aws-sdk/client-athena';
import type { Context } from 'aws-lambda';
import { withTimeouts } from '../lib/aws-clients.js';
import { loadChannelSettings, loadSecurityDigestSettings } from '../lib/config.js';
import { logger } from '../lib/logger.js';
import { invocationChannels } from '../lib/notify/channels.js';
import { athenaEngine } from '../lib/security-digest/athena.js';
import { loadSavedQueries } from '../lib/security-digest/catalog.js';
import { runSecurityDigest, type SecurityDigestRun } from '../lib/security-digest/digest.js';
import { scheduledWindow } from '../lib/security-digest/window.js';

// Validated once per container: a bad setting or a malformed saved query fails the first invocation, named.
const settings = loadSecurityDigestSettings(process.env);
// The .sql files travel in the package (serverless.yml package.patterns), beside the bundle in LAMBDA_TASK_ROOT.
// `serverless invoke local` says where the project's own queries/ folder is instead (deploy/plugin.ts).
const queries = loadSavedQueries(
  process.env.SAVED_QUERIES_FOLDER ?? join(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), 'queries'),
);
const athena = new AthenaClient(withTimeouts({}));
// Email and Slack, with one SNS client and one Parameter Store provider per container.
// Posts to Slack itself (one message at a time): the only part that needs Parameter Store.
const channelsFor = invocationChannels(loadChannelSettings(process.env));

/** Scheduled daily: every saved query over the span since the previous scheduled run, one security digest. */
export async function handler(_event: unknown, context: Context): Promise<SecurityDigestRun> {
  logger.addContext(context);
  const window = scheduledWindow(new Date(), settings.digestTime, settings.timeZone, settings.deliveryLagMinutes);
  const engine = athenaEngine(athena, settings, { remainingTimeMs: () => context.getRemainingTimeInMillis() });
  return runSecurityDigest(engine, queries, window, settings, channelsFor(context));
}
