import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeAwsResponder, queryParams, SNS_INTERNAL_ERROR } from '../../dev/aws-loopback.js';
import { loadSignInFixture } from '../../dev/fixtures.js';
import { type Loopback, startLoopback } from '../../dev/loopback.js';
import { freshSigninAlertHandler } from '../helpers/handlers.js';

const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:account-watch-prod-notifications';
const PARAMETER = '/account-watch/slack-webhook-url';
const DLQ_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/account-watch-prod-dead-letters';
const DELIVERY_QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/account-watch-prod-deliveries.fifo';

let aws: Loopback;
const savedEnv = { ...process.env };

function context(remainingMs = 60_000): Context {
  return { getRemainingTimeInMillis: () => remainingMs } as unknown as Context;
}

async function loadHandler(env: Record<string, string> = {}) {
  return freshSigninAlertHandler(aws.url, {
    NOTIFY_TOPIC_ARN: TOPIC_ARN,
    SLACK_WEBHOOK_PARAMETER: PARAMETER,
    DEAD_LETTER_QUEUE_URL: DLQ_URL,
    // As deployed: Slack messages are queued for deliverySender (tests/integration/delivery-queue.test.ts).
    DELIVERY_QUEUE_URL,
    TIME_ZONE: 'Asia/Tokyo',
    ...env,
  });
}

beforeAll(async () => {
  aws = await startLoopback();
});
afterAll(async () => {
  await aws.close();
});
beforeEach(() => {
  aws.requests.length = 0;
  aws.respondWith(fakeAwsResponder({ ssmParameterValue: `${aws.url}/services/T000/B000/XXXX` }));
});
afterEach(() => {
  process.env = { ...savedEnv };
});

const byKind = () => ({
  sns: aws.requests.filter((request) => queryParams(request).get('Action') === 'Publish'),
  ssm: aws.requests.filter((request) => request.headers['x-amz-target'] === 'AmazonSSM.GetParameter'),
  slack: aws.requests.filter((request) => request.path.startsWith('/services/')),
  deadLetters: aws.requests
    .filter((request) => request.headers['x-amz-target'] === 'AmazonSQS.SendMessage')
    .map((request) => JSON.parse(request.body) as { QueueUrl: string; MessageBody: string })
    .filter((message) => message.QueueUrl === DLQ_URL),
  queued: aws.requests
    .filter((request) => request.headers['x-amz-target'] === 'AmazonSQS.SendMessage')
    .map((request) => JSON.parse(request.body) as { QueueUrl: string; MessageBody: string; MessageGroupId: string })
    .filter((message) => message.QueueUrl === DELIVERY_QUEUE_URL),
});

describe('signinAlert handler with SNS, SSM and Slack on a loopback endpoint', () => {
  it('publishes the email to the topic and queues the Slack message, without reading the webhook itself', async () => {
    const handler = await loadHandler();
    const summary = await handler(loadSignInFixture('eventbridge-iam-user-failure-mfa-01.json'), context());
    expect(summary).toEqual({ received: 1, skipped: 0, notified: 1, quiet: 0, duplicates: 0, historyUnavailable: 0 });

    const { sns, ssm, slack, queued } = byKind();
    expect(sns).toHaveLength(1);
    const publish = queryParams(sns[0] ?? ({ body: '' } as never));
    expect(publish.get('TopicArn')).toBe(TOPIC_ARN);
    expect(publish.get('MessageStructure')).toBe('json');
    expect(publish.get('Subject')).toBe('[MEDIUM] Failed sign-in as tempuser to 123456789012 from 119.14.228.90 (TW)');
    const message = JSON.parse(publish.get('Message') ?? '') as Record<string, string>;
    expect(message.email).toContain('When: 2021-07-19 14:42:17 Asia/Tokyo (2021-07-19 05:42:17 UTC)');

    // The webhook URL is deliverySender's alone: no Parameter Store, no post from here.
    expect(ssm).toHaveLength(0);
    expect(slack).toHaveLength(0);
    expect(queued).toHaveLength(1);
    expect(queued[0]?.MessageGroupId).toBe('slack');
    const body = JSON.parse(queued[0]?.MessageBody ?? '{}');
    expect(body).toMatchObject({ type: 'queuedDelivery', channel: 'slack' });
    expect(body.payload.attachments[0].blocks[0].text.text).toBe(
      ':large_yellow_circle: MEDIUM: Failed console sign-in as tempuser',
    );
  });

  it('dead-letters the Slack message, never the email, when the Slack queue refuses it', async () => {
    aws.respondWith(
      fakeAwsResponder({
        sqsSendMessage: (request) =>
          (JSON.parse(request.body) as { QueueUrl: string }).QueueUrl === DELIVERY_QUEUE_URL
            ? {
                status: 400,
                headers: { 'content-type': 'application/x-amz-json-1.0' },
                body: JSON.stringify({ __type: 'com.amazonaws.sqs#AccessDenied', message: 'denied' }),
              }
            : undefined,
      }),
    );
    const handler = await loadHandler();
    const summary = await handler(loadSignInFixture('root-success-mfa-01.json'), context());
    expect(summary).toMatchObject({ notified: 1 });
    const { sns, deadLetters } = byKind();
    expect(sns).toHaveLength(1);
    const entry = JSON.parse(deadLetters[0]?.MessageBody ?? '{}');
    expect(entry).toMatchObject({ type: 'undeliveredNotification', channel: 'slack' });
    expect(entry.payload.attachments).toBeDefined();
  });

  it('still queues the Slack message when SNS keeps failing, and dead-letters the SNS message with its request', async () => {
    aws.respondWith(fakeAwsResponder({ snsPublish: () => SNS_INTERNAL_ERROR }));
    const handler = await loadHandler();
    await handler(loadSignInFixture('root-success-mfa-01.json'), context());
    const { sns, queued, deadLetters } = byKind();
    expect(sns.length).toBeGreaterThanOrEqual(2); // the SDK retried the 500 itself
    expect(queued).toHaveLength(1);
    const entry = JSON.parse(deadLetters[0]?.MessageBody ?? '{}');
    expect(entry).toMatchObject({ channel: 'sns', payload: { TopicArn: TOPIC_ARN, MessageStructure: 'json' } });
    expect(entry.payload.Subject).toBe('[CRITICAL] Root sign-in to 111122223333 from 192.0.2.0');
  });

  it('fails the invocation, so Lambda retries and nothing is lost, only when the dead-letter queue refuses too', async () => {
    aws.respondWith(
      fakeAwsResponder({
        ssmParameterValue: `${aws.url}/services/T000/B000/XXXX`,
        slack: () => ({ status: 404, body: 'no_service' }),
        sqsSendMessage: () => ({
          status: 400,
          headers: { 'content-type': 'application/x-amz-json-1.0' },
          body: JSON.stringify({
            __type: 'com.amazonaws.sqs#AccessDenied',
            message: 'Access to the resource is denied.',
          }),
        }),
      }),
    );
    const handler = await loadHandler();
    const outcome = handler(loadSignInFixture('root-success-mfa-01.json'), context());
    await expect(outcome).rejects.toMatchObject({ name: 'NotificationFailedError' });
    await expect(outcome).rejects.toThrow('1 of 1 sign-in notification(s) failed');
  });

  it('without a dead-letter queue (a local run), a failed channel fails the invocation', async () => {
    aws.respondWith(fakeAwsResponder({ snsPublish: () => SNS_INTERNAL_ERROR }));
    const handler = await loadHandler({ DEAD_LETTER_QUEUE_URL: '' });
    await expect(handler(loadSignInFixture('root-success-mfa-01.json'), context())).rejects.toMatchObject({
      name: 'NotificationFailedError',
    });
    // The SDK tried SNS three times; the Slack message was queued once all the same.
    expect(byKind().sns).toHaveLength(3);
    expect(byKind().queued).toHaveLength(1);
  });

  it('sends nothing for a sign-in below the lowest severity that notifies', async () => {
    const handler = await loadHandler();
    const summary = await handler(loadSignInFixture('eventbridge-iam-user-switchrole-01.json'), context());
    expect(summary).toEqual({ received: 1, skipped: 0, notified: 0, quiet: 1, duplicates: 0, historyUnavailable: 0 });
    expect(aws.requests).toHaveLength(0);
  });

  it('publishes to the AWS chat integration\u2019s topic in its custom format, beside the email', async () => {
    const chatbotTopic = 'arn:aws:sns:us-west-2:123456789012:aws-chatbot-alerts';
    const handler = await loadHandler({ CHATBOT_TOPIC_ARN: chatbotTopic });
    await handler(loadSignInFixture('root-success-mfa-01.json'), context());
    const published = byKind().sns.map((request) => queryParams(request));
    // Both at once, each on its own (one failing never stops the other).
    expect(published.map((publish) => publish.get('TopicArn')).sort()).toEqual([chatbotTopic, TOPIC_ARN].sort());
    const custom = JSON.parse(
      published.find((publish) => publish.get('TopicArn') === chatbotTopic)?.get('Message') ?? '{}',
    );
    expect(custom).toMatchObject({ version: '1.0', source: 'custom', content: { textType: 'client-markdown' } });
    expect(custom.content.title).toContain('Root');
  });

  it('queues each configured chat in its own message group, and LINE only what matters', async () => {
    const handler = await loadHandler({
      TEAMS_WEBHOOK_PARAMETER: '/account-watch/teams-webhook-url',
      DISCORD_WEBHOOK_PARAMETER: '/account-watch/discord-webhook-url',
      LINE_CHANNEL_TOKEN_PARAMETER: '/account-watch/line-channel-token',
      LINE_TO: `U${'5'.repeat(32)}`,
      EMAIL_FROM: 'owner@example.com',
    });
    await handler(loadSignInFixture('root-success-mfa-01.json'), context());
    const groups = (queued: { MessageGroupId: string }[]) => queued.map((message) => message.MessageGroupId).sort();
    expect(groups(byKind().queued)).toEqual(['discord', 'email', 'line', 'slack', 'teams']);
    const line = JSON.parse(byKind().queued.find((message) => message.MessageGroupId === 'line')?.MessageBody ?? '{}');
    expect(line.payload.messages[0]).toMatchObject({ type: 'flex' });
    // A medium failed sign-in is not worth one of LINE's 200 messages a month: the others get it.
    aws.requests.length = 0;
    await handler(loadSignInFixture('eventbridge-iam-user-failure-mfa-01.json'), context());
    expect(groups(byKind().queued)).toEqual(['discord', 'email', 'slack', 'teams']);
    expect(byKind().ssm).toHaveLength(0);
  });

  it('sends email only when no Slack parameter is configured', async () => {
    const handler = await loadHandler({ SLACK_WEBHOOK_PARAMETER: '' });
    await handler(loadSignInFixture('root-success-mfa-01.json'), context());
    const { sns, ssm, slack, queued } = byKind();
    expect([sns.length, ssm.length, slack.length, queued.length]).toEqual([1, 0, 0, 0]);
  });

  it('fails at start with an error that names a bad setting', async () => {
    await expect(loadHandler({ TIME_ZONE: 'Tokyo' })).rejects.toThrow(
      'Invalid setting TIME_ZONE (deploy parameter timeZone): "Tokyo" is not an IANA time zone',
    );
  });

  it('previews instead of sending in a local run without destinations', async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    const handler = await loadHandler({ IS_LOCAL: 'true', NOTIFY_TOPIC_ARN: '', SLACK_WEBHOOK_PARAMETER: '' });
    await handler(loadSignInFixture('root-success-no-mfa-01.json'), context());
    expect(aws.requests).toHaveLength(0);
    const output = written.join('');
    expect(output).toContain('Subject: [CRITICAL] Root sign-in WITHOUT MFA to 111122223333 from 192.0.2.0');
    expect(output).toContain('"color": "#B71C1C"');
  });

  it('posts to Slack for real in a local run given SLACK_WEBHOOK_URL, and previews the email', async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const handler = await loadHandler({
      IS_LOCAL: 'true',
      NOTIFY_TOPIC_ARN: '',
      SLACK_WEBHOOK_PARAMETER: '',
      SLACK_WEBHOOK_URL: `${aws.url}/services/T000/B000/LOCAL`,
    });
    await handler(loadSignInFixture('root-success-no-mfa-01.json'), context());
    const { sns, ssm, slack } = byKind();
    expect([sns.length, ssm.length]).toEqual([0, 0]);
    expect(slack.map((request) => request.path)).toEqual(['/services/T000/B000/LOCAL']);
  });
});
