import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeAwsResponder, loopbackAwsEnv, queryParams } from '../../dev/aws-loopback.js';
import { type Loopback, startLoopback } from '../../dev/loopback.js';

let aws: Loopback;
const savedEnv = { ...process.env };
const context = { getRemainingTimeInMillis: () => 600_000 } as unknown as Context;

beforeAll(async () => {
  aws = await startLoopback();
});
afterAll(async () => {
  await aws.close();
});
afterEach(() => {
  process.env = { ...savedEnv };
});

describe('securityDigest handler with Athena and SNS on a loopback endpoint', () => {
  it('runs every saved query over the day since the previous run, less the delivery lag, and publishes one digest', async () => {
    aws.respondWith(fakeAwsResponder({ athenaRows: ['arn:aws:iam::123456789012:user/mallory'] }));
    vi.resetModules();
    Object.assign(process.env, {
      ...loopbackAwsEnv(aws.url, 'ap-northeast-1'),
      NOTIFY_TOPIC_ARN: 'arn:aws:sns:ap-northeast-1:123456789012:account-watch-prod-notifications',
      SLACK_WEBHOOK_PARAMETER: '',
      ATHENA_WORKGROUP: 'account-watch-prod',
      ATHENA_DATABASE: 'account_watch_prod',
      ATHENA_TABLE: 'cloudtrail',
      ALLOWED_REGIONS: 'ap-northeast-1,us-east-1',
    });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-28T08:30:27Z'));
    const { handler } = await import('../../src/handlers/security-digest.js');
    const run = await handler({}, context);
    vi.useRealTimers();

    expect(run).toEqual({ queries: 11, withRows: 11, failed: 0 });
    const starts = aws.requests
      .filter((request) => request.headers['x-amz-target'] === 'AmazonAthena.StartQueryExecution')
      .map(
        (request) =>
          JSON.parse(request.body) as { WorkGroup: string; QueryString: string; QueryExecutionContext: unknown },
      );
    expect(starts).toHaveLength(11);
    for (const start of starts) {
      expect(start.WorkGroup).toBe('account-watch-prod');
      expect(start.QueryExecutionContext).toEqual({ Database: 'account_watch_prod' });
      expect(start.QueryString).toContain(
        `"date" BETWEEN date_format(from_iso8601_timestamp('2026-11-27T08:10:00.000Z'), '%Y/%m/%d') AND date_format(from_iso8601_timestamp('2026-11-28T08:10:00.000Z'), '%Y/%m/%d')`,
      );
    }
    const published = aws.requests.filter((request) => queryParams(request).get('Action') === 'Publish');
    expect(published).toHaveLength(1);
    expect(queryParams(published[0] ?? ({ body: '' } as never)).get('Subject')).toBe(
      '[Security HIGH] 11 of 11 queries found activity | 2026-11-28',
    );
  });
});
