import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeAwsResponder, publishedEmails, SNS_INTERNAL_ERROR } from '../../dev/aws-loopback.js';
import { type LocalHistoryTable, startHistoryTable } from '../../dev/history-table.js';
import { type Loopback, startLoopback } from '../../dev/loopback.js';
import { replaySignIn } from '../../dev/sign-in-sequence.js';
import { freshSigninAlertHandler } from '../helpers/handlers.js';

/**
 * The sign-in history, end to end: recorded sign-in events replayed as sequences through the real handler,
 * with DynamoDB played by dynalite (a real implementation of its API, conditional writes included) holding
 * the table built from the stack's own definition, and SNS, SSM and Slack on a loopback endpoint.
 */

const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:account-watch-prod-notifications';
const SUCCESS = 'eventbridge-iam-user-success-mfa-01.json';
const FAILURE = 'eventbridge-iam-user-failure-mfa-01.json';
const JAPAN = '133.242.0.1';
const JAPAN_OTHER_NETWORK = '126.0.0.1';
const TAIWAN = '114.32.0.1';
const RUSSIA = '5.3.0.1';
const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';

let aws: Loopback;
let table: LocalHistoryTable;
const savedEnv = { ...process.env };
const context = { getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

async function loadHandler(env: Record<string, string> = {}) {
  return freshSigninAlertHandler(aws.url, {
    AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
    HISTORY_TABLE: table.tableName,
    NOTIFY_TOPIC_ARN: TOPIC_ARN,
    TIME_ZONE: 'Asia/Tokyo',
    ...env,
  });
}

/** The emails published so far: subject and body. */
function emails(): Array<{ subject: string; body: string }> {
  return publishedEmails(aws.requests);
}

const day = (n: number, time = '09:00:00') => `2026-03-${String(n).padStart(2, '0')}T${time}Z`;
let sequence = 0;
const id = (label: string) => `${label}-${++sequence}`;

/** Five sign-ins from Japan over eight days: a principal the history has learnt. */
async function learn(handler: Awaited<ReturnType<typeof loadHandler>>, user: string) {
  for (const n of [1, 3, 5, 7, 9]) {
    await handler(replaySignIn(SUCCESS, { eventId: id(user), time: day(n), ip: JAPAN, userName: user }), context);
  }
}

beforeAll(async () => {
  aws = await startLoopback();
  table = await startHistoryTable();
});
afterAll(async () => {
  await aws.close();
  await table.close();
});
beforeEach(() => {
  aws.requests.length = 0;
  aws.respondWith(fakeAwsResponder({}));
});
afterEach(() => {
  process.env = { ...savedEnv };
});

describe('sign-in alerts that remember (dynalite)', () => {
  it('knows a principal signing in from its usual country, network and browser, and says so without raising', async () => {
    const handler = await loadHandler();
    await learn(handler, 'known');
    aws.requests.length = 0;
    await handler(
      replaySignIn(SUCCESS, { eventId: id('known'), time: day(10), ip: JAPAN, userName: 'known' }),
      context,
    );
    const [email] = emails();
    expect(email?.subject).toBe('[LOW] Sign-in by known to 123456789012 from 133.242.0.1 (JP)');
    expect(email?.body).toContain('Source IP: 133.242.0.1 (Japan)');
    expect(email?.body).toContain('Country, network and browser seen before; 5 sign-ins since 2026-03-01');
  });

  it('raises a learnt principal\u2019s first sign-in from a new country one step, naming the usual one', async () => {
    const handler = await loadHandler();
    await learn(handler, 'alice');
    aws.requests.length = 0;
    await handler(
      replaySignIn(SUCCESS, { eventId: id('alice'), time: day(12), ip: TAIWAN, userName: 'alice' }),
      context,
    );
    const [email] = emails();
    expect(email?.subject).toBe('[MEDIUM] First sign-in from TW by alice to 123456789012 from 114.32.0.1 (TW)');
    expect(email?.body).toContain('First sign-in from this country for this principal.');
    expect(email?.body).toContain('First sign-in from Taiwan for alice; usually Japan, 5 sign-ins since 2026-03-01');
    expect(email?.body).toContain('First sign-in from network 114.32.0.0/24');
  });

  it('shows a new network or browser in a known country without raising it', async () => {
    const handler = await loadHandler();
    await learn(handler, 'carol');
    aws.requests.length = 0;
    await handler(
      replaySignIn(SUCCESS, {
        eventId: id('carol'),
        time: day(12),
        ip: JAPAN_OTHER_NETWORK,
        userAgent: FIREFOX,
        userName: 'carol',
      }),
      context,
    );
    const [email] = emails();
    expect(email?.subject.startsWith('[LOW] Sign-in by carol')).toBe(true);
    expect(email?.body).toContain('First sign-in from network 126.0.0.0/24');
    expect(email?.body).toContain('First sign-in with Firefox on Windows');
    expect(email?.body).not.toContain('First sign-in from Japan');
  });

  it('while still learning a principal, shows a new country but raises nothing', async () => {
    const handler = await loadHandler();
    await handler(
      replaySignIn(SUCCESS, { eventId: id('new'), time: day(1), ip: JAPAN, userName: 'newcomer' }),
      context,
    );
    await handler(
      replaySignIn(SUCCESS, { eventId: id('new'), time: day(2), ip: TAIWAN, userName: 'newcomer' }),
      context,
    );
    const [first, second] = emails();
    expect(first?.body).toContain('First sign-in this service has seen for newcomer: its history starts now');
    expect(second?.subject.startsWith('[LOW] Sign-in by newcomer')).toBe(true);
    expect(second?.body).toContain('First sign-in from Taiwan for newcomer; usually Japan, 1 sign-in since 2026-03-01');
    expect(second?.body).toContain('Still learning this principal (needs 7 days and 5 sign-ins of history)');
  });

  it('calls two countries within the travel span high, with both places and times', async () => {
    const handler = await loadHandler();
    await learn(handler, 'dave');
    aws.requests.length = 0;
    await handler(
      replaySignIn(SUCCESS, { eventId: id('dave'), time: day(12, '01:00:00'), ip: JAPAN, userName: 'dave' }),
      context,
    );
    await handler(
      replaySignIn(SUCCESS, { eventId: id('dave'), time: day(12, '01:40:00'), ip: TAIWAN, userName: 'dave' }),
      context,
    );
    const travel = emails()[1];
    expect(travel?.subject).toBe('[HIGH] Sign-ins from two countries by dave to 123456789012 from 114.32.0.1 (TW)');
    expect(travel?.body).toContain(
      'Signed in from 133.242.0.1 (Japan) at 2026-03-12 10:00 and from 114.32.0.1 (Taiwan) at 2026-03-12 10:40 (Asia/Tokyo)',
    );
  });

  it('turns a burst of failed passwords into one alert, one follow-up, and a high success after them', async () => {
    const handler = await loadHandler();
    const users = ['erin', 'frank', 'erin', 'grace', 'erin', 'erin', 'frank', 'erin', 'erin', 'erin', 'erin', 'erin'];
    for (const [index, user] of users.entries()) {
      const time = `2026-03-15T02:${String(index).padStart(2, '0')}:00Z`;
      await handler(replaySignIn(FAILURE, { eventId: id('guess'), time, ip: RUSSIA, userName: user }), context);
    }
    const sent = emails();
    // The first failure as before; the 5th makes the alert; the 10th its one follow-up; the rest are folded.
    expect(sent.map((email) => email.subject)).toEqual([
      '[MEDIUM] Failed sign-in as erin to 123456789012 from 5.3.0.1 (RU)',
      '[HIGH] 5 failed sign-ins from 5.3.0.1 (RU) to 123456789012',
      '[HIGH] Still going: 10 failed sign-ins from 5.3.0.1 (RU) to 123456789012',
    ]);
    expect(sent[1]?.body).toContain('Users tried: erin, frank, grace');
    expect(sent[1]?.body).toContain('Source IP: 5.3.0.1 (Russia)');

    aws.requests.length = 0;
    await handler(
      replaySignIn(SUCCESS, { eventId: id('guess'), time: '2026-03-15T02:13:00Z', ip: RUSSIA, userName: 'erin' }),
      context,
    );
    const [success] = emails();
    expect(success?.subject).toBe('[HIGH] Sign-in after failures by erin to 123456789012 from 5.3.0.1 (RU)');
    expect(success?.body).toContain('failed sign-ins from this address in the 15 minutes before');
  });

  it('counts failures for one principal from many addresses too', async () => {
    const handler = await loadHandler({ FAILED_SIGN_IN_THRESHOLD: '3' });
    const addresses = ['5.3.0.1', '77.88.8.8', '185.220.101.1', '5.3.0.2'];
    for (const [index, ip] of addresses.entries()) {
      const time = `2026-03-16T02:0${index}:00Z`;
      await handler(replaySignIn(FAILURE, { eventId: id('spray'), time, ip, userName: 'heidi' }), context);
    }
    const subjects = emails().map((email) => email.subject);
    expect(subjects).toContain('[HIGH] 3 failed sign-ins as heidi to 123456789012');
    expect(subjects.filter((subject) => subject.includes('failed sign-ins as heidi'))).toHaveLength(1);
    expect(emails().find((email) => email.subject.includes('failed sign-ins as heidi'))?.body).toContain(
      'Countries: Russia, Germany',
    );
  });

  it('notifies an event delivered twice once', async () => {
    const handler = await loadHandler();
    const event = replaySignIn(SUCCESS, { eventId: id('twice'), time: day(20), ip: JAPAN, userName: 'ivan' });
    const first = await handler(event, context);
    const second = await handler(event, context);
    expect(first).toMatchObject({ notified: 1 });
    expect(second).toMatchObject({ notified: 0, duplicates: 1 });
    expect(emails()).toHaveLength(1);
  });

  it('gives two racing first sightings of one new country exactly one "first sign-in" alert', async () => {
    const handler = await loadHandler();
    await learn(handler, 'judy');
    aws.requests.length = 0;
    await Promise.all(
      ['a', 'b'].map((tag) =>
        handler(
          replaySignIn(SUCCESS, { eventId: id(`race-${tag}`), time: day(12), ip: TAIWAN, userName: 'judy' }),
          context,
        ),
      ),
    );
    const sent = emails();
    expect(sent).toHaveLength(2);
    expect(sent.filter((email) => email.body.includes('First sign-in from Taiwan for judy'))).toHaveLength(1);
  });

  it('sends the same event once when two deliveries race, and the loser\u2019s retry finds it sent', async () => {
    const handler = await loadHandler();
    const event = replaySignIn(SUCCESS, { eventId: id('race-same'), time: day(21), ip: JAPAN, userName: 'ken' });
    const results = await Promise.allSettled([handler(event, context), handler(event, context)]);
    expect(emails()).toHaveLength(1);
    const lost = results.filter((result) => result.status === 'rejected');
    const skipped = results.filter(
      (result) => result.status === 'fulfilled' && 'duplicates' in result.value && result.value.duplicates === 1,
    );
    expect(lost.length + skipped.length).toBe(1);
    expect(await handler(event, context)).toMatchObject({ notified: 0, duplicates: 1 });
    expect(emails()).toHaveLength(1);
  });

  it('gives a failed delivery back, so the retry sends it and still says what was new', async () => {
    const handler = await loadHandler({
      DEAD_LETTER_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/dlq',
    });
    await learn(handler, 'leo');
    // Email fails and so does the dead-letter queue: the invocation fails and Lambda retries it.
    aws.respondWith(
      fakeAwsResponder({
        snsPublish: () => SNS_INTERNAL_ERROR,
        sqsSendMessage: () => ({ status: 500, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: '{}' }),
      }),
    );
    const event = replaySignIn(SUCCESS, { eventId: id('leo'), time: day(12), ip: TAIWAN, userName: 'leo' });
    await expect(handler(event, context)).rejects.toThrow(/failed/);
    aws.respondWith(fakeAwsResponder({}));
    aws.requests.length = 0;
    await handler(event, context);
    const [email] = emails();
    expect(email?.subject).toBe('[MEDIUM] First sign-in from TW by leo to 123456789012 from 114.32.0.1 (TW)');
    expect(email?.body).toContain('First sign-in from Taiwan for leo');
  });

  it('still sends the alert, marked "history unavailable", when the table cannot be reached', async () => {
    const handler = await loadHandler({ AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9' });
    const summary = await handler(
      replaySignIn(SUCCESS, { eventId: id('down'), time: day(22), ip: JAPAN, userName: 'mallory' }),
      context,
    );
    expect(summary).toMatchObject({ notified: 1, historyUnavailable: 1 });
    const [email] = emails();
    expect(email?.subject).toBe('[LOW] Sign-in by mallory to 123456789012 from 133.242.0.1 (JP)');
    expect(email?.body).toContain('History unavailable: this alert was judged without the sign-in history');
  });
});
