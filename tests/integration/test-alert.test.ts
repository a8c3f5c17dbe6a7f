import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeAwsResponder, publishedEmails, queryParams, SNS_INTERNAL_ERROR } from '../../dev/aws-loopback.js';
import { type LocalHistoryTable, startHistoryTable } from '../../dev/history-table.js';
import { type Loopback, type RecordedRequest, type ScriptedResponse, startLoopback } from '../../dev/loopback.js';
import { runTestAlert, type TestAlertClients } from '../../scripts/test-alert-run.js';
import { HistoryTable } from '../../src/lib/history/table.js';
import { channelPaces, type DeliveryBatch, processDeliveryBatch } from '../../src/lib/notify/delivery-sender.js';
import { TEST_ALERT_MARKER, type TestAlertResult } from '../../src/lib/test-alert/test-alert.js';
import { freshSigninAlertHandler } from '../helpers/handlers.js';

/**
 * npm run test-alert end to end, offline: the deployed signinAlert's handler answers the test request (SNS and
 * the delivery queue on a loopback endpoint, the history table on dynalite), deliverySender delivers the
 * queued Slack and Teams messages,
 * and the command, invoking the function through a loopback Lambda that answers with that handler's result,
 * reports each channel.
 */

const TOPIC_ARN = 'arn:aws:sns:ap-northeast-1:123456789012:account-watch-prod-notifications';
const QUEUE_URL = 'https://sqs.ap-northeast-1.amazonaws.com/123456789012/account-watch-prod-deliveries.fifo';
const context = { getRemainingTimeInMillis: () => 60_000 } as unknown as Context;
const savedEnv = { ...process.env };
let aws: Loopback;
let table: LocalHistoryTable;

beforeAll(async () => {
  aws = await startLoopback();
  table = await startHistoryTable('test-alert');
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

async function loadSigninHandler() {
  return freshSigninAlertHandler(
    aws.url,
    {
      AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
      HISTORY_TABLE: table.tableName,
      NOTIFY_TOPIC_ARN: TOPIC_ARN,
      SLACK_WEBHOOK_PARAMETER: '/account-watch/slack-webhook-url',
      TEAMS_WEBHOOK_PARAMETER: '/account-watch/teams-webhook-url',
      DELIVERY_QUEUE_URL: QUEUE_URL,
      DEAD_LETTER_QUEUE_URL: 'https://sqs.ap-northeast-1.amazonaws.com/123456789012/account-watch-prod-dead-letters',
      TIME_ZONE: 'Asia/Tokyo',
      LOCALE: 'ja',
    },
    'ap-northeast-1',
  );
}

const xml = (body: string): ScriptedResponse => ({ status: 200, headers: { 'content-type': 'text/xml' }, body });
const subscription = (endpoint: string, arn: string) =>
  `<member><TopicArn>${TOPIC_ARN}</TopicArn><Protocol>email</Protocol><SubscriptionArn>${arn}</SubscriptionArn><Owner>123456789012</Owner><Endpoint>${endpoint}</Endpoint></member>`;

/** The account as the command sees it: STS, the function (answering `result`), and the topic's subscriptions. */
function deployedAccount(result: unknown, options: { missingFunction?: boolean } = {}) {
  return (request: RecordedRequest): ScriptedResponse => {
    const action = queryParams(request).get('Action');
    if (action === 'GetCallerIdentity') {
      return xml(
        '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/owner</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
      );
    }
    if (request.path === '/2015-03-31/functions/account-watch-prod-signinAlert/invocations') {
      if (options.missingFunction) {
        return {
          status: 404,
          headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'ResourceNotFoundException' },
          body: JSON.stringify({ Type: 'User', message: 'Function not found: account-watch-prod-signinAlert' }),
        };
      }
      return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(result) };
    }
    if (action === 'ListSubscriptionsByTopic') {
      return xml(
        `<ListSubscriptionsByTopicResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><ListSubscriptionsByTopicResult><Subscriptions>${subscription('owner@example.com', `${TOPIC_ARN}:0b1c`)}${subscription('team@example.com', 'PendingConfirmation')}</Subscriptions></ListSubscriptionsByTopicResult><ResponseMetadata><RequestId>2</RequestId></ResponseMetadata></ListSubscriptionsByTopicResponse>`,
      );
    }
    return { status: 400, body: `unexpected ${request.method} ${request.path}` };
  };
}

function commandClients(): TestAlertClients {
  const config = {
    region: 'ap-northeast-1',
    endpoint: aws.url,
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'offline' },
    maxAttempts: 1,
  };
  return {
    sts: new STSClient(config),
    lambda: new LambdaClient(config),
    sns: new SNSClient(config),
    dynamodb: new DynamoDBClient({ ...config, endpoint: table.endpoint }),
  };
}

const request = (at: string) => ({
  type: TEST_ALERT_MARKER,
  requestedAt: at,
  requestedBy: 'arn:aws:iam::123456789012:user/owner',
  stage: 'account-watch-prod (ap-northeast-1)',
});

describe('npm run test-alert', () => {
  it('sends one marked test message on each channel, and reports email per subscription and each chat once delivered', async () => {
    aws.respondWith(fakeAwsResponder({}));
    const handler = await loadSigninHandler();
    const result = (await handler(request('2026-12-02T01:00:00Z'), context)) as TestAlertResult;
    expect(result.channels.map(({ channel, outcome }) => [channel, outcome])).toEqual([
      ['sns', 'published'],
      ['slack', 'queued'],
      ['teams', 'queued'],
    ]);
    expect(result).toMatchObject({ topicArn: TOPIC_ARN, historyTable: table.tableName });
    const [email] = publishedEmails(aws.requests);
    expect(email?.subject).toBe('[TEST] AWS account watch: test message, nothing happened');
    expect(email?.body).toContain('テスト: AWS アカウント監視からの通知はここに届きます');
    expect(email?.body).toContain('2026-12-02 10:00:00 Asia/Tokyo');
    // Nothing went to a dead-letter queue: a test reports, it does not park.
    const sends = aws.requests.filter((r) => r.headers['x-amz-target'] === 'AmazonSQS.SendMessage');
    expect(sends.map((r) => (JSON.parse(r.body) as { QueueUrl: string }).QueueUrl)).toEqual([QUEUE_URL, QUEUE_URL]);

    // deliverySender drains the queue and delivers both.
    const batch: DeliveryBatch = {
      Records: sends.map((send, index) => ({
        messageId: `m-${index}`,
        body: (JSON.parse(send.body) as { MessageBody: string }).MessageBody,
      })),
    };
    const posted = await processDeliveryBatch(batch, {
      destinations: {
        slack: async () => `${aws.url}/services/T000/B000/XXXX`,
        teams: async () => `${aws.url}/workflows/teams`,
      },
      paces: channelPaces(),
      remainingTimeMs: () => 60_000,
      claims: new HistoryTable(table.client, table.tableName, 30),
    });
    expect(posted).toMatchObject({ posted: 2 });

    aws.respondWith(deployedAccount(result));
    const report = await runTestAlert(commandClients(), {
      region: 'ap-northeast-1',
      stage: 'prod',
      waitSeconds: 1,
      sleep: async () => {},
    });
    expect(report.lines).toEqual([
      'Sent a test message through account-watch-prod-signinAlert in ap-northeast-1:',
      '  Email to owner@example.com: sent (it arrives within a minute or two; look in the spam folder too)',
      expect.stringContaining('  Email to team@example.com: NOT delivered, the subscription is not confirmed.'),
      '  Slack: delivered by deliverySender',
      '  Teams: delivered by deliverySender',
    ]);
    // A pending confirmation means a person is not reached yet: the command says so with its exit code.
    expect(report.delivered).toBe(false);
    const invoke = aws.requests.find((r) => r.path.endsWith('/invocations'));
    expect(JSON.parse(invoke?.body ?? '{}')).toMatchObject({
      type: TEST_ALERT_MARKER,
      requestedBy: 'arn:aws:iam::123456789012:user/owner',
    });
  });

  it('says when Slack has not posted within the wait, and when a channel failed', async () => {
    aws.respondWith(fakeAwsResponder({ snsPublish: () => SNS_INTERNAL_ERROR }));
    const handler = await loadSigninHandler();
    const result = (await handler(request('2026-12-02T02:00:00Z'), context)) as TestAlertResult;
    expect(result.channels[0]).toMatchObject({ channel: 'sns', outcome: 'failed' });
    aws.respondWith(deployedAccount(result));
    let slept = 0;
    const report = await runTestAlert(commandClients(), {
      region: 'ap-northeast-1',
      stage: 'prod',
      waitSeconds: 6,
      pollMs: 2_000,
      sleep: async () => {
        slept++;
      },
    });
    expect(report.lines[1]).toMatch(/^ {2}Email: FAILED: /);
    expect(report.lines[2]).toContain('Slack: queued, but not delivered after 6 s.');
    // Three polls of two seconds for each queued channel (Slack and Teams), followed side by side.
    expect(slept).toBe(6);
    expect(report.delivered).toBe(false);
  });

  it('says in one line that no stack is deployed there', async () => {
    aws.respondWith(deployedAccount(undefined, { missingFunction: true }));
    const report = await runTestAlert(commandClients(), { region: 'ap-northeast-1', stage: 'prod', waitSeconds: 0 });
    expect(report.lines).toEqual([
      'No deployed stack account-watch-prod in ap-northeast-1: function account-watch-prod-signinAlert was not found. Deploy first (npx serverless deploy --region ap-northeast-1), or pass --region and --stage.',
    ]);
  });
});
