import { createHash } from 'node:crypto';
import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { logger } from '../logger.js';
import type { Channel } from '../notify/channel.js';
import { deliverNotification } from '../notify/deliver.js';
import { type AccountPlanFacts, type PlanSummary, summarizeAccountPlan } from './account-plan.js';
import {
  costAndUsageRequest,
  fetchDailyCosts,
  fetchForecast,
  fetchOpenAnomalies,
  planCostQueries,
} from './cost-explorer.js';
import { type FreeTierApi, readFreeTierFacts } from './free-tier.js';
import { buildCostDigestNotification } from './message.js';
import { compareLastMonth } from './month-comparison.js';
import { buildPlanWarningNotification } from './plan-warning-message.js';
import { dueWarnings, type PlanMemory } from './plan-warnings.js';
import { buildCostReport } from './report.js';
import type { CostSettings } from './settings.js';
import { explainBillMove, type TrailLookup } from './why.js';

export interface CostDigestRun {
  reportDay: string;
  requests: number;
  severity: string;
  monthToDate: number;
  /** The plan warnings sent with this digest (plan-warnings.ts). */
  warnings?: string[];
}

/** What a digest reads besides Cost Explorer's costs; each optional (a local run, an older account). */
export interface CostDigestSources {
  /** The Free Tier API: a new account's plan, offers and credits to earn. */
  freeTier?: FreeTierApi;
  /** The history table's memory of the plan warnings. */
  memory?: PlanMemory;
  /** Whether the account has Cost Anomaly Detection monitors (the weekly report remembers it). */
  hasAnomalyMonitors?: () => Promise<boolean>;
  /** The trail's table, asked who started what moved the bill on an unusual day. */
  trail?: TrailLookup;
}

/**
 * One digest: plan the dates, ask Cost Explorer (≤ 2 requests in the usual case) and, beside it, the free Free
 * Tier API for a new account's plan, build, deliver. On a day flagged as a spike, one more request (and the
 * trail) says why; on the first of a month, two more compare the month with the one before.
 */
export async function runCostDigest(
  today: string,
  ce: CostExplorerClient,
  settings: CostSettings,
  channels: Channel[],
  sources: CostDigestSources = {},
): Promise<CostDigestRun> {
  const { freeTier, memory, hasAnomalyMonitors } = sources;
  const plan = planCostQueries(today, settings.forecastSource);
  const monitors = hasAnomalyMonitors ? hasAnomalyMonitors().catch(() => false) : Promise.resolve(false);
  const [usage, forecast, freeTierFacts, anomalies] = await Promise.all([
    fetchDailyCosts(ce, costAndUsageRequest(plan, settings), settings.metric),
    fetchForecast(ce, plan, settings),
    freeTier ? readFreeTierFacts(freeTier) : undefined,
    monitors.then((exist) => (exist ? fetchOpenAnomalies(ce, plan.reportDay) : undefined)),
  ]);
  const report = buildCostReport(usage.days, forecast.forecast, plan, settings);
  const spike = report.anomalies.some((anomaly) => anomaly.kind === 'spike');
  const [billMove, month] = await Promise.all([
    spike ? explainBillMove(ce, usage.days, plan.reportDay, settings.metric, sources.trail) : undefined,
    report.monthComplete ? compareLastMonth(ce, plan.reportDay, settings.metric) : undefined,
  ]);
  const requests =
    usage.requests +
    forecast.requests +
    (anomalies?.requests ?? 0) +
    (billMove?.requests ?? 0) +
    (month?.requests ?? 0);
  const summary = freeTierFacts ? summarizeAccountPlan(freeTierFacts, report) : undefined;
  const account = summary && memory ? await withActivitiesOnce(summary, memory, today) : summary;
  const extras = {
    ...(account ? { account } : {}),
    ...(anomalies ? { awsAnomalies: anomalies.anomalies } : {}),
    ...(billMove ? { billMove } : {}),
    ...(month?.comparison ? { monthComparison: month.comparison } : {}),
  };
  logger.info('Cost digest built', {
    reportDay: plan.reportDay,
    requests,
    severity: report.severity,
    anomalies: report.anomalies.map((anomaly) => anomaly.kind),
    accountPlan: account?.plan ? `${account.plan.type} ${account.plan.status}` : 'none',
    billMoved: billMove
      ? `${billMove.service.name}: ${billMove.movers.length} usage type(s), starters ${billMove.starters}`
      : undefined,
  });
  await deliverNotification(buildCostDigestNotification(report, settings, requests, extras), channels);
  const warned =
    account?.plan && memory ? await warnBeforeTheCliff(account.plan, memory, today, settings, channels) : [];
  return {
    reportDay: plan.reportDay,
    requests,
    severity: report.severity,
    monthToDate: report.monthToDate,
    ...(warned.length > 0 ? { warnings: warned } : {}),
  };
}

/**
 * The plan's warnings due today, each sent once (claimed in the history table first). Without the table the
 * warnings wait for a day it answers: the digest itself is never held up by them.
 */
async function warnBeforeTheCliff(
  plan: PlanSummary,
  memory: PlanMemory,
  today: string,
  settings: CostSettings,
  channels: Channel[],
): Promise<string[]> {
  const sent: string[] = [];
  const nowMs = Date.parse(`${today}T00:00:00Z`);
  let due: ReturnType<typeof dueWarnings> = [];
  try {
    const peak = plan.credits
      ? await memory.peakCredits(`${plan.type}#${plan.expires ?? 'open'}`, plan.credits.amount, nowMs)
      : 0;
    const claimed = [];
    for (const warning of dueWarnings(plan, peak, today))
      if (await memory.claim(warning.key, nowMs)) claimed.push(warning);
    due = claimed;
  } catch (error) {
    logger.error('History unavailable: plan warnings not checked', { historyUnavailable: true, error });
  }
  // A failed channel is dead-lettered like any notification's; the claim stands, so it is not sent twice.
  for (const warning of due) {
    await deliverNotification(buildPlanWarningNotification(warning, plan, settings), channels);
    sent.push(warning.kind);
  }
  return sent;
}

/**
 * The credit-earning steps are listed once for each list still to earn: the first digest that sees them, then the
 * first after one is done (claimed in the history table). A table that does not answer leaves the weekly rule.
 */
async function withActivitiesOnce(
  account: AccountPlanFacts,
  memory: PlanMemory,
  today: string,
): Promise<AccountPlanFacts> {
  if (account.activities.length === 0) return account;
  const steps = account.activities
    .map((activity) => activity.title)
    .sort()
    .join('|');
  const key = `ACTIVITIES#${account.plan?.type ?? 'plan'}#${createHash('sha256').update(steps).digest('hex').slice(0, 16)}`;
  try {
    return { ...account, showActivities: await memory.claim(key, Date.parse(`${today}T00:00:00Z`)) };
  } catch (error) {
    logger.warn('History unavailable: the credit-earning steps follow the weekly rule', { error });
    return account;
  }
}
