import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CE_INSUFFICIENT_HISTORY,
  type FakeAws,
  fakeAwsResponder,
  loopbackAwsEnv,
  queryParams,
} from '../../dev/aws-loopback.js';
import { loadCostFixture, loadFreeTierFixture, loadRecordedDailyResults } from '../../dev/fixtures.js';
import { type Loopback, type RecordedRequest, startLoopback } from '../../dev/loopback.js';
import { MAX_COST_PAGES } from '../../src/lib/cost/cost-explorer.js';
import { resultsFor } from '../helpers/cost.js';

const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:account-watch-prod-notifications';
let aws: Loopback;
const savedEnv = { ...process.env };
const context = { getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

async function loadHandler(env: Record<string, string> = {}) {
  vi.resetModules();
  Object.assign(process.env, {
    ...loopbackAwsEnv(aws.url, 'ap-northeast-1'),
    NOTIFY_TOPIC_ARN: TOPIC_ARN,
    SLACK_WEBHOOK_PARAMETER: '',
    TIME_ZONE: 'Asia/Tokyo',
    MONTHLY_BUDGET: '20',
    ...env,
  });
  return (await import('../../src/handlers/cost-digest.js')).handler;
}

function respond(fake: FakeAws) {
  aws.respondWith(fakeAwsResponder(fake));
}

const ce = (operation: string) =>
  aws.requests
    .filter((request) => request.headers['x-amz-target'] === `AWSInsightsIndexService.${operation}`)
    .map((request: RecordedRequest) => JSON.parse(request.body) as Record<string, unknown>);
const published = () =>
  aws.requests
    .filter((request) => queryParams(request).get('Action') === 'Publish')
    .map((request) => {
      const params = queryParams(request);
      return {
        subject: params.get('Subject'),
        message: JSON.parse(params.get('Message') ?? '{}') as Record<string, string>,
      };
    });

const FILTER = { Not: { Dimensions: { Key: 'RECORD_TYPE', Values: ['Credit', 'Refund', 'Upfront', 'Support'] } } };
// The usage request keeps credits, grouped apart by record type, so the digest can say what they paid.
const USAGE_FILTER = { Not: { Dimensions: { Key: 'RECORD_TYPE', Values: ['Refund', 'Upfront', 'Support'] } } };

beforeAll(async () => {
  aws = await startLoopback();
});
afterAll(async () => {
  await aws.close();
});
beforeEach(() => {
  aws.requests.length = 0;
});
afterEach(() => {
  process.env = { ...savedEnv };
});

describe('costDigest handler with Cost Explorer and SNS on a loopback endpoint', () => {
  it('makes exactly two requests, follows paging with identical parameters, and publishes the digest', async () => {
    const results = loadRecordedDailyResults();
    respond({
      costAndUsagePages: [{ ResultsByTime: results.slice(0, 7) }, { ResultsByTime: results.slice(7) }],
      costForecast: loadCostFixture('getCostForecast_daily_awsdocs_api_reference_example.json'),
    });
    const handler = await loadHandler();
    const run = await handler({ today: '2021-08-29' }, context);
    expect(run).toMatchObject({ reportDay: '2021-08-28', requests: 3, severity: 'high' });

    const usage = ce('GetCostAndUsage');
    expect(usage).toHaveLength(2);
    const first = usage[0];
    expect(first).toEqual({
      TimePeriod: { Start: '2021-08-01', End: '2021-08-29' },
      Granularity: 'DAILY',
      Metrics: ['UnblendedCost'],
      GroupBy: [
        { Type: 'DIMENSION', Key: 'SERVICE' },
        { Type: 'DIMENSION', Key: 'RECORD_TYPE' },
      ],
      Filter: USAGE_FILTER,
    });
    expect(usage[1]).toEqual({ ...first, NextPageToken: 'page-1' });
    expect(ce('GetCostForecast')).toEqual([
      {
        TimePeriod: { Start: '2021-08-29', End: '2021-09-01' },
        Granularity: 'MONTHLY',
        Metric: 'UNBLENDED_COST',
        Filter: FILTER,
      },
    ]);

    const [digest] = published();
    expect(digest?.subject).toBe('[Cost HIGH] Aug 28 $21.45 | Aug to date $1575.18 | forecast $1649 of $20 budget');
    expect(digest?.message.email).toContain('Amazon Elastic Compute Cloud - Compute');
    expect(digest?.message.email).toContain('Budget crossed: on 2021-08-18');
  });

  it.each([
    ['Tokyo at 08:30', '2026-11-27T23:30:00Z', '2026-11-26'],
    ['Tokyo at 09:00', '2026-11-28T00:00:00Z', '2026-11-27'],
    ['Sydney at 09:00', '2026-11-27T22:00:00Z', '2026-11-26'],
    ['Kiritimati at 09:00', '2026-11-27T19:00:00Z', '2026-11-26'],
    ['New York at 09:00', '2026-11-28T14:00:00Z', '2026-11-27'],
  ])('reports the last complete UTC day when run by the schedule (%s)', async (_, now, reportDay) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(now));
    respond({ costAndUsagePages: [{ ResultsByTime: [] }] });
    const handler = await loadHandler();
    const run = await handler({ 'detail-type': 'Scheduled Event' }, context);
    vi.useRealTimers();
    expect(run.reportDay).toBe(reportDay);
    // The usage request ends (exclusively) at the UTC day still running: it is never counted.
    expect(ce('GetCostAndUsage')[0]?.TimePeriod).toMatchObject({ End: now.slice(0, 10) });
  });

  it('says "not enough history yet" for a new account and still sends a short, reassuring digest', async () => {
    respond({
      costAndUsagePages: [{ ResultsByTime: resultsFor('2026-11-01', '2026-11-28', () => ({})) }],
      costForecast: CE_INSUFFICIENT_HISTORY,
    });
    const handler = await loadHandler({ LOCALE: 'ja' });
    await handler({ today: '2026-11-28' }, context);
    const [digest] = published();
    expect(digest?.subject).toBe('[Cost] Nov 27 $0.00 | Nov to date $0.00 | no forecast yet, $20 budget');
    expect(digest?.message.email).toContain('2026年11月の AWS 料金はまだ発生していません');
    expect(digest?.message.email).toContain('対応は不要です');
  });

  it('makes no forecast request on the last day of the month', async () => {
    respond({
      costAndUsagePages: [{ ResultsByTime: resultsFor('2026-11-01', '2026-11-30', () => ({ 'Amazon S3': 1 })) }],
    });
    const handler = await loadHandler();
    const run = await handler({ today: '2026-11-30' }, context);
    expect(run.requests).toBe(1);
    expect(ce('GetCostForecast')).toHaveLength(0);
    expect(published()[0]?.message.email).toContain('Month-end forecast: $30.00 (estimate from the last 7 days)');
  });

  it('on the 1st reports the month just ended: one request, and two comparing it with the month before', async () => {
    respond({
      costAndUsagePages: [{ ResultsByTime: resultsFor('2026-11-01', '2026-12-01', () => ({ 'Amazon S3': 0.5 })) }],
    });
    const handler = await loadHandler({ MONTHLY_BUDGET: '' });
    const run = await handler({ today: '2026-12-01' }, context);
    expect(run.requests).toBe(3);
    expect(ce('GetCostAndUsage')).toHaveLength(1);
    expect(ce('GetCostAndUsageComparisons')).toHaveLength(1);
    expect(ce('GetCostComparisonDrivers')).toHaveLength(1);
    const [digest] = published();
    expect(digest?.subject).toBe('[Cost] Nov 30 $0.50 | Nov total $15.00 | no forecast yet');
    expect(digest?.message.email).toContain('November 2026 total: $15.00');
  });

  it('fails, so Lambda retries, when Cost Explorer refuses the usage request', async () => {
    aws.respondWith((request) =>
      request.headers['x-amz-target'] === 'AWSInsightsIndexService.GetCostAndUsage'
        ? {
            status: 400,
            headers: { 'content-type': 'application/x-amz-json-1.1' },
            body: JSON.stringify({
              __type: 'AccessDeniedException',
              Message: 'not authorized to perform ce:GetCostAndUsage',
            }),
          }
        : fakeAwsResponder({})(request),
    );
    const handler = await loadHandler();
    await expect(handler({ today: '2026-11-28' }, context)).rejects.toThrow(
      'not authorized to perform ce:GetCostAndUsage',
    );
    expect(published()).toHaveLength(0);
  });

  it('stops at once when Cost Explorer repeats a NextPageToken, instead of paying for pages forever', async () => {
    aws.respondWith((request) =>
      request.headers['x-amz-target'] === 'AWSInsightsIndexService.GetCostAndUsage'
        ? {
            status: 200,
            headers: { 'content-type': 'application/x-amz-json-1.1' },
            body: JSON.stringify({ ResultsByTime: [], NextPageToken: 'same-token-again' }),
          }
        : fakeAwsResponder({})(request),
    );
    const handler = await loadHandler();
    await expect(handler({ today: '2026-11-28' }, context)).rejects.toThrow('repeated a NextPageToken after 2 page(s)');
    expect(ce('GetCostAndUsage')).toHaveLength(2);
    expect(published()).toHaveLength(0);
  });

  it(`reads at most ${MAX_COST_PAGES} pages, however many Cost Explorer offers`, async () => {
    let page = 0;
    aws.respondWith((request) =>
      request.headers['x-amz-target'] === 'AWSInsightsIndexService.GetCostAndUsage'
        ? {
            status: 200,
            headers: { 'content-type': 'application/x-amz-json-1.1' },
            body: JSON.stringify({ ResultsByTime: [], NextPageToken: `token-${++page}` }),
          }
        : fakeAwsResponder({})(request),
    );
    const handler = await loadHandler();
    await expect(handler({ today: '2026-11-28' }, context)).rejects.toThrow(`more pages after ${MAX_COST_PAGES}`);
    expect(ce('GetCostAndUsage')).toHaveLength(MAX_COST_PAGES);
  });
});

describe('costDigest with the Free Tier API on the loopback (signed requests, documented shapes)', () => {
  const freeTierRequests = () =>
    aws.requests.filter((request) => String(request.headers['x-amz-target']).startsWith('AWSFreeTierService.'));

  it('signs each Free Tier request for freetier in us-east-1 and puts a free plan at the top of the digest', async () => {
    respond({
      costAndUsagePages: [{ ResultsByTime: loadRecordedDailyResults() }],
      costForecast: loadCostFixture('getCostForecast_daily_awsdocs_api_reference_example.json'),
      freeTier: {
        plan: loadFreeTierFixture('getAccountPlanState_free_plan.json'),
        usage: loadFreeTierFixture('getFreeTierUsage_two_offers.json'),
        activities: loadFreeTierFixture('listAccountActivities.json'),
      },
    });
    const handler = await loadHandler({ LOCALE: 'en' });
    const run = await handler({ today: '2021-08-29' }, context);
    // The Free Tier API is free: Cost Explorer's paid requests are still two.
    expect(run.requests).toBe(2);
    const requests = freeTierRequests();
    expect(requests.map((request) => request.headers['x-amz-target']).sort()).toEqual([
      'AWSFreeTierService.GetAccountPlanState',
      'AWSFreeTierService.GetFreeTierUsage',
      'AWSFreeTierService.ListAccountActivities',
    ]);
    for (const request of requests) {
      expect(request.headers['content-type']).toBe('application/x-amz-json-1.0');
      expect(String(request.headers.authorization)).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/us-east-1\/freetier\/aws4_request, SignedHeaders=.*x-amz-target.*, Signature=[0-9a-f]{64}$/,
      );
    }
    const [digest] = published();
    const fields = (digest?.message.email ?? '').split('\n');
    const firstField = fields.findIndex((line) => line.includes(': '));
    expect(fields[firstField]).toBe(
      // The recorded month spends about $100 a day: $143.20 of credits last one more day.
      "Free plan: $143.20 of credits left, until 2027-01-12. At the last 7 days' pace they last until 2021-08-29. When the credits or the plan run out, the account closes unless you upgrade to a paid plan; its data is kept for a while, then deleted.",
    );
  });

  it('shows nothing of a plan for an account without one, and sends the digest all the same', async () => {
    respond({
      costAndUsagePages: [{ ResultsByTime: loadRecordedDailyResults() }],
      costForecast: loadCostFixture('getCostForecast_daily_awsdocs_api_reference_example.json'),
    });
    const handler = await loadHandler({ LOCALE: 'en' });
    await handler({ today: '2021-08-29' }, context);
    expect(freeTierRequests()).toHaveLength(3);
    const [digest] = published();
    expect(digest?.message.email).not.toMatch(/Free plan|Paid plan|Free Tier offers/);
    expect(digest?.subject).toContain('[Cost');
  });
});
