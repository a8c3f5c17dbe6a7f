import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeAwsResponder, loopbackAwsEnv, queryParams } from '../../dev/aws-loopback.js';
import { EC2, SPIKE_TODAY, spikeBreakdown, spikeDailyResults } from '../../dev/bill-moved.js';
import { loadCostFixture } from '../../dev/fixtures.js';
import { collectingChannel } from '../../dev/golden.js';
import { type Loopback, startLoopback } from '../../dev/loopback.js';
import { loadCostSettings } from '../../src/lib/config.js';
import { runCostDigest } from '../../src/lib/cost/digest.js';
import { loadSavedQueries } from '../../src/lib/security-digest/catalog.js';
import { type LocalTrail, localEngine, openLocalTrail } from '../../src/lib/security-digest/local.js';
import { realAccountRecord } from '../helpers/attack-cases.js';
import { resultsFor } from '../helpers/cost.js';

/**
 * Why the bill moved, and last month against the month before: the real Cost Explorer client on a loopback
 * endpoint answering in the API's shapes, the trail's saved query run by DuckDB over CloudTrail records.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:account-watch-prod-notifications';
const context = { getRemainingTimeInMillis: () => 60_000 } as unknown as Context;
const savedEnv = { ...process.env };
let aws: Loopback;
let folder: string;
let trail: LocalTrail;

/** Alice's launch of a g5.xlarge in us-west-2 on the 27th: the real account's RunInstances record, retyped. */
function aliceLaunch(): Record<string, unknown> {
  const record = realAccountRecord(
    '218007301253_CloudTrail_us-east-1_20230710T1200Z_x9kHmzMa7cx6l9wM.json',
    'RunInstances',
  );
  return {
    ...record,
    eventTime: '2026-11-27T18:02:11Z',
    awsRegion: 'us-west-2',
    sourceIPAddress: '203.0.113.5',
    userIdentity: { ...(record.userIdentity as object), arn: 'arn:aws:iam::218007301253:user/alice' },
    requestParameters: { ...record.requestParameters, instanceType: 'g5.xlarge' },
  };
}

const requestsTo = (operation: string) =>
  aws.requests
    .filter((request) => request.headers['x-amz-target'] === operation)
    .map((request) => JSON.parse(request.body) as Record<string, unknown>);

beforeAll(async () => {
  aws = await startLoopback();
  folder = mkdtempSync(join(tmpdir(), 'bill-moved-'));
  // A launch of something else the same week, and one of a g5.xlarge in another region: neither started it.
  const other = aliceLaunch();
  writeFileSync(
    join(folder, 'trail.json'),
    JSON.stringify({
      Records: [
        aliceLaunch(),
        { ...other, eventID: 'elsewhere', awsRegion: 'eu-west-1' },
        {
          ...other,
          eventID: 'small',
          requestParameters: { ...(other.requestParameters as object), instanceType: 't3.micro' },
        },
      ],
    }),
  );
  trail = await openLocalTrail(folder);
});
afterAll(async () => {
  trail.close();
  rmSync(folder, { recursive: true, force: true });
  await aws.close();
});
beforeEach(() => {
  aws.requests.length = 0;
  aws.respondWith(
    fakeAwsResponder({ costAndUsagePages: [{ ResultsByTime: spikeDailyResults() }], breakdown: spikeBreakdown() }),
  );
});
afterEach(() => {
  process.env = { ...savedEnv };
});

describe('why the bill moved', () => {
  it('names the usage type, the region and who started it, with one more request', async () => {
    Object.assign(process.env, loopbackAwsEnv(aws.url, 'us-east-1'));
    const ce = new CostExplorerClient({ region: 'us-east-1' });
    const settings = loadCostSettings({ TIME_ZONE: 'UTC', FORECAST_SOURCE: 'trend' });
    const [query] = loadSavedQueries(join(ROOT, 'queries', 'cost'));
    if (!query) throw new Error('no saved query in queries/cost');
    const channel = collectingChannel();
    const run = await runCostDigest(SPIKE_TODAY, ce, settings, [channel], {
      trail: { engine: localEngine(trail, []), query },
    });
    // The day's costs, then the breakdown (the forecast comes from the trend here).
    expect(run.requests).toBe(2);
    const [breakdown] = requestsTo('AWSInsightsIndexService.GetCostAndUsage').filter((body) =>
      JSON.stringify(body.GroupBy).includes('USAGE_TYPE'),
    );
    expect(breakdown).toMatchObject({
      TimePeriod: { Start: '2026-11-21', End: '2026-11-29' },
      Filter: { Dimensions: { Key: 'SERVICE', Values: [EC2] } },
    });
    const [digest] = channel.sent;
    const why = digest?.details?.find((detail) => detail.heading.startsWith('Why the bill moved'));
    expect(why?.heading).toBe(`Why the bill moved: ${EC2} +$23.28`);
    expect(why?.lines).toEqual([
      '$25.14 on the day, against $1.86 on an average of the 7 days before.',
      '+$23.28: g5.xlarge in us-west-2 (BoxUsage), started by alice from 203.0.113.5 on 11-27',
    ]);
  });

  it('says when the trail holds no call that started it, in Japanese too', async () => {
    Object.assign(process.env, loopbackAwsEnv(aws.url, 'us-east-1'));
    const empty = mkdtempSync(join(tmpdir(), 'bill-moved-empty-'));
    writeFileSync(
      join(empty, 'trail.json'),
      JSON.stringify({ Records: [{ ...aliceLaunch(), awsRegion: 'ap-south-1' }] }),
    );
    const other = await openLocalTrail(empty);
    try {
      const ce = new CostExplorerClient({ region: 'us-east-1' });
      const settings = loadCostSettings({ TIME_ZONE: 'Asia/Tokyo', LOCALE: 'ja', FORECAST_SOURCE: 'trend' });
      const [query] = loadSavedQueries(join(ROOT, 'queries', 'cost'));
      const channel = collectingChannel();
      await runCostDigest(SPIKE_TODAY, ce, settings, [channel], {
        trail: query ? { engine: localEngine(other, []), query } : undefined,
      });
      const why = channel.sent[0]?.details?.find((detail) => detail.heading.startsWith('請求が動いた理由'));
      expect(why?.lines).toContain('+$23.28: g5.xlarge（us-west-2、BoxUsage）');
      expect(why?.lines?.at(-1)).toMatch(/^過去 8 日間の証跡には、これを起動した呼び出しがありません/);
    } finally {
      other.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('through the handler: the breakdown, and the saved query in the stack\u2019s workgroup over eight days of partitions', async () => {
    vi.resetModules();
    Object.assign(process.env, {
      ...loopbackAwsEnv(aws.url, 'ap-northeast-1'),
      NOTIFY_TOPIC_ARN: TOPIC_ARN,
      TIME_ZONE: 'UTC',
      ATHENA_WORKGROUP: 'account-watch-prod',
      ATHENA_DATABASE: 'account_watch_prod',
      ATHENA_TABLE: 'cloudtrail',
      COST_QUERIES_FOLDER: join(ROOT, 'queries', 'cost'),
    });
    const { handler } = await import('../../src/handlers/cost-digest.js');
    const run = await handler({ today: SPIKE_TODAY }, context);
    // The day's costs, the forecast and the breakdown; never more on a spike day.
    expect(run.requests).toBe(3);
    const [start] = requestsTo('AmazonAthena.StartQueryExecution') as Array<{ WorkGroup: string; QueryString: string }>;
    expect(start?.WorkGroup).toBe('account-watch-prod');
    expect(start?.QueryString).toContain('FROM "account_watch_prod"."cloudtrail"');
    expect(start?.QueryString).toContain("'2026-11-21T00:00:00.000Z'");
    expect(start?.QueryString).toContain("'2026-11-29T00:00:00.000Z'");
    expect(start?.QueryString).toContain("'CreateNatGateway'");
    const email = aws.requests
      .filter((request) => queryParams(request).get('Action') === 'Publish')
      .map((request) => (JSON.parse(queryParams(request).get('Message') ?? '{}') as { email: string }).email)[0];
    expect(email).toContain(`Why the bill moved: ${EC2} +$23.28`);
    expect(email).toContain('+$23.28: g5.xlarge in us-west-2 (BoxUsage)');
  });

  it('makes no extra request on an ordinary day', async () => {
    aws.respondWith(
      fakeAwsResponder({
        costAndUsagePages: [{ ResultsByTime: resultsFor('2026-11-01', SPIKE_TODAY, () => ({ [EC2]: 1 })) }],
        breakdown: spikeBreakdown(),
      }),
    );
    Object.assign(process.env, loopbackAwsEnv(aws.url, 'us-east-1'));
    const ce = new CostExplorerClient({ region: 'us-east-1' });
    const run = await runCostDigest(SPIKE_TODAY, ce, loadCostSettings({ TIME_ZONE: 'UTC' }), [collectingChannel()]);
    expect(run.requests).toBe(2);
    expect(requestsTo('AWSInsightsIndexService.GetCostAndUsage')).toHaveLength(1);
  });
});

describe('last month against the month before', () => {
  it('on the 1st: Cost Explorer\u2019s comparison and its drivers, two requests of whole months', async () => {
    aws.respondWith(
      fakeAwsResponder({
        costAndUsagePages: [{ ResultsByTime: resultsFor('2026-11-01', '2026-12-01', () => ({ [EC2]: 2 })) }],
        monthComparison: {
          comparisons: loadCostFixture('getCostAndUsageComparisons_reference_shape.json'),
          drivers: loadCostFixture('getCostComparisonDrivers_reference_shape.json'),
        },
      }),
    );
    Object.assign(process.env, loopbackAwsEnv(aws.url, 'us-east-1'));
    const ce = new CostExplorerClient({ region: 'us-east-1' });
    const channel = collectingChannel();
    const run = await runCostDigest('2026-12-01', ce, loadCostSettings({ TIME_ZONE: 'UTC' }), [channel]);
    expect(run.requests).toBe(3);
    for (const operation of ['GetCostAndUsageComparisons', 'GetCostComparisonDrivers']) {
      expect(requestsTo(`AWSInsightsIndexService.${operation}`)).toEqual([
        expect.objectContaining({
          BaselineTimePeriod: { Start: '2026-10-01', End: '2026-11-01' },
          ComparisonTimePeriod: { Start: '2026-11-01', End: '2026-12-01' },
          MetricForComparison: 'UnblendedCost',
          GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
        }),
      ]);
    }
    const month = channel.sent[0]?.details?.find((detail) => detail.heading.startsWith('November 2026 against'));
    expect(month?.heading).toBe('November 2026 against October 2026, by Cost Explorer');
    expect(month?.lines).toEqual([
      'In all: $67.52, against $21.30 (+$46.22 (+217%))',
      `${EC2}: $61.90, against $12.40 (+$49.50 (+399%))`,
      'Amazon Virtual Private Cloud: $1.20, against $4.80 (-$3.60 (-75%))',
      'Amazon Simple Storage Service: $3.42, against $3.10 (+$0.32 (+10%))',
      `Driven by ${EC2}, usage change, USW2-BoxUsage:g5.xlarge: +$45.27`,
      `Driven by ${EC2}, savings plan coverage change, Compute Savings Plans: +$4.23`,
      'Driven by Amazon Virtual Private Cloud, usage change, USE1-PublicIPv4:InUseAddress: -$3.60',
    ]);
  });

  it('goes without it when the account has no comparison to give', async () => {
    aws.respondWith((request) =>
      String(request.headers['x-amz-target']).includes('Comparison')
        ? {
            status: 400,
            headers: { 'content-type': 'application/x-amz-json-1.1' },
            body: JSON.stringify({ __type: 'DataUnavailableException', Message: 'Data is not available' }),
          }
        : fakeAwsResponder({
            costAndUsagePages: [{ ResultsByTime: resultsFor('2026-11-01', '2026-12-01', () => ({ [EC2]: 2 })) }],
          })(request),
    );
    Object.assign(process.env, loopbackAwsEnv(aws.url, 'us-east-1'));
    const ce = new CostExplorerClient({ region: 'us-east-1' });
    const channel = collectingChannel();
    const run = await runCostDigest('2026-12-01', ce, loadCostSettings({ TIME_ZONE: 'UTC' }), [channel]);
    expect(run.requests).toBe(3);
    expect(channel.sent).toHaveLength(1);
    expect(channel.sent[0]?.details?.some((detail) => detail.heading.includes('against'))).toBe(false);
  });
});
