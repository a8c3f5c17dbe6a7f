import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { join } from 'node:path';
import { FIXTURES } from './fixtures.js';
import type { RecordedRequest, ScriptedResponse } from './loopback.js';

/**
 * A whole AWS account as the hygiene checks see it, answered on one loopback endpoint in each service's
 * real wire format: IAM, EC2, SNS and CloudFormation (query protocol, XML), CloudTrail, Budgets, Cost
 * Explorer and SQS (JSON), GuardDuty and Access Analyzer (REST-JSON), S3 Control (REST-XML). The service
 * and region of each request are read from its signature's credential scope, as AWS routes them.
 * Shared by the tests and `npm run preview`.
 */

export const FAKE_ACCOUNT_ID = '123456789012';
/** The moment the tests and the preview check at: the fixtures' dates are chosen against it. */
export const FAKE_NOW = new Date('2026-11-30T00:00:00Z');

export interface FakeTrail {
  Name: string;
  HomeRegion: string;
  IsMultiRegionTrail: boolean;
  IsOrganizationTrail?: boolean;
  LogFileValidationEnabled: boolean;
  /** GetTrailStatus's answer; undefined makes it refuse (as for a member account reading its organization's trail). */
  status?: { IsLogging: boolean; LatestDeliveryError?: string; LatestDeliveryTime?: number };
}

export interface FakeAccount {
  accountId: string;
  rootMfa: boolean;
  rootVirtualMfa: boolean;
  rootAccessKeys: boolean;
  /** The credential report's CSV. */
  credentialReport: string;
  /** GenerateCredentialReport answers STARTED, then INPROGRESS, this many times before COMPLETE. */
  reportGeneratingCalls: number;
  adminUsers: string[];
  adminGroups: Record<string, string[]>;
  passwordPolicy: boolean;
  trails: FakeTrail[];
  budgets: string[];
  anomalyMonitors: string[];
  /** Undefined: never configured (NoSuchPublicAccessBlockConfiguration). */
  publicAccessBlock?: Record<
    'BlockPublicAcls' | 'IgnorePublicAcls' | 'BlockPublicPolicy' | 'RestrictPublicBuckets',
    boolean
  >;
  ebsEncryptionByDefault: boolean;
  guardDuty?: 'ENABLED' | 'DISABLED';
  /** IAM Identity Center instances in the home region (ARNs); none when absent. */
  identityCenterInstances?: string[];
  analyzers: string[];
  subscriptions: Array<{ protocol: string; endpoint: string; pending: boolean }>;
  /** Messages waiting, by queue name. */
  deadLetters: Record<string, number>;
  /** Regions that have the forwarding stack. */
  forwardingStackRegions: string[];
  /** The watch's rules that are disabled, as "region name" (e.g. "eu-west-1 account-watch-prod-forward-signin"). */
  disabledRules: string[];
  /** The main stack (account-watch-prod) in its region, and its hygieneReport function's environment, for `npm run doctor`. */
  mainStack?: {
    region: string;
    variables: Record<string, string>;
    /** Default 12. */
    publishedLast14Days?: number;
    /** deliverySender's settings, when the stack has them (LINE's recipient and allowance, the history table). */
    senderVariables?: Record<string, string>;
  };
  /** Calls refused with each service's access-denied error, as "iam:GetAccountSummary". */
  deny: string[];
  /** Calls answered with each service's throttling error this many times before the real answer. */
  throttle: Record<string, number>;
}

export function credentialReportFixture(name: 'healthy' | 'unhealthy'): string {
  return readFileSync(join(FIXTURES, 'hygiene', `credential-report-${name}.csv`), 'utf8');
}

const TRAIL_HOME = 'us-east-1';

/** An account that did everything the tutorial asks, and a little more. */
export function healthyAccount(): FakeAccount {
  return {
    accountId: FAKE_ACCOUNT_ID,
    rootMfa: true,
    rootVirtualMfa: false,
    rootAccessKeys: false,
    credentialReport: credentialReportFixture('healthy'),
    reportGeneratingCalls: 0,
    adminUsers: [],
    adminGroups: { Admins: ['alice'] },
    passwordPolicy: true,
    trails: [
      {
        Name: 'account-watch-prod-trail',
        HomeRegion: TRAIL_HOME,
        IsMultiRegionTrail: true,
        LogFileValidationEnabled: true,
        status: { IsLogging: true, LatestDeliveryTime: Date.parse('2026-11-29T23:55:00Z') / 1000 },
      },
    ],
    budgets: ['account-watch-prod-monthly'],
    anomalyMonitors: ['Default-Services-Monitor'],
    publicAccessBlock: {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    },
    ebsEncryptionByDefault: true,
    guardDuty: 'ENABLED',
    identityCenterInstances: ['arn:aws:sso:::instance/ssoins-7223c1e5d38e7f56'],
    analyzers: ['ConsoleAnalyzer-account'],
    subscriptions: [{ protocol: 'email', endpoint: 'owner@example.com', pending: false }],
    deadLetters: { 'account-watch-prod-dead-letters': 0, 'account-watch-prod-health-dead-letters': 0 },
    forwardingStackRegions: [],
    disabledRules: [],
    deny: [],
    throttle: {},
  };
}

/** The account a hurried beginner leaves: root without MFA and with a key, an old trail stopped, no budget. */
export function unhealthyAccount(): FakeAccount {
  return {
    ...healthyAccount(),
    rootMfa: false,
    rootAccessKeys: true,
    credentialReport: credentialReportFixture('unhealthy'),
    adminUsers: ['bob', 'old-ci'],
    adminGroups: {},
    passwordPolicy: false,
    trails: [
      {
        Name: 'management-events',
        HomeRegion: 'us-west-2',
        IsMultiRegionTrail: true,
        LogFileValidationEnabled: false,
        status: { IsLogging: false },
      },
    ],
    budgets: [],
    anomalyMonitors: [],
    publicAccessBlock: undefined,
    ebsEncryptionByDefault: false,
    guardDuty: undefined,
    identityCenterInstances: [],
    analyzers: [],
    subscriptions: [{ protocol: 'email', endpoint: 'owner@example.com', pending: true }],
    deadLetters: { 'account-watch-prod-dead-letters': 3, 'account-watch-prod-health-dead-letters': 0 },
  };
}

/** The signing service and region of a request, from its Authorization header's credential scope. */
export function signedScope(request: RecordedRequest): { service: string; region: string } {
  const match = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(String(request.headers.authorization));
  return { region: match?.[1] ?? '', service: match?.[2] ?? '' };
}

const XML_NAMESPACE: Record<string, string> = {
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  sns: 'http://sns.amazonaws.com/doc/2010-03-31/',
  cloudformation: 'http://cloudformation.amazonaws.com/doc/2010-05-15/',
};

const xml = (body: string, status = 200): ScriptedResponse => ({
  status,
  headers: { 'content-type': 'text/xml' },
  body,
});

function queryReply(service: string, action: string, result: string): ScriptedResponse {
  return xml(
    `<${action}Response xmlns="${XML_NAMESPACE[service]}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ResponseMetadata></${action}Response>`,
  );
}

function queryError(service: string, code: string, message: string, status: number): ScriptedResponse {
  if (service === 'ec2') {
    return xml(
      `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>ea966190-f9aa-478e-9ede-example</RequestID></Response>`,
      status,
    );
  }
  return xml(
    `<ErrorResponse xmlns="${XML_NAMESPACE[service] ?? ''}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>4d6a4c4e-example</RequestId></ErrorResponse>`,
    status,
  );
}

const json = (body: unknown, type = 'application/x-amz-json-1.1', status = 200): ScriptedResponse => ({
  status,
  headers: { 'content-type': type },
  body: JSON.stringify(body),
});

const escapeXml = (value: string) =>
  value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** The service and API operation of a request, as "iam:GetAccountSummary", for the deny and throttle lists. */
function actionOf(service: string, request: RecordedRequest, form: URLSearchParams): string {
  const target = String(request.headers['x-amz-target'] ?? '');
  if (target) return `${service}:${target.split('.').pop()}`;
  const action = form.get('Action');
  if (action) return `${service}:${action}`;
  if (service === 's3') return 's3:GetAccountPublicAccessBlock';
  if (service === 'guardduty')
    return /^\/detector\/[^/?]+/.test(request.path) ? 'guardduty:GetDetector' : 'guardduty:ListDetectors';
  if (service === 'access-analyzer') return 'access-analyzer:ListAnalyzers';
  if (service === 'lambda') return 'lambda:GetFunctionConfiguration';
  return `${service}:${request.method} ${request.path}`;
}

/** The service's own error for a refused or throttled call, in its protocol. */
function errorReply(service: string, kind: 'denied' | 'throttled', action: string): ScriptedResponse {
  const denied = `User: arn:aws:sts::${FAKE_ACCOUNT_ID}:assumed-role/account-watch-prod-hygieneReport/fn is not authorized to perform: ${action} with an explicit deny in a service control policy`;
  const message = kind === 'denied' ? denied : 'Rate exceeded';
  if (service === 'iam' || service === 'sns' || service === 'cloudformation' || service === 'ec2') {
    const code =
      kind === 'throttled'
        ? service === 'ec2'
          ? 'RequestLimitExceeded'
          : 'Throttling'
        : service === 'ec2'
          ? 'UnauthorizedOperation'
          : service === 'sns'
            ? 'AuthorizationError'
            : 'AccessDenied';
    return queryError(service, code, escapeXml(message), kind === 'denied' ? 403 : 400);
  }
  if (service === 's3') {
    return xml(
      `<?xml version="1.0" encoding="UTF-8"?><ErrorResponse><Error><Code>${kind === 'denied' ? 'AccessDenied' : 'SlowDown'}</Code><Message>${kind === 'denied' ? 'Access Denied' : 'Please reduce your request rate.'}</Message></Error><RequestId>656c76696e6727732072657175657374</RequestId><HostId>Uuag1LuByRx9e6j5Onimru9pO4ZVKnJ2Qz7/C1NPcfTWAtRPfTaOFg==</HostId></ErrorResponse>`,
      kind === 'denied' ? 403 : 503,
    );
  }
  if (service === 'guardduty' || service === 'access-analyzer') {
    return {
      status: kind === 'denied' ? 403 : 429,
      headers: {
        'content-type': 'application/json',
        'x-amzn-errortype': kind === 'denied' ? 'AccessDeniedException' : 'ThrottlingException',
      },
      body: JSON.stringify({ message }),
    };
  }
  const type = service === 'sqs' ? 'application/x-amz-json-1.0' : 'application/x-amz-json-1.1';
  return json({ __type: kind === 'denied' ? 'AccessDeniedException' : 'ThrottlingException', message }, type, 400);
}

/** The responder for a fake account. It keeps the count of throttled answers and report generations. */
export function hygieneAccountResponder(account: FakeAccount): (request: RecordedRequest) => ScriptedResponse {
  const throttled: Record<string, number> = {};
  let generateCalls = 0;
  return (request) => {
    const { service, region } = signedScope(request);
    const form = new URLSearchParams(
      request.headers['content-type']?.includes('x-www-form-urlencoded') ? request.body : '',
    );
    const action = actionOf(service, request, form);
    if (account.deny.includes(action)) return errorReply(service, 'denied', action);
    const times = account.throttle[action] ?? 0;
    if ((throttled[action] ?? 0) < times) {
      throttled[action] = (throttled[action] ?? 0) + 1;
      return errorReply(service, 'throttled', action);
    }
    const name = action.split(':')[1] ?? '';

    if (service === 'iam') {
      switch (name) {
        case 'GetAccountSummary': {
          const entries = {
            AccountMFAEnabled: account.rootMfa ? 1 : 0,
            AccountAccessKeysPresent: account.rootAccessKeys ? 1 : 0,
            AccountSigningCertificatesPresent: 0,
            Users: 3,
            Groups: 1,
            Roles: 12,
            Policies: 4,
            MFADevices: 2,
            MFADevicesInUse: 1,
          };
          return queryReply(
            'iam',
            name,
            `<SummaryMap>${Object.entries(entries)
              .map(([key, value]) => `<entry><key>${key}</key><value>${value}</value></entry>`)
              .join('')}</SummaryMap>`,
          );
        }
        case 'ListVirtualMFADevices': {
          const devices = [
            `<member><SerialNumber>arn:aws:iam::${account.accountId}:mfa/alice-phone</SerialNumber><User><UserName>alice</UserName><UserId>AIDAEXAMPLEALICE</UserId><Arn>arn:aws:iam::${account.accountId}:user/alice</Arn><CreateDate>2024-03-02T09:30:00Z</CreateDate></User><EnableDate>2024-03-02T09:40:00Z</EnableDate></member>`,
            ...(account.rootVirtualMfa
              ? [
                  `<member><SerialNumber>arn:aws:iam::${account.accountId}:mfa/root-account-mfa-device</SerialNumber><User><UserId>${account.accountId}</UserId><Arn>arn:aws:iam::${account.accountId}:root</Arn><CreateDate>2020-01-15T08:00:00Z</CreateDate></User><EnableDate>2020-01-15T08:10:00Z</EnableDate></member>`,
                ]
              : []),
          ];
          return queryReply(
            'iam',
            name,
            `<IsTruncated>false</IsTruncated><VirtualMFADevices>${devices.join('')}</VirtualMFADevices>`,
          );
        }
        case 'GenerateCredentialReport': {
          generateCalls++;
          const state =
            generateCalls === 1 && account.reportGeneratingCalls > 0
              ? 'STARTED'
              : generateCalls <= account.reportGeneratingCalls
                ? 'INPROGRESS'
                : 'COMPLETE';
          return queryReply(
            'iam',
            name,
            `<Description>No report exists. Starting a new report generation task</Description><State>${state}</State>`,
          );
        }
        case 'GetCredentialReport':
          if (generateCalls <= account.reportGeneratingCalls) {
            return queryError('iam', 'ReportInProgress', 'Report is still being generated', 404);
          }
          return queryReply(
            'iam',
            name,
            `<Content>${Buffer.from(account.credentialReport).toString('base64')}</Content><ReportFormat>text/csv</ReportFormat><GeneratedTime>2026-11-29T23:58:00Z</GeneratedTime>`,
          );
        case 'ListEntitiesForPolicy':
          return queryReply(
            'iam',
            name,
            `<IsTruncated>false</IsTruncated><PolicyUsers>${account.adminUsers
              .map((user) => `<member><UserName>${user}</UserName><UserId>AIDA${user.toUpperCase()}</UserId></member>`)
              .join('')}</PolicyUsers><PolicyGroups>${Object.keys(account.adminGroups)
              .map(
                (group) =>
                  `<member><GroupName>${group}</GroupName><GroupId>AGPA${group.toUpperCase()}</GroupId></member>`,
              )
              .join(
                '',
              )}</PolicyGroups><PolicyRoles><member><RoleName>OrganizationAccountAccessRole</RoleName><RoleId>AROAEXAMPLE</RoleId></member></PolicyRoles>`,
          );
        case 'GetGroup': {
          const group = form.get('GroupName') ?? '';
          return queryReply(
            'iam',
            name,
            `<Group><Path>/</Path><GroupName>${group}</GroupName><GroupId>AGPA${group.toUpperCase()}</GroupId><Arn>arn:aws:iam::${account.accountId}:group/${group}</Arn><CreateDate>2024-03-02T09:00:00Z</CreateDate></Group><Users>${(
              account.adminGroups[group] ?? []
            )
              .map(
                (user) =>
                  `<member><Path>/</Path><UserName>${user}</UserName><UserId>AIDA${user.toUpperCase()}</UserId><Arn>arn:aws:iam::${account.accountId}:user/${user}</Arn><CreateDate>2024-03-02T09:30:00Z</CreateDate></member>`,
              )
              .join('')}</Users><IsTruncated>false</IsTruncated>`,
          );
        }
        case 'GetAccountPasswordPolicy':
          return account.passwordPolicy
            ? queryReply(
                'iam',
                name,
                '<PasswordPolicy><MinimumPasswordLength>14</MinimumPasswordLength><RequireSymbols>true</RequireSymbols><RequireNumbers>true</RequireNumbers><RequireUppercaseCharacters>true</RequireUppercaseCharacters><RequireLowercaseCharacters>true</RequireLowercaseCharacters><AllowUsersToChangePassword>true</AllowUsersToChangePassword><ExpirePasswords>false</ExpirePasswords><PasswordReusePrevention>24</PasswordReusePrevention></PasswordPolicy>',
              )
            : queryError(
                'iam',
                'NoSuchEntity',
                `The Password Policy with domain name ${account.accountId} cannot be found.`,
                404,
              );
      }
    }

    if (service === 'cloudtrail') {
      if (name === 'DescribeTrails') {
        return json({
          trailList: account.trails.map((trail) => ({
            Name: trail.Name,
            S3BucketName: `aws-cloudtrail-logs-${account.accountId}-0f1e2d3c`,
            IncludeGlobalServiceEvents: true,
            IsMultiRegionTrail: trail.IsMultiRegionTrail,
            HomeRegion: trail.HomeRegion,
            TrailARN: `arn:aws:cloudtrail:${trail.HomeRegion}:${trail.IsOrganizationTrail ? '999999999999' : account.accountId}:trail/${trail.Name}`,
            LogFileValidationEnabled: trail.LogFileValidationEnabled,
            HasCustomEventSelectors: false,
            HasInsightSelectors: false,
            IsOrganizationTrail: trail.IsOrganizationTrail === true,
          })),
        });
      }
      if (name === 'GetTrailStatus') {
        const { Name } = JSON.parse(request.body) as { Name: string };
        const trail = account.trails.find(
          (candidate) => Name.endsWith(`:trail/${candidate.Name}`) || Name === candidate.Name,
        );
        if (!trail?.status) return errorReply('cloudtrail', 'denied', action);
        return json({
          IsLogging: trail.status.IsLogging,
          ...(trail.status.LatestDeliveryError ? { LatestDeliveryError: trail.status.LatestDeliveryError } : {}),
          ...(trail.status.LatestDeliveryTime ? { LatestDeliveryTime: trail.status.LatestDeliveryTime } : {}),
          StartLoggingTime: 1.7e9,
          TimeLoggingStarted: '2023-11-14T22:13:20Z',
        });
      }
    }

    if (service === 'budgets' && name === 'DescribeBudgets') {
      return json({
        Budgets: account.budgets.map((BudgetName) => ({
          BudgetName,
          BudgetLimit: { Amount: '20.0', Unit: 'USD' },
          TimeUnit: 'MONTHLY',
          BudgetType: 'COST',
          CalculatedSpend: { ActualSpend: { Amount: '3.12', Unit: 'USD' } },
        })),
      });
    }

    if (service === 'sso' && name === 'ListInstances') {
      // SSO Admin's ListInstances, as the API reference shapes it.
      return json({
        Instances: (account.identityCenterInstances ?? []).map((InstanceArn) => ({
          InstanceArn,
          IdentityStoreId: 'd-9067230a3c',
          OwnerAccountId: account.accountId,
          Status: 'ACTIVE',
          CreatedDate: 1.7e9,
        })),
      });
    }
    if (service === 'ce' && name === 'GetAnomalyMonitors') {
      return json({
        AnomalyMonitors: account.anomalyMonitors.map((MonitorName, index) => ({
          MonitorArn: `arn:aws:ce::${account.accountId}:anomalymonitor/1a2b3c4d-0000-4000-8000-00000000000${index}`,
          MonitorName,
          MonitorType: 'DIMENSIONAL',
          MonitorDimension: 'SERVICE',
          CreationDate: '2026-01-05',
          LastEvaluatedDate: '2026-11-29',
          DimensionalValueCount: 14,
        })),
      });
    }

    if (service === 's3' && request.path.includes('/configuration/publicAccessBlock')) {
      const block = account.publicAccessBlock;
      if (!block) {
        return xml(
          `<?xml version="1.0" encoding="UTF-8"?><ErrorResponse><Error><Code>NoSuchPublicAccessBlockConfiguration</Code><Message>The public access block configuration was not found</Message><AccountId>${account.accountId}</AccountId></Error><RequestId>5X0Z1Z1EXAMPLE</RequestId><HostId>example</HostId></ErrorResponse>`,
          404,
        );
      }
      return xml(
        `<?xml version="1.0" encoding="UTF-8"?><PublicAccessBlockConfiguration>${Object.entries(block)
          .map(([key, value]) => `<${key}>${value}</${key}>`)
          .join('')}</PublicAccessBlockConfiguration>`,
      );
    }

    if (service === 'ec2' && name === 'GetEbsEncryptionByDefault') {
      return xml(
        `<GetEbsEncryptionByDefaultResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>8b2f1c2e-example</requestId><ebsEncryptionByDefault>${account.ebsEncryptionByDefault}</ebsEncryptionByDefault><sseType>sse-ebs</sseType></GetEbsEncryptionByDefaultResponse>`,
      );
    }

    if (service === 'guardduty') {
      const detectorId = '12abc34d567e8fa901bc2d34e56789f0';
      if (name === 'ListDetectors') {
        return json({ detectorIds: account.guardDuty ? [detectorId] : [] }, 'application/json');
      }
      return json(
        {
          createdAt: '2026-01-05T10:00:00.000Z',
          findingPublishingFrequency: 'SIX_HOURS',
          serviceRole: `arn:aws:iam::${account.accountId}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
          status: account.guardDuty ?? 'DISABLED',
          updatedAt: '2026-11-01T10:00:00.000Z',
        },
        'application/json',
      );
    }

    if (service === 'access-analyzer') {
      return json(
        {
          analyzers: account.analyzers.map((analyzerName) => ({
            arn: `arn:aws:access-analyzer:${region}:${account.accountId}:analyzer/${analyzerName}`,
            name: analyzerName,
            type: 'ACCOUNT',
            createdAt: '2026-01-05T10:00:00Z',
            status: 'ACTIVE',
          })),
        },
        'application/json',
      );
    }

    if (service === 'sns' && name === 'ListSubscriptionsByTopic') {
      const topic = form.get('TopicArn') ?? '';
      return queryReply(
        'sns',
        name,
        `<Subscriptions>${account.subscriptions
          .map(
            (subscription, index) =>
              `<member><TopicArn>${escapeXml(topic)}</TopicArn><Protocol>${subscription.protocol}</Protocol><SubscriptionArn>${
                subscription.pending
                  ? 'PendingConfirmation'
                  : `${escapeXml(topic)}:9b2e7c1a-0000-4000-8000-00000000000${index}`
              }</SubscriptionArn><Owner>${account.accountId}</Owner><Endpoint>${escapeXml(subscription.endpoint)}</Endpoint></member>`,
          )
          .join('')}</Subscriptions>`,
      );
    }

    if (service === 'sqs' && name === 'GetQueueAttributes') {
      const { QueueUrl } = JSON.parse(request.body) as { QueueUrl: string };
      const queue = QueueUrl.split('/').pop() ?? '';
      return json(
        { Attributes: { ApproximateNumberOfMessages: String(account.deadLetters[queue] ?? 0) } },
        'application/x-amz-json-1.0',
      );
    }

    if (service === 'monitoring' && name === 'GetMetricStatistics') {
      const published = account.mainStack?.publishedLast14Days ?? 12;
      return json(
        {
          Label: 'NumberOfMessagesPublished',
          Datapoints: published > 0 ? [{ Timestamp: 1.7645e9, Sum: published, Unit: 'Count' }] : [],
        },
        'application/x-amz-json-1.0',
      );
    }

    if (service === 'sts' && name === 'GetCallerIdentity') {
      return xml(
        `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:sts::${account.accountId}:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/alice</Arn><UserId>AROAEXAMPLEID:alice</UserId><Account>${account.accountId}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
      );
    }

    if (service === 'lambda') {
      const functionName = decodeURIComponent(/\/functions\/([^/]+)\/configuration/.exec(request.path)?.[1] ?? '');
      const variables =
        functionName === 'account-watch-prod-hygieneReport'
          ? account.mainStack?.variables
          : functionName === 'account-watch-prod-deliverySender'
            ? account.mainStack?.senderVariables
            : undefined;
      if (!account.mainStack || !variables) {
        return {
          status: 404,
          headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'ResourceNotFoundException' },
          body: JSON.stringify({
            Type: 'User',
            message: `Function not found: arn:aws:lambda:${region}:${account.accountId}:function:${functionName}`,
          }),
        };
      }
      return json(
        {
          FunctionName: functionName,
          FunctionArn: `arn:aws:lambda:${region}:${account.accountId}:function:${functionName}`,
          Runtime: 'nodejs22.x',
          Architectures: ['arm64'],
          Handler: 'src/handlers/hygiene-report.handler',
          Environment: { Variables: variables },
        },
        'application/json',
      );
    }

    if (service === 'events' && name === 'ListRules') {
      // The rules a deploy makes: the forwarding stack's where it is, the main stack's everywhere else asked.
      const { NamePrefix = '' } = JSON.parse(request.body) as { NamePrefix?: string };
      const names = account.forwardingStackRegions.includes(region)
        ? ['forward-alarm', 'forward-api-calls-1', 'forward-api-calls-2', 'forward-signin'].map(
            (suffix) => `account-watch-prod-${suffix}`,
          )
        : ['api-calls-1', 'api-calls-2', 'health-alarms', 'signin'].map((suffix) => `account-watch-prod-${suffix}`);
      return json({
        Rules: names
          .filter((ruleName) => ruleName.startsWith(NamePrefix))
          .map((ruleName) => ({
            Name: ruleName,
            Arn: `arn:aws:events:${region}:${account.accountId}:rule/${ruleName}`,
            State: account.disabledRules.includes(`${region} ${ruleName}`) ? 'DISABLED' : 'ENABLED',
            EventBusName: 'default',
          })),
      });
    }

    if (service === 'cloudformation' && name === 'DescribeStacks' && form.get('StackName') === 'account-watch-prod') {
      if (account.mainStack?.region !== region) {
        return queryError('cloudformation', 'ValidationError', 'Stack with id account-watch-prod does not exist', 400);
      }
      return queryReply(
        'cloudformation',
        name,
        `<Stacks><member><StackName>account-watch-prod</StackName><StackId>arn:aws:cloudformation:${region}:${account.accountId}:stack/account-watch-prod/0a1b2c3d-0000-11ef-8000-000000000000</StackId><CreationTime>2026-01-05T10:00:00Z</CreationTime><StackStatus>UPDATE_COMPLETE</StackStatus><Outputs><member><OutputKey>NotificationTopicArn</OutputKey><OutputValue>arn:aws:sns:${region}:${account.accountId}:account-watch-prod-notifications</OutputValue></member></Outputs></member></Stacks>`,
      );
    }

    if (service === 'cloudformation' && name === 'DescribeStacks') {
      const stackName = form.get('StackName') ?? '';
      if (!account.forwardingStackRegions.includes(region)) {
        return queryError(
          'cloudformation',
          'ValidationError',
          `Stack with id ${escapeXml(stackName)} does not exist`,
          400,
        );
      }
      return queryReply(
        'cloudformation',
        name,
        `<Stacks><member><StackName>${escapeXml(stackName)}</StackName><StackId>arn:aws:cloudformation:${region}:${account.accountId}:stack/${escapeXml(stackName)}/5e8c2a40-0000-11ef-8000-000000000000</StackId><CreationTime>2026-01-05T10:00:00Z</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus></member></Stacks>`,
      );
    }

    return { status: 400, body: `unexpected request ${service} ${request.method} ${request.path} ${action}` };
  };
}

/**
 * Client settings that send every request of every client to the loopback endpoint, whatever host the
 * SDK builds: S3 Control puts the account ID in front of the host (123456789012.<endpoint>), which no
 * resolver here knows, so the agent resolves every name to 127.0.0.1. Signing and parsing stay the SDK's.
 */
export function loopbackClientConfig(url: string, maxAttempts = 1): Record<string, unknown> {
  const { port } = new URL(url);
  const agent = new Agent({
    lookup: ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) =>
      options?.all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4)) as never,
  });
  return {
    endpoint: `http://aws.loopback.test:${port}`,
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    maxAttempts,
    requestHandler: { httpAgent: agent, connectionTimeout: 2_000, requestTimeout: 5_000 },
  };
}
