import {
  type CostExplorerClient,
  type Expression,
  GetAnomaliesCommand,
  GetCostAndUsageCommand,
  type GetCostAndUsageCommandInput,
  GetCostForecastCommand,
  type GetCostForecastCommandInput,
  type ResultByTime,
} from '@aws-sdk/client-cost-explorer';
import { logger } from '../logger.js';
import { addDays, monthStart, nextMonthStart } from './dates.js';
import type { CostMetric } from './metrics.js';

/** GetCostForecast names the same metrics differently. */
const FORECAST_METRIC: Record<CostMetric, GetCostForecastCommandInput['Metric']> = {
  UnblendedCost: 'UNBLENDED_COST',
  AmortizedCost: 'AMORTIZED_COST',
  NetUnblendedCost: 'NET_UNBLENDED_COST',
};

export interface CostQuerySettings {
  metric: CostMetric;
  /** RECORD_TYPE values left out, e.g. Credit, Refund, Upfront, Support. */
  excludedRecordTypes: string[];
}

/** The dates of one run. All periods are Cost Explorer's: UTC days, End exclusive. */
export interface CostQueryPlan {
  /** The local date the digest is sent. */
  today: string;
  /** The day reported as "yesterday". Its month is the month reported (so on the 1st, the month just ended). */
  reportDay: string;
  monthStart: string;
  /** First day of the next month: the reported month's exclusive end. */
  monthEnd: string;
  usage: { Start: string; End: string };
  forecast?: { Start: string; End: string };
  /** Why no forecast request is made: the month is over, only today is left of it, or the user chose the trend. */
  forecastSkipped?: ForecastSkipReason;
}

/** Days of history before the report day: for the trailing mean, "new service" detection and the sparkline. */
export const HISTORY_DAYS = 14;

export type ForecastSkipReason = 'monthComplete' | 'lastDay' | 'trendChosen';

/**
 * Works out the one usage request and the optional forecast request for a run on `today`.
 * With `forecastSource: 'trend'` the month end is estimated from the last seven days instead,
 * which saves the second request ($0.01 a day).
 */
export function planCostQueries(
  today: string,
  forecastSource: 'costExplorer' | 'trend' = 'costExplorer',
): CostQueryPlan {
  const reportDay = addDays(today, -1);
  const start = monthStart(reportDay);
  const end = nextMonthStart(reportDay);
  const historyStart = addDays(reportDay, -HISTORY_DAYS);
  const plan: CostQueryPlan = {
    today,
    reportDay,
    monthStart: start,
    monthEnd: end,
    // Dates as YYYY-MM-DD compare correctly as strings.
    usage: { Start: [historyStart, start].sort()[0] ?? start, End: today },
  };
  if (today >= end) plan.forecastSkipped = 'monthComplete';
  else if (addDays(today, 1) >= end) plan.forecastSkipped = 'lastDay';
  else if (forecastSource === 'trend') plan.forecastSkipped = 'trendChosen';
  else plan.forecast = { Start: today, End: end };
  return plan;
}

function recordTypeFilter(settings: CostQuerySettings): Expression | undefined {
  if (settings.excludedRecordTypes.length === 0) return undefined;
  return { Not: { Dimensions: { Key: 'RECORD_TYPE', Values: settings.excludedRecordTypes } } };
}

/**
 * The GetCostAndUsage request: daily, by service, over the plan's usage period. Credits are left out of the
 * figures but not out of the request: grouped by record type too, they come back apart (parseResultsByTime), so
 * the digest can say what credits paid without a second request, and "$0.00 billed" never reads as nothing used.
 */
export function costAndUsageRequest(plan: CostQueryPlan, settings: CostQuerySettings): GetCostAndUsageCommandInput {
  const creditsApart = settings.excludedRecordTypes.includes('Credit');
  const filter = recordTypeFilter({
    ...settings,
    excludedRecordTypes: settings.excludedRecordTypes.filter((type) => !creditsApart || type !== 'Credit'),
  });
  return {
    TimePeriod: plan.usage,
    Granularity: 'DAILY',
    Metrics: [settings.metric],
    GroupBy: [
      { Type: 'DIMENSION', Key: 'SERVICE' },
      ...(creditsApart ? [{ Type: 'DIMENSION' as const, Key: 'RECORD_TYPE' }] : []),
    ],
    ...(filter ? { Filter: filter } : {}),
  };
}

export function costForecastRequest(
  period: { Start: string; End: string },
  settings: CostQuerySettings,
): GetCostForecastCommandInput {
  const filter = recordTypeFilter(settings);
  return {
    TimePeriod: period,
    Granularity: 'MONTHLY',
    Metric: FORECAST_METRIC[settings.metric],
    ...(filter ? { Filter: filter } : {}),
  };
}

/** One day's cost per service. Services without spend that day are absent (Cost Explorer's groups are sparse). */
export interface DailyCost {
  date: string;
  estimated: boolean;
  byService: Map<string, number>;
  /** Credits applied that day (a negative amount, as Cost Explorer records them), kept out of byService. */
  credits?: number;
  unit?: string;
}

/** Reads ResultsByTime into DailyCost, summing pages that split one day. */
export function parseResultsByTime(results: ResultByTime[], metric: CostMetric): DailyCost[] {
  const days = new Map<string, DailyCost>();
  for (const result of results) {
    const date = result.TimePeriod?.Start;
    if (!date) continue;
    const day = days.get(date) ?? { date, estimated: false, byService: new Map<string, number>() };
    day.estimated ||= result.Estimated === true;
    for (const group of result.Groups ?? []) {
      const service = group.Keys?.[0] ?? 'Unknown service';
      const value = group.Metrics?.[metric];
      const amount = Number(value?.Amount ?? 0);
      if (!Number.isFinite(amount)) continue;
      day.unit ??= value?.Unit;
      // Grouped by record type too (costAndUsageRequest): credits apart, every other type in its service.
      if (group.Keys?.[1] === 'Credit') day.credits = (day.credits ?? 0) + amount;
      else day.byService.set(service, (day.byService.get(service) ?? 0) + amount);
    }
    // Without GroupBy (or for an empty day) the amount is in Total instead.
    const total = result.Total?.[metric];
    if ((result.Groups ?? []).length === 0 && total?.Amount !== undefined) {
      const amount = Number(total.Amount);
      if (Number.isFinite(amount) && amount !== 0) day.byService.set('Total', amount);
      day.unit ??= total.Unit;
    }
    days.set(date, day);
  }
  return [...days.values()].sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * The most GetCostAndUsage pages one digest reads. A month and a half of daily costs by service is one
 * page for a small account and a few for a large one; every page costs $0.01, so a runaway is cut here.
 */
export const MAX_COST_PAGES = 10;

/** GetCostAndUsage with every page, following NextPageToken with otherwise identical parameters, at most MAX_COST_PAGES. */
export async function fetchDailyCosts(
  ce: CostExplorerClient,
  request: GetCostAndUsageCommandInput,
  metric: CostMetric,
): Promise<{ days: DailyCost[]; requests: number }> {
  const results: ResultByTime[] = [];
  const seenTokens = new Set<string>();
  let requests = 0;
  let token: string | undefined;
  do {
    if (requests >= MAX_COST_PAGES) {
      throw new Error(`Cost Explorer still had more pages after ${MAX_COST_PAGES}; stopped to bound the cost`);
    }
    const page = await ce.send(new GetCostAndUsageCommand({ ...request, ...(token ? { NextPageToken: token } : {}) }));
    requests++;
    results.push(...(page.ResultsByTime ?? []));
    token = page.NextPageToken;
    if (token && seenTokens.has(token)) {
      throw new Error(`Cost Explorer repeated a NextPageToken after ${requests} page(s); stopped rather than loop`);
    }
    if (token) seenTokens.add(token);
  } while (token);
  return { days: parseResultsByTime(results, metric), requests };
}

export type ForecastOutcome =
  | { status: 'ok'; remainder: number; unit?: string }
  | { status: 'insufficientHistory' }
  | { status: 'unavailable'; reason: string }
  | { status: 'skipped'; why: ForecastSkipReason };

/** The forecast for the rest of the month; a new account's "not enough history" is an answer, not an error. */
export async function fetchForecast(
  ce: CostExplorerClient,
  plan: CostQueryPlan,
  settings: CostQuerySettings,
): Promise<{ forecast: ForecastOutcome; requests: number }> {
  if (!plan.forecast)
    return { forecast: { status: 'skipped', why: plan.forecastSkipped ?? 'monthComplete' }, requests: 0 };
  try {
    const output = await ce.send(new GetCostForecastCommand(costForecastRequest(plan.forecast, settings)));
    const remainder = Number(output.Total?.Amount);
    if (!Number.isFinite(remainder))
      return { forecast: { status: 'unavailable', reason: 'no amount in the answer' }, requests: 1 };
    return { forecast: { status: 'ok', remainder, unit: output.Total?.Unit }, requests: 1 };
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    if (name === 'DataUnavailableException') {
      logger.info('Cost forecast not available yet', { message });
      return { forecast: { status: 'insufficientHistory' }, requests: 1 };
    }
    logger.error('Cost forecast failed; the digest goes out without it', { name, message });
    return { forecast: { status: 'unavailable', reason: `${name}: ${message}` }, requests: 1 };
  }
}

/** One of AWS Cost Anomaly Detection's findings, as the digest shows it. */
export interface AwsAnomaly {
  id: string;
  start?: string;
  /** Absent while the anomaly goes on. */
  end?: string;
  service?: string;
  rootCause?: { service?: string; region?: string; usageType?: string };
  impact: number;
  score?: number;
}

/**
 * AWS's own open anomalies (Cost Anomaly Detection), so the digest and AWS never disagree silently: one
 * GetAnomalies request over the report's last 30 days, made only when the account has monitors (the weekly
 * report knows). Open: still going on, or ended on the report day. A failure leaves them out and is logged.
 */
export async function fetchOpenAnomalies(
  ce: CostExplorerClient,
  reportDay: string,
): Promise<{ anomalies: AwsAnomaly[]; requests: number }> {
  try {
    const { Anomalies = [] } = await ce.send(
      new GetAnomaliesCommand({
        DateInterval: { StartDate: addDays(reportDay, -30), EndDate: reportDay },
        MaxResults: 50,
      }),
    );
    const anomalies = Anomalies.filter(
      (anomaly) => !anomaly.AnomalyEndDate || anomaly.AnomalyEndDate.slice(0, 10) >= reportDay,
    )
      .map((anomaly): AwsAnomaly => {
        const [cause] = anomaly.RootCauses ?? [];
        return {
          id: anomaly.AnomalyId ?? '',
          ...(anomaly.AnomalyStartDate ? { start: anomaly.AnomalyStartDate.slice(0, 10) } : {}),
          ...(anomaly.AnomalyEndDate ? { end: anomaly.AnomalyEndDate.slice(0, 10) } : {}),
          ...(anomaly.DimensionValue ? { service: anomaly.DimensionValue } : {}),
          ...(cause ? { rootCause: { service: cause.Service, region: cause.Region, usageType: cause.UsageType } } : {}),
          impact: anomaly.Impact?.TotalImpact ?? anomaly.Impact?.MaxImpact ?? 0,
          ...(anomaly.AnomalyScore?.CurrentScore !== undefined ? { score: anomaly.AnomalyScore.CurrentScore } : {}),
        };
      })
      .sort((a, b) => b.impact - a.impact);
    return { anomalies, requests: 1 };
  } catch (error) {
    logger.warn('Cost Anomaly Detection unavailable: its findings are left out', {
      error: error instanceof Error ? error.message : String(error),
    });
    return { anomalies: [], requests: 1 };
  }
}
