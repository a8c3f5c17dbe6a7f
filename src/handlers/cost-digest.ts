import { join } from 'node:path';
import { AthenaClient } from '@aws-sdk/client-athena';
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { withTimeouts } from '../lib/aws-clients.js';
import { loadChannelSettings, loadCostSettings, loadHistoryTableName, loadTrailTableSettings } from '../lib/config.js';
import { type CostDigestRun, runCostDigest } from '../lib/cost/digest.js';
import { freeTierApi } from '../lib/cost/free-tier.js';
import { planMemory } from '../lib/cost/plan-warnings.js';
import { hygieneMemory } from '../lib/hygiene/week-over-week.js';
import { logger } from '../lib/logger.js';
import { invocationChannels } from '../lib/notify/channels.js';
import { athenaEngine } from '../lib/security-digest/athena.js';
import { loadSavedQueries } from '../lib/security-digest/catalog.js';

// Validated once per container: a bad setting fails the first invocation with an error naming it.
const settings = loadCostSettings(process.env);
// Cost Explorer has a single endpoint, in us-east-1, whatever region the stack is in.
const ce = new CostExplorerClient(withTimeouts({ region: 'us-east-1' }));
// A new account's plan and offers, signed with the Cost Explorer client's own credentials (free-tier.ts).
const freeTier = freeTierApi({
  credentials: ce.config.credentials,
  endpoint: process.env.AWS_ENDPOINT_URL_FREETIER ?? process.env.AWS_ENDPOINT_URL,
});
// Which plan warnings went out (each once), in the history table; none without it (a local run).
const tableName = loadHistoryTableName(process.env);
const dynamodb = new DynamoDBClient(
  withTimeouts({ maxAttempts: 2 }, { connectionTimeout: 1_000, requestTimeout: 2_000 }),
);
const memory = tableName ? planMemory(dynamodb, tableName) : undefined;
// AWS's own anomalies are read (one paid request) only when the account has monitors, which the weekly
// hygiene report found and remembered; without its memory, none are read.
const hygiene = tableName ? hygieneMemory(dynamodb, tableName) : undefined;
const hasAnomalyMonitors = async () => (await hygiene?.read())?.statuses['anomaly-monitor'] === 'pass';
// Who started what moved the bill, on an unusual day: one saved query over the trail's table (queries/cost/,
// in the package beside the bundle), in the stack's workgroup; none where the stack set no table.
const trailTable = loadTrailTableSettings(process.env);
const starterQuery = trailTable
  ? loadSavedQueries(
      process.env.COST_QUERIES_FOLDER ?? join(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), 'queries', 'cost'),
    ).find((query) => query.name === 'capacity-started')
  : undefined;
const athena = trailTable ? new AthenaClient(withTimeouts({})) : undefined;
// The SNS email, and the chats through the delivery queue.
const channelsFor = invocationChannels(loadChannelSettings(process.env));

/**
 * Scheduled daily. The digest reports the last complete UTC day, because Cost Explorer's days are UTC days:
 * at 09:00 in Sydney or Auckland the UTC day called yesterday is still running. A manual run may pass
 * {"today": "YYYY-MM-DD"}, a UTC date, to build the digest of another day.
 */
export async function handler(event: unknown, context: Context): Promise<CostDigestRun> {
  logger.addContext(context);
  const requested = (event as { today?: unknown } | null)?.today;
  const today =
    typeof requested === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(requested)
      ? requested
      : new Date().toISOString().slice(0, 10);
  const channels = channelsFor(context);
  const trail =
    trailTable && athena && starterQuery
      ? {
          engine: athenaEngine(
            athena,
            { ...trailTable, allowedRegions: [], reserveMs: 10_000 },
            { remainingTimeMs: () => context.getRemainingTimeInMillis() },
          ),
          query: starterQuery,
        }
      : undefined;
  return runCostDigest(today, ce, settings, channels, { freeTier, memory, hasAnomalyMonitors, trail });
}
