import { BudgetsClient } from '@aws-sdk/client-budgets';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveDeployParameters } from '../../deploy/parameters.js';
import { queryParams } from '../../dev/aws-loopback.js';
import { type Loopback, type RecordedRequest, type ScriptedResponse, startLoopback } from '../../dev/loopback.js';
import {
  type AccountFacts,
  inspectAccount,
  matchesSignIns,
  type PreflightClients,
  planDeploy,
} from '../../scripts/preflight-account.js';
import { perRegion } from '../../src/lib/aws-clients.js';

const ACCOUNT = '123456789012';
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:console-signin-alerts`;
const json = (body: unknown, status = 200): ScriptedResponse => ({
  status,
  headers: { 'content-type': 'application/x-amz-json-1.1' },
  body: JSON.stringify(body),
});
const xml = (body: string): ScriptedResponse => ({ status: 200, headers: { 'content-type': 'text/xml' }, body });

/** The account the tutorial leaves behind, answered in each service's wire format. */
function tutorialAccount(options: { deny?: string[] } = {}) {
  return (request: RecordedRequest): ScriptedResponse => {
    const target = String(request.headers['x-amz-target'] ?? '');
    const action = queryParams(request).get('Action') ?? '';
    if ((options.deny ?? []).some((denied) => target.endsWith(denied) || action === denied)) {
      return json({ __type: 'AccessDeniedException', message: 'User is not authorized' }, 400);
    }
    if (action === 'GetCallerIdentity') {
      return xml(
        `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${ACCOUNT}:user/alice</Arn><UserId>AIDAEXAMPLE</UserId><Account>${ACCOUNT}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
      );
    }
    if (target === 'CloudTrail_20131101.DescribeTrails') {
      return json({
        trailList: [
          {
            Name: 'management-events',
            S3BucketName: 'aws-cloudtrail-logs-123456789012-0f1e2d3c',
            S3KeyPrefix: 'tutorial',
            IncludeGlobalServiceEvents: true,
            IsMultiRegionTrail: true,
            HomeRegion: 'us-east-1',
            TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/management-events`,
            LogFileValidationEnabled: false,
            HasCustomEventSelectors: false,
            HasInsightSelectors: false,
            IsOrganizationTrail: false,
          },
        ],
      });
    }
    if (target === 'CloudTrail_20131101.GetTrailStatus') return json({ IsLogging: true, LatestDeliveryTime: 1.76e9 });
    if (target === 'AWSBudgetServiceGateway.DescribeBudgets') {
      return json({
        Budgets: [
          {
            BudgetName: 'My Monthly Cost Budget',
            BudgetLimit: { Amount: '20.0', Unit: 'USD' },
            TimeUnit: 'MONTHLY',
            BudgetType: 'COST',
          },
        ],
      });
    }
    if (target === 'AWSEvents.ListRules') {
      return json({
        Rules: [
          {
            Name: 'console-signin',
            Arn: `arn:aws:events:us-east-1:${ACCOUNT}:rule/console-signin`,
            EventPattern: '{"detail-type":["AWS Console Sign In via CloudTrail"]}',
            State: 'ENABLED',
            EventBusName: 'default',
          },
          {
            Name: 'account-watch-prod-signin',
            EventPattern: '{"source":["aws.signin"]}',
            State: 'ENABLED',
            EventBusName: 'default',
          },
          { Name: 'nightly-backup', ScheduleExpression: 'rate(1 day)', State: 'ENABLED', EventBusName: 'default' },
        ],
      });
    }
    if (target === 'AWSEvents.ListTargetsByRule') return json({ Targets: [{ Id: 'sns-email', Arn: TOPIC }] });
    if (action === 'ListSubscriptionsByTopic') {
      return xml(
        `<ListSubscriptionsByTopicResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><ListSubscriptionsByTopicResult><Subscriptions><member><TopicArn>${TOPIC}</TopicArn><Protocol>email</Protocol><SubscriptionArn>${TOPIC}:0b1c</SubscriptionArn><Owner>${ACCOUNT}</Owner><Endpoint>owner@example.com</Endpoint></member></Subscriptions></ListSubscriptionsByTopicResult><ResponseMetadata><RequestId>2</RequestId></ResponseMetadata></ListSubscriptionsByTopicResponse>`,
      );
    }
    return { status: 400, body: `unexpected ${target || action}` };
  };
}

let aws: Loopback;
let clients: PreflightClients;

beforeAll(async () => {
  aws = await startLoopback();
  const config = (region: string) => ({
    region,
    endpoint: aws.url,
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'offline' },
    maxAttempts: 1,
  });
  clients = {
    sts: new STSClient(config('us-east-1')),
    cloudTrail: new CloudTrailClient(config('us-east-1')),
    budgets: new BudgetsClient(config('us-east-1')),
    organizations: new OrganizationsClient(config('us-east-1')),
    eventBridge: perRegion((region) => new EventBridgeClient(config(region))),
    sns: perRegion((region) => new SNSClient(config(region))),
  };
});
afterAll(async () => {
  await aws.close();
});

describe('npm run preflight against a loopback AWS', () => {
  it('finds the tutorial trail, budget, sign-in rule and email, with read-only calls only', async () => {
    aws.respondWith(tutorialAccount());
    aws.requests.length = 0;
    const facts = await inspectAccount(clients, { homeRegion: 'us-east-1', stage: 'prod' });
    expect(facts).toMatchObject({
      accountId: ACCOUNT,
      trails: [
        {
          name: 'management-events',
          bucket: 'aws-cloudtrail-logs-123456789012-0f1e2d3c',
          prefix: 'tutorial',
          logging: true,
        },
      ],
      budgets: [{ name: 'My Monthly Cost Budget', amount: '20.0', unit: 'USD' }],
      signInRules: [{ region: 'us-east-1', name: 'console-signin', targets: [{ id: 'sns-email', arn: TOPIC }] }],
      emails: ['owner@example.com'],
      unchecked: [],
    });
    const calls = aws.requests.map(
      (request) => String(request.headers['x-amz-target'] ?? '').split('.')[1] || queryParams(request).get('Action'),
    );
    for (const call of calls) expect(call).toMatch(/^(Get|Describe|List)/);
  });

  it('prints a deploy command that reuses them and passes the deploy-time checks', async () => {
    aws.respondWith(tutorialAccount());
    const plan = planDeploy(await inspectAccount(clients, { homeRegion: 'us-east-1', stage: 'prod' }));
    expect(plan.command).toBe(
      [
        'npx serverless deploy --region us-east-1',
        '--param=email=owner@example.com',
        '--param=trailBucket=aws-cloudtrail-logs-123456789012-0f1e2d3c',
        '--param=trailPrefix=tutorial',
      ].join(' \\\n  '),
    );
    const given = Object.fromEntries(
      [...(plan.command ?? '').matchAll(/--param=(\w+)=(\S+)/g)].map((match) => [match[1] ?? '', match[2] ?? '']),
    );
    expect(() => resolveDeployParameters(given, { region: 'us-east-1', now: new Date() })).not.toThrow();
    expect(plan.findings.join('\n')).toContain('monthlyBudget would create a second budget');
    expect(plan.cleanup).toEqual([
      'aws events remove-targets --region us-east-1 --rule console-signin --ids sns-email',
      'aws events delete-rule --region us-east-1 --name console-signin',
      `aws sns delete-topic --region us-east-1 --topic-arn ${TOPIC}`,
    ]);
  });

  it('says what it could not check when a call is denied, and checks the rest', async () => {
    aws.respondWith(tutorialAccount({ deny: ['DescribeBudgets', 'ListRules'] }));
    const facts = await inspectAccount(clients, { homeRegion: 'ap-northeast-1', stage: 'prod' });
    expect(facts.trails).toHaveLength(1);
    expect(facts.budgets).toEqual([]);
    expect(facts.unchecked.map(({ what, decides }) => [what, decides])).toEqual([
      ['the budgets', 'budget'],
      ['the sign-in rules in ap-northeast-1', 'signInRules'],
      ['the sign-in rules in us-east-1', 'signInRules'],
    ]);
    expect(facts.unchecked[0]?.reason).toBe(
      'permission: your credentials may not call budgets:ViewBudget; User is not authorized',
    );
    const plan = planDeploy(facts);
    const findings = plan.findings.join('\n');
    expect(findings).toContain('Budget: could not check (permission: your credentials may not call budgets:ViewBudget');
    expect(findings).not.toContain('Budget: none found');
    expect(findings).toContain('Sign-in rule: could not check in us-east-1');
    // Without knowing the budgets, a command could create a second budget: none is printed.
    expect(plan.command).toBeUndefined();
  });

  it('still prints the command when only whether a trail is logging could not be checked', async () => {
    aws.respondWith(tutorialAccount({ deny: ['GetTrailStatus'] }));
    const facts = await inspectAccount(clients, { homeRegion: 'ap-northeast-1', stage: 'prod' });
    const plan = planDeploy(facts);
    expect(plan.findings.join('\n')).toContain(
      'Could not check whether trail management-events is logging (cloudtrail:GetTrailStatus): permission',
    );
    expect(plan.command).toContain('trailBucket=aws-cloudtrail-logs-123456789012-0f1e2d3c');
  });
});

describe('planDeploy', () => {
  const empty: AccountFacts = {
    homeRegion: 'ap-northeast-1',
    stage: 'prod',
    trails: [],
    budgets: [],
    signInRules: [],
    emails: [],
    unchecked: [],
  };

  it('prints no deploy command when the trails or the account could not be checked, and never "none found"', () => {
    const plan = planDeploy({
      ...empty,
      unchecked: [
        {
          what: 'the account ID',
          action: 'sts:GetCallerIdentity',
          reason: 'credentials: none found',
          decides: 'account',
        },
        {
          what: 'the trails',
          action: 'cloudtrail:DescribeTrails',
          reason: 'credentials: none found',
          decides: 'trail',
        },
        {
          what: 'the budgets',
          action: 'budgets:ViewBudget',
          reason: 'needs the account ID, which could not be read',
          decides: 'budget',
        },
      ],
    });
    expect(plan.command).toBeUndefined();
    expect(plan.findings).toContain('Trail: could not check (credentials: none found).');
    expect(plan.findings).toContain('Budget: could not check (needs the account ID, which could not be read).');
    expect(plan.findings.join('\n')).not.toContain('none found,');
  });

  it('lets the stack create the trail and the tutorial budget in a fresh account', () => {
    const plan = planDeploy(empty);
    expect(plan.command).toBe(
      'npx serverless deploy --region ap-northeast-1 \\\n  --param=email=you@example.com \\\n  --param=monthlyBudget=20',
    );
    expect(plan.cleanup).toEqual([]);
  });

  it('prefers a logging multi-region trail, warns about one that is off, and quotes odd prefixes for the shell', () => {
    const plan = planDeploy({
      ...empty,
      trails: [
        { name: 'old', arn: 'old', bucket: 'old-logs', multiRegion: false, organizationTrail: false, logging: false },
        {
          name: 'main',
          arn: 'main',
          bucket: 'main-logs',
          prefix: "it's here",
          multiRegion: true,
          organizationTrail: false,
          logging: true,
        },
      ],
    });
    expect(plan.command).toContain("--param='trailPrefix=it'\\''s here'");
    expect(plan.command).toContain('--param=trailBucket=main-logs');
    expect(plan.findings.join('\n')).toContain('Also found trail old');
  });

  it('recognises sign-in rules by source or detail type', () => {
    expect(matchesSignIns('{"source":["aws.signin"]}')).toBe(true);
    expect(matchesSignIns('{"detail-type":["AWS Console Sign In via CloudTrail"]}')).toBe(true);
    expect(matchesSignIns('{"source":["aws.ec2"]}')).toBe(false);
    expect(matchesSignIns('not json')).toBe(false);
    expect(matchesSignIns(undefined)).toBe(false);
  });
});
