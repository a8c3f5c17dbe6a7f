import { describe, expect, it } from 'vitest';
import { loadCostFixture, loadRecordedDailyResults } from '../../../dev/fixtures.js';
import { parseResultsByTime, planCostQueries } from '../../../src/lib/cost/cost-explorer.js';
import { buildCostReport, sparkline } from '../../../src/lib/cost/report.js';
import { REPORT_SETTINGS, reportFor } from '../../helpers/cost.js';

describe('parseResultsByTime on recorded responses', () => {
  it('reads the sparse daily-by-service response, with its Estimated flags and empty Total', () => {
    const days = parseResultsByTime(loadRecordedDailyResults(), 'UnblendedCost');
    expect(days.map((day) => day.date)).toEqual([
      '2021-08-16',
      '2021-08-17',
      '2021-08-18',
      '2021-08-19',
      '2021-08-20',
      '2021-08-21',
      '2021-08-22',
      '2021-08-23',
      '2021-08-24',
      '2021-08-25',
      '2021-08-26',
      '2021-08-27',
      '2021-08-28',
    ]);
    expect(days.every((day) => day.estimated)).toBe(true);
    expect(days[0]?.byService.size).toBe(11);
    expect(days[1]?.byService.size).toBe(10);
    const total = (index: number) => [...(days[index]?.byService.values() ?? [])].reduce((a, b) => a + b, 0);
    expect(total(0)).toBeCloseTo(4.3213, 4);
    expect(total(12)).toBeCloseTo(21.4513, 4);
    expect(days[0]?.unit).toBe('USD');
  });

  it('reads a response without GroupBy from Total', () => {
    const response = loadCostFixture<{ ResultsByTime: never[] }>(
      'getCostAndUsage_nogroupby_monthly_botocli_CONVERTED.json',
    );
    const days = parseResultsByTime(response.ResultsByTime, 'UnblendedCost');
    expect(days.map((day) => [day.date, day.byService.get('Total'), day.estimated])).toEqual([
      ['2018-10-14', 8.7531046793, false],
      ['2018-11-01', 10.7107138938, true],
    ]);
  });

  it('adds up groups that share a service (the API reference example, grouped by service and tag)', () => {
    const response = loadCostFixture<{ ResultsByTime: never[] }>(
      'getCostAndUsage_monthly_groupby_service_and_tag_awsdocs_api_reference_example.json',
    );
    const [month] = parseResultsByTime(response.ResultsByTime, 'UnblendedCost');
    expect(month?.date).toBe('2017-09-01');
    expect(month?.byService.get('Amazon Simple Storage Service')).toBeCloseTo(39.1603300457 + 0.1337464807, 8);
    expect(month?.unit).toBe('USD');
  });

  it('sums a day that paging split across two pages', () => {
    const page = (service: string, amount: string) => ({
      TimePeriod: { Start: '2026-11-27', End: '2026-11-28' },
      Groups: [{ Keys: [service], Metrics: { UnblendedCost: { Amount: amount, Unit: 'USD' } } }],
    });
    const [day] = parseResultsByTime([page('Amazon S3', '1.5'), page('AWS Lambda', '0.25')], 'UnblendedCost');
    expect([...(day?.byService ?? [])]).toEqual([
      ['Amazon S3', 1.5],
      ['AWS Lambda', 0.25],
    ]);
  });
});

describe('buildCostReport on the recorded August 2021 account', () => {
  const plan = planCostQueries('2021-08-29');
  const days = parseResultsByTime(loadRecordedDailyResults(), 'UnblendedCost');
  const report = buildCostReport(days, { status: 'ok', remainder: 74.1573326798 }, plan, {
    ...REPORT_SETTINGS,
    monthlyBudget: 20,
  });

  it('reports yesterday, its changes and month to date', () => {
    expect(report.yesterday.amount).toBeCloseTo(21.4513, 4);
    expect(report.yesterday.dayBefore).toBeCloseTo(99.7639, 4);
    expect(report.yesterday.estimated).toBe(true);
    expect(report.monthToDate).toBeCloseTo(1575.18, 2);
    expect(report.forecast).toEqual({ status: 'forecast', monthEnd: expect.closeTo(1649.33, 2) });
  });

  it('ranks the top five services of yesterday with shares and the rest as Others', () => {
    expect(report.topServices.map((line) => line.name)).toEqual([
      'Amazon Elastic Compute Cloud - Compute',
      'EC2 - Other',
      'Amazon Relational Database Service',
      'AWS WAF',
      'Amazon Simple Storage Service',
    ]);
    expect(report.topServices[0]?.share).toBeCloseTo(15.52 / 21.4513, 2);
    expect(report.others?.count).toBe(4); // one of a cent, three of fractions of a cent
    const shares = report.topServices.reduce((sum, line) => sum + line.share, report.others?.share ?? 0);
    expect(shares).toBeCloseTo(1, 6);
  });

  it('finds the day the 20 USD budget was crossed and flags the overrun', () => {
    expect(report.budget?.crossing).toEqual({ date: '2021-08-18', already: true });
    expect(report.anomalies.map((anomaly) => anomaly.kind)).toEqual(['overBudget']);
    expect(report.severity).toBe('high');
  });
});

describe('buildCostReport on constructed series', () => {
  const steady = () => ({ 'Amazon S3': 1, 'AWS Lambda': 0.5 });

  it('treats a service missing from a day as zero spend that day', () => {
    const { report } = reportFor('2026-11-20', (date) =>
      date === '2026-11-18' ? { 'Amazon S3': 2 } : { 'Amazon S3': 2, 'AWS Lambda': 1 },
    );
    expect(report.yesterday.amount).toBe(3);
    expect(report.yesterday.dayBefore).toBe(2);
    expect(report.topServices.find((line) => line.name === 'AWS Lambda')?.change).toBe(1);
    expect(report.newServices).toEqual([]);
  });

  it('compares yesterday with the day before and the average of the seven days before it', () => {
    const { report } = reportFor('2026-11-20', (date) =>
      date === '2026-11-19' ? { 'Amazon S3': 3 } : { 'Amazon S3': 1 },
    );
    expect(report.yesterday).toMatchObject({
      amount: 3,
      dayBefore: 1,
      changeVsDayBefore: 2,
      sevenDayAverage: 1,
      changeVsSevenDayAverage: 2,
    });
  });

  it('raises a spike above k standard deviations and the minimum amount, and says so in the severity', () => {
    const { report } = reportFor('2026-11-20', (date, index) =>
      date === '2026-11-19' ? { 'Amazon EC2': 40 } : { 'Amazon EC2': 2 + (index % 2) * 0.2 },
    );
    expect(report.anomalies).toEqual([
      { kind: 'spike', amount: 40, mean: expect.closeTo(2.1, 1), stdDev: expect.closeTo(0.1, 1) },
    ]);
    expect(report.severity).toBe('high');
  });

  it('ignores a jump that is large in deviations but below the minimum amount', () => {
    const { report } = reportFor('2026-11-20', (date) =>
      date === '2026-11-19' ? { 'Amazon S3': 0.9 } : { 'Amazon S3': 0.01 },
    );
    expect(report.anomalies).toEqual([]);
    expect(report.severity).toBe('info');
  });

  it('lists a service that spent yesterday after 14 days without spend as new', () => {
    const { report } = reportFor('2026-11-20', (date) =>
      date === '2026-11-19' ? { ...steady(), 'Amazon SageMaker': 4.2 } : steady(),
    );
    expect(report.newServices).toEqual([{ name: 'Amazon SageMaker', amount: 4.2 }]);
  });

  it('does not call a service new when it spent in the 14 days before, even last month', () => {
    const { report } = reportFor('2026-11-03', (date) =>
      date === '2026-11-02' || date === '2026-10-25' ? { 'Amazon SageMaker': 1 } : {},
    );
    expect(report.newServices).toEqual([]);
  });

  it('keeps a month boundary inside the 14 days out of month to date', () => {
    const { report } = reportFor('2026-11-04', () => ({ 'Amazon S3': 1 }));
    expect(report.monthToDate).toBe(3);
    expect(report.sparkline.amounts).toHaveLength(14);
    expect(report.sparkline.start).toBe('2026-10-21');
  });

  it('on the 1st reports the finished month with a final total', () => {
    const { report } = reportFor('2026-12-01', () => ({ 'Amazon S3': 1 }), { status: 'skipped', why: 'monthComplete' });
    expect(report.monthComplete).toBe(true);
    expect(report.monthToDate).toBe(30);
    expect(report.forecast).toEqual({ status: 'final', monthEnd: 30 });
  });

  it('on the last day estimates the month end from the last seven days', () => {
    const { report } = reportFor('2026-11-30', () => ({ 'Amazon S3': 2 }), { status: 'skipped', why: 'lastDay' });
    expect(report.forecast).toEqual({ status: 'estimate', monthEnd: 60 });
  });

  it("with the trend chosen, estimates the days left at the last seven days' rate", () => {
    const { report } = reportFor('2026-11-11', () => ({ 'Amazon S3': 1 }), { status: 'skipped', why: 'trendChosen' });
    // 10 days so far, 20 days left (11th to 30th) at 1 a day.
    expect(report.forecast).toEqual({ status: 'estimate', monthEnd: 30 });
  });

  it('adds the forecast remainder to month to date', () => {
    const { report } = reportFor('2026-11-11', () => ({ 'Amazon S3': 1 }), { status: 'ok', remainder: 20 });
    expect(report.forecast).toEqual({ status: 'forecast', monthEnd: 30 });
  });

  it('keeps going without a forecast when the account has too little history', () => {
    const { report } = reportFor('2026-11-11', () => ({ 'Amazon S3': 1 }), { status: 'insufficientHistory' });
    expect(report.forecast).toEqual({ status: 'insufficientHistory' });
    expect(report.budget).toBeUndefined();
  });

  it('projects the budget and the day it would be crossed at the current rate', () => {
    const { report } = reportFor(
      '2026-11-11',
      () => ({ 'Amazon S3': 1 }),
      { status: 'ok', remainder: 20 },
      {
        ...REPORT_SETTINGS,
        monthlyBudget: 20,
      },
    );
    expect(report.budget).toEqual({
      amount: 20,
      usedPercent: 50,
      projectedPercent: 150,
      crossing: { date: '2026-11-20', already: false },
    });
    expect(report.anomalies).toEqual([{ kind: 'projectedOverrun', projected: 30, budget: 20 }]);
    expect(report.severity).toBe('medium');
  });

  it('names no crossing day when the budget holds through the month', () => {
    const { report } = reportFor(
      '2026-11-11',
      () => ({ 'Amazon S3': 0.1 }),
      { status: 'ok', remainder: 2 },
      {
        ...REPORT_SETTINGS,
        monthlyBudget: 20,
      },
    );
    expect(report.budget?.crossing).toBeUndefined();
    expect(report.anomalies).toEqual([]);
  });

  it('recognises a zero-spend account', () => {
    const { report } = reportFor('2026-11-11', () => ({}), { status: 'insufficientHistory' });
    expect(report.zeroSpend).toBe(true);
    expect(report.topServices).toEqual([]);
    expect(report.sparkline.bars).toBe('▁'.repeat(14));
  });
});

describe('sparkline', () => {
  it('scales from zero to the largest day', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([5, 5])).toBe('██');
  });
});
