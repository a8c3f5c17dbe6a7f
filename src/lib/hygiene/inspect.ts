import { AccessAnalyzerClient, ListAnalyzersCommand } from '@aws-sdk/client-accessanalyzer';
import { BudgetsClient, DescribeBudgetsCommand } from '@aws-sdk/client-budgets';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { CostExplorerClient, GetAnomalyMonitorsCommand } from '@aws-sdk/client-cost-explorer';
import { EC2Client, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { EventBridgeClient, ListRulesCommand } from '@aws-sdk/client-eventbridge';
import { GetDetectorCommand, GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import {
  GenerateCredentialReportCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  GetGroupCommand,
  IAMClient,
  ListEntitiesForPolicyCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { GetPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ListInstancesCommand, SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { partition } from '@aws-sdk/core/client';
import { allPages, perRegion, withTimeouts } from '../aws-clients.js';
import { isPermissionError, isThrottlingError } from '../aws-errors.js';
import { toOneLine, truncate } from '../notify/text.js';
import type { HygieneFacts, Probe, ProbeProblem, StackFacts, TrailFacts } from './checks.js';
import { type CredentialReportRow, parseCredentialReport } from './credential-report.js';

/**
 * The read-only calls the hygiene checks make, one probe per fact. Every probe catches its own error and
 * turns it into "could not check" with the reason (access denied, throttled after the SDK's retries, or
 * failed), so a role or an SCP that refuses one call never stops the rest.
 */

export interface HygieneClients {
  iam: IAMClient;
  cloudTrail: CloudTrailClient;
  budgets: BudgetsClient;
  costExplorer: CostExplorerClient;
  s3Control: S3ControlClient;
  ec2: EC2Client;
  guardDuty: GuardDutyClient;
  accessAnalyzer: AccessAnalyzerClient;
  ssoAdmin: SSOAdminClient;
  sns: SNSClient;
  sqs: SQSClient;
  /** One CloudFormation client per region searched for forwarding stacks. */
  cloudFormation: (region: string) => CloudFormationClient;
  /** One EventBridge client per region whose rules of the watch are listed. */
  eventBridge: (region: string) => EventBridgeClient;
}

/**
 * The clients for a home region, with the functions' timeouts; Budgets and Cost Explorer live in us-east-1.
 * `config` is added to every client's (a profile's credentials for `npm run doctor`, a loopback endpoint in tests).
 */
export function hygieneClients(homeRegion: string, config: Record<string, unknown> = {}): HygieneClients {
  const at = (region: string) => ({ ...withTimeouts({ region }), ...config });
  const global = partition(homeRegion).name === 'aws' ? 'us-east-1' : homeRegion;
  return {
    iam: new IAMClient(at(homeRegion)),
    cloudTrail: new CloudTrailClient(at(homeRegion)),
    budgets: new BudgetsClient(at(global)),
    costExplorer: new CostExplorerClient(at(global)),
    s3Control: new S3ControlClient(at(homeRegion)),
    ec2: new EC2Client(at(homeRegion)),
    guardDuty: new GuardDutyClient(at(homeRegion)),
    accessAnalyzer: new AccessAnalyzerClient(at(homeRegion)),
    ssoAdmin: new SSOAdminClient(at(homeRegion)),
    sns: new SNSClient(at(homeRegion)),
    // The queue URLs name the region's endpoint already; never send elsewhere than the configured one.
    sqs: new SQSClient({ ...at(homeRegion), useQueueUrlAsEndpoint: false }),
    cloudFormation: perRegion((region) => new CloudFormationClient(at(region))),
    eventBridge: perRegion((region) => new EventBridgeClient(at(region))),
  };
}

/** What of this stack to check: set from its environment in Lambda, from its names by `npm run doctor`. */
export interface StackTarget {
  topicArn: string;
  chatConfigured: boolean;
  deadLetterQueueUrls: string[];
  /** The forwarding stack's name (account-watch-forwarding-<stage>) and the regions the plan puts it in. */
  forwardingStackName: string;
  forwardingRegions: string[];
}

export interface InspectOptions {
  now?: Date;
  /** How often and how many times to ask again for a credential report IAM is still generating. */
  reportPollMs?: number;
  reportPolls?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** An AWS call's error, with the call it came from, so "could not check" names the call that failed. */
class CallFailed extends Error {
  override name = 'CallFailed';
  constructor(
    readonly action: string,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/** One AWS call of a probe that makes several: its error names it. */
async function call<T>(action: string, request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    throw error instanceof CallFailed ? error : new CallFailed(action, error);
  }
}

function errorName(error: unknown): string {
  if (error instanceof CallFailed) return errorName(error.cause);
  return (error as { name?: string } | null)?.name ?? '';
}

/** Why a call failed, in the three kinds the report shows. */
export function problemOf(action: string, error: unknown): ProbeProblem {
  if (error instanceof CallFailed) return problemOf(error.action, error.cause);
  const name = errorName(error);
  const message = truncate(toOneLine(error instanceof Error ? error.message : String(error)), 200);
  if (isPermissionError(error)) return { kind: 'accessDenied', action, message: message || name };
  if (isThrottlingError(error)) return { kind: 'throttled', action, message: message || name };
  return { kind: 'failed', action, message: message || name || 'unknown error' };
}

async function probe<T>(action: string, call: () => Promise<T>): Promise<Probe<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, problem: problemOf(action, error) };
  }
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The credential report: ask IAM to generate it (at most once every four hours it makes a new one), wait
 * while it is being generated, then read it. A report still generating after the polls is "could not check".
 */
export async function fetchCredentialReport(
  iam: IAMClient,
  options: InspectOptions = {},
): Promise<CredentialReportRow[]> {
  const polls = options.reportPolls ?? 10;
  const sleep = options.sleep ?? sleepFor;
  for (let poll = 0; poll < polls; poll++) {
    const { State } = await call('iam:GenerateCredentialReport', iam.send(new GenerateCredentialReportCommand({})));
    if (State === 'COMPLETE') {
      try {
        const report = await call('iam:GetCredentialReport', iam.send(new GetCredentialReportCommand({})));
        return parseCredentialReport(new TextDecoder().decode(report.Content ?? new Uint8Array()));
      } catch (error) {
        // Generated between the two calls, or expired since: generate again.
        if (!/CredentialReportNotReady|ReportInProgress|CredentialReportExpired|ReportExpired/.test(errorName(error))) {
          throw error;
        }
      }
    }
    await sleep(options.reportPollMs ?? 2_000);
  }
  throw new Error(`the credential report was still being generated after ${polls} tries`);
}

async function adminUsers(iam: IAMClient, region: string): Promise<string[]> {
  const PolicyArn = `arn:${partition(region).name}:iam::aws:policy/AdministratorAccess`;
  const pages = await allPages(
    (Marker) => iam.send(new ListEntitiesForPolicyCommand({ PolicyArn, Marker })),
    (page) => [page],
    (page) => (page.IsTruncated ? page.Marker : undefined),
  );
  const users = new Set(pages.flatMap((page) => (page.PolicyUsers ?? []).map((user) => user.UserName ?? '')));
  const groups = pages.flatMap((page) => (page.PolicyGroups ?? []).map((group) => group.GroupName ?? ''));
  for (const GroupName of groups.filter(Boolean)) {
    const members = await allPages(
      (Marker) => call('iam:GetGroup', iam.send(new GetGroupCommand({ GroupName, Marker }))),
      (page) => page.Users,
      (page) => (page.IsTruncated ? page.Marker : undefined),
    );
    for (const member of members) users.add(member.UserName ?? '');
  }
  users.delete('');
  return [...users].sort();
}

async function rootMfaKind(iam: IAMClient, hasMfa: boolean): Promise<'virtual' | 'other' | 'none'> {
  if (!hasMfa) return 'none';
  const devices = await allPages(
    (Marker) => iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned', Marker })),
    (page) => page.VirtualMFADevices,
    (page) => (page.IsTruncated ? page.Marker : undefined),
  );
  // The root user's virtual device is assigned to the account's root ARN (arn:aws:iam::<account>:root).
  return devices.some((device) => /:root$/.test(device.User?.Arn ?? '')) ? 'virtual' : 'other';
}

async function trails(cloudTrail: CloudTrailClient): Promise<TrailFacts[]> {
  // Shadow trails too: a multi-region trail made in another region, or the organization's trail.
  const { trailList = [] } = await cloudTrail.send(new DescribeTrailsCommand({ includeShadowTrails: true }));
  return Promise.all(
    trailList.map(async (trail): Promise<TrailFacts> => {
      const facts: TrailFacts = {
        name: trail.Name ?? trail.TrailARN ?? '',
        arn: trail.TrailARN ?? '',
        homeRegion: trail.HomeRegion,
        multiRegion: trail.IsMultiRegionTrail === true,
        organizationTrail: trail.IsOrganizationTrail === true,
        logFileValidation: trail.LogFileValidationEnabled === true,
      };
      if (!facts.multiRegion) return facts;
      try {
        // By ARN: the only way to read the status of a trail whose home is another region.
        const status = await call(
          'cloudtrail:GetTrailStatus',
          cloudTrail.send(new GetTrailStatusCommand({ Name: facts.arn || facts.name })),
        );
        facts.status = {
          logging: status.IsLogging === true,
          latestDeliveryError: status.LatestDeliveryError || undefined,
          latestDeliveryTime: status.LatestDeliveryTime?.toISOString(),
        };
      } catch (error) {
        // A member account may not read its organization's trail; any other refusal is the check's problem.
        if (!facts.organizationTrail) throw error;
      }
      return facts;
    }),
  );
}

const PUBLIC_ACCESS_BLOCK_SETTINGS = [
  'BlockPublicAcls',
  'IgnorePublicAcls',
  'BlockPublicPolicy',
  'RestrictPublicBuckets',
] as const;

async function publicAccessBlockOff(s3Control: S3ControlClient, accountId: string): Promise<string[]> {
  try {
    const { PublicAccessBlockConfiguration: config = {} } = await s3Control.send(
      new GetPublicAccessBlockCommand({ AccountId: accountId }),
    );
    return PUBLIC_ACCESS_BLOCK_SETTINGS.filter((name) => config[name] !== true);
  } catch (error) {
    // Never configured at the account level: every setting is off.
    if (errorName(error) === 'NoSuchPublicAccessBlockConfiguration') return [...PUBLIC_ACCESS_BLOCK_SETTINGS];
    throw error;
  }
}

async function guardDutyState(guardDuty: GuardDutyClient): Promise<'enabled' | 'suspended' | 'none'> {
  const { DetectorIds = [] } = await guardDuty.send(new ListDetectorsCommand({}));
  const detectorId = DetectorIds[0];
  if (!detectorId) return 'none';
  const detector = await call(
    'guardduty:GetDetector',
    guardDuty.send(new GetDetectorCommand({ DetectorId: detectorId })),
  );
  return detector.Status === 'ENABLED' ? 'enabled' : 'suspended';
}

async function activeAnalyzers(accessAnalyzer: AccessAnalyzerClient): Promise<string[]> {
  const analyzers = await allPages(
    (nextToken) => accessAnalyzer.send(new ListAnalyzersCommand({ nextToken })),
    (page) => page.analyzers,
    (page) => page.nextToken,
  );
  return analyzers
    .filter((analyzer) => analyzer.status === 'ACTIVE')
    .map((analyzer) => analyzer.name ?? analyzer.arn ?? '');
}

/** A forwarding stack that exists and is usable (not deleted, not a failed first create). */
const USABLE_STACK = /^(CREATE|UPDATE|IMPORT)_COMPLETE$|^UPDATE_ROLLBACK_COMPLETE$|_IN_PROGRESS$/;

/**
 * The names the watch's rules start with, from the forwarding stack's name (<service>-forwarding-<stage>): at
 * home <service>-<stage>- (sign-in, api-calls-N, health-alarms), in a forwarding region account-watch-<stage>-forward-.
 */
export function watchRulePrefixes(forwardingStackName: string): { home: string; forwarding: string } {
  const [, service = 'account-watch', stage = 'prod'] = /^(.+)-forwarding-(.+)$/.exec(forwardingStackName) ?? [];
  return { home: `${service}-${stage}-`, forwarding: `account-watch-${stage}-forward-` };
}

/**
 * The watch's rules in the home region and every planned forwarding region, and those disabled: a disabled rule
 * cannot say so itself, and a region whose rules are off goes silent without an error anywhere.
 */
async function watchRules(
  clients: HygieneClients,
  target: StackTarget,
  homeRegion: string,
): Promise<{ rules: number; disabled: string[] }> {
  const prefixes = watchRulePrefixes(target.forwardingStackName);
  const regions = [
    { region: homeRegion, prefix: prefixes.home },
    ...target.forwardingRegions
      .filter((region) => region !== homeRegion)
      .map((region) => ({ region, prefix: prefixes.forwarding })),
  ];
  const found = await Promise.all(
    regions.map(({ region, prefix }) =>
      allPages(
        (NextToken) => clients.eventBridge(region).send(new ListRulesCommand({ NamePrefix: prefix, NextToken })),
        (page) => page.Rules,
        (page) => page.NextToken,
      ).then((rules) => rules.map((rule) => ({ region, name: rule.Name ?? '?', state: rule.State }))),
    ),
  );
  const rules = found.flat();
  return {
    rules: rules.length,
    disabled: rules.filter((rule) => rule.state === 'DISABLED').map((rule) => `${rule.region} ${rule.name}`),
  };
}

async function stackFacts(clients: HygieneClients, target: StackTarget, homeRegion: string): Promise<StackFacts> {
  const rules = probe('events:ListRules', () => watchRules(clients, target, homeRegion));
  const [subscriptions, deadLetters, forwarding] = await Promise.all([
    probe('sns:ListSubscriptionsByTopic', async () => {
      const all = await allPages(
        (NextToken) => clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: target.topicArn, NextToken })),
        (page) => page.Subscriptions,
        (page) => page.NextToken,
      );
      const email = all.filter((subscription) => /^email(-json)?$/.test(subscription.Protocol ?? ''));
      const pending = email.filter((subscription) => subscription.SubscriptionArn === 'PendingConfirmation').length;
      return { pending, confirmed: email.length - pending };
    }),
    probe('sqs:GetQueueAttributes', () =>
      Promise.all(
        target.deadLetterQueueUrls.map(async (QueueUrl) => {
          const { Attributes = {} } = await clients.sqs.send(
            new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
          );
          return {
            queue: QueueUrl.split('/').pop() ?? QueueUrl,
            messages: Number(Attributes.ApproximateNumberOfMessages ?? 0),
          };
        }),
      ),
    ),
    probe('cloudformation:DescribeStacks', async () => {
      const found = await Promise.all(
        target.forwardingRegions.map(async (region) => {
          try {
            const { Stacks = [] } = await clients
              .cloudFormation(region)
              .send(new DescribeStacksCommand({ StackName: target.forwardingStackName }));
            return Stacks.some((stack) => USABLE_STACK.test(stack.StackStatus ?? ''));
          } catch (error) {
            // CloudFormation answers a missing stack with a ValidationError "Stack with id … does not exist".
            if (errorName(error) === 'ValidationError' && /does not exist/.test(String((error as Error).message))) {
              return false;
            }
            throw error;
          }
        }),
      );
      return {
        expected: target.forwardingRegions,
        missing: target.forwardingRegions.filter((_, index) => !found[index]),
      };
    }),
  ]);
  return { subscriptions, chatConfigured: target.chatConfigured, deadLetters, forwarding, rules: await rules };
}

/** Awaits an object of promises, keeping the names. */
async function settleAll<T extends Record<string, Promise<unknown>>>(
  promises: T,
): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const entries = await Promise.all(Object.entries(promises).map(async ([key, value]) => [key, await value] as const));
  return Object.fromEntries(entries) as { [K in keyof T]: Awaited<T[K]> };
}

/** Gathers every fact the checks read, all probes at once; never throws for a refused or failing call. */
export async function inspectAccount(
  clients: HygieneClients,
  account: { accountId: string; homeRegion: string },
  stack: StackTarget | undefined,
  options: InspectOptions = {},
): Promise<HygieneFacts> {
  const { iam } = clients;
  const summaryProbe = probe('iam:GetAccountSummary', async () => {
    const { SummaryMap = {} } = await iam.send(new GetAccountSummaryCommand({}));
    return {
      rootMfa: SummaryMap.AccountMFAEnabled === 1,
      rootAccessKeys: (SummaryMap.AccountAccessKeysPresent ?? 0) > 0,
    };
  });
  // Every probe at once, by name; each settles to its value or its problem, never to an exception.
  const found = await settleAll({
    accountSummary: summaryProbe,
    // Only with MFA on is there a device to tell apart; without the summary, look anyway.
    rootMfaKind: (async () => {
      const summary = await summaryProbe;
      return probe('iam:ListVirtualMFADevices', () => rootMfaKind(iam, summary.ok ? summary.value.rootMfa : true));
    })(),
    credentialReport: probe('iam:GetCredentialReport', () => fetchCredentialReport(iam, options)),
    adminUsers: probe('iam:ListEntitiesForPolicy', () => adminUsers(iam, account.homeRegion)),
    passwordPolicy: probe('iam:GetAccountPasswordPolicy', async () => {
      try {
        await iam.send(new GetAccountPasswordPolicyCommand({}));
        return true;
      } catch (error) {
        if (errorName(error) === 'NoSuchEntityException') return false;
        throw error;
      }
    }),
    trails: probe('cloudtrail:DescribeTrails', () => trails(clients.cloudTrail)),
    budgets: probe('budgets:ViewBudget', async () => {
      const all = await allPages(
        (NextToken) => clients.budgets.send(new DescribeBudgetsCommand({ AccountId: account.accountId, NextToken })),
        (page) => page.Budgets,
        (page) => page.NextToken,
      );
      return all.map((budget) => budget.BudgetName ?? '').filter(Boolean);
    }),
    anomalyMonitors: probe('ce:GetAnomalyMonitors', async () => {
      const all = await allPages(
        (NextPageToken) => clients.costExplorer.send(new GetAnomalyMonitorsCommand({ NextPageToken })),
        (page) => page.AnomalyMonitors,
        (page) => page.NextPageToken,
      );
      return all.map((monitor) => monitor.MonitorName ?? '').filter(Boolean);
    }),
    s3PublicAccessBlockOff: probe('s3:GetAccountPublicAccessBlock', () =>
      publicAccessBlockOff(clients.s3Control, account.accountId),
    ),
    ebsDefaultEncryption: probe('ec2:GetEbsEncryptionByDefault', async () => {
      const answer = await clients.ec2.send(new GetEbsEncryptionByDefaultCommand({}));
      return answer.EbsEncryptionByDefault === true;
    }),
    guardDuty: probe('guardduty:ListDetectors', () => guardDutyState(clients.guardDuty)),
    identityCenter: probe('sso:ListInstances', async () => {
      const { Instances = [] } = await clients.ssoAdmin.send(new ListInstancesCommand({}));
      return Instances.map((instance) => instance.InstanceArn ?? '').filter(Boolean);
    }),
    accessAnalyzers: probe('access-analyzer:ListAnalyzers', () => activeAnalyzers(clients.accessAnalyzer)),
    stack: stack ? stackFacts(clients, stack, account.homeRegion) : Promise.resolve(undefined),
  });
  const { stack: stackFound, ...probes } = found;
  return {
    checkedAt: (options.now ?? new Date()).toISOString(),
    homeRegion: account.homeRegion,
    ...probes,
    ...(stackFound ? { stack: stackFound } : {}),
  };
}
