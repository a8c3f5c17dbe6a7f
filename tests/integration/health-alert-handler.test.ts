import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeAwsResponder, loopbackAwsEnv, queryParams } from '../../dev/aws-loopback.js';
import { loadHealthFixture } from '../../dev/fixtures.js';
import { type Loopback, startLoopback } from '../../dev/loopback.js';

let aws: Loopback;
const savedEnv = { ...process.env };
const context = { getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

beforeAll(async () => {
  aws = await startLoopback();
});
afterAll(async () => {
  await aws.close();
});
afterEach(() => {
  process.env = { ...savedEnv };
});

async function loadHandler() {
  vi.resetModules();
  aws.requests.length = 0;
  aws.respondWith(fakeAwsResponder({ ssmParameterValue: `${aws.url}/services/T000/B000/HEALTH` }));
  Object.assign(process.env, {
    ...loopbackAwsEnv(aws.url, 'ap-northeast-1'),
    NOTIFY_TOPIC_ARN: 'arn:aws:sns:ap-northeast-1:123456789012:account-watch-prod-notifications',
    SLACK_WEBHOOK_PARAMETER: '/account-watch/slack-webhook-url',
    DEAD_LETTER_QUEUE_URL:
      'https://sqs.ap-northeast-1.amazonaws.com/123456789012/account-watch-prod-health-dead-letters',
    // As deployed: chat messages are queued for deliverySender, which alone reads the webhook URL.
    DELIVERY_QUEUE_URL: DELIVERY_QUEUE_URL,
  });
  return (await import('../../src/handlers/health-alert.js')).handler;
}

const DELIVERY_QUEUE_URL = 'https://sqs.ap-northeast-1.amazonaws.com/123456789012/account-watch-prod-deliveries.fifo';

const sent = () => {
  // Nothing posts from here and no secret is read: the Slack message is queued, in Slack's message group.
  expect(aws.requests.filter((request) => request.path.startsWith('/services/'))).toHaveLength(0);
  expect(aws.requests.filter((request) => request.headers['x-amz-target'] === 'AmazonSSM.GetParameter')).toHaveLength(
    0,
  );
  return {
    subjects: aws.requests
      .filter((request) => queryParams(request).get('Action') === 'Publish')
      .map((request) => queryParams(request).get('Subject')),
    slack: aws.requests
      .filter((request) => request.headers['x-amz-target'] === 'AmazonSQS.SendMessage')
      .map((request) => JSON.parse(request.body) as { QueueUrl: string; MessageGroupId?: string })
      .filter((message) => message.QueueUrl === DELIVERY_QUEUE_URL && message.MessageGroupId === 'slack').length,
  };
};

describe('healthAlert handler with SNS and Slack on a loopback endpoint', () => {
  it('renders the dead-letter alarm for email and Slack instead of raw alarm JSON', async () => {
    const handler = await loadHandler();
    expect(await handler(loadHealthFixture('dead-letter-alarm-state-change.json'), context)).toEqual({
      received: 1,
      notified: 1,
    });
    expect(sent()).toEqual({ subjects: ['[HIGH] Something the watch sends or runs could not be delivered'], slack: 1 });
  });

  it('renders an AWS Budgets alert that arrives through SNS', async () => {
    const handler = await loadHandler();
    await handler(loadHealthFixture('budget-alert-sns.json'), context);
    expect(sent()).toEqual({
      subjects: ['[HIGH] Budget account-watch-prod-monthly: ACTUAL $17.23, threshold > $16.00'],
      slack: 1,
    });
  });

  it('stays quiet when the alarm goes back to OK', async () => {
    const handler = await loadHandler();
    const ok = structuredClone(loadHealthFixture('dead-letter-alarm-state-change.json')) as {
      detail: { state: { value: string } };
    };
    ok.detail.state.value = 'OK';
    expect(await handler(ok, context)).toEqual({ received: 1, notified: 0 });
    expect(sent()).toEqual({ subjects: [], slack: 0 });
  });
});
