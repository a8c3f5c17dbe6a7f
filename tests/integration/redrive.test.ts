import { createHash } from 'node:crypto';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeAwsResponder, queryParams } from '../../dev/aws-loopback.js';
import { type Loopback, type RecordedRequest, startLoopback } from '../../dev/loopback.js';
import { redriveDeadLetters } from '../../scripts/redrive-dead-letters.js';
import { deliveryKey } from '../../src/lib/notify/delivery-queue.js';
import { lineRetryKey } from '../../src/lib/notify/line.js';

const QUEUE = 'https://sqs.ap-northeast-1.amazonaws.com/123456789012/account-watch-prod-dead-letters';
const json = (body: unknown) => ({
  status: 200,
  headers: { 'content-type': 'application/x-amz-json-1.0' },
  body: JSON.stringify(body),
});

let aws: Loopback;
beforeAll(async () => {
  aws = await startLoopback();
});
afterAll(async () => {
  await aws.close();
});

/** A dead-letter queue holding the given bodies, answered as SQS does (with each body's MD5, which the SDK checks). */
function queueHolding(bodies: string[], slack: () => { status: number; body: string }) {
  const fake = fakeAwsResponder({ slack });
  return (request: RecordedRequest) => {
    const target = request.headers['x-amz-target'];
    if (target === 'AmazonSQS.ReceiveMessage') {
      return json({
        Messages: bodies.map((body, index) => ({
          MessageId: `m-${index}`,
          ReceiptHandle: `r-${index}`,
          MD5OfBody: createHash('md5').update(body).digest('hex'),
          Body: body,
        })),
      });
    }
    if (target === 'AmazonSQS.DeleteMessage') return json({});
    return fake(request);
  };
}

const slackPayload = { text: 'CRITICAL: Root user signed in', attachments: [] };
const snsPayload = {
  TopicArn: 'arn:aws:sns:ap-northeast-1:123456789012:account-watch-prod-notifications',
  Subject: '[CRITICAL] Root sign-in to 111122223333 from 192.0.2.0',
  MessageStructure: 'json',
  Message: JSON.stringify({ default: '{}', email: 'body', sms: 'short' }),
};
const letter = (channel: string, payload: unknown) =>
  JSON.stringify({ type: 'undeliveredNotification', channel, reason: 'r', failedAt: '2026-11-28T00:00:00Z', payload });

function clients() {
  const config = {
    region: 'ap-northeast-1',
    endpoint: aws.url,
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'offline' },
  };
  const sns = new SNSClient(config);
  return {
    sqs: new SQSClient({ ...config, useQueueUrlAsEndpoint: false }),
    sns: () => sns,
    destinations: {
      slack: async () => `${aws.url}/services/T000/B000/REDRIVE`,
      teams: async () => `${aws.url}/workflows/REDRIVE`,
      line: async () => ({ apiUrl: `${aws.url}/line`, token: 't', to: `U${'2'.repeat(32)}` }),
    },
  };
}

const teamsPayload = { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive' }] };
const linePayload = { messages: [{ type: 'text', text: 'alert' }] };

describe('npm run redrive against a loopback AWS', () => {
  it('re-sends each dead-lettered notification on its own channel only, deletes it, and leaves whole events alone', async () => {
    aws.requests.length = 0;
    const lambdaFailure = JSON.stringify({ requestContext: { condition: 'RetriesExhausted' }, requestPayload: {} });
    aws.respondWith(
      queueHolding([letter('slack', slackPayload), letter('sns', snsPayload), lambdaFailure], () => ({
        status: 200,
        body: 'ok',
      })),
    );
    const summary = await redriveDeadLetters(clients(), QUEUE);
    expect(summary).toEqual({ resent: { sns: 1, slack: 1 }, failed: 0, left: 1 });
    const slack = aws.requests.filter((request) => request.path.startsWith('/services/'));
    expect(slack.map((request) => JSON.parse(request.body))).toEqual([slackPayload]);
    const published = aws.requests.filter((request) => queryParams(request).get('Action') === 'Publish');
    expect(published.map((request) => queryParams(request).get('Subject'))).toEqual([snsPayload.Subject]);
    const deleted = aws.requests
      .filter((request) => request.headers['x-amz-target'] === 'AmazonSQS.DeleteMessage')
      .map((request) => (JSON.parse(request.body) as { ReceiptHandle: string }).ReceiptHandle);
    expect(deleted).toEqual(['r-0', 'r-1']);
  });

  it('keeps a message that still fails in the queue, and says so', async () => {
    aws.requests.length = 0;
    aws.respondWith(queueHolding([letter('slack', slackPayload)], () => ({ status: 404, body: 'no_service' })));
    const summary = await redriveDeadLetters(clients(), QUEUE);
    expect(summary).toEqual({ resent: {}, failed: 1, left: 0 });
    expect(aws.requests.some((request) => request.headers['x-amz-target'] === 'AmazonSQS.DeleteMessage')).toBe(false);
  });

  it('re-sends a Teams card and a LINE push on their own channels, LINE with the retry key it was queued with', async () => {
    aws.requests.length = 0;
    aws.respondWith(
      queueHolding([letter('teams', teamsPayload), letter('line', linePayload)], () => ({ status: 200, body: '{}' })),
    );
    const summary = await redriveDeadLetters(clients(), QUEUE);
    expect(summary).toEqual({ resent: { teams: 1, line: 1 }, failed: 0, left: 0 });
    const teams = aws.requests.find((request) => request.path === '/workflows/REDRIVE');
    expect(JSON.parse(teams?.body ?? '{}')).toEqual(teamsPayload);
    const line = aws.requests.find((request) => request.path === '/line/v2/bot/message/push');
    expect(line?.headers['x-line-retry-key']).toBe(lineRetryKey(deliveryKey('line', linePayload)));
  });
});
