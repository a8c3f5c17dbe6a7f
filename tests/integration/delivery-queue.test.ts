import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeAwsResponder, queryParams } from '../../dev/aws-loopback.js';
import { type LocalHistoryTable, startHistoryTable } from '../../dev/history-table.js';
import { type Loopback, type RecordedRequest, type ScriptedResponse, startLoopback } from '../../dev/loopback.js';
import { replaySignIn } from '../../dev/sign-in-sequence.js';
import { HistoryTable } from '../../src/lib/history/table.js';
import { queuedDelivery } from '../../src/lib/notify/delivery-queue.js';
import {
  channelPaces,
  type DeliveryBatch,
  type DeliverySenderDependencies,
  pace as paceOf,
  processDeliveryBatch,
} from '../../src/lib/notify/delivery-sender.js';
import { renderHtmlEmail } from '../../src/lib/notify/email-html.js';
import { freshDeliverySenderHandler, freshSigninAlertHandler } from '../helpers/handlers.js';

/**
 * Bursts reach every chat whole: the functions queue their chat messages (SQS FIFO on a loopback endpoint, a
 * message group per channel), deliverySender drains the queue at each channel's pace against a loopback Slack that allows one message per
 * interval and answers 429 with Retry-After beyond it. Email is published directly and never repeated.
 */

const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:account-watch-prod-notifications';
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/account-watch-prod-deliveries.fifo';
const DLQ_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/account-watch-prod-dead-letters';
const context = { getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

let aws: Loopback;
let table: LocalHistoryTable;
const savedEnv = { ...process.env };

/** A Slack webhook that allows one message per `intervalMs` and says 429 (Retry-After) to anything faster. */
function rateLimitedSlack(intervalMs: number) {
  let last = Number.NEGATIVE_INFINITY;
  const accepted: string[] = [];
  let refused = 0;
  return {
    accepted,
    refused: () => refused,
    respond(request: RecordedRequest): ScriptedResponse {
      const now = Date.now();
      if (now - last < intervalMs) {
        refused++;
        return { status: 429, headers: { 'retry-after': String(intervalMs / 1000) }, body: 'rate_limited' };
      }
      last = now;
      accepted.push(request.body);
      return { status: 200, body: 'ok' };
    },
  };
}

/** The FIFO queue as the alert functions filled it: SendMessage requests, in order, deduplicated as SQS does. */
function queued(): DeliveryBatch['Records'] {
  const seen = new Set<string>();
  const records: DeliveryBatch['Records'] = [];
  for (const request of aws.requests) {
    if (request.headers['x-amz-target'] !== 'AmazonSQS.SendMessage') continue;
    const body = JSON.parse(request.body) as {
      QueueUrl: string;
      MessageBody: string;
      MessageDeduplicationId?: string;
      MessageGroupId?: string;
    };
    if (body.QueueUrl !== QUEUE_URL) continue;
    expect(body.MessageGroupId).toBe(JSON.parse(body.MessageBody).channel);
    if (body.MessageDeduplicationId && seen.has(body.MessageDeduplicationId)) continue;
    if (body.MessageDeduplicationId) seen.add(body.MessageDeduplicationId);
    records.push({ messageId: `m-${records.length}`, body: body.MessageBody });
  }
  return records;
}

/** Queue records for texts (each a distinct message), with their texts as message IDs. */
function queuedRecords(texts: string[]): DeliveryBatch['Records'] {
  return texts.map((text) => ({
    messageId: text,
    body: JSON.stringify(queuedDelivery('slack', { text }, new Date('2026-04-03T00:00:00Z'))),
  }));
}

/** Drains a queue as Lambda's SQS event source would: batches of ten, failed ones received again. */
async function drain(
  records: DeliveryBatch['Records'],
  run: (batch: DeliveryBatch) => Promise<{ batchItemFailures: Array<{ itemIdentifier: string }> }>,
) {
  let waiting = [...records];
  for (let receive = 0; waiting.length > 0 && receive < 100; receive++) {
    const batch = waiting.slice(0, 10);
    const { batchItemFailures } = await run({ Records: batch });
    const failed = new Set(batchItemFailures.map((failure) => failure.itemIdentifier));
    waiting = [...batch.filter((record) => failed.has(record.messageId)), ...waiting.slice(10)];
  }
  return waiting;
}

/** deliverySender's dependencies with Slack on the loopback, no pause between posts unless asked. */
function slackDeps(extra: Partial<DeliverySenderDependencies> = {}): DeliverySenderDependencies {
  return {
    destinations: { slack: async () => `${aws.url}/services/T000/B000/XXXX` },
    paces: channelPaces({ now: Date.now, sleep: async () => undefined }),
    remainingTimeMs: () => 60_000,
    ...extra,
  };
}

async function loadSigninHandler() {
  return freshSigninAlertHandler(aws.url, {
    AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
    HISTORY_TABLE: table.tableName,
    NOTIFY_TOPIC_ARN: TOPIC_ARN,
    SLACK_WEBHOOK_PARAMETER: '/account-watch/slack-webhook-url',
    DELIVERY_QUEUE_URL: QUEUE_URL,
    DEAD_LETTER_QUEUE_URL: DLQ_URL,
  });
}

beforeAll(async () => {
  aws = await startLoopback();
  table = await startHistoryTable('delivery-queue');
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

describe('Slack through a queue', () => {
  it('queues 100 concurrent alerts, emails each once at once, and posts each once at the webhook\u2019s pace', async () => {
    const interval = 100; // a scaled second: the webhook's one-a-second limit, ten times faster
    const slack = rateLimitedSlack(interval);
    aws.respondWith(fakeAwsResponder({ slack: (request) => slack.respond(request) }));
    const handler = await loadSigninHandler();
    await Promise.all(
      Array.from({ length: 100 }, (_, index) =>
        handler(
          replaySignIn('eventbridge-iam-user-success-mfa-01.json', {
            eventId: `burst-${index}`,
            time: `2026-04-01T09:00:${String(index % 60).padStart(2, '0')}Z`,
            ip: `133.242.${Math.floor(index / 50)}.${index % 250}`,
            userName: `member-${index}`,
          }),
          context,
        ),
      ),
    );
    const emails = aws.requests.filter((request) => queryParams(request).get('Action') === 'Publish');
    expect(emails).toHaveLength(100);
    // No alert function posted to Slack, or read its webhook: they only queued.
    expect(aws.requests.filter((request) => request.path.startsWith('/services/'))).toHaveLength(0);
    expect(aws.requests.filter((request) => request.headers['x-amz-target'] === 'AmazonSSM.GetParameter')).toHaveLength(
      0,
    );
    const records = queued();
    expect(records).toHaveLength(100);

    const claims = new HistoryTable(table.client, table.tableName, 30);
    const paces = { ...channelPaces(), slack: paceOf(interval + 5) };
    const started = Date.now();
    const left = await drain(records, (batch) => processDeliveryBatch(batch, slackDeps({ paces, claims })));
    expect(left).toEqual([]);
    expect(slack.accepted).toHaveLength(100);
    expect(new Set(slack.accepted).size).toBe(100);
    // Paced, not hammered: about one interval per message, and hardly a 429.
    expect(Date.now() - started).toBeGreaterThanOrEqual(99 * interval);
    expect(slack.refused()).toBeLessThanOrEqual(2);
  });

  it('posts a redelivered message once, and a message the alert function queued twice once', async () => {
    const slack = rateLimitedSlack(0);
    aws.respondWith(fakeAwsResponder({ slack: (request) => slack.respond(request) }));
    const handler = await loadSigninHandler();
    const event = replaySignIn('eventbridge-iam-user-success-mfa-01.json', {
      eventId: 'redelivered',
      time: '2026-04-02T09:00:00Z',
      ip: '133.242.9.9',
      userName: 'redelivered',
    });
    await handler(event, context);
    const [record] = queued();
    if (!record) throw new Error('nothing queued');
    const claims = new HistoryTable(table.client, table.tableName, 30);
    const deps = slackDeps({ claims });
    expect(await processDeliveryBatch({ Records: [record] }, deps)).toMatchObject({ posted: 1 });
    expect(await processDeliveryBatch({ Records: [{ ...record, messageId: 'again' }] }, deps)).toMatchObject({
      posted: 0,
      duplicates: 1,
    });
    expect(slack.accepted).toHaveLength(1);
  });

  it.each([
    [404, 'no_service'],
    [403, 'invalid_token'],
    [410, 'channel_is_archived'],
  ])('dead-letters a message Slack refuses for good (%i %s) at once, and keeps going', async (status, error) => {
    let calls = 0;
    aws.respondWith(
      fakeAwsResponder({ slack: () => (++calls === 1 ? { status, body: error } : { status: 200, body: 'ok' }) }),
    );
    const sent: unknown[] = [];
    const records = queuedRecords(['a', 'b']);
    const result = await processDeliveryBatch(
      { Records: records },
      slackDeps({ deadLetters: { send: async (entry) => void sent.push(entry) } }),
    );
    expect(result).toEqual({ batchItemFailures: [], posted: 1, duplicates: 0, deadLettered: 1, overAllowance: 0 });
    // The exact message Slack refused, so it can be re-driven alone; never the webhook URL.
    expect(sent).toEqual([
      expect.objectContaining({
        channel: 'slack',
        payload: { text: 'a' },
        reason: expect.stringContaining(`HTTP ${status} ${error}`),
      }),
    ]);
    expect(JSON.stringify(sent)).not.toContain('/services/');
  });

  it('returns a message Slack keeps failing, and every one behind it, to the queue, in order', async () => {
    aws.respondWith(fakeAwsResponder({ slack: () => ({ status: 503, body: 'unavailable' }) }));
    const records = queuedRecords(['x', 'y', 'z']);
    const result = await processDeliveryBatch({ Records: records }, slackDeps({ remainingTimeMs: () => 12_000 }));
    expect(result.batchItemFailures).toEqual([
      { itemIdentifier: 'x' },
      { itemIdentifier: 'y' },
      { itemIdentifier: 'z' },
    ]);
    expect(result.posted).toBe(0);
  });
});

describe('a Slack message that keeps failing', () => {
  it('goes to the dead-letter queue with its reason on its last receive, and the ones behind it go on', async () => {
    aws.respondWith(fakeAwsResponder({ slack: () => ({ status: 503, body: 'unavailable' }) }));
    const sent: Array<{ reason: string; payload: unknown }> = [];
    const [first, second] = queuedRecords(['last-try', 'behind']);
    if (!first || !second) throw new Error('no records');
    const result = await processDeliveryBatch(
      { Records: [{ ...first, attributes: { ApproximateReceiveCount: '4' } }, second] },
      slackDeps({ remainingTimeMs: () => 12_000, deadLetters: { send: async (entry) => void sent.push(entry) } }),
    );
    expect(sent).toEqual([
      expect.objectContaining({
        payload: { text: 'last-try' },
        reason: expect.stringMatching(/HTTP 503 unavailable.*receive 4: given up/),
      }),
    ]);
    // The message behind it was tried in turn (and, still failing, returned to the queue).
    expect(result.deadLettered).toBe(1);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'behind' }]);
  });
});

/** A queue record for one channel's rendered message, with its ID. */
function record(channel: Parameters<typeof queuedDelivery>[0], payload: unknown, messageId: string) {
  return { messageId, body: JSON.stringify(queuedDelivery(channel, payload, new Date('2026-04-03T00:00:00Z'))) };
}

describe('every chat in one queue, each at its own pace', () => {
  const destinations = () => ({
    slack: async () => `${aws.url}/services/T000/B000/XXXX`,
    teams: async () => `${aws.url}/teams/workflows/abc`,
    discord: async () => `${aws.url}/discord/api/webhooks/1/abc`,
    line: async () => ({ apiUrl: `${aws.url}/line`, token: 'line-token', to: `U${'0'.repeat(32)}` }),
  });

  it('delivers Teams and Discord while Slack waits out its 429, and returns only Slack\u2019s messages', async () => {
    aws.respondWith((request) => {
      if (request.path.startsWith('/services/'))
        return { status: 429, headers: { 'retry-after': '0' }, body: 'rate_limited' };
      if (request.path.startsWith('/teams/')) return { status: 202, body: '' };
      return { status: 204, body: '' };
    });
    const result = await processDeliveryBatch(
      {
        Records: [
          record('slack', { text: 's1' }, 's1'),
          record('teams', { type: 'message', attachments: [] }, 't1'),
          record('slack', { text: 's2' }, 's2'),
          record('discord', { content: 'd1' }, 'd1'),
          record('teams', { type: 'message', attachments: [{ n: 2 }] }, 't2'),
        ],
      },
      {
        destinations: destinations(),
        paces: channelPaces({ now: Date.now, sleep: async () => undefined }),
        remainingTimeMs: () => 12_000,
      },
    );
    expect(result.posted).toBe(3);
    // Slack's first message and the one behind it go back, in order; nobody else's.
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 's1' }, { itemIdentifier: 's2' }]);
    const teams = aws.requests.filter((request) => request.path.startsWith('/teams/'));
    expect(teams).toHaveLength(2);
    expect(teams[0]?.headers['content-type']).toBe('application/json');
  });

  it('waits as long as Discord\u2019s retry_after says, then delivers', async () => {
    let calls = 0;
    aws.respondWith(() =>
      ++calls === 1
        ? {
            status: 429,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ message: 'You are being rate limited.', retry_after: 0.2, global: false }),
          }
        : { status: 204, body: '' },
    );
    const started = Date.now();
    const result = await processDeliveryBatch(
      { Records: [record('discord', { content: 'x' }, 'd')] },
      { destinations: destinations(), paces: channelPaces(), remainingTimeMs: () => 60_000 },
    );
    expect(result.posted).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('waits as long as a Teams 429\u2019s Retry-After says, then delivers', async () => {
    let calls = 0;
    aws.respondWith(() =>
      ++calls === 1
        ? { status: 429, headers: { 'retry-after': '0.25' }, body: 'Too Many Requests' }
        : { status: 202, body: '' },
    );
    const started = Date.now();
    const result = await processDeliveryBatch(
      { Records: [record('teams', { type: 'message', attachments: [] }, 't')] },
      { destinations: destinations(), paces: channelPaces(), remainingTimeMs: () => 60_000 },
    );
    expect(result.posted).toBe(1);
    expect(calls).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('dead-letters a Teams workflow that is gone with its status, never its URL', async () => {
    aws.respondWith(() => ({ status: 404, body: '{"error":{"code":"WorkflowNotFound"}}' }));
    const sent: Array<{ channel: string; reason: string }> = [];
    const result = await processDeliveryBatch(
      { Records: [record('teams', { type: 'message', attachments: [] }, 't')] },
      {
        destinations: destinations(),
        paces: channelPaces(),
        remainingTimeMs: () => 60_000,
        deadLetters: { send: async (entry) => void sent.push(entry) },
      },
    );
    expect(result.deadLettered).toBe(1);
    expect(sent[0]).toMatchObject({ channel: 'teams', reason: expect.stringContaining('HTTP 404') });
    expect(JSON.stringify(sent)).not.toContain('/teams/workflows');
  });

  it('pushes to LINE with the token, the recipient and a retry key, and takes 409 as delivered before', async () => {
    aws.respondWith(() => ({ status: 409, body: '{"message":"The retry key is already accepted"}' }));
    const result = await processDeliveryBatch(
      { Records: [record('line', { messages: [{ type: 'text', text: 'hi' }] }, 'l')] },
      { destinations: destinations(), paces: channelPaces(), remainingTimeMs: () => 60_000 },
    );
    expect(result.posted).toBe(1);
    const [push] = aws.requests;
    expect(push?.path).toBe('/line/v2/bot/message/push');
    expect(push?.headers.authorization).toBe('Bearer line-token');
    expect(push?.headers['x-line-retry-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(push?.body ?? '{}')).toEqual({
      to: `U${'0'.repeat(32)}`,
      messages: [{ type: 'text', text: 'hi' }],
    });
  });

  it('dead-letters at once when LINE says the monthly limit is reached, and never retries it', async () => {
    aws.respondWith(() => ({ status: 429, body: '{"message":"You have reached your monthly limit."}' }));
    const sent: Array<{ reason: string }> = [];
    const result = await processDeliveryBatch(
      { Records: [record('line', { messages: [{ type: 'text', text: 'hi' }] }, 'l')] },
      {
        destinations: destinations(),
        paces: channelPaces(),
        remainingTimeMs: () => 60_000,
        deadLetters: { send: async (entry) => void sent.push(entry) },
      },
    );
    expect(aws.requests).toHaveLength(1);
    expect(result.deadLettered).toBe(1);
    expect(sent[0]?.reason).toContain('monthly limit');
  });

  it('keeps LINE within the month\u2019s allowance in the history table, says so in the last message, and sends no more', async () => {
    aws.respondWith(() => ({ status: 200, body: '{}' }));
    const claims = new HistoryTable(table.client, table.tableName, 30);
    const now = () => Date.parse('2026-05-20T00:00:00Z');
    const deps: DeliverySenderDependencies = {
      destinations: destinations(),
      paces: channelPaces({ now: Date.now, sleep: async () => undefined }),
      remainingTimeMs: () => 60_000,
      claims,
      lineAllowance: { limit: 2, locale: 'ja' },
      now,
    };
    const result = await processDeliveryBatch(
      {
        Records: [1, 2, 3].map((n) =>
          record('line', { messages: [{ type: 'flex', altText: `alert ${n}`, contents: {} }] }, `l${n}`),
        ),
      },
      deps,
    );
    expect(result).toMatchObject({ posted: 2, overAllowance: 1 });
    const pushes = aws.requests.map(
      (request) => JSON.parse(request.body) as { messages: { type: string; text?: string }[] },
    );
    expect(pushes).toHaveLength(2);
    expect(pushes[0]?.messages).toHaveLength(1);
    // The second is the last of the month: a note in the same push (LINE counts a push once per recipient).
    expect(pushes[1]?.messages.map((message) => message.type)).toEqual(['flex', 'text']);
    expect(pushes[1]?.messages[1]?.text).toContain('2 通目（最後）');
    expect(await claims.allowanceUsed('line', '2026-05')).toBe(2);
    expect(await claims.allowanceUsed('line', '2026-06')).toBe(0);
  });

  it('gives back the allowance of a LINE push that failed, so its retry does not count twice', async () => {
    aws.respondWith(() => ({ status: 500, body: 'oops' }));
    const claims = new HistoryTable(table.client, table.tableName, 30);
    const now = () => Date.parse('2026-07-20T00:00:00Z');
    // The invocation's time runs out after the first refusal: one push, then back to the queue.
    let remaining = 12_000;
    const result = await processDeliveryBatch(
      { Records: [record('line', { messages: [{ type: 'text', text: 'x' }] }, 'l')] },
      {
        destinations: destinations(),
        paces: channelPaces({ now: Date.now, sleep: async () => undefined }),
        remainingTimeMs: () => (remaining -= 2_000),
        claims,
        lineAllowance: { limit: 200, locale: 'en' },
        now,
      },
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'l' }]);
    expect(await claims.allowanceUsed('line', '2026-07')).toBe(0);
  });
});

describe('the HTML email through SES', () => {
  const ses = () =>
    new SESv2Client({
      region: 'us-east-1',
      endpoint: aws.url,
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'offline' },
      maxAttempts: 1,
    });

  it('sends the HTML with its text alternative and the chart as an inline PNG, from and to the verified address', async () => {
    aws.respondWith(fakeAwsResponder({}));
    const { GOLDEN_VARIANTS, renderCostMessages } = await import('../../dev/golden.js');
    const [digest] = await renderCostMessages(GOLDEN_VARIANTS[1].env);
    if (!digest) throw new Error('no digest');
    const result = await processDeliveryBatch(
      { Records: [record('email', renderHtmlEmail(digest.notification), 'e')] },
      {
        destinations: { email: { ses: ses(), address: 'owner@example.com' } },
        paces: channelPaces(),
        remainingTimeMs: () => 60_000,
      },
    );
    expect(result.posted).toBe(1);
    const [request] = aws.requests;
    expect(request?.path).toBe('/v2/email/outbound-emails');
    const body = JSON.parse(request?.body ?? '{}');
    expect(body).toMatchObject({
      FromEmailAddress: 'owner@example.com',
      Destination: { ToAddresses: ['owner@example.com'] },
      Content: { Simple: { Subject: { Charset: 'UTF-8' }, Body: { Html: {}, Text: {} } } },
    });
    expect(body.Content.Simple.Body.Html.Data).toContain('src="cid:chart"');
    expect(body.Content.Simple.Body.Text.Data).toContain(digest.notification.title);
    const [attachment] = body.Content.Simple.Attachments;
    expect(attachment).toMatchObject({ ContentId: 'chart', ContentDisposition: 'INLINE', ContentType: 'image/png' });
    expect(Buffer.from(attachment.RawContent, 'base64').subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
  });

  it('dead-letters at once what SES refuses for good (an address not verified yet), with SES\u2019s words', async () => {
    aws.respondWith(() => ({
      status: 400,
      headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'MessageRejected' },
      body: JSON.stringify({ message: 'Email address is not verified. The following identities failed the check' }),
    }));
    const sent: Array<{ channel: string; reason: string }> = [];
    const result = await processDeliveryBatch(
      { Records: [record('email', { subject: 's', html: '<p>x</p>', text: 'x' }, 'e')] },
      {
        destinations: { email: { ses: ses(), address: 'owner@example.com' } },
        paces: channelPaces(),
        remainingTimeMs: () => 60_000,
        deadLetters: { send: async (entry) => void sent.push(entry) },
      },
    );
    expect(result).toMatchObject({ deadLettered: 1, batchItemFailures: [] });
    expect(sent[0]).toMatchObject({ channel: 'email', reason: expect.stringContaining('MessageRejected') });
    expect(sent[0]?.reason).toContain('not verified');
  });
});

describe('deliverySender as deployed', () => {
  it('reads each channel\u2019s secret from Parameter Store, decrypted, and delivers each channel\u2019s message', async () => {
    aws.respondWith(fakeAwsResponder({ ssmParameterValue: `${aws.url}/services/T000/B000/DEPLOYED` }));
    const handler = await freshDeliverySenderHandler(aws.url, {
      NOTIFY_TOPIC_ARN: TOPIC_ARN,
      SLACK_WEBHOOK_PARAMETER: '/account-watch/slack-webhook-url',
      TEAMS_WEBHOOK_PARAMETER: '/account-watch/teams-webhook-url',
      DEAD_LETTER_QUEUE_URL: DLQ_URL,
    });
    const result = await handler(
      { Records: [record('slack', { text: 'a' }, 's'), record('teams', { type: 'message', attachments: [] }, 't')] },
      context,
    );
    expect(result).toMatchObject({ posted: 2, batchItemFailures: [], deadLettered: 0 });
    const reads = aws.requests
      .filter((request) => request.headers['x-amz-target'] === 'AmazonSSM.GetParameter')
      .map((request) => JSON.parse(request.body) as { Name: string; WithDecryption: boolean });
    expect(reads.map((read) => read.Name).sort()).toEqual([
      '/account-watch/slack-webhook-url',
      '/account-watch/teams-webhook-url',
    ]);
    expect(reads.every((read) => read.WithDecryption)).toBe(true);
    expect(aws.requests.filter((request) => request.path === '/services/T000/B000/DEPLOYED')).toHaveLength(2);
  });

  it('dead-letters a message for a channel it is not configured for, with the reason', async () => {
    aws.respondWith(fakeAwsResponder({}));
    const handler = await freshDeliverySenderHandler(aws.url, {
      NOTIFY_TOPIC_ARN: TOPIC_ARN,
      DEAD_LETTER_QUEUE_URL: DLQ_URL,
    });
    const result = await handler({ Records: [record('discord', { content: 'x' }, 'd')] }, context);
    expect(result).toMatchObject({ deadLettered: 1, batchItemFailures: [] });
    const letter = aws.requests.find((request) => request.headers['x-amz-target'] === 'AmazonSQS.SendMessage');
    const body = JSON.parse((JSON.parse(letter?.body ?? '{}') as { MessageBody: string }).MessageBody);
    expect(body).toMatchObject({ channel: 'discord', reason: expect.stringContaining('not configured') });
  });
});
