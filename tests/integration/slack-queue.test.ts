import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeAwsResponder, queryParams } from '../../dev/aws-loopback.js';
import { type LocalHistoryTable, startHistoryTable } from '../../dev/history-table.js';
import { type Loopback, type RecordedRequest, type ScriptedResponse, startLoopback } from '../../dev/loopback.js';
import { replaySignIn } from '../../dev/sign-in-sequence.js';
import { HistoryTable } from '../../src/lib/history/table.js';
import { queuedSlackMessage } from '../../src/lib/notify/slack-queue.js';
import { processSlackBatch, type SlackBatch, slackPace } from '../../src/lib/notify/slack-sender.js';
import { freshSigninAlertHandler } from '../helpers/handlers.js';

/**
 * Bursts reach Slack whole: the alert functions queue their Slack messages (SQS FIFO on a loopback endpoint),
 * slackSender drains the queue at the webhook's pace against a loopback Slack that allows one message per
 * interval and answers 429 with Retry-After beyond it. Email is published directly and never repeated.
 */

const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:account-watch-prod-notifications';
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/account-watch-prod-slack.fifo';
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
function queued(): SlackBatch['Records'] {
  const seen = new Set<string>();
  const records: SlackBatch['Records'] = [];
  for (const request of aws.requests) {
    if (request.headers['x-amz-target'] !== 'AmazonSQS.SendMessage') continue;
    const body = JSON.parse(request.body) as {
      QueueUrl: string;
      MessageBody: string;
      MessageDeduplicationId?: string;
      MessageGroupId?: string;
    };
    if (body.QueueUrl !== QUEUE_URL) continue;
    expect(body.MessageGroupId).toBe('slack');
    if (body.MessageDeduplicationId && seen.has(body.MessageDeduplicationId)) continue;
    if (body.MessageDeduplicationId) seen.add(body.MessageDeduplicationId);
    records.push({ messageId: `m-${records.length}`, body: body.MessageBody });
  }
  return records;
}

/** Queue records for texts (each a distinct message), with their texts as message IDs. */
function queuedRecords(texts: string[]): SlackBatch['Records'] {
  return texts.map((text) => ({
    messageId: text,
    body: JSON.stringify(queuedSlackMessage({ text }, new Date('2026-04-03T00:00:00Z'))),
  }));
}

/** Drains a queue as Lambda's SQS event source would: batches of ten, failed ones received again. */
async function drain(
  records: SlackBatch['Records'],
  run: (batch: SlackBatch) => Promise<{ batchItemFailures: Array<{ itemIdentifier: string }> }>,
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

async function loadSigninHandler() {
  return freshSigninAlertHandler(aws.url, {
    AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
    HISTORY_TABLE: table.tableName,
    NOTIFY_TOPIC_ARN: TOPIC_ARN,
    SLACK_WEBHOOK_PARAMETER: '/account-watch/slack-webhook-url',
    SLACK_QUEUE_URL: QUEUE_URL,
    DEAD_LETTER_QUEUE_URL: DLQ_URL,
  });
}

beforeAll(async () => {
  aws = await startLoopback();
  table = await startHistoryTable('slack-queue');
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
    const pace = slackPace(interval + 5);
    const started = Date.now();
    const left = await drain(records, (batch) =>
      processSlackBatch(batch, {
        resolveUrl: async () => `${aws.url}/services/T000/B000/XXXX`,
        pace,
        remainingTimeMs: () => 60_000,
        claims,
      }),
    );
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
    const deps = {
      resolveUrl: async () => `${aws.url}/services/T000/B000/XXXX`,
      pace: slackPace(0),
      remainingTimeMs: () => 60_000,
      claims,
    };
    expect(await processSlackBatch({ Records: [record] }, deps)).toMatchObject({ posted: 1 });
    expect(await processSlackBatch({ Records: [{ ...record, messageId: 'again' }] }, deps)).toMatchObject({
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
    const result = await processSlackBatch(
      { Records: records },
      {
        resolveUrl: async () => `${aws.url}/services/T000/B000/XXXX`,
        pace: slackPace(0),
        remainingTimeMs: () => 60_000,
        deadLetters: { send: async (entry) => void sent.push(entry) },
      },
    );
    expect(result).toEqual({ batchItemFailures: [], posted: 1, duplicates: 0, deadLettered: 1 });
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
    const result = await processSlackBatch(
      { Records: records },
      {
        resolveUrl: async () => `${aws.url}/services/T000/B000/XXXX`,
        pace: slackPace(0),
        remainingTimeMs: () => 12_000,
      },
    );
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
    const result = await processSlackBatch(
      { Records: [{ ...first, attributes: { ApproximateReceiveCount: '4' } }, second] },
      {
        resolveUrl: async () => `${aws.url}/services/T000/B000/XXXX`,
        pace: slackPace(0),
        remainingTimeMs: () => 12_000,
        deadLetters: { send: async (entry) => void sent.push(entry) },
      },
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
