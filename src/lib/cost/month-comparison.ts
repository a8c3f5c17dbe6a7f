import {
  type ComparisonMetricValue,
  type CostExplorerClient,
  type Expression,
  GetCostAndUsageComparisonsCommand,
  GetCostComparisonDriversCommand,
} from '@aws-sdk/client-cost-explorer';
import { logger } from '../logger.js';
import { addDays, monthStart, nextMonthStart } from './dates.js';
import type { CostMetric } from './metrics.js';

/**
 * Last month against the month before, in the first digest of a month: Cost Explorer's own comparison
 * (GetCostAndUsageComparisons, by service) and what drove it (GetCostComparisonDrivers), two requests a
 * month at $0.01 each. Both periods are whole months, as the API requires. An account without the data (too
 * new, or the feature not offered to it) answers an error; the digest then goes without this part.
 */

export interface MonthComparison {
  /** YYYY-MM of the month compared, and of the one it is compared against. */
  month: string;
  baselineMonth: string;
  unit: string;
  total?: { before: number; after: number; difference: number };
  /** The services that moved most, by the size of the move. */
  services: Array<{ name: string; before: number; after: number; difference: number }>;
  /** What drove the moves, as Cost Explorer names it (a usage change, a lost discount …), by size. */
  drivers: Array<{ service?: string; type: string; name: string; difference: number }>;
}

/** Services and drivers shown. */
const SHOWN = 3;

const amountsOf = (metric: ComparisonMetricValue | undefined) => {
  const before = Number(metric?.BaselineTimePeriodAmount);
  const after = Number(metric?.ComparisonTimePeriodAmount);
  const given = Number(metric?.Difference);
  if (!Number.isFinite(before) || !Number.isFinite(after)) return undefined;
  return { before, after, difference: Number.isFinite(given) ? given : after - before };
};

/** The one service an expression selects ({Dimensions: {Key: SERVICE, Values: [name]}}), if it is that simple. */
function serviceOf(selector: Expression | undefined): string | undefined {
  const dimensions = selector?.Dimensions;
  return dimensions?.Key === 'SERVICE' && dimensions.Values?.length === 1 ? dimensions.Values[0] : undefined;
}

const bySize = <T extends { difference: number }>(a: T, b: T) => Math.abs(b.difference) - Math.abs(a.difference);

/** For a report day that ends a month: that month against the one before. */
export function comparisonPeriods(reportDay: string) {
  const month = monthStart(reportDay);
  const baseline = monthStart(addDays(month, -1));
  return {
    BaselineTimePeriod: { Start: baseline, End: month },
    ComparisonTimePeriod: { Start: month, End: nextMonthStart(reportDay) },
  };
}

export async function compareLastMonth(
  ce: CostExplorerClient,
  reportDay: string,
  metric: CostMetric,
): Promise<{ comparison?: MonthComparison; requests: number }> {
  const periods = comparisonPeriods(reportDay);
  const request = {
    ...periods,
    MetricForComparison: metric,
    GroupBy: [{ Type: 'DIMENSION' as const, Key: 'SERVICE' }],
  };
  const [comparisons, drivers] = await Promise.allSettled([
    ce.send(new GetCostAndUsageComparisonsCommand({ ...request, MaxResults: 20 })),
    ce.send(new GetCostComparisonDriversCommand({ ...request, MaxResults: 10 })),
  ]);
  const requests = 2;
  if (comparisons.status === 'rejected') {
    logger.warn('Month comparison unavailable: the digest goes without it', { error: comparisons.reason });
    return { requests };
  }
  const answer = comparisons.value;
  const totalMetric = answer.TotalCostAndUsage?.[metric];
  const services = (answer.CostAndUsageComparisons ?? [])
    .flatMap((entry) => {
      const name = serviceOf(entry.CostAndUsageSelector);
      const amounts = amountsOf(entry.Metrics?.[metric]);
      return name && amounts && Math.abs(amounts.difference) >= 0.01 ? [{ name, ...amounts }] : [];
    })
    .sort(bySize)
    .slice(0, SHOWN);
  if (drivers.status === 'rejected') logger.warn('Cost drivers unavailable', { error: drivers.reason });
  const driverList =
    drivers.status === 'fulfilled'
      ? (drivers.value.CostComparisonDrivers ?? [])
          .flatMap((driver) => {
            const service = serviceOf(driver.CostSelector);
            return (driver.CostDrivers ?? []).flatMap((inner) => {
              const amounts = amountsOf(inner.Metrics?.[metric]);
              return inner.Type && amounts && Math.abs(amounts.difference) >= 0.01
                ? [{ service, type: inner.Type, name: inner.Name ?? '', difference: amounts.difference }]
                : [];
            });
          })
          .sort(bySize)
          .slice(0, SHOWN)
      : [];
  const total = amountsOf(totalMetric);
  return {
    requests,
    comparison: {
      month: periods.ComparisonTimePeriod.Start.slice(0, 7),
      baselineMonth: periods.BaselineTimePeriod.Start.slice(0, 7),
      unit: totalMetric?.Unit ?? 'USD',
      ...(total ? { total } : {}),
      services,
      drivers: driverList,
    },
  };
}
