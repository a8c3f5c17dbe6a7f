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

/**
 * One record of the real account's hour of Terraform, console and attack traffic (tests/fixtures/cloudtrail-logs,
 * Invictus IR's public data set): the calls no attack log set records, as an account really made them.
 */
export function realAccountRecord(file: string, eventName: string): CloudTrailRecord {
  const path = join(ATTACK_LOGS, '..', 'cloudtrail-logs', 'invictus-ir-aws-dataset', 'CloudTrail', file);
  const { Records } = JSON.parse(readFileSync(path, 'utf8')) as { Records: CloudTrailRecord[] };
  const record = Records.find((candidate) => candidate.eventName === eventName && !candidate.errorCode);
  if (!record) throw new Error(`${file} has no successful ${eventName}`);
  return structuredClone(record);
}

/** A CloudTrail record as the EventBridge rule delivers it ("AWS API Call via CloudTrail"). */
export function eventOf(record: Record<string, unknown>): Record<string, unknown> {
  return {
    version: '0',
    id: `envelope-${String(record.eventID)}`,
    'detail-type': 'AWS API Call via CloudTrail',
    source: `aws.${String(record.eventSource).split('.')[0]}`,
    account: record.recipientAccountId,
    time: record.eventTime,
    region: record.awsRegion,
    resources: [],
    detail: record,
  };
}

/** A real record turned into another call of the same shape (the calls no public log set records). */
export function derived(base: CloudTrailRecord, change: Partial<CloudTrailRecord>): CloudTrailRecord {
  return { ...structuredClone(base), ...change };
}

/**
 * A call no public log set records, made from Stratus's real StopLogging record (an IAM user with a long-term
 * key, from a public address): only its source, name and parameters change.
 */
export function derivedCall(
  eventSource: string,
  eventName: string,
  requestParameters: Record<string, unknown> | null,
  change: Partial<CloudTrailRecord> = {},
): CloudTrailRecord {
  return derived(stratusRecord('defense-evasion.cloudtrail-stop', 'StopLogging'), {
    eventSource,
    eventName,
    requestParameters,
    ...change,
  });
}

/** The account of derivedCall's records, and one that is not it. */
export const OWN_ACCOUNT = '143434273843';
export const OTHER_ACCOUNT = '999988887777';

const publicPolicy = (action: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: 'Open', Effect: 'Allow', Principal: '*', Action: action, Resource: '*', ...extra }],
  });
const accountPolicy = (account: string, action: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: action, Resource: '*' }],
  });

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
  // ---- Panther's public rule tests (tests/fixtures/attack-logs/panther) ----
  [
    'Panther: trail selectors drop management events',
    () => panther('aws_cloudtrail_event_selectors_disabled', 'Event Selector Disabled'),
    ['cloudtrail-changed'],
  ],
  [
    'Panther: CloudTrail stopped',
    () => panther('aws_cloudtrail_stopped', 'CloudTrail Was Stopped'),
    ['cloudtrail-stopped'],
  ],
  [
    'Panther: DNS query logs deleted',
    () => panther('aws_dns_logs_deleted', 'Logs Deleted'),
    ['dns-query-logs-deleted'],
  ],
  [
    'Panther: server access logging turned off',
    () => panther('aws_s3_disable_bucket_logging', 'Bucket Logging Disabled Successfully'),
    ['bucket-access-logging-disabled'],
  ],
  [
    'Panther: Bedrock invocation logging deleted',
    () =>
      panther(
        'aws_bedrock_deletemodelinvocationloggingconfiguration',
        'Model Invocation Logging Configuration Deleted',
      ),
    ['model-invocation-logging-deleted'],
  ],
  [
    'Panther: Bedrock guardrail deleted',
    () => panther('aws_bedrock_guardrail_update_delete', 'Guardrail Deleted'),
    ['guardrail-removed'],
  ],
  [
    'Panther: EBS encryption by default disabled',
    () => panther('aws_ec2_ebs_encryption_disabled', 'DisableEbsEncryptionByDefault Event'),
    ['ebs-default-encryption-disabled'],
  ],
  [
    'Panther: AWS quarantines a leaked key',
    () => panther('aws_iam_compromised_key_quarantine', 'AttachUserPolicy AWSCompromisedKeyQuarantineV2-true'),
    ['aws-quarantined-key'],
  ],
  [
    'Panther: SAML provider created by a stack',
    () => panther('aws_saml_activity', 'CreateSAMLProvider'),
    ['identity-provider-changed'],
  ],
  [
    'Panther: a role trusting everyone',
    () => panther('aws_iam_backdoor_role', 'IAM Role Policy Updated to Allow Internet Access'),
    ['role-trust-opened'],
  ],
  [
    'Panther: user data replaced',
    () => panther('aws_ec2_startup_script_change', 'ModifyInstanceAttributeUserdata'),
    ['instance-user-data-changed'],
  ],
  [
    'Panther: an SSH key pushed with Instance Connect',
    () => panther('aws_ec2_multi_instance_connect', 'Public SSH Key Sent Successfully - Counts Toward Threshold'),
    ['ssh-key-pushed'],
  ],
  [
    'Panther: Lambda code replaced by an IAM user',
    () => panther('aws_overwrite_lambda_code', 'IAM User Updates Lambda Code'),
    ['lambda-code-replaced-by-someone-new'],
  ],
  [
    'Panther: ECR repository public',
    () => panther('aws_resource_made_public', 'ECR Made Public'),
    ['resource-policy-public'],
  ],
  [
    'Panther: bucket policy for Principal AWS "*"',
    () => panther('aws_resource_made_public', 'S3 Made Publicly Accessible'),
    ['s3-bucket-made-public'],
  ],
  [
    'Panther: OpenSearch domain open to everyone',
    () => panther('aws_resource_made_public', 'Public Finding Keywords (Should Alert)'),
    ['resource-policy-public'],
  ],
  [
    'Panther: KMS key policy for Principal "*"',
    () => panther('aws_resource_made_public', 'Wildcard Principal No Conditions (Should Alert)'),
    ['resource-policy-public'],
  ],
  [
    'Panther: a queue with one restricted and one open statement',
    () => panther('aws_resource_made_public', 'Mixed Conditions Some Restrictive (Should Alert)'),
    ['resource-policy-public'],
  ],
  [
    'Panther: CodeBuild project made public',
    () => panther('aws_codebuild_made_public', 'CodeBuild Project Made Public'),
    ['resource-policy-public'],
  ],
  [
    'Panther: RDS instance made public',
    () => panther('aws_rds_instance_made_public', 'RDS Instance Made Public'),
    ['database-made-public'],
  ],
  [
    'Panther: Aurora cluster made public',
    () => panther('aws_rds_instance_made_public', 'RDS Cluster Made Public with Security Group Changes'),
    ['database-made-public'],
  ],
  ['Panther: KMS key disabled', () => panther('aws_kms_cmk_loss', 'KMS Key Disabled'), ['kms-key-deletion']],
  [
    'Panther: KMS key scheduled for deletion',
    () => panther('aws_kms_cmk_loss', 'KMS Key Scheduled For Deletion'),
    ['kms-key-deletion'],
  ],
  [
    'Panther: database deleted without a final snapshot',
    () => panther('aws_rds_instance_deletion', 'RDS Instance Deleted Without Final Snapshot - Critical'),
    ['database-deleted-without-snapshot'],
  ],
  [
    'Panther: automated backups deleted',
    () => panther('aws_rds_automated_backup_deleted', 'Automated Backup Deleted'),
    ['backups-deleted'],
  ],
  [
    'Panther: cluster automated backups deleted',
    () => panther('aws_rds_automated_backup_deleted', 'Cluster Automated Backup Deleted'),
    ['backups-deleted'],
  ],
  [
    'Panther: versioning suspended',
    () => panther('aws_s3_suspend_versioning', 'Versioning Suspended Successfully'),
    ['bucket-versioning-suspended'],
  ],
  [
    'Panther: MFA delete disabled',
    () => panther('aws_s3_disable_mfa_delete', 'MFA Delete Disabled Successfully'),
    ['bucket-versioning-suspended'],
  ],
  ['Panther: bucket deleted', () => panther('aws_s3_bucket_deleted', 'An S3 Bucket was deleted'), ['bucket-deleted']],
  [
    'Panther: RDS snapshot exported',
    () => panther('aws_rds_snapshot_export', 'RDS Snapshot Export Started'),
    ['export-task-started'],
  ],
  [
    'Panther: TruffleHog checks a key with GetCallerIdentity',
    () => panther('aws_sts_getcalleridentity_trufflehog', 'TruffleHog GetCallerIdentity'),
    ['attack-tool-user-agent'],
  ],
  [
    'Panther: a password set for another user',
    () => panther('aws_user_login_profile_modified', 'User changed password for other'),
    ['login-profile-for-other-user'],
  ],
  // ---- Stratus detonations that the first catalogue did not cover ----
  ['Stratus: DNS query logs deleted', () => stratus('defense-evasion.dns-delete-logs'), ['dns-query-logs-deleted']],
  ['Stratus: user data replaced', () => stratus('execution.ec2-user-data'), ['instance-user-data-changed']],
  ['Stratus: SSM SendCommand', () => stratus('execution.ssm-send-command'), ['ssm-command-by-someone-new']],
  ['Stratus: SSM StartSession', () => stratus('execution.ssm-start-session'), ['ssm-command-by-someone-new']],
  [
    'Stratus: instance credentials stolen through SSM',
    () => stratus('credential-access.ec2-steal-instance-credentials'),
    ['ssm-command-by-someone-new'],
  ],
  [
    'Stratus: SSH key through Instance Connect',
    () => stratus('lateral-movement.ec2-instance-connect'),
    ['ssh-key-pushed'],
  ],
  [
    'Stratus: serial console enabled and a key pushed to it',
    () => stratus('lateral-movement.ec2-serial-console-send-ssh-public-key'),
    ['serial-console-enabled', 'ssh-key-pushed'],
  ],
  [
    'Stratus: Roles Anywhere trust anchor and profile',
    () => stratus('persistence.rolesanywhere-create-trust-anchor'),
    ['roles-anywhere-trust-anchor'],
  ],
  [
    'Stratus: federation token from a key',
    () => stratus('persistence.sts-federation-token'),
    ['federation-token-from-key'],
  ],
  ['Stratus: Lambda layer extension', () => stratus('persistence.lambda-layer-extension'), ['lambda-layer-added']],
  [
    'Stratus: Lambda code overwritten',
    () => stratus('persistence.lambda-overwrite-code'),
    ['lambda-code-replaced-by-someone-new'],
  ],
  // ---- derived from a real record, for the calls no public log set records ----
  [
    'derived: an EventBridge rule of the watch disabled',
    () => derivedCall('events.amazonaws.com', 'DisableRule', { name: 'account-watch-prod-api-calls-1' }),
    ['watch-rules-changed'],
  ],
  [
    'derived: the targets of the sign-in rule removed',
    () => derivedCall('events.amazonaws.com', 'RemoveTargets', { rule: 'account-watch-prod-signin', ids: ['Target1'] }),
    ['watch-rules-changed'],
  ],
  [
    'derived: the alert function silenced with a concurrency of 0',
    () =>
      derivedCall('lambda.amazonaws.com', 'PutFunctionConcurrency20171031', {
        functionName: 'account-watch-prod-apiCallAlert',
        reservedConcurrentExecutions: 0,
      }),
    ['watch-functions-changed'],
  ],
  [
    'derived: the notification topic deleted',
    () =>
      derivedCall('sns.amazonaws.com', 'DeleteTopic', {
        topicArn: `arn:aws:sns:us-east-1:${OWN_ACCOUNT}:account-watch-prod-notifications`,
      }),
    ['watch-delivery-removed'],
  ],
  [
    'derived: a forwarding stack deleted',
    () => derivedCall('cloudformation.amazonaws.com', 'DeleteStack', { stackName: 'account-watch-forwarding-prod' }),
    ['watch-delivery-removed'],
  ],
  [
    'derived: the dead-letter alarm deleted',
    () =>
      derivedCall('monitoring.amazonaws.com', 'DeleteAlarms', {
        alarmNames: ['account-watch-prod-undelivered-notifications'],
      }),
    ['watch-delivery-removed'],
  ],
  [
    'derived: GuardDuty told to trust an address list',
    () =>
      derivedCall('guardduty.amazonaws.com', 'CreateIPSet', {
        detectorId: '12abc34d567e8fa901bc2d34e56789f0',
        name: 'office',
        format: 'TXT',
        location: 'https://s3.amazonaws.com/bucket/ips.txt',
        activate: true,
      }),
    ['guardduty-findings-suppressed'],
  ],
  [
    'derived: a GuardDuty filter that archives findings',
    () =>
      derivedCall('guardduty.amazonaws.com', 'CreateFilter', {
        detectorId: '12abc34d567e8fa901bc2d34e56789f0',
        name: 'quiet',
        action: 'ARCHIVE',
      }),
    ['guardduty-findings-suppressed'],
  ],
  [
    'derived: Macie disabled',
    () => derivedCall('macie2.amazonaws.com', 'DisableMacie', null),
    ['security-services-disabled'],
  ],
  [
    'derived: an Access Analyzer archive rule',
    () =>
      derivedCall('access-analyzer.amazonaws.com', 'CreateArchiveRule', { analyzerName: 'default', ruleName: 'all' }),
    ['findings-archived'],
  ],
  [
    'derived: Config rule deleted',
    () => derivedCall('config.amazonaws.com', 'DeleteConfigRule', { configRuleName: 'root-account-mfa-enabled' }),
    ['config-rules-deleted'],
  ],
  [
    'derived: the security contact removed',
    () => derivedCall('account.amazonaws.com', 'DeleteAlternateContact', { AlternateContactType: 'SECURITY' }),
    ['security-contact-removed'],
  ],
  [
    'derived: AssumeRoot into a member account',
    () =>
      derivedCall('sts.amazonaws.com', 'AssumeRoot', {
        targetPrincipal: OTHER_ACCOUNT,
        taskPolicyArn: { arn: 'arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials' },
      }),
    ['root-session-assumed'],
  ],
  [
    'derived: an MFA device registered for another user',
    () =>
      derivedCall('iam.amazonaws.com', 'EnableMFADevice', {
        userName: 'alice',
        serialNumber: `arn:aws:iam::${OWN_ACCOUNT}:mfa/attacker`,
      }),
    ['mfa-device-for-other-user'],
  ],
  [
    'derived: a virtual MFA device deleted (like DeactivateMFADevice)',
    () =>
      derivedCall('iam.amazonaws.com', 'DeleteVirtualMFADevice', {
        serialNumber: `arn:aws:iam::${OWN_ACCOUNT}:mfa/alice`,
      }),
    ['mfa-deactivated'],
  ],
  [
    'derived: a role trusting GitHub\u2019s OIDC provider',
    () =>
      derivedCall('iam.amazonaws.com', 'CreateRole', {
        roleName: 'deploy',
        assumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Federated: `arn:aws:iam::${OWN_ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` },
              Action: 'sts:AssumeRoleWithWebIdentity',
            },
          ],
        }),
      }),
    ['role-trusts-identity-provider'],
  ],
  [
    'derived: a client ID added to an OIDC provider',
    () =>
      derivedCall('iam.amazonaws.com', 'AddClientIDToOpenIDConnectProvider', {
        openIDConnectProviderArn: `arn:aws:iam::${OWN_ACCOUNT}:oidc-provider/accounts.google.com`,
        clientID: 'attacker-app',
      }),
    ['identity-provider-changed'],
  ],
  [
    'derived: Identity Center pointed at an external identity provider',
    () =>
      derivedCall('sso-directory.amazonaws.com', 'EnableExternalIdPConfigurationForDirectory', {
        directoryId: 'd-1234567890',
      }),
    ['identity-center-source-changed'],
  ],
  [
    'derived: an Identity Center account assignment',
    () =>
      derivedCall('sso.amazonaws.com', 'CreateAccountAssignment', {
        instanceArn: 'arn:aws:sso:::instance/ssoins-1234',
        permissionSetArn: 'arn:aws:sso:::permissionSet/ssoins-1234/ps-admin',
        principalId: 'user-1',
        targetId: OWN_ACCOUNT,
      }),
    ['identity-center-access-granted'],
  ],
  [
    'derived: an SSH key pair imported',
    () => derivedCall('ec2.amazonaws.com', 'ImportKeyPair', { keyName: 'laptop' }),
    ['key-pair-imported'],
  ],
  [
    'derived: a policy version granting iam:* made the default',
    () =>
      derivedCall('iam.amazonaws.com', 'CreatePolicyVersion', {
        policyArn: `arn:aws:iam::${OWN_ACCOUNT}:policy/deploy`,
        setAsDefault: true,
        policyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }],
        }),
      }),
    ['admin-policy-granted'],
  ],
  [
    'derived: IAMFullAccess attached to a role',
    () =>
      derivedCall('iam.amazonaws.com', 'AttachRolePolicy', {
        roleName: 'ci',
        policyArn: 'arn:aws:iam::aws:policy/IAMFullAccess',
      }),
    ['admin-policy-granted'],
  ],
  [
    'derived: an older policy version made the default',
    () =>
      derivedCall('iam.amazonaws.com', 'SetDefaultPolicyVersion', {
        policyArn: `arn:aws:iam::${OWN_ACCOUNT}:policy/deploy`,
        versionId: 'v1',
      }),
    ['policy-default-version-changed'],
  ],
  [
    'derived: a user added to a group',
    () => derivedCall('iam.amazonaws.com', 'AddUserToGroup', { userName: 'mallory', groupName: 'admins' }),
    ['user-added-to-group'],
  ],
  [
    'derived: a permissions boundary removed',
    () => derivedCall('iam.amazonaws.com', 'DeleteRolePermissionsBoundary', { roleName: 'ci' }),
    ['permissions-boundary-removed'],
  ],
  [
    'derived: a role passed to a new function',
    () =>
      derivedCall('lambda.amazonaws.com', 'CreateFunction20150331', {
        functionName: 'helper',
        role: `arn:aws:iam::${OWN_ACCOUNT}:role/admin`,
      }),
    ['role-passed-by-someone-new'],
  ],
  [
    'derived: an object made public by its ACL',
    () =>
      derivedCall('s3.amazonaws.com', 'PutObjectAcl', {
        bucketName: 'private-docs',
        key: 'contract.pdf',
        'x-amz-acl': ['public-read'],
      }),
    ['s3-object-made-public'],
  ],
  [
    'derived: a queue policy for another account',
    () =>
      derivedCall('sqs.amazonaws.com', 'SetQueueAttributes', {
        queueUrl: `https://sqs.us-east-1.amazonaws.com/${OWN_ACCOUNT}/orders`,
        attributes: { Policy: accountPolicy(OTHER_ACCOUNT, 'sqs:ReceiveMessage') },
      }),
    ['resource-shared-with-another-account'],
  ],
  [
    'derived: a secret policy for Principal "*"',
    () =>
      derivedCall('secretsmanager.amazonaws.com', 'PutResourcePolicy', {
        secretId: 'prod/db',
        resourcePolicy: publicPolicy('secretsmanager:GetSecretValue'),
      }),
    ['resource-policy-public'],
  ],
  [
    'derived: a topic policy for Principal "*"',
    () =>
      derivedCall('sns.amazonaws.com', 'SetTopicAttributes', {
        topicArn: `arn:aws:sns:us-east-1:${OWN_ACCOUNT}:orders`,
        attributeName: 'Policy',
        attributeValue: publicPolicy('sns:Subscribe'),
      }),
    ['resource-policy-public'],
  ],
  [
    'derived: a KMS grant to another account',
    () =>
      derivedCall('kms.amazonaws.com', 'CreateGrant', {
        keyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
        granteePrincipal: `arn:aws:iam::${OTHER_ACCOUNT}:root`,
        operations: ['Decrypt'],
      }),
    ['resource-shared-with-another-account'],
  ],
  [
    'derived: an SSM document shared with everyone',
    () =>
      derivedCall('ssm.amazonaws.com', 'ModifyDocumentPermission', {
        name: 'bootstrap',
        permissionType: 'Share',
        accountIdsToAdd: ['all'],
      }),
    ['resource-policy-public'],
  ],
  [
    'derived: a function URL without authentication',
    () =>
      derivedCall('lambda.amazonaws.com', 'CreateFunctionUrlConfig20211031', { functionName: 'api', authType: 'NONE' }),
    ['lambda-public-permission'],
  ],
  [
    'derived: a Recycle Bin rule deleted',
    () => derivedCall('rbin.amazonaws.com', 'DeleteRule', { identifier: 'a1b2c3d4e5f' }),
    ['recycle-bin-rule-removed'],
  ],
  [
    'derived: a backup vault deleted',
    () => derivedCall('backup.amazonaws.com', 'DeleteBackupVault', { backupVaultName: 'Default' }),
    ['backups-deleted'],
  ],
  [
    'derived: a lifecycle rule that expires a bucket\u2019s objects after a day',
    () =>
      derivedCall('s3.amazonaws.com', 'PutBucketLifecycle', {
        bucketName: 'photos',
        LifecycleConfiguration: {
          Rule: { ID: 'x', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 1 } },
        },
      }),
    ['bucket-objects-set-to-expire'],
  ],
  [
    'derived: a secret deleted with no recovery window',
    () =>
      derivedCall('secretsmanager.amazonaws.com', 'DeleteSecret', {
        secretId: 'prod/db',
        forceDeleteWithoutRecovery: true,
      }),
    ['secret-deleted-without-recovery'],
  ],
  [
    'derived: an account closed',
    () => derivedCall('organizations.amazonaws.com', 'CloseAccount', { accountId: OTHER_ACCOUNT }),
    ['account-closed'],
  ],
  [
    'derived: a table exported to another account\u2019s bucket',
    () =>
      derivedCall('dynamodb.amazonaws.com', 'ExportTableToPointInTime', {
        tableArn: `arn:aws:dynamodb:us-east-1:${OWN_ACCOUNT}:table/users`,
        s3Bucket: 'drop-box',
        s3BucketOwner: OTHER_ACCOUNT,
      }),
    ['table-exported-to-another-account'],
  ],
  [
    'derived: a Redshift data share with another account',
    () =>
      derivedCall('redshift.amazonaws.com', 'AuthorizeDataShare', {
        dataShareArn: `arn:aws:redshift:us-east-1:${OWN_ACCOUNT}:datashare:ns/sales`,
        consumerIdentifier: OTHER_ACCOUNT,
      }),
    ['data-share-with-another-account'],
  ],
  [
    'derived: a traffic mirroring session that succeeded (Panther\u2019s failed one, without its error)',
    () => {
      const {
        errorCode: _code,
        errorMessage: _message,
        ...record
      } = panther('aws_ec2_traffic_mirroring', 'CreateTrafficMirrorSession');
      return record;
    },
    ['traffic-mirroring'],
  ],
  [
    'derived: a SageMaker endpoint on GPU instances',
    () =>
      derivedCall('sagemaker.amazonaws.com', 'CreateEndpointConfig', {
        endpointConfigName: 'llm',
        productionVariants: [{ variantName: 'a', instanceType: 'ml.p4d.24xlarge', initialInstanceCount: 2 }],
      }),
    ['gpu-capacity-outside-ec2'],
  ],
  [
    'derived: ten m5.4xlarge started in an allowed region (priced at alert time)',
    () =>
      derivedCall(
        'ec2.amazonaws.com',
        'RunInstances',
        { instancesSet: { items: [{ imageId: 'ami-0abc', minCount: 1, maxCount: 10 }] }, instanceType: 'm5.4xlarge' },
        { awsRegion: 'ap-northeast-1' },
      ),
    ['costly-launch'],
  ],
  [
    'derived: a Multi-AZ PostgreSQL database on db.r6g.4xlarge',
    () =>
      derivedCall('rds.amazonaws.com', 'CreateDBInstance', {
        dBInstanceIdentifier: 'orders',
        dBInstanceClass: 'db.r6g.4xlarge',
        engine: 'postgres',
        multiAZ: true,
      }),
    ['costly-launch'],
  ],
  [
    'Invictus (real account): a NAT gateway created by Terraform',
    () =>
      realAccountRecord('218007301253_CloudTrail_us-east-1_20230710T1200Z_x9kHmzMa7cx6l9wM.json', 'CreateNatGateway'),
    ['nat-gateway-created'],
  ],
  [
    'derived: an EKS node group of GPU instances',
    () =>
      derivedCall('eks.amazonaws.com', 'CreateNodegroup', {
        clusterName: 'c',
        nodegroupName: 'gpu',
        instanceTypes: ['g5.12xlarge'],
      }),
    ['gpu-capacity-outside-ec2'],
  ],
  [
    'derived: Reserved Instances bought',
    () =>
      derivedCall('ec2.amazonaws.com', 'PurchaseReservedInstancesOffering', {
        reservedInstancesOfferingId: '4b2293b4-5813-4cc8-9ce3-1957fc1dcfc8',
        instanceCount: 10,
      }),
    ['long-term-commitment'],
  ],
  [
    'derived: Bedrock provisioned throughput bought',
    () =>
      derivedCall('bedrock.amazonaws.com', 'CreateProvisionedModelThroughput', {
        modelId: 'anthropic.claude-3-sonnet-20240229-v1:0',
        modelUnits: 1,
        provisionedModelName: 'x',
      }),
    ['long-term-commitment'],
  ],
  [
    'derived: a domain\u2019s transfer lock disabled',
    () => derivedCall('route53domains.amazonaws.com', 'DisableDomainTransferLock', { domainName: 'example.com' }),
    ['domain-transfer-out'],
  ],
  [
    'derived: a domain registered',
    () => derivedCall('route53domains.amazonaws.com', 'RegisterDomain', { domainName: 'examp1e.com' }),
    ['domain-registered'],
  ],
  [
    'derived: a refused Bedrock model call from a public address (Stratus\u2019s InvokeModel, refused)',
    () =>
      derived(stratusRecord('impact.bedrock-invoke-model', 'InvokeModel'), {
        errorCode: 'AccessDeniedException',
        errorMessage: 'You don\u2019t have access to the model with the specified model ID.',
        // Stratus scrambles its addresses into invalid ones ("035.249.…"); a real public one.
        sourceIPAddress: '81.2.69.142',
      }),
    ['bedrock-invoke-refused'],
  ],
];

/**
 * Harmless look-alikes: each names the detection it comes closest to, which it must not raise; nothing else is
 * raised either, except the detections a case lists as rightly raised (a root call is always a root write).
 */
export const negatives: Array<[string, () => unknown, string, string[]?]> = [
  [
    'Panther: ACL set to private',
    () => panther('aws_s3_bucket_policy_modified', 'S3 Bucket Policy Modified'),
    's3-bucket-made-public',
  ],
  [
    'Panther: AMI shared with group "not-all"',
    () => panther('aws_ami_modified_for_public_access', 'AMI Not Made Public'),
    'snapshot-or-image-shared',
  ],
  [
    'Panther: snapshot shared with group "none"',
    () => panther('aws_snapshot_made_public', 'Snapshot Not Made Publicly Accessible'),
    'snapshot-or-image-shared',
  ],
  [
    'Panther: RDS snapshot shared with no account',
    () => panther('aws_rds_snapshot_shared', 'Snapshot shared with no accounts'),
    'snapshot-or-image-shared',
  ],
  [
    'Panther: a policy without admin rights',
    () => panther('aws_iam_attach_admin_user_policy', 'IAM User Policy Attached without Administrator Access'),
    'admin-policy-granted',
  ],
  [
    'Panther: a Lambda permission for a named principal',
    () => panther('aws_backdoor_lambda_function', 'Lambda Add Permission Event v2'),
    'lambda-public-permission',
  ],
  [
    'Panther: a lifecycle rule on another bucket',
    () => ({
      ...panther('aws_cloudtrail_short_lifecycle', '1-Day Lifecycle Rule on Known CT Bucket'),
      requestParameters: { bucketName: 'photos' },
    }),
    'trail-bucket-changed',
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
    'security-group-open-to-world',
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
    'security-group-open-to-world',
  ],
  [
    'derived: a user creates their own access key',
    () => {
      const record = stratusRecord('persistence.iam-backdoor-user', 'CreateAccessKey');
      return { ...record, requestParameters: { userName: (record.userIdentity as { userName: string }).userName } };
    },
    'access-key-for-other-user',
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
    'admin-policy-granted',
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
    'role-trust-opened',
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
    'gpu-or-huge-instances',
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
    'snapshot-or-image-shared',
  ],
  [
    'derived: GuardDuty detector enabled',
    () =>
      derived(stratusRecord('defense-evasion.cloudtrail-stop', 'StopLogging'), {
        eventSource: 'guardduty.amazonaws.com',
        eventName: 'UpdateDetector',
        requestParameters: { detectorId: '12abc34d567e8fa901bc2d34e56789f0', enable: true },
      }),
    'guardduty-disabled',
  ],
  [
    'Stratus: secrets read (reads are the security digest\u2019s, not real-time alerts)',
    () => stratus('credential-access.secretsmanager-retrieve-secrets'),
    'access-denied-burst',
  ],
  // ---- Panther's own negative tests ----
  [
    'Panther: selectors that record every management event (strengthening the trail)',
    () => panther('aws_cloudtrail_event_selectors_disabled', 'Event Selector Enabled'),
    'cloudtrail-changed',
  ],
  [
    'Panther: StopLogging that failed with InvalidTrailNameException (changed nothing)',
    () => panther('aws_cloudtrail_stopped', 'Error Stopping CloudTrail'),
    'cloudtrail-stopped',
  ],
  [
    'Panther: a Config delivery channel error (NoSuchDeliveryChannelException)',
    () => panther('aws_config_service_disabled_deleted', 'Error Deleting Config Recorder'),
    'config-stopped',
  ],
  [
    'Panther: a trail deletion refused with ConflictException',
    () => panther('aws_security_configuration_change', 'Security Configuration Not Changed - Error'),
    'cloudtrail-deleted',
  ],
  [
    'Panther: a KMS DisableKey that failed with NotFoundException',
    () => panther('aws_kms_cmk_loss', 'KMS Disable Key Error'),
    'kms-key-deletion',
  ],
  ['Panther: KMS Decrypt', () => panther('aws_kms_cmk_loss', 'KMS Key Non Deletion Event'), 'kms-key-deletion'],
  [
    'Panther: a snapshot made public that failed with ValidationError',
    () => panther('aws_snapshot_made_public', 'Error Making Snapshot Publicly Accessible'),
    'snapshot-or-image-shared',
  ],
  [
    'Panther: bucket logging turned on',
    () => panther('aws_s3_disable_bucket_logging', 'Bucket Logging Enabled'),
    'bucket-access-logging-disabled',
  ],
  [
    'Panther: PutBucketLogging without a logging status',
    () => panther('aws_s3_disable_bucket_logging', 'Logging Field Missing'),
    'bucket-access-logging-disabled',
  ],
  [
    'Panther: the Identity Center service role creating its own SAML provider',
    () => panther('aws_saml_activity', 'Activity from AWSSSO Service Managed Role'),
    'identity-provider-changed',
  ],
  [
    'Panther: a trust policy updated without anyone outside',
    () => panther('aws_iam_backdoor_role', 'IAM Role Policy Updated Without Internet Access'),
    'role-trust-opened',
  ],
  [
    'Panther: a deny-all inline policy, not a quarantine',
    () => panther('aws_iam_compromised_key_quarantine', 'PutUserPolicy-false'),
    'aws-quarantined-key',
  ],
  [
    'Panther: an instance attribute change without user data',
    () => panther('aws_ec2_startup_script_change', 'ModifyInstanceAttribute-NoUserData'),
    'instance-user-data-changed',
  ],
  [
    'Panther: a function configuration change without layers',
    () => panther('aws_add_malicious_lambda_extension', 'Lambda Update Function Configuration without Layers'),
    'lambda-layer-added',
  ],
  [
    'Panther: a Lambda function deleted (not code replaced)',
    () => panther('aws_overwrite_lambda_code', 'Delete Function Event'),
    'lambda-code-replaced-by-someone-new',
  ],
  [
    'Panther: a bucket policy for a service principal only',
    () => panther('aws_resource_made_public', 'S3 Not Made Publicly Accessible'),
    's3-bucket-made-public',
  ],
  [
    'Panther: an empty queue policy',
    () => panther('aws_resource_made_public', 'Empty Policy Payload'),
    'resource-policy-public',
  ],
  [
    'Panther: a policy that is not JSON',
    () => panther('aws_resource_made_public', 'Invalid JSON Policy (Should Not Alert)'),
    's3-bucket-made-public',
  ],
  [
    'Panther: a secret policy for "*" pinned to an organization and a VPC',
    () => panther('aws_resource_made_public', 'Multiple Conditions All Restrictive (Should Not Alert)'),
    'resource-policy-public',
  ],
  [
    'Panther: a secret policy for "*" pinned to an organization and principal ARNs',
    () => panther('aws_resource_made_public', 'Secrets Manager Restricted Access (Should Not Alert)'),
    'resource-policy-public',
  ],
  [
    'Panther: a key policy for the account itself',
    () => panther('aws_resource_made_public', 'KMS Key Restricted Access (Should Not Alert)'),
    'resource-shared-with-another-account',
  ],
  [
    'Panther: a CodeBuild project made private',
    () => panther('aws_codebuild_made_public', 'CodeBuild Project Made Private'),
    'resource-policy-public',
  ],
  [
    'Panther: an RDS instance made private',
    () => panther('aws_rds_instance_made_public', 'RDS Instance Made Private - No Alert'),
    'database-made-public',
  ],
  [
    'Panther: a database deleted with a final snapshot',
    () => panther('aws_rds_instance_deletion', 'RDS Instance Deleted With Final Snapshot'),
    'database-deleted-without-snapshot',
  ],
  [
    'Panther: versioning enabled',
    () => panther('aws_s3_suspend_versioning', 'Versioning Enabled'),
    'bucket-versioning-suspended',
  ],
  [
    'Panther: MFA delete enabled',
    () => panther('aws_s3_disable_mfa_delete', 'MFA Delete Enabled'),
    'bucket-versioning-suspended',
  ],
  [
    'Panther: a bucket deletion that failed (BucketNotEmpty)',
    () => panther('aws_s3_bucket_deleted', 'S3 Bucket Deletion Failed'),
    'bucket-deleted',
  ],
  [
    'Panther: a Macie finding frequency change (it still runs)',
    () => panther('aws_macie_evasion', 'UpdateSession'),
    'security-services-disabled',
  ],
  [
    'Panther: GetCallerIdentity from the AWS CLI',
    () => panther('aws_sts_getcalleridentity_trufflehog', 'Normal GetCallerIdentity'),
    'attack-tool-user-agent',
  ],
  [
    'Panther: a traffic mirroring session that failed (NetworkInterfaceNotSupported)',
    () => panther('aws_ec2_traffic_mirroring', 'CreateTrafficMirrorSession'),
    'traffic-mirroring',
  ],
  [
    'Panther: a guardrail listed',
    () => panther('aws_bedrock_guardrail_update_delete', 'List Guardrails'),
    'guardrail-removed',
  ],
  [
    'Panther: Bedrock guardrails listed, not logging deleted',
    () => panther('aws_bedrock_deletemodelinvocationloggingconfiguration', 'List Guardrails'),
    'model-invocation-logging-deleted',
  ],
  [
    'Panther: an unrelated EC2 call, not EBS encryption',
    () => panther('aws_ec2_ebs_encryption_disabled', 'Non Matching Event'),
    'ebs-default-encryption-disabled',
  ],
  [
    'Panther: an RDS snapshot created, not exported',
    () => panther('aws_rds_snapshot_export', 'Different RDS Event'),
    'export-task-started',
  ],
  [
    'Panther: a read replica, not backups deleted',
    () => panther('aws_rds_automated_backup_deleted', 'Different RDS Event'),
    'backups-deleted',
  ],
  [
    'Panther: an Instance Connect call unrelated to keys',
    () => panther('aws_ec2_multi_instance_connect', 'Unrelated Event'),
    'ssh-key-pushed',
  ],
  [
    'Panther: DeleteObjects\u2019 neighbour, a listing',
    () => panther('aws_s3_delete_objects', 'Other Event'),
    'mass-deletion',
  ],
  [
    'Panther: StartLogging (the opposite of stopping)',
    () => panther('aws_cloudtrail_stopped', 'CloudTrail Was Started'),
    'cloudtrail-stopped',
  ],
  // ---- derived from a real record ----
  [
    'derived: CloudFormation updating the watch\u2019s own function (a deploy of the stack)',
    () =>
      derivedCall(
        'lambda.amazonaws.com',
        'UpdateFunctionCode20150331v2',
        { functionName: 'account-watch-prod-apiCallAlert' },
        {
          userIdentity: {
            ...(stratusRecord('defense-evasion.cloudtrail-stop', 'StopLogging').userIdentity as object),
            invokedBy: 'cloudformation.amazonaws.com',
          },
        },
      ),
    'watch-functions-changed',
  ],
  [
    'derived: someone else\u2019s EventBridge rule disabled',
    () => derivedCall('events.amazonaws.com', 'DisableRule', { name: 'nightly-backup' }),
    'watch-rules-changed',
  ],
  [
    'derived: another topic deleted',
    () => derivedCall('sns.amazonaws.com', 'DeleteTopic', { topicArn: `arn:aws:sns:us-east-1:${OWN_ACCOUNT}:orders` }),
    'watch-delivery-removed',
  ],
  [
    'derived: a GuardDuty filter that only marks findings (NOOP)',
    () =>
      derivedCall('guardduty.amazonaws.com', 'CreateFilter', {
        detectorId: '12abc34d567e8fa901bc2d34e56789f0',
        name: 'tag',
        action: 'NOOP',
      }),
    'guardduty-findings-suppressed',
  ],
  [
    'derived: the billing contact removed, not the security one',
    () => derivedCall('account.amazonaws.com', 'DeleteAlternateContact', { AlternateContactType: 'BILLING' }),
    'security-contact-removed',
  ],
  [
    'derived: a user changing their own password (UpdateLoginProfile for themselves)',
    () => derivedCall('iam.amazonaws.com', 'UpdateLoginProfile', { userName: 'christophe' }),
    'login-profile-for-other-user',
  ],
  [
    'derived: ChangePassword by the user',
    () => derivedCall('iam.amazonaws.com', 'ChangePassword', null),
    'login-profile-for-other-user',
  ],
  [
    'derived: a user registering their own MFA device',
    () =>
      derivedCall('iam.amazonaws.com', 'EnableMFADevice', {
        userName: 'christophe',
        serialNumber: `arn:aws:iam::${OWN_ACCOUNT}:mfa/christophe`,
      }),
    'mfa-device-for-other-user',
  ],
  [
    'derived: a trust policy for a role of the account itself',
    () =>
      derivedCall('iam.amazonaws.com', 'UpdateAssumeRolePolicy', {
        roleName: 'ops',
        policyDocument: accountPolicy(OWN_ACCOUNT, 'sts:AssumeRole'),
      }),
    'role-trust-opened',
  ],
  [
    'derived: a trust policy for an account of the organization (organizationAccounts)',
    () =>
      derivedCall('iam.amazonaws.com', 'UpdateAssumeRolePolicy', {
        roleName: 'ops',
        policyDocument: accountPolicy('111122223333', 'sts:AssumeRole'),
      }),
    'role-trust-opened',
  ],
  [
    'derived: a policy version granting iam:Get* only',
    () =>
      derivedCall('iam.amazonaws.com', 'CreatePolicyVersion', {
        policyArn: `arn:aws:iam::${OWN_ACCOUNT}:policy/deploy`,
        setAsDefault: true,
        policyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'iam:Get*', Resource: '*' }],
        }),
      }),
    'admin-policy-granted',
  ],
  [
    'derived: a role passed to a new function by CloudFormation',
    () =>
      derivedCall(
        'lambda.amazonaws.com',
        'CreateFunction20150331',
        { functionName: 'helper', role: `arn:aws:iam::${OWN_ACCOUNT}:role/app` },
        {
          userIdentity: {
            ...(stratusRecord('defense-evasion.cloudtrail-stop', 'StopLogging').userIdentity as object),
            invokedBy: 'cloudformation.amazonaws.com',
          },
        },
      ),
    'role-passed-by-someone-new',
  ],
  [
    'derived: an object uploaded with a private ACL',
    () =>
      derivedCall('s3.amazonaws.com', 'PutObject', {
        bucketName: 'private-docs',
        key: 'contract.pdf',
        'x-amz-acl': ['private'],
      }),
    's3-object-made-public',
  ],
  [
    'derived: a queue policy for an SNS topic of the account (aws:SourceArn)',
    () =>
      derivedCall('sqs.amazonaws.com', 'SetQueueAttributes', {
        queueUrl: `https://sqs.us-east-1.amazonaws.com/${OWN_ACCOUNT}/orders`,
        attributes: {
          Policy: publicPolicy('sqs:SendMessage', {
            Condition: { ArnEquals: { 'aws:SourceArn': `arn:aws:sns:us-east-1:${OWN_ACCOUNT}:orders` } },
          }),
        },
      }),
    'resource-policy-public',
  ],
  [
    'derived: a topic policy for "*" with a negated condition (still public)',
    () =>
      derivedCall('sns.amazonaws.com', 'SetTopicAttributes', {
        topicArn: `arn:aws:sns:us-east-1:${OWN_ACCOUNT}:orders`,
        attributeName: 'DisplayName',
        attributeValue: 'Orders',
      }),
    'resource-policy-public',
  ],
  [
    'derived: a KMS grant to a role of the account',
    () =>
      derivedCall('kms.amazonaws.com', 'CreateGrant', {
        keyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
        granteePrincipal: `arn:aws:iam::${OWN_ACCOUNT}:role/app`,
        operations: ['Decrypt'],
      }),
    'resource-shared-with-another-account',
  ],
  [
    'derived: a function URL with IAM authentication',
    () =>
      derivedCall('lambda.amazonaws.com', 'CreateFunctionUrlConfig20211031', {
        functionName: 'api',
        authType: 'AWS_IAM',
      }),
    'lambda-public-permission',
  ],
  [
    'derived: a Lambda permission for S3 pinned to the account (sourceAccount)',
    () =>
      derivedCall('lambda.amazonaws.com', 'AddPermission20150331v2', {
        functionName: 'thumbnails',
        principal: 's3.amazonaws.com',
        action: 'lambda:InvokeFunction',
        sourceAccount: OWN_ACCOUNT,
        sourceArn: 'arn:aws:s3:::photos',
      }),
    'lambda-public-permission',
  ],
  [
    'derived: a lifecycle rule that only moves objects to Glacier',
    () =>
      derivedCall('s3.amazonaws.com', 'PutBucketLifecycle', {
        bucketName: 'photos',
        LifecycleConfiguration: {
          Rule: { ID: 'x', Status: 'Enabled', Transition: { Days: 30, StorageClass: 'GLACIER' } },
        },
      }),
    'bucket-objects-set-to-expire',
  ],
  [
    'derived: a secret deleted with its recovery window',
    () =>
      derivedCall('secretsmanager.amazonaws.com', 'DeleteSecret', { secretId: 'prod/db', recoveryWindowInDays: 30 }),
    'secret-deleted-without-recovery',
  ],
  [
    'derived: a table exported to the account\u2019s own bucket',
    () =>
      derivedCall('dynamodb.amazonaws.com', 'ExportTableToPointInTime', {
        tableArn: `arn:aws:dynamodb:us-east-1:${OWN_ACCOUNT}:table/users`,
        s3Bucket: 'exports',
        s3BucketOwner: OWN_ACCOUNT,
      }),
    'table-exported-to-another-account',
  ],
  [
    'derived: S3 replication to the account\u2019s own bucket',
    () =>
      derivedCall('s3.amazonaws.com', 'PutBucketReplication', {
        bucketName: 'photos',
        ReplicationConfiguration: { Rule: { Destination: { Bucket: 'arn:aws:s3:::photos-copy' } } },
      }),
    'data-share-with-another-account',
  ],
  [
    'Invictus (real account): one t3.micro started',
    () => realAccountRecord('218007301253_CloudTrail_us-east-1_20230710T1200Z_x9kHmzMa7cx6l9wM.json', 'RunInstances'),
    'costly-launch',
    // It also hands the instance a role, the first time this principal does: that one is rightly raised.
    ['role-passed-by-someone-new'],
  ],
  [
    'derived: a NAT gateway deleted, not created',
    () =>
      derivedCall('ec2.amazonaws.com', 'DeleteNatGateway', { DeleteNatGatewayRequest: { NatGatewayId: 'nat-0abc' } }),
    'nat-gateway-created',
  ],
  [
    'derived: a SageMaker notebook on a small instance',
    () =>
      derivedCall('sagemaker.amazonaws.com', 'CreateNotebookInstance', {
        notebookInstanceName: 'n',
        instanceType: 'ml.t3.medium',
      }),
    'gpu-capacity-outside-ec2',
  ],
  [
    'derived: a reserved-instance offering looked at, not bought',
    () => derivedCall('ec2.amazonaws.com', 'DescribeReservedInstancesOfferings', { instanceType: 'm5.large' }),
    'long-term-commitment',
  ],
  [
    'derived: a domain\u2019s transfer lock enabled',
    () => derivedCall('route53domains.amazonaws.com', 'EnableDomainTransferLock', { domainName: 'example.com' }),
    'domain-transfer-out',
  ],
  [
    'derived: a refused model call from inside the account\u2019s network (a private address)',
    () =>
      derived(stratusRecord('impact.bedrock-invoke-model', 'InvokeModel'), {
        errorCode: 'AccessDeniedException',
        sourceIPAddress: '10.0.1.15',
      }),
    'bedrock-invoke-refused',
  ],
  [
    'derived: a Recycle Bin rule created',
    () => derivedCall('rbin.amazonaws.com', 'CreateRule', { ResourceType: 'EBS_SNAPSHOT' }),
    'recycle-bin-rule-removed',
  ],
  [
    'derived: an account invited, not closed',
    () => derivedCall('organizations.amazonaws.com', 'InviteAccountToOrganization', { target: { id: OTHER_ACCOUNT } }),
    'account-closed',
  ],
  [
    'derived: an AWS service calling on its own (Config\u2019s role), even a detection\u2019s call',
    () =>
      derivedCall(
        'cloudtrail.amazonaws.com',
        'StopLogging',
        { name: 'trail' },
        { userIdentity: { type: 'AWSService', invokedBy: 'config.amazonaws.com' } },
      ),
    'cloudtrail-stopped',
  ],
  [
    'derived: root with the console at work through CloudFormation (invokedBy a service)',
    () =>
      derived(panther('aws_root_activity', 'Root Activity'), {
        userIdentity: {
          ...(panther('aws_root_activity', 'Root Activity').userIdentity as object),
          invokedBy: 'cloudformation.amazonaws.com',
        },
      }),
    'root-write',
  ],
  [
    'derived: a key pair created by AWS (CreateKeyPair), not imported',
    () => derivedCall('ec2.amazonaws.com', 'CreateKeyPair', { keyName: 'new' }),
    'key-pair-imported',
  ],
  // ---- the neighbours of the detections whose every call is a finding ----
  [
    'derived: flow logs created, not deleted',
    () => derivedCall('ec2.amazonaws.com', 'CreateFlowLogs', { resourceIds: ['vpc-1'] }),
    'flow-logs-deleted',
  ],
  [
    'derived: DNS query logging created, not deleted',
    () => derivedCall('route53resolver.amazonaws.com', 'CreateResolverQueryLogConfig', { name: 'dns' }),
    'dns-query-logs-deleted',
  ],
  [
    'derived: a Config rule created, not deleted',
    () => derivedCall('config.amazonaws.com', 'PutConfigRule', { configRule: { configRuleName: 'x' } }),
    'config-rules-deleted',
  ],
  [
    'derived: a Security Hub automation rule that only adds a note',
    () =>
      derivedCall('securityhub.amazonaws.com', 'CreateAutomationRule', {
        ruleName: 'note',
        actions: [{ type: 'FINDING_FIELDS_UPDATE', findingFieldsUpdate: { note: { text: 'seen' } } }],
      }),
    'findings-archived',
  ],
  [
    'derived: a budget created, not deleted',
    () => derivedCall('budgets.amazonaws.com', 'CreateBudget', { budget: { budgetName: 'monthly' } }),
    'budget-deleted',
  ],
  [
    'derived: the organization described, not left',
    () => derivedCall('organizations.amazonaws.com', 'DescribeOrganization', null, { readOnly: true }),
    'organization-left',
  ],
  [
    'Panther: root creates a key for a user, not for itself',
    () => panther('aws_root_access_key_created', 'Root Created Access Key For User'),
    'root-access-key-created',
    ['root-write'],
  ],
  [
    'derived: root removes another user\u2019s MFA device, not its own',
    () =>
      derived(panther('aws_root_access_key_created', 'Root Access Key Created'), {
        eventName: 'DeactivateMFADevice',
        requestParameters: { userName: 'alice', serialNumber: 'arn:aws:iam::123456789012:mfa/alice' },
      }),
    'root-mfa-removed',
    ['root-write'],
  ],
  [
    'derived: AssumeRole, not AssumeRoot',
    () => derivedCall('sts.amazonaws.com', 'AssumeRole', { roleArn: `arn:aws:iam::${OWN_ACCOUNT}:role/ops` }),
    'root-session-assumed',
  ],
  [
    'derived: a user deleted, not created',
    () => derivedCall('iam.amazonaws.com', 'DeleteUser', { userName: 'old' }),
    'iam-user-created',
  ],
  [
    'derived: a role trusting only a service, not an identity provider',
    () =>
      derivedCall('iam.amazonaws.com', 'CreateRole', {
        roleName: 'fn',
        assumeRolePolicyDocument: JSON.stringify({
          Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
      }),
    'role-trusts-identity-provider',
  ],
  [
    'derived: Identity Center\u2019s directory described',
    () => derivedCall('sso-directory.amazonaws.com', 'DescribeDirectory', { directoryId: 'd-1' }, { readOnly: true }),
    'identity-center-source-changed',
  ],
  [
    'derived: an Identity Center account assignment removed',
    () =>
      derivedCall('sso.amazonaws.com', 'DeleteAccountAssignment', {
        instanceArn: 'arn:aws:sso:::instance/ssoins-1234',
        targetId: OWN_ACCOUNT,
      }),
    'identity-center-access-granted',
  ],
  [
    'derived: a Roles Anywhere trust anchor deleted',
    () => derivedCall('rolesanywhere.amazonaws.com', 'DeleteTrustAnchor', { trustAnchorId: 'ta-1' }),
    'roles-anywhere-trust-anchor',
  ],
  [
    'Stratus: the federated session\u2019s own GetCallerIdentity (temporary credentials, a read)',
    () => stratus('persistence.sts-federation-token').filter((record) => record.eventName === 'GetCallerIdentity'),
    'federation-token-from-key',
  ],
  [
    'derived: GetFederationToken from temporary credentials (ASIA…), not a long-term key',
    () =>
      derived(stratusRecord('persistence.sts-federation-token', 'GetFederationToken'), {
        userIdentity: {
          ...(stratusRecord('persistence.sts-federation-token', 'GetFederationToken').userIdentity as object),
          accessKeyId: 'ASIAEXAMPLEKEY123456',
        },
      }),
    'federation-token-from-key',
  ],
  [
    'derived: an MFA device enabled, not deactivated',
    () =>
      derivedCall('iam.amazonaws.com', 'EnableMFADevice', {
        serialNumber: `arn:aws:iam::${OWN_ACCOUNT}:mfa/christophe`,
      }),
    'mfa-deactivated',
  ],
  [
    'derived: the password policy updated, not deleted',
    () => derivedCall('iam.amazonaws.com', 'UpdateAccountPasswordPolicy', { minimumPasswordLength: 14 }),
    'password-policy-deleted',
  ],
  [
    'derived: serial console access disabled',
    () => derivedCall('ec2.amazonaws.com', 'DisableSerialConsoleAccess', null),
    'serial-console-enabled',
  ],
  [
    'derived: an SSM session terminated, not started',
    () => derivedCall('ssm.amazonaws.com', 'TerminateSession', { sessionId: 's-1' }),
    'ssm-command-by-someone-new',
  ],
  [
    'derived: a policy version deleted, not made the default',
    () =>
      derivedCall('iam.amazonaws.com', 'DeletePolicyVersion', {
        policyArn: `arn:aws:iam::${OWN_ACCOUNT}:policy/deploy`,
        versionId: 'v1',
      }),
    'policy-default-version-changed',
  ],
  [
    'derived: a user removed from a group',
    () => derivedCall('iam.amazonaws.com', 'RemoveUserFromGroup', { userName: 'mallory', groupName: 'admins' }),
    'user-added-to-group',
  ],
  [
    'derived: a permissions boundary set, not removed',
    () =>
      derivedCall('iam.amazonaws.com', 'PutRolePermissionsBoundary', {
        roleName: 'ci',
        permissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess',
      }),
    'permissions-boundary-removed',
  ],
  [
    'derived: Block Public Access turned fully on',
    () =>
      derivedCall('s3.amazonaws.com', 'PutBucketPublicAccessBlock', {
        bucketName: 'photos',
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
      }),
    's3-public-access-block-removed',
  ],
  [
    'derived: an instance launched in an allowed region',
    () => ({ ...stratusRecord('execution.ec2-launch-unusual-instances', 'RunInstances'), awsRegion: 'us-east-1' }),
    'instances-outside-allowed-regions',
    ['gpu-or-huge-instances'],
  ],
  [
    'derived: a domain\u2019s availability checked, not registered',
    () =>
      derivedCall(
        'route53domains.amazonaws.com',
        'CheckDomainAvailability',
        { domainName: 'examp1e.com' },
        { readOnly: true },
      ),
    'domain-registered',
  ],
  [
    'Panther: a different call than EnableRegion',
    () => derived(panther('aws_cloudtrail_region_enabled', 'Other Event'), { eventSource: 'account.amazonaws.com' }),
    'region-enabled',
  ],
  [
    'derived: a service quota read, not an increase requested',
    () =>
      derivedCall(
        'servicequotas.amazonaws.com',
        'GetServiceQuota',
        { serviceCode: 'ec2', quotaCode: 'L-417A185B' },
        { readOnly: true },
      ),
    'service-quota-increase',
  ],
  [
    'Stratus: Bedrock model availability read, not access requested',
    () =>
      stratus('impact.bedrock-invoke-model').filter((record) => record.eventName === 'GetFoundationModelAvailability'),
    'bedrock-model-access',
  ],
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
  [
    'derived: twelve snapshots deleted in a minute by one principal: one alert at the 10th',
    () =>
      Array.from({ length: 12 }, (_, index) =>
        derivedCall(
          'ec2.amazonaws.com',
          'DeleteSnapshot',
          { snapshotId: `snap-0000000000000000${index.toString(16)}` },
          { eventID: `mass-deletion-${index}`, eventTime: `2024-07-31T13:06:${String(10 + index)}Z` },
        ),
      ),
    'mass-deletion',
    1,
  ],
];

/** The same real record again, from another address and a minute later: one call of a sequence. */
function again(record: CloudTrailRecord, sourceIPAddress: string, index: number): CloudTrailRecord {
  return {
    ...structuredClone(record),
    sourceIPAddress,
    eventID: `${String(record.eventID)}-${index}`,
    eventTime: new Date(Date.parse(String(record.eventTime)) + index * 60_000).toISOString(),
  };
}

/** `count` DescribeInstances with one long-term key, a second apart. */
function readsWithOneKey(count: number): CloudTrailRecord[] {
  const read = derivedCall('ec2.amazonaws.com', 'DescribeInstances', null, { readOnly: true });
  return Array.from({ length: count }, (_, index) => ({
    ...read,
    eventID: `enumeration-${index}`,
    eventTime: new Date(Date.parse(String(read.eventTime)) + index * 1000).toISOString(),
  }));
}

/**
 * The detections that remember (with apiCallReads): sequences of calls played in order through the pipeline,
 * with the country database, and how many alerts of the detection they add up to. Addresses: 86.245.153.234
 * is Stratus's own (France), 133.242.0.1 is in Japan, 86.245.154.10 another French network.
 */
export const sequences: Array<[string, () => CloudTrailRecord[], string, number]> = [
  [
    'a key seen in France, then used from Japan: one new-country alert',
    () => {
      const record = stratusRecord('defense-evasion.cloudtrail-stop', 'StopLogging');
      return [record, again(record, '133.242.0.1', 1), again(record, '133.242.0.1', 2)];
    },
    'key-from-new-country',
    1,
  ],
  [
    'the same key used from France only, over one network: nothing new',
    () => {
      const record = stratusRecord('defense-evasion.cloudtrail-stop', 'StopLogging');
      return [record, again(record, '86.245.153.234', 1), again(record, '86.245.153.234', 2)];
    },
    'key-from-new-country',
    0,
  ],
  [
    'a key first seen in Japan: learnt, not alerted (its first sighting is its usual place)',
    () => [again(stratusRecord('defense-evasion.cloudtrail-stop', 'StopLogging'), '133.242.0.1', 1)],
    'key-from-new-country',
    0,
  ],
  [
    'a key from a second French network: one new-network alert, no new country',
    () => {
      const record = stratusRecord('defense-evasion.cloudtrail-stop', 'StopLogging');
      return [record, again(record, '86.245.154.10', 1)];
    },
    'key-from-new-network',
    1,
  ],
  [
    'a key from its one network again and again: no new network',
    () => {
      const record = stratusRecord('defense-evasion.cloudtrail-stop', 'StopLogging');
      return [record, again(record, '86.245.153.99', 1), again(record, '86.245.153.7', 2)];
    },
    'key-from-new-network',
    0,
  ],
  [
    'Stratus: stolen instance credentials used from the attacker\u2019s address after the instance\u2019s own call',
    () => {
      const stolen = stratus('credential-access.ec2-steal-instance-credentials').filter((record) =>
        String((record.userIdentity as { principalId?: string }).principalId).includes(':i-'),
      );
      const first = stolen[0] as CloudTrailRecord;
      // The instance itself called first, from its own public address, an hour before.
      const own = again(first, '54.239.28.85', -60);
      return [own, ...stolen];
    },
    'instance-credentials-elsewhere',
    1,
  ],
  [
    'Stratus: the instance\u2019s credentials, only ever from one address (learnt, quiet)',
    () =>
      stratus('credential-access.ec2-steal-instance-credentials').filter((record) =>
        String((record.userIdentity as { principalId?: string }).principalId).includes(':i-'),
      ),
    'instance-credentials-elsewhere',
    0,
  ],
  [
    'sixty reads with one long-term key in a minute: one enumeration alert at the 50th',
    () => readsWithOneKey(60),
    'enumeration-burst',
    1,
  ],
  [
    'forty reads with one long-term key: below the enumeration threshold',
    () => readsWithOneKey(40),
    'enumeration-burst',
    0,
  ],
];
