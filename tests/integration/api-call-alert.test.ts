import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeAwsResponder, publishedEmails } from '../../dev/aws-loopback.js';
import { type LocalHistoryTable, startHistoryTable } from '../../dev/history-table.js';
import { type Loopback, startLoopback } from '../../dev/loopback.js';
import { eventOf, stratus, stratusRecord } from '../helpers/attack-cases.js';
import { freshApiCallAlertHandler } from '../helpers/handlers.js';

/**
 * apiCallAlert end to end: attack records wrapped as the EventBridge events the rules deliver, through the
 * real handler, with SNS on a loopback endpoint and the history table on dynalite (built from the stack's
 * own definition).
 */

const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:account-watch-prod-notifications';
let aws: Loopback;
let table: LocalHistoryTable;
const savedEnv = { ...process.env };
const context = { getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

function loadHandler(env: Record<string, string> = {}) {
  return freshApiCallAlertHandler(aws.url, table, { NOTIFY_TOPIC_ARN: TOPIC_ARN, ...env });
}

function emails(): Array<{ subject: string; body: string }> {
  return publishedEmails(aws.requests);
}

beforeAll(async () => {
  aws = await startLoopback();
  table = await startHistoryTable('api-calls');
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

describe('apiCallAlert handler (loopback SNS, dynalite)', () => {
  it('alerts on a stopped trail with who, where, what and what to do', async () => {
    const handler = await loadHandler();
    const summary = await handler(eventOf(stratusRecord('defense-evasion.cloudtrail-stop', 'StopLogging')), context);
    expect(summary).toMatchObject({ received: 1, detected: 1, notified: 1 });
    const [email] = emails();
    expect(email?.subject).toMatch(/^\[HIGH\] CloudTrail logging stopped by christophe in \d{12} \S+ from /);
    expect(email?.body).toContain('API call: cloudtrail.amazonaws.com StopLogging');
    expect(email?.body).toContain('If you did not do this, start logging again now');
    expect(email?.body).toMatch(/Detection cloudtrail-stopped · StopLogging · ID /);
  });

  it('reports a refused launch of GPU instances as an attempt, naming the error', async () => {
    const handler = await loadHandler();
    await handler(eventOf(stratusRecord('execution.ec2-launch-unusual-instances', 'RunInstances')), context);
    const [email] = emails();
    expect(email?.subject).toMatch(
      /^\[HIGH\] Attempted \(Client\.UnauthorizedOperation\): Instances launched in a region you do not use/,
    );
    expect(email?.body).toContain('Attempted, and refused (Client.UnauthorizedOperation)');
    expect(email?.body).toContain('Also matches: GPU or very large instances were requested');
    expect(email?.body).toContain('The call failed, so nothing changed');
  });

  it('sends an event delivered twice once', async () => {
    const handler = await loadHandler();
    const event = eventOf(stratusRecord('persistence.iam-backdoor-user', 'CreateAccessKey'));
    expect(await handler(event, context)).toMatchObject({ notified: 1 });
    expect(await handler(event, context)).toMatchObject({ notified: 0, duplicates: 1 });
    expect(emails()).toHaveLength(1);
  });

  it('turns a burst of 12 users created by one principal into one alert and one follow-up at 10', async () => {
    const handler = await loadHandler();
    const base = stratusRecord('persistence.iam-create-admin-user', 'CreateUser');
    for (let index = 0; index < 12; index++) {
      const time = new Date(Date.parse(String(base.eventTime)) + index * 20_000).toISOString();
      await handler(
        eventOf({
          ...base,
          eventID: `burst-${index}`,
          eventTime: time,
          requestParameters: { userName: `user-${index}` },
        }),
        context,
      );
    }
    const sent = emails();
    expect(sent.map((email) => email.subject.replace(/ by .*/, ''))).toEqual([
      '[MEDIUM] An IAM user was created',
      '[MEDIUM] 10x An IAM user was created',
    ]);
    expect(sent[1]?.body).toContain('10 calls of this kind by this principal since');
    expect(sent[1]?.body).toContain('For example: user/user-0, user/user-1, user/user-2, user/user-3, user/user-4');
  });

  it('counts a burst racing across concurrent invocations exactly: one alert, one follow-up', async () => {
    const handler = await loadHandler();
    const base = stratusRecord('exfiltration.ec2-share-ebs-snapshot', 'ModifySnapshotAttribute');
    await Promise.all(
      Array.from({ length: 15 }, (_, index) =>
        handler(eventOf({ ...base, eventID: `race-${index}`, eventTime: String(base.eventTime) }), context),
      ),
    );
    const subjects = emails().map((email) => email.subject);
    expect(subjects.filter((subject) => subject.includes('10x'))).toHaveLength(1);
    expect(subjects).toHaveLength(2);
  });

  it('still alerts, without claims or bursts, when the history table cannot be reached', async () => {
    const handler = await loadHandler({ AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9' });
    const summary = await handler(
      eventOf(stratusRecord('persistence.lambda-backdoor-function', 'AddPermission20150331v2')),
      context,
    );
    expect(summary).toMatchObject({ notified: 1, historyUnavailable: 2 });
    expect(emails()[0]?.subject).toMatch(/^\[HIGH\] A Lambda function can now be invoked by anyone/);
  });

  it('sends nothing for the reads of a log set, and skips what is not an API call', async () => {
    const handler = await loadHandler();
    const summary = await handler({ Records: stratus('credential-access.secretsmanager-retrieve-secrets') }, context);
    expect(summary).toMatchObject({ received: 21, detected: 0, notified: 0 });
    expect(emails()).toEqual([]);
  });
});
