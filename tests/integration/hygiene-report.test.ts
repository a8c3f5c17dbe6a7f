import dns from 'node:dns';
import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeAwsResponder, loopbackAwsEnv, publishedEmails, queryParams } from '../../dev/aws-loopback.js';
import { type LocalHistoryTable, startHistoryTable } from '../../dev/history-table.js';
import {
  FAKE_ACCOUNT_ID,
  FAKE_NOW,
  type FakeAccount,
  healthyAccount,
  hygieneAccountResponder,
  loopbackClientConfig,
  signedScope,
  unhealthyAccount,
} from '../../dev/hygiene-account.js';
import { type Loopback, type RecordedRequest, startLoopback } from '../../dev/loopback.js';
import { type CheckResult, evaluateChecks } from '../../src/lib/hygiene/checks.js';
import { hygieneClients, inspectAccount, type StackTarget } from '../../src/lib/hygiene/inspect.js';

/**
 * The hygiene checks against a whole account on a loopback endpoint: the real SDK clients of IAM,
 * CloudTrail, Budgets, Cost Explorer, S3 Control, EC2, GuardDuty, Access Analyzer, SNS, SQS and
 * CloudFormation, answered in each service's wire format (dev/hygiene-account.ts), with the awkward
 * answers too: a credential report still generating, trails in another region and of an organization,
 * throttling and refusals. Then the handler itself, with the history table on dynalite, week over week.
 */

const REGION = 'ap-northeast-1';
const TOPIC_ARN = `arn:aws:sns:${REGION}:${FAKE_ACCOUNT_ID}:account-watch-prod-notifications`;
const queueUrl = (name: string) => `https://sqs.${REGION}.amazonaws.com/${FAKE_ACCOUNT_ID}/${name}`;
const STACK: StackTarget = {
  topicArn: TOPIC_ARN,
  chatConfigured: false,
  deadLetterQueueUrls: [
    queueUrl('account-watch-prod-dead-letters'),
    queueUrl('account-watch-prod-health-dead-letters'),
  ],
  forwardingStackName: 'account-watch-forwarding-prod',
  forwardingRegions: ['us-east-1', 'us-east-2', 'eu-north-1', 'ap-southeast-2'],
};

let aws: Loopback;

beforeAll(async () => {
  aws = await startLoopback();
});
afterAll(async () => {
  await aws.close();
});
beforeEach(() => {
  aws.requests.length = 0;
});

async function check(account: FakeAccount, options: { maxAttempts?: number; stack?: StackTarget | null } = {}) {
  aws.respondWith(hygieneAccountResponder(account));
  const clients = hygieneClients(REGION, loopbackClientConfig(aws.url, options.maxAttempts ?? 1));
  const sleeps: number[] = [];
  const facts = await inspectAccount(
    clients,
    { accountId: FAKE_ACCOUNT_ID, homeRegion: REGION },
    options.stack === null ? undefined : (options.stack ?? STACK),
    { now: FAKE_NOW, reportPollMs: 2_000, sleep: async (ms) => void sleeps.push(ms) },
  );
  const results = evaluateChecks(facts);
  const byId = Object.fromEntries(results.map((result) => [result.id, result])) as Record<string, CheckResult>;
  return { facts, results, byId, sleeps };
}

const withForwarding = (account: FakeAccount): FakeAccount => ({
  ...account,
  forwardingStackRegions: STACK.forwardingRegions,
});

const statusOf = (results: CheckResult[]) => Object.fromEntries(results.map((result) => [result.id, result.status]));

describe('the hygiene checks against an account on a loopback endpoint', () => {
  it('passes every check of a healthy account, and says which kind of root MFA and who is an administrator', async () => {
    const { results, byId } = await check(withForwarding(healthyAccount()));
    expect(results.filter((result) => result.status === 'fail' || result.status === 'unknown')).toEqual([]);
    expect(byId['root-mfa']?.facts.variant).toBe('other');
    // alice is an administrator through the Admins group (ListEntitiesForPolicy, then GetGroup).
    expect(byId['admin-users']).toMatchObject({ status: 'info', facts: { names: ['alice'], count: 1 } });
    expect(byId.guardduty).toMatchObject({ status: 'info', facts: { variant: 'enabled' } });
    expect(byId['trail-delivery']?.facts.date).toBe('2026-11-29T23:55:00.000Z');
    // Each service was asked in its own region: Budgets and Cost Explorer in us-east-1, the forwarding stacks in theirs.
    const scopes = aws.requests.map(signedScope);
    expect(scopes.filter((scope) => scope.service === 'budgets' || scope.service === 'ce')).toEqual([
      expect.objectContaining({ region: 'us-east-1' }),
      expect.objectContaining({ region: 'us-east-1' }),
    ]);
    expect(
      scopes
        .filter((scope) => scope.service === 'cloudformation')
        .map((scope) => scope.region)
        .sort(),
    ).toEqual([...STACK.forwardingRegions].sort());
  });

  it('fails what a hurried beginner leaves, naming the users, the settings and the queue', async () => {
    const { byId } = await check(unhealthyAccount());
    expect(statusOf(Object.values(byId))).toMatchObject({
      'root-mfa': 'fail',
      'root-access-keys': 'fail',
      'root-recent-use': 'fail',
      'users-mfa': 'fail',
      'access-key-age': 'fail',
      'unused-credentials': 'fail',
      'password-policy': 'fail',
      'trail-logging': 'fail',
      'trail-validation': 'fail',
      budget: 'fail',
      'anomaly-monitor': 'fail',
      's3-block-public-access': 'fail',
      'ebs-default-encryption': 'fail',
      'email-subscription': 'fail',
      'dead-letters': 'fail',
      'forwarding-stacks': 'fail',
    });
    // From the credential report CSV: bob and intern have passwords without MFA; old-ci's key is from 2025.
    expect(byId['users-mfa']?.facts.names).toEqual(['bob', 'intern']);
    expect(byId['access-key-age']?.facts.names).toEqual(['old-ci']);
    // intern's password was never used (no_information) and is older than 90 days; old-ci's second key unused since 2023.
    expect(byId['unused-credentials']?.facts.names).toEqual(['old-ci', 'intern']);
    expect(byId['root-recent-use']?.facts.date).toBe('2026-11-28T22:41:05.000Z');
    // Never configured: S3 Control answers NoSuchPublicAccessBlockConfiguration, so all four are off.
    expect(byId['s3-block-public-access']?.facts.names).toHaveLength(4);
    expect(byId['trail-logging']?.facts).toEqual({ names: ['management-events'], variant: 'stopped' });
    expect(byId['email-subscription']?.facts).toEqual({ variant: 'pending', count: 1 });
    expect(byId['dead-letters']?.facts).toEqual({ names: ['account-watch-prod-dead-letters'], count: 3 });
    expect(byId['forwarding-stacks']?.facts.names).toEqual(STACK.forwardingRegions);
  });

  it('says which rule of the watch is disabled, at home or in a forwarding region, where it would go silent', async () => {
    const healthy = await check(withForwarding(healthyAccount()));
    // Four rules at home (ap-northeast-1) and four in each of the four forwarding regions.
    expect(healthy.byId['watch-rules']).toMatchObject({ status: 'pass', facts: { count: 20 } });
    const { byId } = await check({
      ...withForwarding(healthyAccount()),
      disabledRules: ['eu-north-1 account-watch-prod-forward-api-calls-2', 'ap-northeast-1 account-watch-prod-signin'],
    });
    expect(byId['watch-rules']).toMatchObject({
      status: 'fail',
      severity: 'high',
      facts: {
        names: ['ap-northeast-1 account-watch-prod-signin', 'eu-north-1 account-watch-prod-forward-api-calls-2'],
      },
    });
    // Listed by the watch's own name prefixes, region by region: nothing else of the account is read.
    const prefixes = aws.requests
      .filter((request) => signedScope(request).service === 'events')
      .map(
        (request) =>
          `${signedScope(request).region} ${(JSON.parse(request.body) as { NamePrefix: string }).NamePrefix}`,
      );
    expect(prefixes).toContain('ap-northeast-1 account-watch-prod-');
    expect(prefixes).toContain('eu-north-1 account-watch-prod-forward-');
  });

  it('reads the status of a trail made in another region by its ARN', async () => {
    const { byId } = await check(unhealthyAccount());
    const statusRequest = aws.requests.find(
      (request) => request.headers['x-amz-target'] === 'CloudTrail_20131101.GetTrailStatus',
    );
    expect(JSON.parse(statusRequest?.body ?? '{}')).toEqual({
      Name: `arn:aws:cloudtrail:us-west-2:${FAKE_ACCOUNT_ID}:trail/management-events`,
    });
    expect(signedScope(statusRequest as RecordedRequest).region).toBe(REGION);
    expect(byId['trail-logging']?.status).toBe('fail');
  });

  it('waits for a credential report IAM is still generating, then reads it', async () => {
    const { byId, sleeps } = await check({ ...withForwarding(healthyAccount()), reportGeneratingCalls: 2 });
    const generations = aws.requests.filter(
      (request) => queryParams(request).get('Action') === 'GenerateCredentialReport',
    );
    expect(generations).toHaveLength(3);
    expect(sleeps).toEqual([2_000, 2_000]);
    expect(byId['users-mfa']?.status).toBe('pass');
  });

  it('gives up on a report still generating after its polls, as could not check, and checks the rest', async () => {
    const { byId } = await check({ ...withForwarding(healthyAccount()), reportGeneratingCalls: 50 });
    for (const id of ['root-recent-use', 'users-mfa', 'access-key-age', 'unused-credentials']) {
      expect(byId[id]).toMatchObject({
        status: 'unknown',
        problem: { kind: 'failed', action: 'iam:GetCredentialReport' },
      });
    }
    expect(byId['root-mfa']?.status).toBe('pass');
  });

  it('counts an organization trail this member account may not read as not checkable, not as missing', async () => {
    const account = healthyAccount();
    account.trails = [
      {
        Name: 'org-trail',
        HomeRegion: 'us-east-1',
        IsMultiRegionTrail: true,
        IsOrganizationTrail: true,
        LogFileValidationEnabled: true,
      },
    ];
    const { byId } = await check(withForwarding(account));
    expect(byId['trail-logging']).toMatchObject({
      status: 'unknown',
      facts: { names: ['org-trail'], variant: 'organization' },
      problem: { kind: 'accessDenied', action: 'cloudtrail:GetTrailStatus' },
    });
    expect(byId['trail-validation']?.status).toBe('pass');
  });

  it('reports a trail that logs but cannot deliver, with the error CloudTrail gives', async () => {
    const account = healthyAccount();
    const [trail] = account.trails;
    if (trail) trail.status = { IsLogging: true, LatestDeliveryError: 'AccessDenied' };
    const { byId } = await check(withForwarding(account));
    expect(byId['trail-delivery']).toMatchObject({
      status: 'fail',
      facts: { names: ['account-watch-prod-trail'], detail: 'AccessDenied' },
    });
  });

  it('says could not check: access denied for each call an SCP refuses, in every protocol, and runs the rest', async () => {
    const account = withForwarding(healthyAccount());
    account.deny = [
      'iam:GetAccountSummary',
      'ec2:GetEbsEncryptionByDefault',
      's3:GetAccountPublicAccessBlock',
      'guardduty:ListDetectors',
      'budgets:DescribeBudgets',
      'sns:ListSubscriptionsByTopic',
      'cloudformation:DescribeStacks',
    ];
    const { byId, results } = await check(account);
    const denied = results.filter((result) => result.problem?.kind === 'accessDenied').map((result) => result.id);
    expect(denied).toEqual([
      'root-mfa',
      'root-access-keys',
      'budget',
      's3-block-public-access',
      'ebs-default-encryption',
      'guardduty',
      'email-subscription',
      'forwarding-stacks',
    ]);
    expect(byId['root-mfa']?.problem?.action).toBe('iam:GetAccountSummary');
    expect(byId['users-mfa']?.status).toBe('pass');
    expect(byId['trail-logging']?.status).toBe('pass');
  });

  it('names the very call refused inside a check that makes several (generating the report, a trail status)', async () => {
    const account = withForwarding(healthyAccount());
    account.deny = ['iam:GenerateCredentialReport', 'cloudtrail:GetTrailStatus', 'guardduty:GetDetector'];
    const { byId } = await check(account);
    expect(byId['users-mfa']?.problem).toMatchObject({ kind: 'accessDenied', action: 'iam:GenerateCredentialReport' });
    expect(byId['trail-logging']?.problem).toMatchObject({ kind: 'accessDenied', action: 'cloudtrail:GetTrailStatus' });
    expect(byId.guardduty?.problem).toMatchObject({ kind: 'accessDenied', action: 'guardduty:GetDetector' });
  });

  it('retries a throttled call (the SDK does) and passes; a call throttled every time is could not check: throttled', async () => {
    const once = withForwarding(healthyAccount());
    once.throttle = { 'cloudtrail:DescribeTrails': 1, 'iam:GetAccountPasswordPolicy': 1 };
    const retried = await check(once, { maxAttempts: 3 });
    expect(retried.byId['trail-logging']?.status).toBe('pass');
    expect(retried.byId['password-policy']?.status).toBe('pass');

    const always = withForwarding(healthyAccount());
    always.throttle = { 'ec2:GetEbsEncryptionByDefault': 10 };
    const given = await check(always, { maxAttempts: 2 });
    expect(given.byId['ebs-default-encryption']).toMatchObject({
      status: 'unknown',
      problem: { kind: 'throttled', action: 'ec2:GetEbsEncryptionByDefault' },
    });
  }, 20_000);

  it('leaves the stack checks as could not check when no stack is given (npm run doctor before a deploy)', async () => {
    const { byId } = await check(healthyAccount(), { stack: null });
    for (const id of ['email-subscription', 'dead-letters', 'forwarding-stacks', 'watch-rules'])
      expect(byId[id]?.status).toBe('unknown');
    expect(aws.requests.some((request) => signedScope(request).service === 'cloudformation')).toBe(false);
  });
});

describe('hygieneReport handler, week over week, with the history table on dynalite', () => {
  let table: LocalHistoryTable;
  const savedEnv = { ...process.env };
  const context = {
    invokedFunctionArn: `arn:aws:lambda:${REGION}:${FAKE_ACCOUNT_ID}:function:account-watch-prod-hygieneReport`,
    getRemainingTimeInMillis: () => 120_000,
  } as unknown as Context;
  const originalLookup = dns.lookup;

  beforeAll(async () => {
    table = await startHistoryTable();
    // S3 Control puts the account ID in front of the endpoint's host; resolve that name to the loopback too.
    dns.lookup = ((hostname: string, options: unknown, callback: unknown) =>
      /\.loopback\.test$/.test(hostname)
        ? (originalLookup as (...args: unknown[]) => void)('127.0.0.1', options, callback)
        : (originalLookup as (...args: unknown[]) => void)(hostname, options, callback)) as typeof dns.lookup;
  });
  afterAll(async () => {
    dns.lookup = originalLookup;
    await table.close();
  });
  beforeEach(() => {
    vi.useFakeTimers({ now: FAKE_NOW, toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
    process.env = { ...savedEnv };
  });

  async function loadHandler(account: FakeAccount, env: Record<string, string> = {}) {
    const accountResponder = hygieneAccountResponder(account);
    const publish = fakeAwsResponder({});
    aws.respondWith((request) =>
      queryParams(request).get('Action') === 'Publish' ? publish(request) : accountResponder(request),
    );
    vi.resetModules();
    const { port } = new URL(aws.url);
    Object.assign(process.env, {
      ...loopbackAwsEnv(`http://aws.loopback.test:${port}`, REGION),
      AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
      HISTORY_TABLE: table.tableName,
      NOTIFY_TOPIC_ARN: TOPIC_ARN,
      SLACK_WEBHOOK_PARAMETER: '',
      TIME_ZONE: 'Asia/Tokyo',
      FORWARDING_SCOPE: 'signin',
      FORWARDING_STACK_NAME: 'account-watch-forwarding-prod',
      WATCHED_DEAD_LETTER_QUEUES: STACK.deadLetterQueueUrls.join(','),
      ...env,
    });
    return (await import('../../src/handlers/hygiene-report.js')).handler;
  }

  it('sends the first report, then leads the next week with what was fixed and what is new', async () => {
    const week1 = unhealthyAccount();
    const first = await (await loadHandler(week1))({}, context);
    expect(first.checks).toBe(22);
    expect(first.failed).toContain('root-mfa');
    expect(first.fixed).toEqual([]);
    const [email1] = publishedEmails(aws.requests);
    expect(email1?.subject).toBe('[CRITICAL] Weekly account check: 17 of 22 failed');
    expect(email1?.body).toContain('The first weekly report');
    expect(email1?.body).toContain('Root user has MFA');
    expect(email1?.body).toContain('account menu (top right) > Security credentials');

    // A week later: root MFA, the budget, EBS encryption and the email fixed; the password policy can no longer be read.
    aws.requests.length = 0;
    vi.setSystemTime(new Date(FAKE_NOW.getTime() + 7 * 86_400_000));
    const week2: FakeAccount = {
      ...week1,
      rootMfa: true,
      budgets: ['monthly'],
      ebsEncryptionByDefault: true,
      guardDuty: 'ENABLED',
      subscriptions: [{ protocol: 'email', endpoint: 'owner@example.com', pending: false }],
      deadLetters: { 'account-watch-prod-health-dead-letters': 2 },
      deny: ['iam:GetAccountPasswordPolicy'],
    };
    const second = await (await loadHandler(week2))({}, context);
    // Root's last use (2026-11-28) is now more than a week old: that one fixed itself.
    expect(second.fixed).toEqual([
      'root-mfa',
      'root-recent-use',
      'budget',
      'ebs-default-encryption',
      'email-subscription',
    ]);
    expect(second.added).toEqual([]);
    expect(second.unknown).toEqual(['password-policy']);
    const [email2] = publishedEmails(aws.requests);
    expect(email2?.subject).toBe('[CRITICAL] Weekly account check: 11 of 22 failed (5 fixed, 0 new)');
    expect(email2?.body).toContain('Fixed since last week: Root user has MFA');
    expect(email2?.body).toContain('could not check: access denied (iam:GetAccountPasswordPolicy)');
    // The change leads: it comes before the failures.
    expect(email2?.body.indexOf('Changed since last week')).toBeLessThan(email2?.body.indexOf('Why it matters') ?? 0);

    // The third week something breaks again: it is new.
    aws.requests.length = 0;
    vi.setSystemTime(new Date(FAKE_NOW.getTime() + 14 * 86_400_000));
    const third = await (await loadHandler({ ...week2, budgets: [] }))({}, context);
    expect(third.added).toEqual(['budget']);
    expect(publishedEmails(aws.requests)[0]?.body).toContain('New this week: A budget watches the spend: No budget.');
    // The history table was touched with GetItem and PutItem only.
    expect(new Set(table.requests)).toEqual(new Set(['CreateTable', 'GetItem', 'PutItem']));
  });

  it('remembers nothing when the report could not be sent, so the retry compares with the same week', async () => {
    const account = healthyAccount();
    const accountResponder = hygieneAccountResponder(account);
    const before = table.requests.length;
    const handler = await loadHandler(account, { HISTORY_TABLE: table.tableName });
    aws.respondWith((request) =>
      queryParams(request).get('Action') === 'Publish'
        ? {
            status: 500,
            headers: { 'content-type': 'text/xml' },
            body: '<ErrorResponse><Error><Code>InternalError</Code></Error></ErrorResponse>',
          }
        : accountResponder(request),
    );
    await expect(handler({}, context)).rejects.toThrow(/Delivery failed on sns/);
    expect(table.requests.slice(before)).not.toContain('PutItem');
  });

  it('sends the report in Japanese, with the subject still in ASCII', async () => {
    await (await loadHandler(unhealthyAccount(), { LOCALE: 'ja', HISTORY_TABLE: '' }))({}, context);
    const [email] = publishedEmails(aws.requests);
    expect(email?.subject).toMatch(/^[\x20-\x7e]+$/);
    expect(email?.body).toContain('ルートユーザーの MFA');
    expect(email?.body).toContain('なぜ重要か');
  });
});
