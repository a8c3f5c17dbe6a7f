import type { ResultByTime } from '@aws-sdk/client-cost-explorer';
import type { ForecastOutcome } from '../../src/lib/cost/cost-explorer.js';
import {
  type CostQueryPlan,
  type DailyCost,
  parseResultsByTime,
  planCostQueries,
} from '../../src/lib/cost/cost-explorer.js';
import { addDays, dateRange } from '../../src/lib/cost/dates.js';
import { buildCostReport, type CostReportSettings } from '../../src/lib/cost/report.js';

export const REPORT_SETTINGS: CostReportSettings = { topServices: 5, anomalyStdDevs: 3, anomalyMinAmount: 1 };

/**
 * Daily results as Cost Explorer returns them for a constructed series: one entry per day from
 * `start` to `end` (exclusive), groups only for services that spent (sparse), Total empty.
 */
export function resultsFor(
  start: string,
  end: string,
  spend: (date: string, index: number) => Record<string, number | undefined>,
  estimatedFrom?: string,
): ResultByTime[] {
  return dateRange(start, end).map((date, index) => ({
    TimePeriod: { Start: date, End: addDays(date, 1) },
    Total: {},
    Groups: Object.entries(spend(date, index))
      .filter((entry): entry is [string, number] => entry[1] !== undefined && entry[1] !== 0)
      .map(([service, amount]) => ({
        Keys: [service],
        Metrics: { UnblendedCost: { Amount: String(amount), Unit: 'USD' } },
      })),
    Estimated: estimatedFrom !== undefined && date >= estimatedFrom,
  }));
}

/** Plans a run on `today`, answers it from `spend`, and builds the report. */
export function reportFor(
  today: string,
  spend: (date: string, index: number) => Record<string, number | undefined>,
  forecast: ForecastOutcome = { status: 'ok', remainder: 0 },
  settings: CostReportSettings = REPORT_SETTINGS,
) {
  const plan: CostQueryPlan = planCostQueries(today);
  const days: DailyCost[] = parseResultsByTime(
    resultsFor(plan.usage.Start, plan.usage.End, spend, addDays(today, -2)),
    'UnblendedCost',
  );
  return { plan, report: buildCostReport(days, forecast, plan, settings) };
}
