import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { PricingClient } from '@aws-sdk/client-pricing';
import type { Context } from 'aws-lambda';
import { tableActionStore } from '../lib/actions/act.js';
import { apiCallActionLinks } from '../lib/actions/links.js';
import { lazySecretsManager, secretsManagerSigningKey } from '../lib/actions/signing-key.js';
import { tableBurstCounter } from '../lib/api-calls/burst.js';
import { DETECTIONS } from '../lib/api-calls/catalogue.js';
import { tableFirstSeen } from '../lib/api-calls/first-seen.js';
import { iamGroupRights, iamPolicyVersion } from '../lib/api-calls/iam-readers.js';
import { type ApiCallRunSummary, processApiCallEvent } from '../lib/api-calls/process.js';
import { withTimeouts } from '../lib/aws-clients.js';
import { loadApiCallSettings, loadChannelSettings, loadHistoryTableName } from '../lib/config.js';
import { priceListReader, tablePriceCache } from '../lib/cost/prices.js';
import { lazyCountryLookup } from '../lib/geo/locate.js';
import { HistoryTable } from '../lib/history/table.js';
import { logger } from '../lib/logger.js';
import { invocationChannels } from '../lib/notify/channels.js';

// Validated once per container: a bad setting fails the first invocation with an error naming it.
const settings = loadApiCallSettings(
  process.env,
  DETECTIONS.map((detection) => detection.id),
);
// Email directly; Slack through the queue (SLACK_QUEUE_URL), so no Parameter Store client is loaded here.
const channelsFor = invocationChannels(loadChannelSettings(process.env));
const countries = lazyCountryLookup(process.env);
const tableName = loadHistoryTableName(process.env);
// The history must never hold an alert up: short timeouts and one retry, then the alert goes without it.
const dynamo = tableName
  ? new DynamoDBClient(withTimeouts({ maxAttempts: 2 }, { connectionTimeout: 1_000, requestTimeout: 2_000 }))
  : undefined;
const claims = dynamo && tableName ? new HistoryTable(dynamo, tableName, 30) : undefined;
const bursts = dynamo && tableName ? tableBurstCounter(dynamo, tableName) : undefined;
const firstSeen = dynamo && tableName ? tableFirstSeen(dynamo, tableName) : undefined;
// One read at alert time (a group's attached policies), never allowed to hold an alert up: one attempt, 1.5 s.
// The client is made on the first alert that needs it, then kept for the container's life.
let iam: IAMClient | undefined;
// One read at alert time, never allowed to hold an alert up: one attempt, 1.5 s.
async function iamClient(): Promise<IAMClient> {
  const { IAMClient } = await import('@aws-sdk/client-iam');
  iam ??= new IAMClient(withTimeouts({ maxAttempts: 1 }, { connectionTimeout: 1_000, requestTimeout: 1_500 }));
  return iam;
}
// The Price List answers from us-east-1 (and ap-south-1) only, whatever the stack's region; free of charge.
let pricing: PricingClient | undefined;
async function pricingClient(): Promise<PricingClient> {
  const { PricingClient } = await import('@aws-sdk/client-pricing');
  pricing ??= new PricingClient(
    withTimeouts({ region: 'us-east-1', maxAttempts: 1 }, { connectionTimeout: 1_000, requestTimeout: 1_500 }),
  );
  return pricing;
}
const readers = {
  groupRights: iamGroupRights(iamClient),
  policyVersion: iamPolicyVersion(iamClient),
  prices: priceListReader(pricingClient, {
    cache: dynamo && tableName ? tablePriceCache(dynamo, tableName) : undefined,
  }),
};

// Acting from the alert (actions=true): the links are signed with the stack's generated key, read once per
// container from Secrets Manager (its client loaded only then); mutes and "this was me" live in the table.
const actionsUrl = process.env.ACTIONS_URL;
const actionsSecretArn = process.env.ACTIONS_SECRET_ARN;
const readSigningKey = actionsSecretArn
  ? secretsManagerSigningKey(actionsSecretArn, lazySecretsManager(withTimeouts({ maxAttempts: 2 })))
  : undefined;
const actionStore = dynamo && tableName ? tableActionStore(dynamo, tableName) : undefined;
const actions =
  actionsUrl && readSigningKey && actionStore
    ? {
        quieted: (detection: string, principal: string | undefined) =>
          actionStore.quieted(detection, principal, Date.now() / 1000),
        links: async (
          call: Parameters<typeof apiCallActionLinks>[0],
          detection: string,
          severity: Parameters<typeof apiCallActionLinks>[4],
        ) =>
          apiCallActionLinks(
            call,
            detection,
            { secret: await readSigningKey(), baseUrl: actionsUrl, nowMs: Date.now() },
            settings.locale,
            severity,
          ),
      }
    : undefined;

/** EventBridge "AWS API Call via CloudTrail" events that a detection's rule let through → notifications. */
export async function handler(event: unknown, context: Context): Promise<ApiCallRunSummary> {
  logger.addContext(context);
  const { assessed: _assessed, ...summary } = await processApiCallEvent(event, settings, channelsFor(context), {
    country: countries.lookup,
    claims,
    bursts,
    firstSeen,
    readers,
    actions,
  });
  return summary;
}
