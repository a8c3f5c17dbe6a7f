import {
  type CostExplorerClient,
  GetCostAndUsageCommand,
  type GetCostAndUsageCommandInput,
  type ResultByTime,
} from '@aws-sdk/client-cost-explorer';
import { logger } from '../logger.js';
import type { SavedQuery } from '../security-digest/catalog.js';
import type { SavedQueryEngine } from '../security-digest/digest.js';
import type { Row } from '../security-digest/outcome.js';
import type { DailyCost } from './cost-explorer.js';
import { addDays } from './dates.js';
import type { CostMetric } from './metrics.js';

/**
 * Why the bill moved, on a day the digest flags as unusual: the service that moved most, broken down by usage
 * type and region in one more Cost Explorer request (the report day and the seven before it), and, where the
 * trail's table answers, the calls that started what is billed (a saved query over those eight days'
 * partitions): "Amazon Elastic Compute Cloud +$37.10: g5.xlarge in us-west-2 (BoxUsage), started by alice from
 * 203.0.113.5 on 11-28".
 */

/** Days before the report day that make "usual", for the service and its usage types alike. */
export const USUAL_DAYS = 7;
/** Pages of the breakdown read at most: every page is a request at $0.01. */
const MAX_BREAKDOWN_PAGES = 3;
/** Usage types shown. */
const MOVERS_SHOWN = 3;
/** A move smaller than this is rounding, not a reason. */
const SMALLEST_MOVE = 0.01;

export interface MovingService {
  name: string;
  amount: number;
  usual: number;
  change: number;
}

/** The service whose report day exceeds its mean over the USUAL_DAYS before by the most (absent days are 0). */
export function movingService(days: readonly DailyCost[], reportDay: string): MovingService | undefined {
  const day = days.find((candidate) => candidate.date === reportDay);
  if (!day) return undefined;
  const before = days.filter(
    (candidate) => candidate.date < reportDay && candidate.date >= addDays(reportDay, -USUAL_DAYS),
  );
  let best: MovingService | undefined;
  for (const [name, amount] of day.byService) {
    if (name === 'Total') continue;
    const usual = before.reduce((sum, other) => sum + (other.byService.get(name) ?? 0), 0) / USUAL_DAYS;
    const change = amount - usual;
    if (change > SMALLEST_MOVE && (!best || change > best.change)) best = { name, amount, usual, change };
  }
  return best;
}

/** One more GetCostAndUsage: the moving service's report day and the seven before, by usage type and region. */
export function breakdownRequest(service: string, reportDay: string, metric: CostMetric): GetCostAndUsageCommandInput {
  return {
    TimePeriod: { Start: addDays(reportDay, -USUAL_DAYS), End: addDays(reportDay, 1) },
    Granularity: 'DAILY',
    Metrics: [metric],
    Filter: { Dimensions: { Key: 'SERVICE', Values: [service] } },
    GroupBy: [
      { Type: 'DIMENSION', Key: 'USAGE_TYPE' },
      { Type: 'DIMENSION', Key: 'REGION' },
    ],
  };
}

export interface UsageMover {
  usageType: string;
  region: string;
  amount: number;
  change: number;
  /** The usage type without its region prefix, before the colon: BoxUsage, SpotUsage, InstanceUsage, NatGateway-Hours. */
  kind: string;
  /** After the colon: the instance type (g5.xlarge, db.r6g.large), when there is one. */
  detail?: string;
}

/**
 * "USW2-BoxUsage:g5.xlarge" → {kind: "BoxUsage", detail: "g5.xlarge"}; "NatGateway-Hours" (us-east-1 has no
 * prefix) → {kind: "NatGateway-Hours"}. The prefix is a region code such as USW2, EUC1 or APN1.
 */
export function parseUsageType(usageType: string): { kind: string; detail?: string } {
  const bare = usageType.replace(/^[A-Z]{2,4}\d?-(?=\w)/, '');
  const colon = bare.indexOf(':');
  return colon < 0 ? { kind: bare } : { kind: bare.slice(0, colon), detail: bare.slice(colon + 1) || undefined };
}

/** The usage types (with their region) that moved most on the report day against their usual, largest first. */
export function usageMovers(results: readonly ResultByTime[], reportDay: string, metric: CostMetric): UsageMover[] {
  const perKey = new Map<string, { usageType: string; region: string; day: number; before: number }>();
  for (const result of results) {
    const date = result.TimePeriod?.Start;
    if (!date) continue;
    for (const group of result.Groups ?? []) {
      const [usageType = '?', region = ''] = group.Keys ?? [];
      const amount = Number(group.Metrics?.[metric]?.Amount ?? 0);
      if (!Number.isFinite(amount)) continue;
      const key = `${usageType}|${region}`;
      const entry = perKey.get(key) ?? { usageType, region, day: 0, before: 0 };
      if (date === reportDay) entry.day += amount;
      else if (date < reportDay) entry.before += amount;
      perKey.set(key, entry);
    }
  }
  return [...perKey.values()]
    .map(({ usageType, region, day, before }) => ({
      usageType,
      region,
      amount: day,
      change: day - before / USUAL_DAYS,
      ...parseUsageType(usageType),
    }))
    .filter((mover) => mover.change > SMALLEST_MOVE)
    .sort((a, b) => b.change - a.change)
    .slice(0, MOVERS_SHOWN);
}

/** A call that started capacity, from the saved query capacity-started. */
export interface Starter {
  region: string;
  eventName: string;
  resourceType: string;
  principal: string;
  sourceIp?: string;
  firstSeen: string;
  calls: number;
}

export function startersFromRows(rows: readonly Row[]): Starter[] {
  return rows.flatMap((row) =>
    row.region && row.event_name && row.principal && row.first_seen
      ? [
          {
            region: row.region,
            eventName: row.event_name,
            resourceType: row.resource_type ?? '',
            principal: row.principal,
            sourceIp: row.source_ip ?? undefined,
            firstSeen: row.first_seen,
            calls: Number(row.calls ?? 1) || 1,
          },
        ]
      : [],
  );
}

/** The calls that started what a usage type bills: the same type in the same region, or the NAT gateway there. */
export function startersOf(mover: UsageMover, starters: readonly Starter[]): Starter[] {
  const inRegion = starters.filter((starter) => starter.region === mover.region);
  if (/^NatGateway-Hours$/i.test(mover.kind))
    return inRegion.filter((starter) => starter.eventName === 'CreateNatGateway');
  if (!mover.detail) return [];
  return inRegion.filter((starter) => starter.resourceType === mover.detail);
}

export type StarterLookup = 'found' | 'none' | 'unavailable' | 'notAsked';

export interface BillMove {
  service: MovingService;
  movers: Array<UsageMover & { startedBy: Starter[] }>;
  /** Whether the trail was asked who started them, and what it said. */
  starters: StarterLookup;
  /** Cost Explorer requests made for this (each $0.01). */
  requests: number;
  /** The breakdown request failed: the service is named, its usage types are not. */
  unavailable?: true;
}

/** The trail's saved query engine and the query it runs; absent where there is no table (a local preview). */
export interface TrailLookup {
  engine: SavedQueryEngine;
  query: SavedQuery;
}

/**
 * Explains the report day's move, for a digest that flagged it: never throws, since the digest must go out
 * without it (a failed request is logged and the digest says nothing of the breakdown).
 */
export async function explainBillMove(
  ce: CostExplorerClient,
  days: readonly DailyCost[],
  reportDay: string,
  metric: CostMetric,
  trail?: TrailLookup,
): Promise<BillMove | undefined> {
  const service = movingService(days, reportDay);
  if (!service) return undefined;
  const results: ResultByTime[] = [];
  let requests = 0;
  try {
    let token: string | undefined;
    do {
      const page = await ce.send(
        new GetCostAndUsageCommand({
          ...breakdownRequest(service.name, reportDay, metric),
          ...(token ? { NextPageToken: token } : {}),
        }),
      );
      requests++;
      results.push(...(page.ResultsByTime ?? []));
      token = page.NextPageToken;
    } while (token && requests < MAX_BREAKDOWN_PAGES);
  } catch (error) {
    logger.warn('Cost breakdown unavailable: the digest goes without it', { error, service: service.name });
    return { service, movers: [], starters: 'notAsked', requests, unavailable: true };
  }
  const movers = usageMovers(results, reportDay, metric);
  let starters: Starter[] = [];
  let lookup: StarterLookup = 'notAsked';
  if (trail && movers.length > 0) {
    try {
      const window = {
        start: new Date(`${addDays(reportDay, -USUAL_DAYS)}T00:00:00Z`),
        end: new Date(`${addDays(reportDay, 1)}T00:00:00Z`),
      };
      const [outcome] = await trail.engine.run([trail.query], window);
      if (outcome?.status === 'succeeded') {
        starters = startersFromRows(outcome.rows);
        lookup = 'found';
      } else {
        lookup = 'unavailable';
        logger.warn('Trail query for the bill\u2019s move did not succeed', { status: outcome?.status });
      }
    } catch (error) {
      lookup = 'unavailable';
      logger.warn('Trail query for the bill\u2019s move failed', { error });
    }
  }
  const explained = movers.map((mover) => ({ ...mover, startedBy: startersOf(mover, starters).slice(0, 2) }));
  if (lookup === 'found' && explained.every((mover) => mover.startedBy.length === 0)) lookup = 'none';
  return { service, movers: explained, starters: lookup, requests };
}
