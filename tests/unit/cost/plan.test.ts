import { describe, expect, it } from 'vitest';
import {
  costAndUsageRequest,
  costForecastRequest,
  parseResultsByTime,
  planCostQueries,
} from '../../../src/lib/cost/cost-explorer.js';
import { addDays } from '../../../src/lib/cost/dates.js';
import { buildCostReport } from '../../../src/lib/cost/report.js';
import { REPORT_SETTINGS } from '../../helpers/cost.js';

const settings = { metric: 'UnblendedCost' as const, excludedRecordTypes: ['Credit', 'Refund', 'Upfront', 'Support'] };

describe('planCostQueries', () => {
  it('on an ordinary day covers month to date or the last 15 days, whichever is longer, with End exclusive', () => {
    expect(planCostQueries('2026-11-28')).toEqual({
      today: '2026-11-28',
      reportDay: '2026-11-27',
      monthStart: '2026-11-01',
      monthEnd: '2026-12-01',
      usage: { Start: '2026-11-01', End: '2026-11-28' },
      forecast: { Start: '2026-11-28', End: '2026-12-01' },
    });
  });

  it('reaches back into the previous month early in a month, for the 14-day history', () => {
    const plan = planCostQueries('2026-11-05');
    expect(plan.usage).toEqual({ Start: '2026-10-21', End: '2026-11-05' });
    expect(plan.monthStart).toBe('2026-11-01');
  });

  it('on the 1st reports the month just ended and asks for no forecast', () => {
    const plan = planCostQueries('2026-12-01');
    expect(plan).toMatchObject({ reportDay: '2026-11-30', monthStart: '2026-11-01', monthEnd: '2026-12-01' });
    expect(plan.usage).toEqual({ Start: '2026-11-01', End: '2026-12-01' });
    expect(plan.forecast).toBeUndefined();
    expect(plan.forecastSkipped).toBe('monthComplete');
  });

  it('on the last day of the month asks for no forecast', () => {
    const plan = planCostQueries('2026-11-30');
    expect(plan.forecast).toBeUndefined();
    expect(plan.forecastSkipped).toBe('lastDay');
  });

  it('on the day before the last asks for a one-day forecast, whose Start is before its End', () => {
    expect(planCostQueries('2026-11-29').forecast).toEqual({ Start: '2026-11-29', End: '2026-12-01' });
  });

  it('handles February and the turn of the year', () => {
    expect(planCostQueries('2028-03-01')).toMatchObject({ reportDay: '2028-02-29', monthStart: '2028-02-01' });
    expect(planCostQueries('2027-01-01').usage).toEqual({ Start: '2026-12-01', End: '2027-01-01' });
  });
});

describe('Cost Explorer requests', () => {
  it('asks for daily cost by service, credits apart by record type, leaving out refunds, upfront fees and support', () => {
    expect(costAndUsageRequest(planCostQueries('2026-11-28'), settings)).toEqual({
      TimePeriod: { Start: '2026-11-01', End: '2026-11-28' },
      Granularity: 'DAILY',
      Metrics: ['UnblendedCost'],
      GroupBy: [
        { Type: 'DIMENSION', Key: 'SERVICE' },
        { Type: 'DIMENSION', Key: 'RECORD_TYPE' },
      ],
      Filter: { Not: { Dimensions: { Key: 'RECORD_TYPE', Values: ['Refund', 'Upfront', 'Support'] } } },
    });
    // Credits counted in (not excluded): no need to group them apart.
    expect(
      costAndUsageRequest(planCostQueries('2026-11-28'), { ...settings, excludedRecordTypes: ['Refund'] }).GroupBy,
    ).toEqual([{ Type: 'DIMENSION', Key: 'SERVICE' }]);
  });

  it('keeps credits out of the services and says what they paid this month', () => {
    const day = (date: string) => ({
      TimePeriod: { Start: date, End: addDays(date, 1) },
      Groups: [
        { Keys: ['Amazon EC2', 'Usage'], Metrics: { UnblendedCost: { Amount: '3.00', Unit: 'USD' } } },
        { Keys: ['Amazon EC2', 'Tax'], Metrics: { UnblendedCost: { Amount: '0.30', Unit: 'USD' } } },
        { Keys: ['Amazon EC2', 'Credit'], Metrics: { UnblendedCost: { Amount: '-3.30', Unit: 'USD' } } },
      ],
    });
    const days = parseResultsByTime(['2026-11-26', '2026-11-27'].map(day), 'UnblendedCost');
    expect(days[0]?.byService.get('Amazon EC2')).toBeCloseTo(3.3, 6);
    expect(days[0]?.credits).toBeCloseTo(-3.3, 6);
    const report = buildCostReport(
      days,
      { status: 'skipped', why: 'trendChosen' },
      planCostQueries('2026-11-28'),
      REPORT_SETTINGS,
    );
    expect(report.monthToDate).toBeCloseTo(6.6, 6);
    expect(report.creditsApplied).toBeCloseTo(6.6, 6);
  });

  it('names the forecast metric the way GetCostForecast wants it, and drops the filter when nothing is excluded', () => {
    expect(
      costForecastRequest(
        { Start: '2026-11-28', End: '2026-12-01' },
        { metric: 'AmortizedCost', excludedRecordTypes: [] },
      ),
    ).toEqual({
      TimePeriod: { Start: '2026-11-28', End: '2026-12-01' },
      Granularity: 'MONTHLY',
      Metric: 'AMORTIZED_COST',
    });
  });
});

describe('planCostQueries with the trend as forecast source', () => {
  it('makes one request a day and no forecast request', () => {
    const plan = planCostQueries('2026-11-11', 'trend');
    expect(plan.forecast).toBeUndefined();
    expect(plan.forecastSkipped).toBe('trendChosen');
  });
});
