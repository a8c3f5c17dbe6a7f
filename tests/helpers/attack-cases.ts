import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The attack cases of the API-call detections: real records from Stratus Red Team's detonations and from the
 * test events of Panther's public detection rules (tests/fixtures/attack-logs/SOURCES.md), and records derived
 * from them for the calls no public log set records, each saying what it changed.
 */

const ATTACK_LOGS = join(import.meta.dirname, '..', 'fixtures', 'attack-logs');

export type CloudTrailRecord = Record<string, unknown> & { requestParameters?: Record<string, unknown> | null };

export function stratus(name: string): CloudTrailRecord[] {
  return JSON.parse(
    readFileSync(join(ATTACK_LOGS, 'stratus-red-team', `aws.${name}.json`), 'utf8'),
  ) as CloudTrailRecord[];
}

export function stratusRecord(name: string, eventName: string): CloudTrailRecord {
  const record = stratus(name).find((candidate) => candidate.eventName === eventName);
  if (!record) throw new Error(`${name} has no ${eventName}`);
  return structuredClone(record);
}

export function panther(rule: string, testName: string): CloudTrailRecord {
  const { tests } = JSON.parse(readFileSync(join(ATTACK_LOGS, 'panther', `${rule}.json`), 'utf8')) as {
    tests: Array<{ name: string; record: CloudTrailRecord }>;
  };
  const found = tests.find((test) => test.name === testName);
  if (!found) throw new Error(`${rule} has no test "${testName}"`);
  return structuredClone(found.record);
}

/** A real record turned into another call of the same shape (the calls no public log set records). */
export function derived(base: CloudTrailRecord, change: Partial<CloudTrailRecord>): CloudTrailRecord {
  return { ...structuredClone(base), ...change };
}

export const positives: Array<[string, () => unknown, string[]]> = [
  ['Stratus: CloudTrail stopped', () => stratus('defense-evasion.cloudtrail-stop'), ['cloudtrail-stopped']],
  ['Stratus: trail deleted', () => stratus('defense-evasion.cloudtrail-delete'), ['cloudtrail-deleted']],
  [
    'Stratus: event selectors blind the trail',
    () => stratus('defense-evasion.cloudtrail-event-selectors'),
    ['cloudtrail-changed'],
  ],
  ['Stratus: flow logs removed', () => stratus('defense-evasion.vpc-remove-flow-logs'), ['flow-logs-deleted']],
  [
    'Stratus: leave the organization (denied)',
    () => stratus('defense-evasion.organizations-leave'),
    ['organization-left'],
  ],
  [
    'Stratus: backdoor access key for a user',
    () => stratus('persistence.iam-backdoor-user'),
    ['access-key-for-other-user'],
  ],
  [
    'Stratus: admin user with a key',
    () => stratus('persistence.iam-create-admin-user'),
    ['admin-policy-granted', 'access-key-for-other-user', 'iam-user-created'],
  ],
  ['Stratus: role trusting another account', () => stratus('persistence.iam-backdoor-role'), ['role-trust-opened']],
  [
    'Stratus: backdoor role with admin',
    () => stratus('persistence.iam-create-backdoor-role'),
    ['admin-policy-granted', 'role-trust-opened'],
  ],
  [
    'Stratus: console password for a user',
    () => stratus('persistence.iam-create-user-login-profile'),
    ['login-profile-for-other-user'],
  ],
  [
    'Stratus: console password changed for a user',
    () => stratus('privilege-escalation.iam-update-user-login-profile'),
    ['login-profile-for-other-user'],
  ],
  [
    'Stratus: Lambda invokable by anyone',
    () => stratus('persistence.lambda-backdoor-function'),
    ['lambda-public-permission'],
  ],
  [
    'Stratus: SSH open to the world',
    () => stratus('exfiltration.ec2-security-group-open-port-22-ingress'),
    ['security-group-open-to-world'],
  ],
  ['Stratus: EBS snapshot shared', () => stratus('exfiltration.ec2-share-ebs-snapshot'), ['snapshot-or-image-shared']],
  ['Stratus: AMI shared', () => stratus('exfiltration.ec2-share-ami'), ['snapshot-or-image-shared']],
  ['Stratus: RDS snapshot shared', () => stratus('exfiltration.rds-share-snapshot'), ['snapshot-or-image-shared']],
  [
    'Stratus: GPU instances in an unused region (refused)',
    () => stratus('execution.ec2-launch-unusual-instances'),
    ['instances-outside-allowed-regions', 'gpu-or-huge-instances'],
  ],
  ['Stratus: Bedrock model access', () => stratus('impact.bedrock-invoke-model'), ['bedrock-model-access']],
  [
    'Panther: root access key',
    () => panther('aws_root_access_key_created', 'Root Access Key Created'),
    ['root-access-key-created', 'root-write'],
  ],
  [
    'Panther: root creates a key for a user: a root write, not a root key',
    () => panther('aws_root_access_key_created', 'Root Created Access Key For User'),
    ['root-write'],
  ],
  ['Panther: root changes a bucket', () => panther('aws_root_activity', 'Root Activity'), ['root-write']],
  [
    'Panther: Config delivery channel deleted',
    () => panther('aws_config_service_disabled_deleted', 'Config Recorder Deleted'),
    ['config-stopped'],
  ],
  [
    'Panther: public access block deleted',
    () => panther('aws_s3_delete_public_access_block', 'Public Access Block Deleted Successfully'),
    ['s3-public-access-block-removed'],
  ],
  [
    'Panther: snapshot public',
    () => panther('aws_snapshot_made_public', 'Snapshot Made Publicly Accessible'),
    ['snapshot-or-image-shared'],
  ],
  [
    'Panther: AMI public',
    () => panther('aws_ami_modified_for_public_access', 'AMI Made Public'),
    ['snapshot-or-image-shared'],
  ],
  [
    'Panther: 1-day lifecycle on the trail bucket',
    () => panther('aws_cloudtrail_short_lifecycle', '1-Day Lifecycle Rule on Known CT Bucket'),
    ['trail-bucket-changed'],
  ],
  [
    'Panther: AdministratorAccess to a user',
    () => panther('aws_iam_attach_admin_user_policy', 'IAM User Policy Attached with Administrator Access'),
    ['admin-policy-granted'],
  ],
  [
    'derived: GuardDuty detector deleted (from Stratus StopLogging)',
    () =>
      derived(stratusRecord('defense-evasion.cloudtrail-stop', 'StopLogging'), {
        eventSource: 'guardduty.amazonaws.com',
        eventName: 'DeleteDetector',
        requestParameters: { detectorId: '12abc34d567e8fa901bc2d34e56789f0' },
      }),
    ['guardduty-disabled'],
  ],
  [
    'derived: GuardDuty detector disabled',
    () =>
      derived(stratusRecord('defense-evasion.cloudtrail-stop', 'StopLogging'), {
        eventSource: 'guardduty.amazonaws.com',
        eventName: 'UpdateDetector',
        requestParameters: { detectorId: '12abc34d567e8fa901bc2d34e56789f0', enable: false },
      }),
    ['guardduty-disabled'],
  ],
  [
    'derived: Security Hub disabled',
    () =>
      derived(stratusRecord('defense-evasion.cloudtrail-stop', 'StopLogging'), {
        eventSource: 'securityhub.amazonaws.com',
        eventName: 'DisableSecurityHub',
        requestParameters: null,
      }),
    ['security-services-disabled'],
  ],
  [
    'derived: budget deleted',
    () =>
      derived(stratusRecord('defense-evasion.cloudtrail-stop', 'StopLogging'), {
        eventSource: 'budgets.amazonaws.com',
        eventName: 'DeleteBudget',
        requestParameters: { accountId: '123456789012', budgetName: 'monthly' },
      }),
    ['budget-deleted'],
  ],
  [
    'derived: MFA device deactivated for a user (from Stratus UpdateLoginProfile)',
    () =>
      derived(stratusRecord('privilege-escalation.iam-update-user-login-profile', 'UpdateLoginProfile'), {
        eventName: 'DeactivateMFADevice',
        requestParameters: { userName: 'alice', serialNumber: 'arn:aws:iam::123456789012:mfa/alice' },
      }),
    ['mfa-deactivated'],
  ],
  [
    'derived: password policy deleted',
    () =>
      derived(stratusRecord('privilege-escalation.iam-update-user-login-profile', 'UpdateLoginProfile'), {
        eventName: 'DeleteAccountPasswordPolicy',
        requestParameters: null,
      }),
    ['password-policy-deleted'],
  ],
  [
    'derived: root removes its own MFA (from Panther root access key)',
    () =>
      derived(panther('aws_root_access_key_created', 'Root Access Key Created'), {
        eventName: 'DeactivateMFADevice',
        requestParameters: { serialNumber: 'arn:aws:iam::123456789012:mfa/root-account-mfa-device' },
      }),
    ['root-mfa-removed', 'root-write'],
  ],
  [
    'derived: bucket policy granting everyone',
    () =>
      derived(panther('aws_s3_bucket_policy_modified', 'S3 Bucket Policy Modified'), {
        eventName: 'PutBucketPolicy',
        requestParameters: {
          bucketName: 'bucket',
          bucketPolicy: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }],
          },
        },
      }),
    ['s3-bucket-made-public'],
  ],
  [
    'derived: opt-in region enabled (Panther\u2019s test, with the Account Management API\u2019s eventSource)',
    () => derived(panther('aws_cloudtrail_region_enabled', 'EnableRegion'), { eventSource: 'account.amazonaws.com' }),
    ['region-enabled'],
  ],
  [
    'derived: service quota increase',
    () =>
      derived(stratusRecord('impact.bedrock-invoke-model', 'PutFoundationModelEntitlement'), {
        eventSource: 'servicequotas.amazonaws.com',
        eventName: 'RequestServiceQuotaIncrease',
        requestParameters: { serviceCode: 'ec2', quotaCode: 'L-417A185B', desiredValue: 256 },
      }),
    ['service-quota-increase'],
  ],
];

export const negatives: Array<[string, () => unknown]> = [
  ['Panther: ACL set to private', () => panther('aws_s3_bucket_policy_modified', 'S3 Bucket Policy Modified')],
  [
    'Panther: AMI shared with group "not-all"',
    () => panther('aws_ami_modified_for_public_access', 'AMI Not Made Public'),
  ],
  [
    'Panther: snapshot shared with group "none"',
    () => panther('aws_snapshot_made_public', 'Snapshot Not Made Publicly Accessible'),
  ],
  [
    'Panther: RDS snapshot shared with no account',
    () => panther('aws_rds_snapshot_shared', 'Snapshot shared with no accounts'),
  ],
  [
    'Panther: a policy without admin rights',
    () => panther('aws_iam_attach_admin_user_policy', 'IAM User Policy Attached without Administrator Access'),
  ],
  [
    'Panther: a Lambda permission for a named principal',
    () => panther('aws_backdoor_lambda_function', 'Lambda Add Permission Event v2'),
  ],
  [
    'Panther: a lifecycle rule on another bucket',
    () => ({
      ...panther('aws_cloudtrail_short_lifecycle', '1-Day Lifecycle Rule on Known CT Bucket'),
      requestParameters: { bucketName: 'photos' },
    }),
  ],
  [
    'derived: SSH from one address (/32), not the world',
    () => {
      const record = stratusRecord(
        'exfiltration.ec2-security-group-open-port-22-ingress',
        'AuthorizeSecurityGroupIngress',
      );
      return { ...record, requestParameters: { ...record.requestParameters, cidrIp: '203.0.113.10/32' } };
    },
  ],
  [
    'derived: HTTPS (443) open to the world is a web server, not an admin port',
    () => {
      const record = stratusRecord(
        'exfiltration.ec2-security-group-open-port-22-ingress',
        'AuthorizeSecurityGroupIngress',
      );
      return { ...record, requestParameters: { ...record.requestParameters, fromPort: 443, toPort: 443 } };
    },
  ],
  [
    'derived: a user creates their own access key',
    () => {
      const record = stratusRecord('persistence.iam-backdoor-user', 'CreateAccessKey');
      return { ...record, requestParameters: { userName: (record.userIdentity as { userName: string }).userName } };
    },
  ],
  [
    'derived: ReadOnlyAccess attached, not AdministratorAccess',
    () => {
      const record = stratusRecord('persistence.iam-create-admin-user', 'AttachUserPolicy');
      return {
        ...record,
        requestParameters: { ...record.requestParameters, policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
      };
    },
  ],
  [
    'derived: a trust policy for a service only',
    () => {
      const record = stratusRecord('persistence.iam-backdoor-role', 'UpdateAssumeRolePolicy');
      const policyDocument = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      });
      return { ...record, requestParameters: { ...record.requestParameters, policyDocument } };
    },
  ],
  [
    'derived: a small instance in an allowed region',
    () => {
      const record = stratusRecord('execution.ec2-launch-unusual-instances', 'RunInstances');
      return {
        ...record,
        awsRegion: 'ap-northeast-1',
        requestParameters: { ...record.requestParameters, instanceType: 't3.micro' },
      };
    },
  ],
  [
    'derived: a snapshot share removed, not added',
    () => {
      const record = stratusRecord('exfiltration.ec2-share-ebs-snapshot', 'ModifySnapshotAttribute');
      return {
        ...record,
        requestParameters: {
          ...record.requestParameters,
          createVolumePermission: { remove: { items: [{ userId: '098797384747' }] } },
        },
      };
    },
  ],
  [
    'derived: GuardDuty detector enabled',
    () =>
      derived(stratusRecord('defense-evasion.cloudtrail-stop', 'StopLogging'), {
        eventSource: 'guardduty.amazonaws.com',
        eventName: 'UpdateDetector',
        requestParameters: { detectorId: '12abc34d567e8fa901bc2d34e56789f0', enable: true },
      }),
  ],
  [
    'Stratus: secrets read (reads are the security digest\u2019s, not real-time alerts)',
    () => stratus('credential-access.secretsmanager-retrieve-secrets'),
  ],
  ['Stratus: SSM send-command', () => stratus('execution.ssm-send-command')],
];

/**
 * Detections of many calls (`countFrom`): a log whose calls should add up to exactly `alerts` alerts of the
 * detection when played in order through the pipeline.
 */
export const burstPositives: Array<[string, () => unknown, string, number]> = [
  [
    'Stratus: 30 refused GetPasswordData with one key: one alert at the 10th',
    () => stratus('credential-access.ec2-get-password-data'),
    'access-denied-burst',
    1,
  ],
];
