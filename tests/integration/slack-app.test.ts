import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeAwsResponder } from '../../dev/aws-loopback.js';
import { type LocalHistoryTable, startHistoryTable } from '../../dev/history-table.js';
import { type Loopback, startLoopback } from '../../dev/loopback.js';
import { type FakeSlackApi, startSlackApi } from '../../dev/slack-api.js';
import { DeliveryError } from '../../src/lib/errors.js';
import { channelPaces, type DeliveryBatch, processDeliveryBatch } from '../../src/lib/notify/delivery-sender.js';
import { renderSlack } from '../../src/lib/notify/slack.js';
import { memorySlackThreads, renderSlackApp, type SlackAppDestination } from '../../src/lib/notify/slack-app.js';
import { postToSlackApp } from '../../src/lib/notify/slack-app-post.js';
import { tableSlackThreads } from '../../src/lib/notify/slack-threads.js';
import { eventOf, stratusRecord } from '../helpers/attack-cases.js';
import { freshApiCallAlertHandler, freshDeliverySenderHandler } from '../helpers/handlers.js';
import { notificationFor } from '../helpers/notifications.js';

/**
 * Slack app mode against a loopback Slack Web API (real response shapes, the form @slack/web-api sends) with the
 * threads in dynalite: a burst's follow-ups go in its first alert's thread and that alert shows "× N"; a 429
 * waits out Retry-After, a 5xx backs off, a refusal is permanent and never names the token.
 */

const TOKEN = 'xoxb-1234567890-0987654321-s3cr3tB0tT0k3nValue';
const CHANNEL = 'C0TESTCHAN1';
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/account-watch-prod-deliveries.fifo';
const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:account-watch-prod-notifications';
const context = { getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

let slack: FakeSlackApi;
let aws: Loopback;
let table: LocalHistoryTable;
let sleeps: number[];
const savedEnv = { ...process.env };
const sleep = async (ms: number) => {
  sleeps.push(ms);
};
const destination = (): SlackAppDestination => ({ token: TOKEN, channel: CHANNEL, apiUrl: slack.url });

beforeAll(async () => {
  aws = await startLoopback();
  table = await startHistoryTable('slack-app');
});
afterAll(async () => {
  await aws.close();
  await table.close();
});
beforeEach(async () => {
  slack = await startSlackApi({ token: TOKEN, channels: [CHANNEL] });
  sleeps = [];
  aws.requests.length = 0;
  aws.respondWith(fakeAwsResponder({}));
});
afterEach(async () => {
  await slack.close();
  process.env = { ...savedEnv };
});

/** The messages apiCallAlert put on the delivery queue, as the batch deliverySender receives. */
function queuedBatch(): DeliveryBatch {
  const records = aws.requests
    .filter((request) => request.headers['x-amz-target'] === 'AmazonSQS.SendMessage')
    .map((request, index) => ({
      messageId: `m-${index}`,
      body: (JSON.parse(request.body) as { MessageBody: string }).MessageBody,
    }));
  return { Records: records };
}

const header = (message: FakeSlackApi['messages'][number] | undefined) =>
  message?.attachments?.[0]?.blocks?.find((block) => block.type === 'header')?.text?.text;

describe('a burst in Slack app mode, from apiCallAlert through the queue to Slack', () => {
  it('posts the first alert, puts the follow-up in its thread and updates the first with × 10', async () => {
    const handler = await freshApiCallAlertHandler(aws.url, table, {
      NOTIFY_TOPIC_ARN: TOPIC_ARN,
      DELIVERY_QUEUE_URL: QUEUE_URL,
      SLACK_BOT_TOKEN_PARAMETER: '/account-watch/slack-bot-token',
      SLACK_CHANNEL: CHANNEL,
    });
    const base = stratusRecord('persistence.iam-create-admin-user', 'CreateUser');
    for (let index = 0; index < 12; index++) {
      const time = new Date(Date.parse(String(base.eventTime)) + index * 20_000).toISOString();
      await handler(
        eventOf({
          ...base,
          eventID: `app-burst-${index}`,
          eventTime: time,
          requestParameters: { userName: `u${index}` },
        }),
        context,
      );
    }
    const batch = queuedBatch();
    const payloads = batch.Records.map((record) => JSON.parse(record.body).payload);
    expect(payloads).toHaveLength(2);
    expect(payloads[0]).toMatchObject({
      type: 'slackApp',
      thread: { key: expect.stringContaining('iam-user-created') },
    });
    expect(payloads[0].thread.followUp).toBeUndefined();
    expect(payloads[1]).toMatchObject({ type: 'slackApp', thread: { followUp: { count: 10 } } });

    const result = await processDeliveryBatch(batch, {
      destinations: {
        slackApp: {
          destination: async () => destination(),
          post: postToSlackApp,
          threads: tableSlackThreads(table.client, table.tableName),
        },
      },
      paces: channelPaces({ now: () => 0, sleep: async () => undefined }),
      remainingTimeMs: () => 60_000,
    });
    expect(result).toMatchObject({ posted: 2, batchItemFailures: [], deadLettered: 0 });
    expect(slack.calls).toEqual(['chat.postMessage', 'chat.postMessage', 'chat.update']);
    const [first, reply] = slack.messages;
    expect(first?.thread_ts).toBeUndefined();
    expect(reply?.thread_ts).toBe(first?.ts);
    expect(header(first)).toMatch(/An IAM user was created.* × 10$/);
    expect(first?.text).toMatch(/ × 10$/);
    expect(first?.updates).toBe(1);
    expect(header(reply)).toContain('An IAM user was created');
  });
});

describe('postToSlackApp against the loopback Web API', () => {
  const notification = notificationFor('root-success-mfa-01.json');
  const message = renderSlackApp(notification, { interactive: false });

  it('posts the Block Kit message with the bot token, to the channel, without link previews', async () => {
    await postToSlackApp(destination(), message, { remainingTimeMs: () => 60_000, sleep });
    expect(slack.calls).toEqual(['chat.postMessage']);
    const [request] = slack.loopback.requests;
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const form = new URLSearchParams(request?.body);
    expect(form.get('channel')).toBe(CHANNEL);
    expect(form.get('unfurl_links')).toBe('false');
    expect(JSON.parse(form.get('attachments') ?? '[]')).toEqual(renderSlack(notification).attachments);
  });

  it('waits as long as Retry-After says after a 429, then delivers', async () => {
    slack.failNext({ status: 429, headers: { 'retry-after': '3' }, body: '' });
    await postToSlackApp(destination(), message, { remainingTimeMs: () => 60_000, sleep });
    expect(sleeps).toEqual([3000]);
    expect(slack.messages).toHaveLength(1);
  });

  it('backs off on a 5xx and on Slack\u2019s own internal_error, then delivers', async () => {
    slack.failNext(
      { status: 503, body: 'unavailable' },
      { status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":false,"error":"internal_error"}' },
    );
    await postToSlackApp(destination(), message, { remainingTimeMs: () => 60_000, sleep, baseDelayMs: 10 });
    expect(sleeps).toHaveLength(2);
    expect(slack.messages).toHaveLength(1);
  });

  it('gives up at once, for good, on a channel it cannot post to, naming Slack\u2019s error and never the token', async () => {
    const wrong = { ...destination(), channel: 'C0NOTTHERE1' };
    const error = await postToSlackApp(wrong, message, { remainingTimeMs: () => 60_000, sleep }).catch((e) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).permanent).toBe(true);
    expect((error as Error).message).toContain('channel_not_found');
    expect(slack.calls).toHaveLength(1);
    const badToken = await postToSlackApp({ ...destination(), token: 'xoxb-0000000000-wrong' }, message, {
      remainingTimeMs: () => 60_000,
      sleep,
    }).catch((e) => e);
    expect((badToken as Error).message).toContain('invalid_auth');
    expect((badToken as Error).message).not.toContain('xoxb-');
  });

  it('posts a follow-up whose first message is unknown on its own', async () => {
    const followUp = renderSlackApp({ ...notification, thread: 'k', followUp: { count: 10 } }, { interactive: false });
    await postToSlackApp(destination(), followUp, {
      remainingTimeMs: () => 60_000,
      sleep,
      threads: memorySlackThreads(),
    });
    expect(slack.calls).toEqual(['chat.postMessage']);
    expect(slack.messages[0]?.thread_ts).toBeUndefined();
  });

  it('counts a follow-up delivered once posted: a refused update is logged, not a reason to post it again', async () => {
    const threads = memorySlackThreads();
    await postToSlackApp(destination(), renderSlackApp({ ...notification, thread: 'k' }, { interactive: false }), {
      remainingTimeMs: () => 60_000,
      sleep,
      threads,
    });
    slack.refuse('chat.update', 'message_not_found');
    const followUp = renderSlackApp({ ...notification, thread: 'k', followUp: { count: 100 } }, { interactive: false });
    await postToSlackApp(destination(), followUp, { remainingTimeMs: () => 60_000, sleep, threads });
    expect(slack.calls).toEqual(['chat.postMessage', 'chat.postMessage', 'chat.update']);
    expect(slack.messages[1]?.thread_ts).toBe(slack.messages[0]?.ts);
    expect(slack.messages[0]?.updates).toBe(0);
  });
});

describe('deliverySender as deployed in app mode', () => {
  it('reads the bot token from Parameter Store, decrypted, and posts both the app\u2019s and an older webhook message', async () => {
    aws.respondWith(fakeAwsResponder({ ssmParameterValue: TOKEN }));
    const handler = await freshDeliverySenderHandler(aws.url, {
      NOTIFY_TOPIC_ARN: TOPIC_ARN,
      SLACK_BOT_TOKEN_PARAMETER: '/account-watch/slack-bot-token',
      SLACK_CHANNEL: CHANNEL,
      SLACK_API_URL: slack.url,
    });
    const notification = notificationFor('iam-user-success-no-mfa-01.json');
    const record = (payload: unknown, id: string) => ({
      messageId: id,
      body: JSON.stringify({ type: 'queuedDelivery', channel: 'slack', key: id, enqueuedAt: '', payload }),
    });
    const result = await handler(
      {
        Records: [
          record(renderSlackApp(notification, { interactive: false }), 'app'),
          record(renderSlack(notification), 'webhook-era'),
        ],
      },
      context,
    );
    expect(result).toMatchObject({ posted: 2, batchItemFailures: [], deadLettered: 0 });
    const read = aws.requests.find((request) => request.headers['x-amz-target'] === 'AmazonSSM.GetParameter');
    expect(JSON.parse(read?.body ?? '{}')).toMatchObject({
      Name: '/account-watch/slack-bot-token',
      WithDecryption: true,
    });
    expect(slack.messages).toHaveLength(2);
  });

  it('dead-letters at once when the parameter holds no bot token, naming the parameter and not its value', async () => {
    aws.respondWith(fakeAwsResponder({ ssmParameterValue: 'https://hooks.slack.com/services/T/B/not-a-token' }));
    const handler = await freshDeliverySenderHandler(aws.url, {
      NOTIFY_TOPIC_ARN: TOPIC_ARN,
      SLACK_BOT_TOKEN_PARAMETER: '/account-watch/slack-bot-token',
      SLACK_CHANNEL: CHANNEL,
      SLACK_API_URL: slack.url,
      DEAD_LETTER_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/account-watch-prod-dead-letters',
    });
    const result = await handler(
      {
        Records: [
          {
            messageId: 'x',
            attributes: { ApproximateReceiveCount: '4' },
            body: JSON.stringify({
              type: 'queuedDelivery',
              channel: 'slack',
              key: 'x',
              enqueuedAt: '',
              payload: { text: 'a' },
            }),
          },
        ],
      },
      context,
    );
    expect(result).toMatchObject({ deadLettered: 1 });
    const letter = aws.requests.find((request) => request.headers['x-amz-target'] === 'AmazonSQS.SendMessage');
    const reason = JSON.parse((JSON.parse(letter?.body ?? '{}') as { MessageBody: string }).MessageBody).reason;
    expect(reason).toContain('/account-watch/slack-bot-token');
    expect(reason).toContain('bot token');
    expect(reason).not.toContain('not-a-token');
    expect(slack.calls).toHaveLength(0);
  });
});
