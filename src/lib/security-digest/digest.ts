import type { AthenaClient } from '@aws-sdk/client-athena';
import type { QuerySettings } from '../config.js';
import { logger } from '../logger.js';
import type { Channel } from '../notify/channels.js';
import { deliverNotification } from '../notify/deliver.js';
import { runSavedQueries } from './athena.js';
import type { SavedQuery } from './catalog.js';
import { buildSecurityDigestNotification } from './message.js';

export interface SecurityDigestRun {
  queries: number;
  withRows: number;
  failed: number;
}

/** One security digest: run every saved query over the window in Athena, then send one message. */
export async function runSecurityDigest(
  athena: AthenaClient,
  queries: SavedQuery[],
  now: Date,
  settings: QuerySettings,
  channels: Channel[],
  remainingTimeMs: () => number,
): Promise<SecurityDigestRun> {
  const end = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const window = { start: new Date(end.getTime() - settings.windowHours * 3_600_000), end };
  const outcomes = await runSavedQueries(athena, queries, window, settings, { remainingTimeMs });
  const run = {
    queries: outcomes.length,
    withRows: outcomes.filter((outcome) => outcome.status === 'succeeded' && outcome.rowCount > 0).length,
    failed: outcomes.filter((outcome) => outcome.status !== 'succeeded').length,
  };
  logger.info('Security digest built', {
    ...run,
    statuses: outcomes.map((outcome) => `${outcome.query.name}:${outcome.status}`),
  });
  const athenaConsoleUrl = `https://${settings.region}.console.aws.amazon.com/athena/home?region=${settings.region}#/query-editor/saved-queries`;
  await deliverNotification(
    buildSecurityDigestNotification({ outcomes, window, athenaConsoleUrl }, settings),
    channels,
  );
  return run;
}
