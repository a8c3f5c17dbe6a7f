import { HYGIENE_KEY } from '../src/lib/hygiene/week-over-week.js';
import { sub } from './cfn.js';
import { HISTORY_TABLE_ID } from './history.js';
import type { PolicyStatement } from './roles.js';

/**
 * What hygieneReport may do: the read calls its checks make (src/lib/hygiene/inspect.ts), nothing that
 * changes the account, and its one item in the history table. Where IAM lets a read be limited to a
 * resource, it is; the rest are account-level reads that accept only Resource "*".
 */

/** Account-level reads with no resource to name: IAM accepts them only with Resource "*". */
export const ACCOUNT_LEVEL_READS = [
  'iam:GetAccountSummary',
  'iam:ListVirtualMFADevices',
  'iam:GenerateCredentialReport',
  'iam:GetCredentialReport',
  'iam:GetAccountPasswordPolicy',
  'cloudtrail:DescribeTrails',
  's3:GetAccountPublicAccessBlock',
  'ec2:GetEbsEncryptionByDefault',
  'guardduty:ListDetectors',
  'sso:ListInstances',
  'access-analyzer:ListAnalyzers',
  // ListRules has no resource type: it lists by name prefix, the watch's own.
  'events:ListRules',
] as const;

export function hygieneStatements(service: string, stage: string): PolicyStatement[] {
  return [
    {
      Sid: 'ReadAccountSettings',
      Effect: 'Allow',
      Action: [...ACCOUNT_LEVEL_READS],
      Resource: '*',
    },
    {
      Sid: 'ListAdministrators',
      Effect: 'Allow',
      Action: 'iam:ListEntitiesForPolicy',
      Resource: sub('arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess'),
    },
    {
      Sid: 'ReadAdministratorGroups',
      Effect: 'Allow',
      Action: 'iam:GetGroup',
      Resource: sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:group/*'),
    },
    {
      // Any region and any account: a trail made in another region, or the organization's trail.
      Sid: 'ReadTrailStatus',
      Effect: 'Allow',
      Action: 'cloudtrail:GetTrailStatus',
      Resource: sub('arn:${AWS::Partition}:cloudtrail:*:*:trail/*'),
    },
    {
      Sid: 'ReadBudgets',
      Effect: 'Allow',
      Action: 'budgets:ViewBudget',
      Resource: sub('arn:${AWS::Partition}:budgets::${AWS::AccountId}:budget/*'),
    },
    {
      Sid: 'ReadAnomalyMonitors',
      Effect: 'Allow',
      Action: 'ce:GetAnomalyMonitors',
      Resource: sub('arn:${AWS::Partition}:ce::${AWS::AccountId}:anomalymonitor/*'),
    },
    {
      Sid: 'ReadGuardDutyDetector',
      Effect: 'Allow',
      Action: 'guardduty:GetDetector',
      Resource: sub('arn:${AWS::Partition}:guardduty:${AWS::Region}:${AWS::AccountId}:detector/*'),
    },
    {
      Sid: 'ReadOwnSubscriptions',
      Effect: 'Allow',
      Action: 'sns:ListSubscriptionsByTopic',
      Resource: { Ref: 'NotificationTopic' },
    },
    {
      Sid: 'ReadOwnDeadLetterDepth',
      Effect: 'Allow',
      Action: 'sqs:GetQueueAttributes',
      Resource: ['DeadLetterQueue', 'HealthDeadLetterQueue', 'DeliveryDeadLetterQueue'].map((id) => ({
        'Fn::GetAtt': [id, 'Arn'],
      })),
    },
    {
      Sid: 'FindForwardingStacks',
      Effect: 'Allow',
      Action: 'cloudformation:DescribeStacks',
      Resource: sub(
        `arn:\${AWS::Partition}:cloudformation:*:\${AWS::AccountId}:stack/${forwardingStackName(service, stage)}/*`,
      ),
    },
    {
      // Its one item: last week's results. Nothing else in the table is readable or writable by it.
      Sid: 'RememberLastWeek',
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      Resource: { 'Fn::GetAtt': [HISTORY_TABLE_ID, 'Arn'] },
      Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [HYGIENE_KEY.pk] } },
    },
  ];
}

/** The forwarding stacks' name, as osls names serverless-forwarding.yml's stack: <service>-<stage>. */
export function forwardingStackName(service: string, stage: string): string {
  return `${service}-forwarding-${stage}`;
}
