import { type DynamoDBClient, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import type { GetProductsCommandInput, PricingClient } from '@aws-sdk/client-pricing';
import type { BilledCapacity, CapacityKind } from '../api-calls/capacity.js';
import { logger } from '../logger.js';

/**
 * On-demand hourly prices from the AWS Price List API (`pricing:GetProducts`, free of charge), for the alerts
 * about calls that start something billed by the hour. One product query per instance type and region, within
 * a short timeout; the answer is kept in the history table for 30 days (prices change a few times a year) and
 * in the container, so a burst of launches asks once. Never throws: what cannot be had is `unknown`, and the
 * alert goes out saying so.
 */

/** Hours in an average month (8,760 / 12), as AWS's pricing pages count a month. */
export const HOURS_PER_MONTH = 730;

/** How long a price is kept in the history table. */
const PRICE_KEPT_DAYS = 30;

/**
 * Why a price is not known: the Price List did not answer in time, answered with an error (its name), had no
 * on-demand hourly price, cannot be asked precisely for this request (an RDS engine priced with a licence, a
 * Bedrock model's provisioned throughput, priced by model family and commitment rather than model ID), or
 * the call listed more types than one alert looks up.
 */
export type PriceGap = 'timeout' | 'error' | 'no-price' | 'not-priced' | 'per-model' | 'too-many';

export type HourlyPrice = { kind: 'price'; usd: number } | { kind: 'unknown'; reason: PriceGap; error?: string };

/** One instance type of one service in one region, as priced. */
export interface PriceKey {
  kind: CapacityKind;
  type: string;
  region: string;
  variant?: string;
}

export type PriceReader = (key: PriceKey) => Promise<HourlyPrice>;

/** A call's capacity, each line with the price of one unit per hour (the highest of its alternatives). */
export interface CapacityQuote {
  lines: Array<{ capacity: BilledCapacity; unitUsdPerHour?: number; reason?: PriceGap; error?: string }>;
  /** The sum of the lines that have a price, per hour; undefined when none has one. */
  usdPerHour?: number;
  /** Whether every line has a price. */
  complete: boolean;
}

const filter = (Field: string, Value: string) => ({ Type: 'TERM_MATCH' as const, Field, Value });

/**
 * The GetProducts request for one key: the on-demand Linux, shared-tenancy product of EC2 (what most launches
 * are; other systems cost more, so the figure is a floor for them); SageMaker's ML instance; RDS by engine and
 * deployment; OpenSearch's instance; the NAT gateway's hourly product. Undefined when the Price List cannot be
 * asked precisely enough (an RDS engine it prices with a licence).
 */
export function priceQuery(key: PriceKey): GetProductsCommandInput | undefined {
  const region = filter('regionCode', key.region);
  const base = { FormatVersion: 'aws_v1', MaxResults: 20 };
  switch (key.kind) {
    case 'ec2':
      return {
        ...base,
        ServiceCode: 'AmazonEC2',
        Filters: [
          filter('instanceType', key.type),
          region,
          filter('operatingSystem', 'Linux'),
          filter('tenancy', 'Shared'),
          filter('preInstalledSw', 'NA'),
          filter('capacitystatus', 'Used'),
        ],
      };
    case 'nat-gateway':
      return { ...base, ServiceCode: 'AmazonEC2', Filters: [filter('productFamily', 'NAT Gateway'), region] };
    case 'sagemaker':
      return {
        ...base,
        ServiceCode: 'AmazonSageMaker',
        Filters: [filter('productFamily', 'ML Instance'), filter('instanceName', key.type), region],
      };
    case 'rds': {
      const [engine, deployment] = (key.variant ?? '').split('|');
      if (!engine || !deployment) return undefined;
      return {
        ...base,
        ServiceCode: 'AmazonRDS',
        Filters: [
          filter('instanceType', key.type),
          region,
          filter('databaseEngine', engine),
          filter('deploymentOption', deployment),
        ],
      };
    }
    case 'opensearch':
      return { ...base, ServiceCode: 'AmazonES', Filters: [filter('instanceType', key.type), region] };
    case 'bedrock-throughput':
      return undefined;
  }
}

/** One PriceList entry: a JSON string in the SDK's answer (or already parsed). */
function parseEntry(entry: unknown): Record<string, unknown> | undefined {
  try {
    const value = typeof entry === 'string' || entry instanceof String ? JSON.parse(String(entry)) : entry;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const objectValues = (value: unknown): unknown[] =>
  typeof value === 'object' && value !== null ? Object.values(value as Record<string, unknown>) : [];

/**
 * The on-demand price per hour in USD from GetProducts' PriceList: each entry's OnDemand terms, the dimension
 * billed in hours. Where several products match (SageMaker's components, a Windows variant the filters let
 * through), the one whose component is `prefer` wins, else the highest: the figure is what it may cost.
 */
export function hourlyUsdFromPriceList(priceList: readonly unknown[], prefer?: string): number | undefined {
  const candidates: Array<{ usd: number; preferred: boolean }> = [];
  for (const raw of priceList) {
    const entry = parseEntry(raw);
    if (!entry) continue;
    const attributes = (entry.product as { attributes?: Record<string, unknown> } | undefined)?.attributes ?? {};
    const component = typeof attributes.component === 'string' ? attributes.component : '';
    const preferred = !!prefer && component.toLowerCase() === prefer.toLowerCase();
    const onDemand = (entry.terms as { OnDemand?: unknown } | undefined)?.OnDemand;
    for (const term of objectValues(onDemand)) {
      for (const dimension of objectValues((term as { priceDimensions?: unknown }).priceDimensions)) {
        const { unit, pricePerUnit } = dimension as { unit?: unknown; pricePerUnit?: { USD?: unknown } };
        const usd = Number(pricePerUnit?.USD);
        if (typeof unit === 'string' && /^hrs?$/i.test(unit) && Number.isFinite(usd) && usd > 0) {
          candidates.push({ usd, preferred });
        }
      }
    }
  }
  const pool = candidates.some((candidate) => candidate.preferred)
    ? candidates.filter((candidate) => candidate.preferred)
    : candidates;
  return pool.length > 0 ? Math.max(...pool.map((candidate) => candidate.usd)) : undefined;
}

/** Where prices are kept between containers: the history table (`PRICE#…`), or nothing. */
export interface PriceCache {
  get(key: PriceKey): Promise<number | undefined>;
  put(key: PriceKey, usd: number, nowMs: number): Promise<void>;
}

const cacheKey = (key: PriceKey) => `${key.kind}#${key.region}#${key.variant ?? '-'}#${key.type}`.slice(0, 400);

/**
 * Prices in the history table: pk `PRICE#<kind>#<region>#<variant>#<type>`, sk `PRICE`, expiring after 30 days
 * (the table's TTL). Read with Query, which the alert function's role already has on the table.
 */
export function tablePriceCache(client: DynamoDBClient, tableName: string): PriceCache {
  const pk = (key: PriceKey) => `PRICE#${cacheKey(key)}`;
  return {
    async get(key) {
      const { Items = [] } = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND sk = :sk',
          ExpressionAttributeValues: { ':pk': { S: pk(key) }, ':sk': { S: 'PRICE' } },
        }),
      );
      const item = Items[0];
      const expiresAt = Number(item?.expiresAt?.N);
      // TTL deletes within days of the expiry, not at it: an expired item still read is not used.
      if (!item || !(expiresAt * 1000 > Date.now())) return undefined;
      const usd = Number(item.usdPerHour?.N);
      return Number.isFinite(usd) && usd > 0 ? usd : undefined;
    },
    async put(key, usd, nowMs) {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            pk: { S: pk(key) },
            sk: { S: 'PRICE' },
            usdPerHour: { N: String(usd) },
            fetchedAt: { S: new Date(nowMs).toISOString() },
            expiresAt: { N: String(Math.floor(nowMs / 1000) + PRICE_KEPT_DAYS * 86_400) },
          },
        }),
      );
    },
  };
}

type PricingSource = () => PricingClient | Promise<PricingClient>;

/**
 * Reads prices: the container's memory, then the cache, then the Price List within `timeoutMs` (the client and
 * its module made on the first alert that needs a price). A cache that fails is logged and passed by.
 */
export function priceListReader(
  pricing: PricingSource,
  options: { cache?: PriceCache; timeoutMs?: number; now?: () => number } = {},
): PriceReader {
  const { cache, timeoutMs = 1_500, now = Date.now } = options;
  const known = new Map<string, number>();
  return async (key) => {
    const id = cacheKey(key);
    const remembered = known.get(id);
    if (remembered !== undefined) return { kind: 'price', usd: remembered };
    const query = priceQuery(key);
    if (!query) return { kind: 'unknown', reason: key.kind === 'bedrock-throughput' ? 'per-model' : 'not-priced' };
    const cached = await cache?.get(key).catch((error: unknown) => {
      logger.warn('Price cache unavailable: read', { error });
      return undefined;
    });
    if (cached !== undefined) {
      known.set(id, cached);
      return { kind: 'price', usd: cached };
    }
    try {
      const { GetProductsCommand } = await import('@aws-sdk/client-pricing');
      const client = await pricing();
      const { PriceList = [] } = await client.send(new GetProductsCommand(query), {
        abortSignal: AbortSignal.timeout(timeoutMs),
      });
      const usd = hourlyUsdFromPriceList(Array.isArray(PriceList) ? PriceList : [], key.variant);
      if (usd === undefined) return { kind: 'unknown', reason: 'no-price' };
      if (known.size < 1_000) known.set(id, usd);
      await cache?.put(key, usd, now()).catch((error: unknown) => {
        logger.warn('Price cache unavailable: write', { error });
      });
      return { kind: 'price', usd };
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      logger.warn('Price List unavailable', { error, key });
      return name === 'TimeoutError' || name === 'AbortError'
        ? { kind: 'unknown', reason: 'timeout' }
        : { kind: 'unknown', reason: 'error', error: name };
    }
  };
}

/** The most lookups one alert makes: a fleet may list dozens of types. */
const MOST_LOOKUPS = 4;

/** Prices a call's capacity: each line's unit price (the highest of its types), and the total per hour. */
export async function quoteCapacity(list: readonly BilledCapacity[], prices: PriceReader): Promise<CapacityQuote> {
  let lookups = 0;
  const lines = await Promise.all(
    list.map(async (capacity) => {
      const types = capacity.types.slice(0, Math.max(0, MOST_LOOKUPS - lookups));
      lookups += types.length;
      if (types.length === 0) return { capacity, reason: 'too-many' as const };
      const answers = await Promise.all(
        types.map((type) => prices({ kind: capacity.kind, type, region: capacity.region, variant: capacity.variant })),
      );
      const known = answers.flatMap((answer) => (answer.kind === 'price' ? [answer.usd] : []));
      const unknown = answers.find((answer) => answer.kind === 'unknown');
      // Of alternatives, the highest known; a missing one makes the line unknown, as it may be the dearest.
      if (unknown?.kind === 'unknown') return { capacity, reason: unknown.reason, error: unknown.error };
      if (known.length === 0) return { capacity, reason: 'no-price' as const };
      return { capacity, unitUsdPerHour: Math.max(...known) };
    }),
  );
  const priced = lines.filter((line) => line.unitUsdPerHour !== undefined);
  return {
    lines,
    usdPerHour:
      priced.length > 0
        ? priced.reduce((sum, line) => sum + (line.unitUsdPerHour ?? 0) * line.capacity.count, 0)
        : undefined,
    complete: priced.length === lines.length,
  };
}
