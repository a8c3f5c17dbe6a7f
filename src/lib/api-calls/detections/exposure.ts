import { regionalConsoleUrl } from '../../console-urls.js';
import type { ApiCall } from '../api-call.js';
import type { DetectionContext } from '../detection.js';
import { type Detection, t } from '../detection.js';
import type { EventPattern } from '../pattern.js';
import { describeGrant, type OutsideGrant, outsideGrants } from '../policy.js';
import { asList, field, firstStr, isTrue, items, type Json, str } from '../read.js';

/**
 * Exposure to the internet or to other accounts: security groups, S3 (Block Public Access, bucket policies and
 * ACLs, object ACLs), snapshots and images, databases, and every resource policy AWS has, read by the one
 * policy evaluator (policy.ts).
 */

// ---- security groups ----

const WORLD_CIDRS = (cidr: string) => /\/0$/.test(cidr.trim());
const ADMIN_PORTS = [22, 3389, 23, 5900, 5985, 5986, 3306, 5432, 1433, 6379, 9200, 27017];

interface IngressRule {
  protocol: string;
  from?: number;
  to?: number;
  cidrs: string[];
}

/** The ingress rules a call adds, in any of its request shapes (the classic fields, ipPermissions, rule updates). */
function ingressRules(call: ApiCall): IngressRule[] {
  const p = call.requestParameters;
  const rules: IngressRule[] = [];
  const port = (value: Json) => (typeof value === 'number' ? value : undefined);
  if (str(p.cidrIp) || str(p.cidrIpv6)) {
    rules.push({
      protocol: str(p.ipProtocol) ?? '-1',
      from: port(p.fromPort),
      to: port(p.toPort),
      cidrs: [str(p.cidrIp), str(p.cidrIpv6)].filter((cidr): cidr is string => !!cidr),
    });
  }
  for (const permission of items(p.ipPermissions)) {
    const cidrs = [
      ...items(field(permission, 'ipRanges')).map((range) => str(field(range, 'cidrIp'))),
      ...items(field(permission, 'ipv6Ranges')).map((range) => str(field(range, 'cidrIpv6'))),
    ].filter((cidr): cidr is string => !!cidr);
    rules.push({
      protocol: str(field(permission, 'ipProtocol')) ?? '-1',
      from: port(field(permission, 'fromPort')),
      to: port(field(permission, 'toPort')),
      cidrs,
    });
  }
  // ModifySecurityGroupRules: each rule's new definition.
  for (const update of items(field(p, 'ModifySecurityGroupRulesRequest', 'SecurityGroupRule'))) {
    const rule = field(update, 'SecurityGroupRule');
    const cidr = str(field(rule, 'CidrIpv4')) ?? str(field(rule, 'CidrIpv6'));
    if (cidr) {
      rules.push({
        protocol: str(field(rule, 'IpProtocol')) ?? '-1',
        from: port(Number(field(rule, 'FromPort'))),
        to: port(Number(field(rule, 'ToPort'))),
        cidrs: [cidr],
      });
    }
  }
  return rules;
}

function worldIngress(call: ApiCall): IngressRule[] {
  return ingressRules(call).filter((rule) => rule.cidrs.some(WORLD_CIDRS));
}

function coversAdminPort(rule: IngressRule): boolean {
  if (rule.protocol === '-1' || rule.from === undefined || rule.to === undefined) return true;
  if (Number.isNaN(rule.from) || Number.isNaN(rule.to) || rule.from === -1 || rule.to === -1) return true;
  return ADMIN_PORTS.some((p) => p >= (rule.from ?? 0) && p <= (rule.to ?? 65535));
}

/** "sg-0123 22/tcp ← 0.0.0.0/0": the group, the ports and the world, in the same words in every language. */
function describeIngress(call: ApiCall): string | undefined {
  const group =
    str(call.requestParameters.groupId) ??
    str(call.requestParameters.groupName) ??
    str(field(call.requestParameters, 'ModifySecurityGroupRulesRequest', 'GroupId')) ??
    '?';
  const rule = worldIngress(call).find(coversAdminPort);
  if (!rule) return group;
  const protocol = rule.protocol === '-1' ? '' : `/${rule.protocol}`;
  const ports =
    rule.protocol === '-1' || rule.from === undefined
      ? '*'
      : rule.from === rule.to
        ? `${rule.from}${protocol}`
        : `${rule.from}-${rule.to}${protocol}`;
  return `${group} ${ports} \u2190 ${rule.cidrs.filter(WORLD_CIDRS).join(', ')}`;
}

// ---- S3 ----

const bucketOf = (call: ApiCall) => str(call.requestParameters.bucketName);
const bucketUrl = (call: ApiCall) => {
  const bucket = bucketOf(call);
  return bucket ? regionalConsoleUrl(call.region ?? 'us-east-1', { bucket }) : undefined;
};

/** A PutPublicAccessBlock that turns any of the four protections off (a delete turns them all off). */
function weakensPublicAccessBlock(call: ApiCall): boolean {
  if (call.eventName.startsWith('Delete')) return true;
  const configuration =
    field(call.requestParameters, 'PublicAccessBlockConfiguration') ??
    field(call.requestParameters, 'publicAccessBlockConfiguration');
  return ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'].some(
    (setting) => field(configuration, setting) === false || field(configuration, setting) === 'false',
  );
}

const PUBLIC_GROUPS = /acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)/;
const PUBLIC_CANNED = new Set(['public-read', 'public-read-write', 'authenticated-read']);

/** The public part of an S3 ACL request: a canned ACL, a grant header, or a grantee group of everyone. */
function publicAcl(call: ApiCall): string | undefined {
  const p = call.requestParameters;
  const canned = asList(p['x-amz-acl'] ?? p.acl)
    .map(str)
    .find((value) => value && PUBLIC_CANNED.has(value));
  if (canned) return `ACL ${canned}`;
  for (const header of [
    'x-amz-grant-read',
    'x-amz-grant-write',
    'x-amz-grant-read-acp',
    'x-amz-grant-write-acp',
    'x-amz-grant-full-control',
  ]) {
    if (asList(p[header]).some((value) => typeof value === 'string' && PUBLIC_GROUPS.test(value))) {
      return `${header} ${PUBLIC_GROUPS.exec(String(asList(p[header]).join(',')))?.[1]}`;
    }
  }
  const grants = JSON.stringify(field(p, 'AccessControlPolicy') ?? '');
  const group = PUBLIC_GROUPS.exec(grants)?.[1];
  return group ? `ACL grant to ${group}` : undefined;
}

// ---- resource policies ----

interface PolicyLocation {
  eventSource: string;
  eventNames: string[];
  /** The policy document the call sets, if it sets one. */
  policy(p: Record<string, Json>): Json;
  /** The resource, in a few words. */
  resource(p: Record<string, Json>): string | undefined;
}

const at =
  (...path: string[]) =>
  (p: Record<string, Json>) =>
    field(p, ...path);

/** Every API that sets a resource-based policy, and where in its request the policy is. */
const POLICY_LOCATIONS: PolicyLocation[] = [
  {
    eventSource: 's3.amazonaws.com',
    eventNames: ['PutBucketPolicy'],
    policy: (p) => p.bucketPolicy ?? p.policy,
    resource: (p) => str(p.bucketName) && `bucket ${str(p.bucketName)}`,
  },
  {
    eventSource: 's3.amazonaws.com',
    eventNames: ['PutAccessPointPolicy'],
    policy: at('PutAccessPointPolicyRequest', 'Policy'),
    resource: (p) => str(p.name) && `access point ${str(p.name)}`,
  },
  {
    eventSource: 'sqs.amazonaws.com',
    eventNames: ['SetQueueAttributes', 'CreateQueue'],
    policy: at('attributes', 'Policy'),
    resource: (p) => firstStr(p, 'queueUrl', 'queueName') && `queue ${firstStr(p, 'queueUrl', 'queueName')}`,
  },
  {
    eventSource: 'sns.amazonaws.com',
    eventNames: ['SetTopicAttributes', 'CreateTopic'],
    policy: (p) => (str(p.attributeName) === 'Policy' ? p.attributeValue : field(p, 'attributes', 'Policy')),
    resource: (p) => firstStr(p, 'topicArn', 'name') && `topic ${firstStr(p, 'topicArn', 'name')}`,
  },
  {
    eventSource: 'kms.amazonaws.com',
    eventNames: ['PutKeyPolicy', 'CreateKey'],
    policy: at('policy'),
    resource: (p) => `key ${str(p.keyId) ?? 'new'}`,
  },
  {
    eventSource: 'secretsmanager.amazonaws.com',
    eventNames: ['PutResourcePolicy'],
    policy: at('resourcePolicy'),
    resource: (p) => str(p.secretId) && `secret ${str(p.secretId)}`,
  },
  {
    eventSource: 'bedrock.amazonaws.com',
    eventNames: ['PutResourcePolicy'],
    policy: at('resourcePolicy'),
    resource: (p) => firstStr(p, 'resourceArn') && `Bedrock resource ${firstStr(p, 'resourceArn')}`,
  },
  {
    eventSource: 'ecr.amazonaws.com',
    eventNames: ['SetRepositoryPolicy', 'PutRegistryPolicy'],
    policy: at('policyText'),
    resource: (p) => `repository ${str(p.repositoryName) ?? '(registry)'}`,
  },
  {
    eventSource: 'es.amazonaws.com',
    eventNames: ['CreateDomain', 'UpdateDomainConfig', 'CreateElasticsearchDomain', 'UpdateElasticsearchDomainConfig'],
    policy: at('accessPolicies'),
    resource: (p) => str(p.domainName) && `domain ${str(p.domainName)}`,
  },
  {
    eventSource: 'glacier.amazonaws.com',
    eventNames: ['SetVaultAccessPolicy'],
    policy: (p) => field(p, 'policy', 'policy') ?? p.policy,
    resource: (p) => str(p.vaultName) && `vault ${str(p.vaultName)}`,
  },
  {
    eventSource: 'backup.amazonaws.com',
    eventNames: ['PutBackupVaultAccessPolicy'],
    policy: at('policy'),
    resource: (p) => str(p.backupVaultName) && `backup vault ${str(p.backupVaultName)}`,
  },
  {
    eventSource: 'elasticfilesystem.amazonaws.com',
    eventNames: ['PutFileSystemPolicy'],
    policy: at('policy'),
    resource: (p) => str(p.fileSystemId) && `file system ${str(p.fileSystemId)}`,
  },
  {
    eventSource: 'glue.amazonaws.com',
    eventNames: ['PutResourcePolicy'],
    policy: at('policyInJson'),
    resource: () => 'Glue Data Catalog',
  },
  {
    eventSource: 'apigateway.amazonaws.com',
    eventNames: ['CreateRestApi', 'UpdateRestApi'],
    policy: (p) =>
      p.policy ??
      field(
        items(p.patchOperations).find((operation) => str(field(operation, 'path')) === '/policy'),
        'value',
      ),
    resource: (p) => firstStr(p, 'restApiId', 'name') && `API ${firstStr(p, 'restApiId', 'name')}`,
  },
  {
    eventSource: 'codeartifact.amazonaws.com',
    eventNames: ['PutRepositoryPermissionsPolicy', 'PutDomainPermissionsPolicy'],
    policy: at('policyDocument'),
    resource: (p) => firstStr(p, 'repository', 'domain') && `repository ${firstStr(p, 'repository', 'domain')}`,
  },
  {
    eventSource: 'events.amazonaws.com',
    eventNames: ['PutPermission'],
    // The event bus's own policy, or one statement given as a principal ("*" or an account).
    policy: (p) =>
      p.policy ??
      (str(p.principal)
        ? {
            Statement: [
              {
                Effect: 'Allow',
                Principal: str(p.principal) === '*' ? '*' : { AWS: str(p.principal) },
                Action: str(p.action) ?? 'events:PutEvents',
                Sid: str(p.statementId),
                ...(field(p, 'condition')
                  ? {
                      Condition: {
                        StringEquals: { [String(field(p, 'condition', 'key'))]: field(p, 'condition', 'value') },
                      },
                    }
                  : {}),
              },
            ],
          }
        : undefined),
    resource: (p) => `event bus ${str(p.eventBusName) ?? 'default'}`,
  },
];

const BY_CALL = new Map(
  POLICY_LOCATIONS.flatMap((location) =>
    location.eventNames.map((eventName) => [`${location.eventSource} ${eventName}`, location] as const),
  ),
);

/** The policy patterns for the rules, one per service. */
function policyPatterns(except: (location: PolicyLocation) => boolean = () => false): EventPattern[] {
  const bySource = new Map<string, Set<string>>();
  for (const location of POLICY_LOCATIONS.filter((candidate) => !except(candidate))) {
    const names = bySource.get(location.eventSource) ?? new Set<string>();
    for (const name of location.eventNames) names.add(name);
    bySource.set(location.eventSource, names);
  }
  return [...bySource].map(([source, names]) => ({ eventSource: [source], eventName: [...names] }));
}

/** A Lambda permission (function or layer) as a policy statement, so the one evaluator judges it. */
function lambdaPermission(p: Record<string, Json>): Json {
  const principal = str(p.principal);
  if (!principal || /\.amazonaws\.com$/.test(principal)) {
    // A service principal is public only when nothing pins the source: S3 or SNS of any account may invoke.
    if (!principal || str(p.sourceAccount) || str(p.sourceArn)) return undefined;
  }
  const condition: Record<string, Record<string, string>> = {};
  if (str(p.sourceAccount)) condition.StringEquals = { 'aws:SourceAccount': str(p.sourceAccount) as string };
  if (str(p.sourceArn)) condition.ArnLike = { 'aws:SourceArn': str(p.sourceArn) as string };
  if (str(p.principalOrgID))
    condition.StringEquals = { ...condition.StringEquals, 'aws:PrincipalOrgID': str(p.principalOrgID) as string };
  return {
    Statement: [
      {
        Effect: 'Allow',
        Principal: principal === '*' || /\.amazonaws\.com$/.test(principal ?? '') ? '*' : { AWS: principal },
        Action: str(p.action) ?? 'lambda:InvokeFunction',
        Sid: str(p.statementId),
        ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
      },
    ],
  };
}

/** What a call opens to outsiders: each grant to everyone or to another account, and the resource it opens. */
export function policyExposure(call: ApiCall, context: DetectionContext): { resource: string; grants: OutsideGrant[] } {
  const owner = { accountId: call.accountId, trustedAccounts: context.trustedAccounts };
  const p = call.requestParameters;
  if (call.eventSource === 'lambda.amazonaws.com') {
    const resource = firstStr(p, 'functionName', 'layerName') ?? '?';
    if (call.eventName.startsWith('CreateFunctionUrlConfig') || call.eventName.startsWith('UpdateFunctionUrlConfig')) {
      const open = str(p.authType) === 'NONE';
      return {
        resource: `function ${resource} URL`,
        grants: open
          ? [{ kind: 'public', who: '*', statement: { Sid: 'AuthType NONE', Action: 'lambda:InvokeFunctionUrl' } }]
          : [],
      };
    }
    return {
      resource: `${call.eventName.startsWith('AddLayer') ? 'layer' : 'function'} ${resource}`,
      grants: outsideGrants(lambdaPermission(p), owner),
    };
  }
  if (call.eventSource === 'kms.amazonaws.com' && call.eventName === 'CreateGrant') {
    const grantee = str(p.granteePrincipal);
    const account = grantee ? /:(\d{12}):/.exec(grantee)?.[1] : undefined;
    const outside = account && account !== call.accountId && !context.trustedAccounts?.includes(account);
    return {
      resource: `key ${str(p.keyId) ?? '?'}`,
      grants: outside
        ? [{ kind: 'account', who: account, statement: { Action: asList(p.operations).map(String), Sid: 'grant' } }]
        : [],
    };
  }
  if (call.eventSource === 'ssm.amazonaws.com' && call.eventName === 'ModifyDocumentPermission') {
    const accounts = asList(p.accountIdsToAdd)
      .map(str)
      .filter((id): id is string => !!id);
    return {
      resource: `document ${str(p.name) ?? '?'}`,
      grants: accounts
        .filter((id) => id !== call.accountId && !context.trustedAccounts?.includes(id))
        .map((id) => ({
          kind: id.toLowerCase() === 'all' ? ('public' as const) : ('account' as const),
          who: id.toLowerCase() === 'all' ? '*' : id,
          statement: { Action: 'ssm:ShareDocument' },
        })),
    };
  }
  if (call.eventSource === 'codebuild.amazonaws.com') {
    // A public project shows its builds (logs, artifacts, often secrets printed by mistake) to anyone.
    const open = str(p.projectVisibility) === 'PUBLIC_READ';
    return {
      resource: `project ${str(p.projectArn) ?? '?'}`,
      grants: open
        ? [{ kind: 'public', who: '*', statement: { Sid: 'PUBLIC_READ', Action: 'codebuild:BatchGetBuilds' } }]
        : [],
    };
  }
  if (call.eventSource === 'ram.amazonaws.com') {
    const outside = asList(p.principals)
      .map(str)
      .filter(
        (principal): principal is string => !!principal && /^\d{12}$/.test(principal) && principal !== call.accountId,
      )
      .filter((principal) => !context.trustedAccounts?.includes(principal));
    return {
      resource: `resource share ${str(p.name) ?? str(p.resourceShareArn) ?? '?'}`,
      grants: outside.map((who) => ({
        kind: 'account' as const,
        who,
        statement: { Action: 'ram:AssociateResourceShare' },
      })),
    };
  }
  const location = BY_CALL.get(`${call.eventSource} ${call.eventName}`);
  if (!location) return { resource: '?', grants: [] };
  const policy = location.policy(p);
  return {
    resource: location.resource(p) ?? '?',
    grants: policy === undefined || policy === '' ? [] : outsideGrants(policy, owner),
  };
}

const describeExposure = (kind: OutsideGrant['kind']) => (call: ApiCall, context: DetectionContext) => {
  const { resource, grants } = policyExposure(call, context);
  const shown = grants.filter((grant) => grant.kind === kind);
  return `${resource}: ${shown.slice(0, 2).map(describeGrant).join('; ')}${shown.length > 2 ? ' …' : ''}`;
};

const LAYER_PERMISSIONS: EventPattern = {
  eventSource: ['lambda.amazonaws.com'],
  eventName: [{ prefix: 'AddLayerVersionPermission' }],
};
const LAMBDA_PERMISSIONS: EventPattern = {
  eventSource: ['lambda.amazonaws.com'],
  eventName: [
    { prefix: 'AddPermission' },
    { prefix: 'AddLayerVersionPermission' },
    { prefix: 'CreateFunctionUrlConfig' },
    { prefix: 'UpdateFunctionUrlConfig' },
  ],
};
const SHARES: EventPattern[] = [
  { eventSource: ['kms.amazonaws.com'], eventName: ['CreateGrant'] },
  { eventSource: ['ssm.amazonaws.com'], eventName: ['ModifyDocumentPermission'] },
  { eventSource: ['ram.amazonaws.com'], eventName: ['CreateResourceShare', 'AssociateResourceShare'] },
];

/** Who a snapshot or image is shared with: "all" (public) or account IDs. */
function sharedWith(call: ApiCall): string[] {
  const p = call.requestParameters;
  const adds = [...items(field(p, 'createVolumePermission', 'add')), ...items(field(p, 'launchPermission', 'add'))].map(
    // A group grants anything only when it is "all"; a userId is an account.
    (entry) => (str(field(entry, 'group')) === 'all' ? 'all' : str(field(entry, 'userId'))),
  );
  const rds = asList(p.valuesToAdd).map(str);
  return [...adds, ...rds].filter((who): who is string => !!who);
}

export const EXPOSURE: readonly Detection[] = [
  {
    id: 'security-group-open-to-world',
    group: 'exposure',
    severity: 'high',
    title: t(
      'A security group was opened to the whole internet',
      'セキュリティグループがインターネット全体に開放されました',
    ),
    why: t(
      'Ingress from 0.0.0.0/0 or ::/0 on an administration port (SSH, RDP, databases) or on every port is scanned and attacked within minutes.',
      '管理用ポート（SSH、RDP、データベース）や全ポートへの 0.0.0.0/0・::/0 からの受信は、数分でスキャンされ攻撃されます。',
    ),
    action: t(
      'Remove the rule, or limit it to your own address, or use Session Manager instead of open ports.',
      'ルールを削除するか自分のアドレスに限定するか、ポートを開けずに Session Manager を使ってください。',
    ),
    pattern: {
      eventSource: ['ec2.amazonaws.com'],
      eventName: ['AuthorizeSecurityGroupIngress', 'ModifySecurityGroupRules'],
    },
    matches: (call) => worldIngress(call).some(coversAdminPort),
    target: describeIngress,
    consoleUrl: (call) => {
      const group = str(call.requestParameters.groupId);
      return group ? regionalConsoleUrl(call.region ?? 'us-east-1', { securityGroup: group }) : undefined;
    },
    savedQuery: 'security-groups-open-to-world',
  },
  {
    id: 's3-public-access-block-removed',
    group: 'exposure',
    severity: 'high',
    title: t('S3 Block Public Access was turned off', 'S3 のパブリックアクセスブロックが無効化されました'),
    why: t(
      'It is the guard that keeps a mistaken policy or ACL from publishing your data.',
      '誤ったポリシーや ACL でデータが公開されるのを防ぐ仕組みです。',
    ),
    action: t(
      'Turn all four settings back on unless a bucket must be public.',
      '公開が必要なバケットでない限り、4 つの設定をすべて有効に戻してください。',
    ),
    pattern: {
      eventSource: ['s3.amazonaws.com'],
      eventName: [
        'PutBucketPublicAccessBlock',
        'DeleteBucketPublicAccessBlock',
        'PutAccountPublicAccessBlock',
        'DeleteAccountPublicAccessBlock',
      ],
    },
    matches: weakensPublicAccessBlock,
    target: (call) => (bucketOf(call) ? `bucket ${bucketOf(call)}` : 'account'),
  },
  {
    id: 's3-bucket-made-public',
    group: 'exposure',
    severity: 'high',
    title: t('A bucket was opened to everyone', 'バケットが誰でもアクセスできる状態にされました'),
    why: t(
      'A bucket policy or ACL granting everyone access publishes its objects to the internet.',
      '誰にでもアクセスを許すバケットポリシーや ACL は、オブジェクトをインターネットに公開します。',
    ),
    action: t(
      'Remove the public grant, and keep Block Public Access on.',
      '公開する許可を削除し、パブリックアクセスブロックを有効にしておいてください。',
    ),
    pattern: { eventSource: ['s3.amazonaws.com'], eventName: ['PutBucketPolicy', 'PutBucketAcl'] },
    matches: (call, context) =>
      call.eventName === 'PutBucketAcl'
        ? !!publicAcl(call)
        : policyExposure(call, context).grants.some((grant) => grant.kind === 'public'),
    target: (call, context) =>
      call.eventName === 'PutBucketAcl'
        ? `bucket ${bucketOf(call) ?? '?'}: ${publicAcl(call)}`
        : describeExposure('public')(call, context),
    consoleUrl: bucketUrl,
  },
  {
    id: 's3-object-made-public',
    group: 'exposure',
    severity: 'high',
    title: t('An object was made readable by everyone', 'オブジェクトが誰でも読める状態にされました'),
    why: t(
      'A public object ACL publishes that object to the internet even when the bucket is private. (Object calls are data events: seen only when the trail records S3 data events.)',
      'オブジェクトの公開 ACL は、バケットが非公開でもそのオブジェクトをインターネットに公開します（オブジェクト操作はデータイベントで、証跡が S3 データイベントを記録する場合のみ検知されます）。',
    ),
    action: t(
      'Set the object\u2019s ACL back to private, and keep Block Public Access on.',
      'オブジェクトの ACL を非公開に戻し、パブリックアクセスブロックを有効にしておいてください。',
    ),
    pattern: { eventSource: ['s3.amazonaws.com'], eventName: ['PutObjectAcl', 'PutObject', 'CopyObject'] },
    matches: (call) => !!publicAcl(call),
    target: (call) => `s3://${bucketOf(call) ?? '?'}/${str(call.requestParameters.key) ?? ''}: ${publicAcl(call)}`,
    consoleUrl: bucketUrl,
  },
  {
    id: 'resource-policy-public',
    group: 'exposure',
    severity: 'high',
    title: t('A resource was opened to everyone by its policy', 'リソースポリシーでリソースが誰にでも開放されました'),
    why: t(
      'Its policy now allows any AWS account, or anyone on the internet, to use it: read the secret, the key, the images or the messages, or send their own.',
      'ポリシーにより、どの AWS アカウントも、インターネット上の誰でも、このリソースを使えるようになりました。シークレット・キー・イメージ・メッセージを読んだり、送り込んだりできます。',
    ),
    action: t(
      'Remove the statement for Principal "*" or pin it with a condition (aws:SourceAccount, aws:PrincipalOrgID).',
      'Principal "*" のステートメントを削除するか、条件（aws:SourceAccount、aws:PrincipalOrgID）で限定してください。',
    ),
    pattern: {
      $or: [
        ...policyPatterns(
          (location) => location.eventSource === 's3.amazonaws.com' && location.eventNames.includes('PutBucketPolicy'),
        ),
        // A function's own permissions and URL are lambda-public-permission's.
        LAYER_PERMISSIONS,
        { eventSource: ['ssm.amazonaws.com'], eventName: ['ModifyDocumentPermission'] },
        { eventSource: ['codebuild.amazonaws.com'], eventName: ['UpdateProjectVisibility'] },
      ],
    },
    matches: (call, context) => policyExposure(call, context).grants.some((grant) => grant.kind === 'public'),
    target: describeExposure('public'),
  },
  {
    id: 'resource-shared-with-another-account',
    group: 'exposure',
    severity: 'medium',
    title: t('A resource was shared with another account', 'リソースが別のアカウントと共有されました'),
    why: t(
      'Its policy, a grant or a share now lets another AWS account use it; if you do not know that account, it is a way out for your data or a way back in.',
      'ポリシー・グラント・共有により、別の AWS アカウントがこのリソースを使えるようになりました。知らないアカウントなら、データの持ち出し口か再侵入の入口です。',
    ),
    action: t(
      'If you do not know the account, remove it from the policy or the share.',
      '知らないアカウントなら、ポリシーや共有から削除してください。',
    ),
    pattern: { $or: [...policyPatterns(), LAMBDA_PERMISSIONS, ...SHARES] },
    matches: (call, context) => policyExposure(call, context).grants.some((grant) => grant.kind === 'account'),
    target: describeExposure('account'),
  },
  {
    id: 'snapshot-or-image-shared',
    group: 'exposure',
    severity: 'high',
    title: t(
      'A snapshot or machine image was shared outside the account',
      'スナップショットまたはマシンイメージがアカウント外に共有されました',
    ),
    why: t(
      'A shared disk snapshot or image hands its whole contents, secrets included, to another account or to everyone.',
      '共有されたディスクのスナップショットやイメージは、秘密情報を含む中身すべてを別のアカウントや誰にでも渡します。',
    ),
    action: t(
      'If this was not planned, remove the permission and check what the snapshot contained.',
      '予定外であれば、共有の許可を削除し、スナップショットの内容を確認してください。',
    ),
    pattern: {
      $or: [
        { eventSource: ['ec2.amazonaws.com'], eventName: ['ModifySnapshotAttribute', 'ModifyImageAttribute'] },
        {
          eventSource: ['rds.amazonaws.com'],
          eventName: ['ModifyDBSnapshotAttribute', 'ModifyDBClusterSnapshotAttribute'],
        },
      ],
    },
    matches: (call) => sharedWith(call).some((who) => who === 'all' || who !== call.accountId),
    target: (call) => {
      const p = call.requestParameters;
      const what =
        str(p.snapshotId) ?? str(p.imageId) ?? str(p.dBSnapshotIdentifier) ?? str(p.dBClusterSnapshotIdentifier) ?? '?';
      // "all" is AWS's own word for everyone, in every language.
      return `${what} \u2192 ${sharedWith(call).join(', ')}`;
    },
  },
  {
    id: 'lambda-public-permission',
    group: 'exposure',
    severity: 'high',
    title: t('A Lambda function can now be invoked by anyone', 'Lambda 関数を誰でも呼び出せるようになりました'),
    why: t(
      'A permission for principal "*", or a function URL without authentication, lets anyone invoke the function.',
      'プリンシパル "*" への許可や認証なしの関数 URL は、誰でも関数を呼び出せるようにします。',
    ),
    action: t(
      'Remove the statement from the function\u2019s resource-based policy, or set the URL\u2019s auth type to AWS_IAM.',
      '関数のリソースベースポリシーからそのステートメントを削除するか、URL の認証タイプを AWS_IAM にしてください。',
    ),
    pattern: {
      eventSource: ['lambda.amazonaws.com'],
      eventName: [
        { prefix: 'AddPermission' },
        { prefix: 'CreateFunctionUrlConfig' },
        { prefix: 'UpdateFunctionUrlConfig' },
      ],
    },
    matches: (call, context) => policyExposure(call, context).grants.some((grant) => grant.kind === 'public'),
    target: describeExposure('public'),
    consoleUrl: (call) => {
      const fn = str(call.requestParameters.functionName);
      return fn ? regionalConsoleUrl(call.region ?? 'us-east-1', { lambdaFunction: fn }) : undefined;
    },
  },
  {
    id: 'database-made-public',
    group: 'exposure',
    severity: 'high',
    title: t('A database was made reachable from the internet', 'データベースがインターネットから到達可能にされました'),
    why: t(
      'A publicly accessible RDS instance gets a public address: its password is then all that stands between it and the internet.',
      'パブリックアクセス可能な RDS インスタンスにはパブリックアドレスが付き、インターネットとの間にあるのはパスワードだけになります。',
    ),
    action: t(
      'If it does not need to be public, modify the instance and turn Publicly accessible off.',
      '公開が不要なら、インスタンスを変更して「パブリックアクセス可能」をオフにしてください。',
    ),
    pattern: {
      eventSource: ['rds.amazonaws.com'],
      eventName: [
        'ModifyDBInstance',
        'CreateDBInstance',
        'RestoreDBInstanceFromDBSnapshot',
        'RestoreDBInstanceFromS3',
        'RestoreDBInstanceToPointInTime',
        'ModifyDBCluster',
        'CreateDBCluster',
      ],
    },
    matches: (call) => isTrue(call.requestParameters.publiclyAccessible),
    target: (call) =>
      `database ${firstStr(call.requestParameters, 'dBInstanceIdentifier', 'dBClusterIdentifier', 'targetDBInstanceIdentifier') ?? '?'} publiclyAccessible`,
    consoleUrl: (call) => regionalConsoleUrl(call.region ?? 'us-east-1', { service: 'rds', fragment: 'databases:' }),
  },
];
