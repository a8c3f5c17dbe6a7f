import type { DisplaySettings } from '../display.js';
import { logger } from '../logger.js';
import type { Channel } from '../notify/channel.js';
import { deliverNotification } from '../notify/deliver.js';
import type { SavedQuery } from './catalog.js';
import { buildSecurityDigestNotification } from './message.js';
import type { QueryOutcome } from './outcome.js';
import type { DigestWindow } from './window.js';

export interface SecurityDigestRun {
  queries: number;
  withRows: number;
  failed: number;
}

/**
 * Where the saved queries run: Athena in the deployed function (athena.ts), DuckDB over local logs in
 * the preview, `npm run query` and the tests (local.ts). Both give one outcome per query.
 */
export interface SavedQueryEngine {
  run(queries: SavedQuery[], window: { start: Date; end: Date }): Promise<QueryOutcome[]>;
  /** Where the reader can open the saved queries, when the engine has a console. */
  consoleUrl?: string;
}

/** One security digest: run every saved query over the window (see window.ts), then send one message. */
export async function runSecurityDigest(
  engine: SavedQueryEngine,
  queries: SavedQuery[],
  window: DigestWindow,
  settings: DisplaySettings,
  channels: Channel[],
): Promise<SecurityDigestRun> {
  const outcomes = await engine.run(queries, window);
  const run = {
    queries: outcomes.length,
    withRows: outcomes.filter((outcome) => outcome.status === 'succeeded' && outcome.rowCount > 0).length,
    failed: outcomes.filter((outcome) => outcome.status !== 'succeeded').length,
  };
  logger.info('Security digest built', {
    ...run,
    statuses: outcomes.map((outcome) => `${outcome.query.name}:${outcome.status}`),
  });
  await deliverNotification(
    buildSecurityDigestNotification({ outcomes, window, athenaConsoleUrl: engine.consoleUrl }, settings),
    channels,
  );
  return run;
}
