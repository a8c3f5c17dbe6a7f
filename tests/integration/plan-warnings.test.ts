import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CE_INSUFFICIENT_HISTORY, fakeAwsResponder, loopbackAwsEnv, queryParams } from '../../dev/aws-loopback.js';
import { loadCostFixture, loadFreeTierFixture, loadRecordedDailyResults } from '../../dev/fixtures.js';
import { type LocalHistoryTable, startHistoryTable } from '../../dev/history-table.js';
import { type Loopback, startLoopback } from '../../dev/loopback.js';
import { resultsFor } from '../helpers/cost.js';

/**
 * Warnings before a new account's cliff, dated: the costDigest handler run on chosen days (its {"today"}
 * event is the clock), the Free Tier API answering in the reference's shapes on a loopback, and the history
 * table on dynalite remembering what was sent. A free plan at 90, 30, 7 and 1 days from its end; credits at
 * 49%, 81% and 100% used; a paid plan whose credits run out within 14 days; an account without a plan.
 */

const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:account-watch-prod-notifications';
const context = { getRemainingTimeInMillis: () => 60_000 } as unknown as Context;
const savedEnv = { ...process.env };
let aws: Loopback;
let table: LocalHistoryTable;

beforeAll(async () => {
  aws = await startLoopback();
  table = await startHistoryTable('plan-warnings');
});
afterAll(async () => {
  await aws.close();
  await table.close();
});
beforeEach(() => {
  aws.requests.length = 0;
});
afterEach(() => {
  process.env = { ...savedEnv };
});

const epoch = (date: string) => Date.parse(`${date}T00:00:00Z`) / 1000;

/** A run of the digest on `today` for an account on `plan` spending $2 a day; the subjects it published. */
async function runOn(today: string, plan: Record<string, unknown> | undefined, locale = 'en', activities?: unknown) {
  aws.requests.length = 0;
  aws.respondWith(
    fakeAwsResponder({
      costAndUsagePages: [{ ResultsByTime: resultsFor('2026-01-01', today, () => ({ 'Amazon EC2': 2 })) }],
      costForecast: CE_INSUFFICIENT_HISTORY,
      ...(plan ? { freeTier: { plan, ...(activities ? { activities } : {}) } } : {}),
    }),
  );
  vi.resetModules();
  Object.assign(process.env, {
    ...loopbackAwsEnv(aws.url, 'us-east-1'),
    NOTIFY_TOPIC_ARN: TOPIC_ARN,
    HISTORY_TABLE: table.tableName,
    AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
    LOCALE: locale,
  });
  const { handler } = await import('../../src/handlers/cost-digest.js');
  const run = await handler({ today }, context);
  const published = aws.requests
    .filter((request) => queryParams(request).get('Action') === 'Publish')
    .map((request) => ({
      subject: queryParams(request).get('Subject') ?? '',
      email: (JSON.parse(queryParams(request).get('Message') ?? '{}') as { email: string }).email,
    }));
  return {
    run,
    warnings: published.filter((message) => message.subject.startsWith('[Plan]')),
    digest: published.find((message) => message.subject.startsWith('[Cost')),
  };
}

const freePlan = (credits: number, expires: string) => ({
  accountId: '111122223333',
  accountPlanType: 'FREE',
  accountPlanStatus: 'ACTIVE',
  accountPlanRemainingCredits: { amount: credits, unit: 'USD' },
  accountPlanExpirationDate: epoch(expires),
});

describe('warnings before the free plan ends', () => {
  it('warns 30, 7 and 1 days before, each once, and not at 90', async () => {
    // Plenty of credits: only the end of the plan matters.
    const plan = freePlan(190, '2026-07-01');
    expect((await runOn('2026-04-02', plan)).warnings).toEqual([]);
    const thirty = await runOn('2026-06-01', plan);
    expect(thirty.warnings.map((message) => message.subject)).toEqual(['[Plan] Your AWS free plan ends in 30 days']);
    expect(thirty.warnings[0]?.email).toContain('the account closes');
    expect(thirty.warnings[0]?.email).toContain('upgrade to a paid plan: Billing console > Free Tier > Upgrade plan');
    expect(thirty.run.warnings).toEqual(['planEnds30Days']);
    // The next day: already said.
    expect((await runOn('2026-06-02', plan)).warnings).toEqual([]);
    expect((await runOn('2026-06-24', plan)).warnings.map((message) => message.subject)).toEqual([
      '[Plan] Your AWS free plan ends in 7 days',
    ]);
    const last = await runOn('2026-06-30', plan, 'ja');
    expect(last.warnings.map((message) => message.subject)).toEqual(['[Plan] Your AWS free plan ends tomorrow']);
    expect(last.warnings[0]?.email).toContain('AWS の無料プランは明日終了します');
  });
});

describe('warnings as the credits are used', () => {
  it('warns at 80% and at 100% used, not at 49%, measured against the highest balance seen', async () => {
    const expires = '2027-06-01';
    // The first digest sees $200: the balance the percentages are of.
    expect((await runOn('2026-03-02', freePlan(200, expires))).warnings).toEqual([]);
    expect((await runOn('2026-03-03', freePlan(102, expires))).warnings).toEqual([]);
    const eighty = await runOn('2026-03-04', freePlan(38, expires));
    expect(eighty.warnings.map((message) => message.subject)).toEqual(['[Plan] 80% of your AWS credits are used']);
    expect(eighty.warnings[0]?.email).toContain('Credits used: 81%');
    const gone = await runOn('2026-03-05', freePlan(0, expires));
    expect(gone.warnings.map((message) => message.subject)).toEqual(['[Plan] Your AWS credits are used up']);
    expect(gone.warnings[0]?.subject).toMatch(/^[\x20-\x7e]+$/);
  });

  it('tells a paid plan that billing starts when its credits run out within 14 days', async () => {
    const plan = {
      accountPlanType: 'PAID',
      accountPlanStatus: 'ACTIVE',
      accountPlanRemainingCredits: { amount: 20, unit: 'USD' },
      accountPlanExpirationDate: epoch('2027-02-01'),
    };
    const { warnings } = await runOn('2026-05-10', plan);
    // $20 at $2 a day: ten days from yesterday's costs, nine from today. A first sighting is 0% used: no
    // percentage warning.
    expect(warnings.map((message) => message.subject)).toEqual([
      '[Plan] Your AWS credits run out in about 9 days at this pace',
    ]);
    expect(warnings[0]?.email).toContain('billed to your payment method');
  });

  it('lists the credits still to earn once, then again only when one of them was earned', async () => {
    const activities = loadFreeTierFixture<{ activities: Array<Record<string, unknown>> }>(
      'listAccountActivities.json',
    );
    const plan = freePlan(150, '2026-12-01');
    const heading = 'Credits still to earn';
    // A Wednesday and a Thursday: the first digest lists them, the next does not.
    const first = await runOn('2026-06-04', plan, 'en', activities);
    expect(first.digest?.email).toContain(heading);
    expect(first.digest?.email).toContain('Launch an instance using EC2');
    expect((await runOn('2026-06-05', plan, 'en', activities)).digest?.email).not.toContain(heading);
    // The EC2 step done: what is left is news, once.
    const done = {
      activities: activities.activities.map((activity) =>
        activity.activityId === 'a-0002' ? { ...activity, status: 'COMPLETED' } : activity,
      ),
    };
    const after = await runOn('2026-06-06', plan, 'en', done);
    expect(after.digest?.email).toContain(heading);
    expect(after.digest?.email).not.toContain('Launch an instance using EC2');
    expect((await runOn('2026-06-07', plan, 'en', done)).digest?.email).not.toContain(heading);
  });

  it('says nothing to an account without a plan', async () => {
    const { warnings, run } = await runOn('2026-05-11', undefined);
    expect(warnings).toEqual([]);
    expect(run.warnings).toBeUndefined();
  });
});

describe('AWS Cost Anomaly Detection\u2019s own findings', () => {
  const hygieneItem = async (monitor: 'pass' | 'fail') => {
    const { hygieneMemory } = await import('../../src/lib/hygiene/week-over-week.js');
    await hygieneMemory(table.client, table.tableName).save({
      checkedAt: '2026-05-11T09:00:00.000Z',
      statuses: { 'anomaly-monitor': monitor },
    });
  };
  const anomalyRequests = () =>
    aws.requests.filter((request) => request.headers['x-amz-target'] === 'AWSInsightsIndexService.GetAnomalies');

  it('reads the open anomalies in one request when the weekly report found monitors, and names their cause', async () => {
    await hygieneItem('pass');
    aws.requests.length = 0;
    aws.respondWith(
      fakeAwsResponder({
        costAndUsagePages: [{ ResultsByTime: loadRecordedDailyResults() }],
        costForecast: CE_INSUFFICIENT_HISTORY,
        anomalies: loadCostFixture('getAnomalies_reference_shape.json'),
      }),
    );
    vi.resetModules();
    Object.assign(process.env, {
      ...loopbackAwsEnv(aws.url, 'us-east-1'),
      NOTIFY_TOPIC_ARN: TOPIC_ARN,
      HISTORY_TABLE: table.tableName,
      AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
    });
    const { handler } = await import('../../src/handlers/cost-digest.js');
    const run = await handler({ today: '2021-08-29' }, context);
    expect(anomalyRequests()).toHaveLength(1);
    expect(JSON.parse(anomalyRequests()[0]?.body ?? '{}')).toMatchObject({
      DateInterval: { StartDate: '2021-07-29', EndDate: '2021-08-28' },
    });
    // Usage, forecast and the anomalies: three paid requests on a day with monitors.
    expect(run.requests).toBe(3);
    const email = (
      JSON.parse(
        queryParams(
          aws.requests.find((request) => queryParams(request).get('Action') === 'Publish') ?? ({} as never),
        ).get('Message') ?? '{}',
      ) as { email: string }
    ).email;
    expect(email).toContain('AWS Cost Anomaly Detection: 1 open finding');
    expect(email).toContain(
      'Amazon Elastic Compute Cloud - Compute, us-west-2, USW2-BoxUsage:g5.xlarge: $37.10 more than expected since 2021-08-26',
    );
    // The one that ended weeks ago is not open.
    expect(email).not.toContain('Amazon Simple Storage Service: $4.80');
  });

  it('makes no anomaly request when the account has no monitors', async () => {
    await hygieneItem('fail');
    const { run } = await runOn('2026-05-12', undefined);
    expect(anomalyRequests()).toHaveLength(0);
    expect(run.requests).toBe(2);
  });
});
