import type { Severity } from '../notify/severity.js';
import type { CostQueryPlan, DailyCost, ForecastOutcome } from './cost-explorer.js';
import { HISTORY_DAYS } from './cost-explorer.js';
import { addDays, dateRange, daysBetween } from './dates.js';

export interface CostReportSettings {
  monthlyBudget?: number;
  topServices: number;
  /** A day is a spike when it exceeds the trailing mean by more than this many standard deviations … */
  anomalyStdDevs: number;
  /** … and by more than this amount. */
  anomalyMinAmount: number;
}

/** Amounts below half a cent are zero: Cost Explorer reports tiny fractions that round to nothing on the bill. */
const CENT = 0.005;
const SPARK_BARS = '▁▂▃▄▅▆▇█';

export interface ServiceLine {
  name: string;
  amount: number;
  /** Fraction of the day's total, 0..1. */
  share: number;
  /** Against the same service the day before. */
  change: number;
}

export type Anomaly =
  | { kind: 'spike'; amount: number; mean: number; stdDev: number }
  | { kind: 'overBudget'; monthToDate: number; budget: number }
  | { kind: 'projectedOverrun'; projected: number; budget: number };

export type ForecastLine =
  | { status: 'forecast'; monthEnd: number }
  | { status: 'final'; monthEnd: number }
  | { status: 'estimate'; monthEnd: number }
  | { status: 'insufficientHistory' }
  | { status: 'unavailable' };

export interface CostReport {
  unit: string;
  reportDay: string;
  monthStart: string;
  monthEnd: string;
  /** The reported month is over (the digest of the 1st reports the month just ended). */
  monthComplete: boolean;
  yesterday: {
    amount: number;
    estimated: boolean;
    dayBefore: number;
    changeVsDayBefore: number;
    sevenDayAverage: number;
    changeVsSevenDayAverage: number;
  };
  monthToDate: number;
  /** What credits paid of it this month (positive), when any did. */
  creditsApplied?: number;
  monthToDateEstimated: boolean;
  forecast: ForecastLine;
  budget?: {
    amount: number;
    usedPercent: number;
    projectedPercent?: number;
    /** The day spending crossed the budget, or would at the last seven days' rate (only if within the month). */
    crossing?: { date: string; already: boolean };
  };
  topServices: ServiceLine[];
  others?: { amount: number; share: number; count: number };
  newServices: { name: string; amount: number }[];
  sparkline: { start: string; end: string; bars: string; amounts: number[] };
  anomalies: Anomaly[];
  zeroSpend: boolean;
  severity: Severity;
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : sum(values) / values.length;
}

function standardDeviation(values: number[]): number {
  const average = mean(values);
  return Math.sqrt(mean(values.map((value) => (value - average) ** 2)));
}

/** ▁▂▃▄▅▆▇█ scaled from zero to the largest day, so a zero day is always the lowest bar. */
export function sparkline(amounts: number[]): string {
  const max = Math.max(0, ...amounts);
  return amounts
    .map((amount) => {
      if (max <= 0 || amount <= 0) return SPARK_BARS[0];
      return SPARK_BARS[Math.min(SPARK_BARS.length - 1, Math.floor((amount / max) * (SPARK_BARS.length - 1) + 0.5))];
    })
    .join('');
}

function forecastLine(
  forecast: ForecastOutcome,
  monthToDate: number,
  currentRate: number,
  remainingDays: number,
): ForecastLine {
  switch (forecast.status) {
    case 'ok':
      return { status: 'forecast', monthEnd: monthToDate + forecast.remainder };
    case 'skipped':
      return forecast.why === 'monthComplete'
        ? { status: 'final', monthEnd: monthToDate }
        : // The days left this month (today included) at the last seven days' rate.
          { status: 'estimate', monthEnd: monthToDate + currentRate * remainingDays };
    case 'insufficientHistory':
      return { status: 'insufficientHistory' };
    default:
      return { status: 'unavailable' };
  }
}

/** Turns daily costs by service and the forecast into the digest's figures. Pure: same input, same report. */
export function buildCostReport(
  days: DailyCost[],
  forecast: ForecastOutcome,
  plan: CostQueryPlan,
  settings: CostReportSettings,
): CostReport {
  const byDate = new Map(days.map((day) => [day.date, day]));
  const serviceAmount = (date: string, service: string) => byDate.get(date)?.byService.get(service) ?? 0;
  const total = (date: string) => sum([...(byDate.get(date)?.byService.values() ?? [])]);
  const { reportDay, monthStart, monthEnd } = plan;
  const dayBeforeDate = addDays(reportDay, -1);

  const yesterdayAmount = total(reportDay);
  const dayBefore = total(dayBeforeDate);
  const previousSeven = dateRange(addDays(reportDay, -7), reportDay).map(total);
  const sevenDayAverage = mean(previousSeven);
  const history = dateRange(addDays(reportDay, -HISTORY_DAYS), reportDay).map(total);
  const monthDays = dateRange(monthStart, addDays(reportDay, 1));
  const monthToDate = sum(monthDays.map(total));
  const creditsApplied = -sum(monthDays.map((date) => byDate.get(date)?.credits ?? 0));
  const currentRate = mean(dateRange(addDays(reportDay, -6), addDays(reportDay, 1)).map(total));
  const monthComplete = plan.today >= monthEnd;
  const forecastResult = forecastLine(forecast, monthToDate, currentRate, daysBetween(plan.today, monthEnd));
  const monthEndAmount = 'monthEnd' in forecastResult ? forecastResult.monthEnd : undefined;

  // Services of the report day, largest first.
  const spent = [...(byDate.get(reportDay)?.byService ?? new Map<string, number>())]
    .filter(([, amount]) => amount > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const ranked = spent.filter(([, amount]) => amount >= CENT);
  const toLine = ([name, amount]: [string, number]): ServiceLine => ({
    name,
    amount,
    share: yesterdayAmount > 0 ? amount / yesterdayAmount : 0,
    change: amount - serviceAmount(dayBeforeDate, name),
  });
  const topServices = ranked.slice(0, settings.topServices).map(toLine);
  // Everything else, fractions of a cent included, so the shares add up to the whole day.
  const rest = spent.slice(topServices.length);
  const othersAmount = sum(rest.map(([, amount]) => amount));
  const others =
    rest.length > 0
      ? { amount: othersAmount, share: yesterdayAmount > 0 ? othersAmount / yesterdayAmount : 0, count: rest.length }
      : undefined;

  const historyDates = dateRange(addDays(reportDay, -HISTORY_DAYS), reportDay);
  const newServices = ranked
    .filter(([name]) => historyDates.every((date) => serviceAmount(date, name) < CENT))
    .map(([name, amount]) => ({ name, amount }));

  const sparkDates = dateRange(addDays(reportDay, -(HISTORY_DAYS - 1)), addDays(reportDay, 1));
  const sparkAmounts = sparkDates.map(total);

  const anomalies: Anomaly[] = [];
  const historyMean = mean(history);
  const historyStdDev = standardDeviation(history);
  if (
    yesterdayAmount - historyMean > settings.anomalyMinAmount &&
    yesterdayAmount > historyMean + settings.anomalyStdDevs * historyStdDev
  ) {
    anomalies.push({ kind: 'spike', amount: yesterdayAmount, mean: historyMean, stdDev: historyStdDev });
  }

  let budget: CostReport['budget'];
  const budgetAmount = settings.monthlyBudget;
  if (budgetAmount !== undefined && budgetAmount > 0) {
    budget = {
      amount: budgetAmount,
      usedPercent: (monthToDate / budgetAmount) * 100,
      ...(monthEndAmount !== undefined ? { projectedPercent: (monthEndAmount / budgetAmount) * 100 } : {}),
    };
    if (monthToDate >= budgetAmount) {
      let cumulative = 0;
      const crossed = monthDays.find((date) => {
        cumulative += total(date);
        return cumulative >= budgetAmount;
      });
      if (crossed) budget.crossing = { date: crossed, already: true };
      anomalies.push({ kind: 'overBudget', monthToDate, budget: budgetAmount });
    } else {
      if (!monthComplete && currentRate > 0) {
        const date = addDays(reportDay, Math.ceil((budgetAmount - monthToDate) / currentRate));
        if (date < monthEnd) budget.crossing = { date, already: false };
      }
      if (monthEndAmount !== undefined && monthEndAmount > budgetAmount) {
        anomalies.push({ kind: 'projectedOverrun', projected: monthEndAmount, budget: budgetAmount });
      }
    }
  }

  const severity: Severity = anomalies.some((anomaly) => anomaly.kind !== 'projectedOverrun')
    ? 'high'
    : anomalies.length > 0
      ? 'medium'
      : 'info';

  return {
    unit: days.find((day) => day.unit)?.unit ?? 'USD',
    reportDay,
    monthStart,
    monthEnd,
    monthComplete,
    yesterday: {
      amount: yesterdayAmount,
      estimated: byDate.get(reportDay)?.estimated ?? false,
      dayBefore,
      changeVsDayBefore: yesterdayAmount - dayBefore,
      sevenDayAverage,
      changeVsSevenDayAverage: yesterdayAmount - sevenDayAverage,
    },
    monthToDate,
    ...(creditsApplied >= CENT ? { creditsApplied } : {}),
    monthToDateEstimated: monthDays.some((date) => byDate.get(date)?.estimated),
    forecast: forecastResult,
    budget,
    topServices,
    others,
    newServices,
    sparkline: {
      start: sparkDates[0] ?? reportDay,
      end: reportDay,
      bars: sparkline(sparkAmounts),
      amounts: sparkAmounts,
    },
    anomalies,
    zeroSpend: monthToDate < CENT && yesterdayAmount < CENT && history.every((amount) => amount < CENT),
    severity,
  };
}
