import { iamConsoleUrl, regionalConsoleUrl } from '../console-urls.js';
import type { Locale } from '../i18n/index.js';
import type { Severity } from '../notify/severity.js';
import type { ApiCall } from './api-call.js';
import type { EventPattern } from './pattern.js';

/**
 * The detection catalogue: the API calls that take over an account, blind its logging, expose it or run
 * up its bill, one definition each. A definition says what to look for twice: the EventBridge pattern
 * that pre-filters it at the rule (so the function runs only for candidates, in every region), and where
 * the pattern cannot say it, a predicate on the normalized call (a CIDR of 0.0.0.0/0, a policy granting
 * everything, an instance family). Adding a detection is one definition here and its test events.
 */

export type DetectionGroup = 'logging' | 'root' | 'persistence' | 'exposure' | 'cost' | 'recon';
type Text = Record<Locale, string>;

export interface DetectionContext {
  /** Regions the account is meant to use (the allowedRegions setting). */
  allowedRegions: readonly string[];
  /** The trail's bucket, whose policy and lifecycle are part of the logging. */
  trailBucket?: string;
}

export interface Detection {
  id: string;
  group: DetectionGroup;
  severity: Severity;
  /** What happened, as a headline. */
  title: Text;
  /** Why it matters, one or two sentences. */
  why: Text;
  /** What to do next, one step. */
  action: Text;
  /** The EventBridge pattern on the event's `detail`. */
  pattern: EventPattern;
  /** Only for what the pattern cannot say; absent means every event the pattern lets through is a finding. */
  matches?(call: ApiCall, context: DetectionContext): boolean;
  /** What the call acted on, in a few words: "user alice", "sg-0123 port 22 from 0.0.0.0/0". */
  target?(call: ApiCall): string | undefined;
  /** Where in the console to look or fix it. */
  consoleUrl?(call: ApiCall): string | undefined;
  /** The saved query (queries/<name>.sql) that reports the same calls in the daily digest. */
  savedQuery?: string;
  /**
   * For detections of many calls rather than one: alert only when this many have matched within
   * burstWindowMinutes, counted per `burstBy` (then once more at ten times as many).
   */
  countFrom?: number;
  /** What a burst is counted per: the principal (default) or the access key it used. */
  burstBy?: 'principal' | 'accessKey';
  /**
   * Its rule must also receive read-only calls (EventBridge delivers them only to rules that opt in);
   * its pattern must then be narrow, as every read in the region is matched against it.
   */
  readOnlyEvents?: boolean;
}

// ---- reading request parameters (every value is untrusted and may be missing or odd) ----

type Json = unknown;

function field(value: Json, ...path: string[]): Json {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, Json>)[key];
  }
  return current;
}

function str(value: Json): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function items(value: Json): Json[] {
  const list = field(value, 'items');
  if (Array.isArray(list)) return list;
  return Array.isArray(value) ? value : [];
}

/** A policy document as CloudTrail records it: a JSON string (sometimes URL-encoded) or an object. */
function policyStatements(document: Json): Record<string, Json>[] {
  let parsed = document;
  if (typeof document === 'string') {
    for (const candidate of [document, safeDecode(document)]) {
      try {
        parsed = JSON.parse(candidate);
        break;
      } catch {
        parsed = undefined;
      }
    }
  }
  const statement = field(parsed, 'Statement');
  const list = Array.isArray(statement) ? statement : statement === undefined ? [] : [statement];
  return list.filter((entry): entry is Record<string, Json> => typeof entry === 'object' && entry !== null);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function asList(value: Json): Json[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function allows(statement: Record<string, Json>): boolean {
  return str(statement.Effect)?.toLowerCase() === 'allow';
}

/** Allow of every action on every resource: `*` or `*:*`, Resource `*`. */
function grantsEverything(document: Json): boolean {
  return policyStatements(document).some(
    (statement) =>
      allows(statement) &&
      asList(statement.Action).some((action) => action === '*' || action === '*:*') &&
      asList(statement.Resource).some((resource) => resource === '*'),
  );
}

/** The principals a policy statement lets in: "*" or ARNs/account IDs, services left out. */
function awsPrincipals(statement: Record<string, Json>): string[] {
  const principal = statement.Principal;
  if (principal === '*') return ['*'];
  return asList(field(principal, 'AWS')).filter((value): value is string => typeof value === 'string');
}

function accountOf(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal;
  return /^arn:[\w-]+:(?:iam|sts)::(\d{12}):/.exec(principal)?.[1];
}

/** Principals outside the account (another account, or anyone) that a trust or resource policy lets in. */
function outsidePrincipals(document: Json, accountId: string | undefined): string[] {
  return policyStatements(document)
    .filter(allows)
    .flatMap(awsPrincipals)
    .filter((principal) => principal === '*' || accountOf(principal) !== accountId);
}

const WORLD_CIDRS = (cidr: string) => /\/0$/.test(cidr.trim());
const ADMIN_PORTS = [22, 3389, 23, 5900, 5985, 5986, 3306, 5432, 1433, 6379, 9200, 27017];

interface IngressRule {
  protocol: string;
  from?: number;
  to?: number;
  cidrs: string[];
}

/** The ingress rules an AuthorizeSecurityGroupIngress call adds, in either of its request shapes. */
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
  return rules;
}

function worldIngress(call: ApiCall): IngressRule[] {
  return ingressRules(call).filter((rule) => rule.cidrs.some(WORLD_CIDRS));
}

function coversAdminPort(rule: IngressRule): boolean {
  if (rule.protocol === '-1' || rule.from === undefined || rule.to === undefined) return true;
  if (rule.from === -1 || rule.to === -1) return true;
  return ADMIN_PORTS.some((p) => p >= (rule.from ?? 0) && p <= (rule.to ?? 65535));
}

/** "sg-0123 22/tcp ← 0.0.0.0/0": the group, the ports and the world, in the same words in every language. */
function describeIngress(call: ApiCall): string | undefined {
  const group = str(call.requestParameters.groupId) ?? str(call.requestParameters.groupName) ?? '?';
  const rule = worldIngress(call)[0];
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

/** The IAM user a call names in requestParameters.userName, when it is not the caller. */
function otherUser(call: ApiCall): string | undefined {
  const user = str(call.requestParameters.userName);
  if (!user) return undefined;
  return user === call.principal.userName ? undefined : user;
}

const GPU_FAMILIES = /^(p\d|g\d|trn\d|inf\d|dl\d|f\d|vt\d)/i;
const HUGE_SIZE = /\.(metal[\w-]*|(?:1[6-9]|[2-9]\d|\d{3})xlarge)$/i;

/** Every instance type a launch call asks for (RunInstances, CreateFleet overrides, spot requests). */
function instanceTypes(call: ApiCall): string[] {
  const p = call.requestParameters;
  const found = new Set<string>();
  const visit = (value: Json, depth: number) => {
    if (depth > 8 || typeof value !== 'object' || value === null) return;
    for (const [key, inner] of Object.entries(value as Record<string, Json>)) {
      if (/^instanceType$/i.test(key) && typeof inner === 'string') found.add(inner);
      else visit(inner, depth + 1);
    }
  };
  visit(p, 0);
  return [...found];
}

function unusualInstanceTypes(call: ApiCall): string[] {
  return instanceTypes(call).filter((type) => GPU_FAMILIES.test(type) || HUGE_SIZE.test(type));
}

function isRoot(call: ApiCall): boolean {
  return call.principal.type === 'Root';
}

function bucketOf(call: ApiCall): string | undefined {
  return str(call.requestParameters.bucketName);
}

/** A bucket policy or ACL that lets anyone in (Principal "*" without a condition, or the AllUsers groups). */
function grantsPublicAccess(call: ApiCall): boolean {
  const p = call.requestParameters;
  if (call.eventName === 'PutBucketPolicy') {
    return policyStatements(p.bucketPolicy ?? p.policy).some(
      (statement) => allows(statement) && awsPrincipals(statement).includes('*') && statement.Condition === undefined,
    );
  }
  const text = JSON.stringify(p);
  return /acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)/.test(text) || /public-read/.test(text);
}

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

const t = (en: string, ja: string): Text => ({ en, ja });

// ---- the catalogue ----

export const DETECTIONS: readonly Detection[] = [
  // Logging turned off or blinded
  {
    id: 'cloudtrail-stopped',
    group: 'logging',
    severity: 'high',
    title: t('CloudTrail logging stopped', 'CloudTrail のログ記録が停止されました'),
    why: t(
      'A stopped trail records nothing more: this is often the first step of someone hiding what they do next.',
      '停止した証跡はそれ以降何も記録しません。これから行う操作を隠すための最初の一手であることがよくあります。',
    ),
    action: t(
      'If you did not do this, start logging again now (CloudTrail > Trails > Start logging) and review what this principal did.',
      '心当たりがない場合は、すぐにログ記録を再開し（CloudTrail > 証跡 > ログ記録の開始）、このプリンシパルの操作を確認してください。',
    ),
    pattern: { eventSource: ['cloudtrail.amazonaws.com'], eventName: ['StopLogging'] },
    target: (call) => str(call.requestParameters.name),
    consoleUrl: (call) => regionalConsoleUrl(call.region ?? 'us-east-1', { trails: true }),
    savedQuery: 'logging-turned-off',
  },
  {
    id: 'cloudtrail-deleted',
    group: 'logging',
    severity: 'high',
    title: t('A CloudTrail trail was deleted', 'CloudTrail の証跡が削除されました'),
    why: t(
      'Without the trail, the account keeps only 90 days of event history and nothing reaches your log bucket or these alerts.',
      '証跡がなくなると、イベント履歴は 90 日分しか残らず、ログバケットにもこの通知にも何も届かなくなります。',
    ),
    action: t(
      'If you did not do this, redeploy this stack (it recreates its trail) and review what this principal did.',
      '心当たりがない場合は、このスタックを再デプロイして証跡を作り直し、このプリンシパルの操作を確認してください。',
    ),
    pattern: { eventSource: ['cloudtrail.amazonaws.com'], eventName: ['DeleteTrail'] },
    target: (call) => str(call.requestParameters.name),
    consoleUrl: (call) => regionalConsoleUrl(call.region ?? 'us-east-1', { trails: true }),
    savedQuery: 'logging-turned-off',
  },
  {
    id: 'cloudtrail-changed',
    group: 'logging',
    severity: 'high',
    title: t('A CloudTrail trail was reconfigured', 'CloudTrail の証跡の設定が変更されました'),
    why: t(
      'Changing a trail or its event selectors can quietly stop it recording management events or send them elsewhere.',
      '証跡やイベントセレクターの変更で、管理イベントの記録を静かに止めたり、別の場所へ送ったりできます。',
    ),
    action: t(
      'Check the trail still logs management events to your bucket in every region (CloudTrail > Trails).',
      '証跡がすべてのリージョンの管理イベントを自分のバケットへ記録し続けているか確認してください（CloudTrail > 証跡）。',
    ),
    pattern: {
      eventSource: ['cloudtrail.amazonaws.com'],
      eventName: ['UpdateTrail', 'PutEventSelectors', 'DeleteEventDataStore'],
    },
    target: (call) => str(call.requestParameters.name) ?? str(call.requestParameters.trailName),
    consoleUrl: (call) => regionalConsoleUrl(call.region ?? 'us-east-1', { trails: true }),
    savedQuery: 'logging-turned-off',
  },
  {
    id: 'trail-bucket-changed',
    group: 'logging',
    severity: 'high',
    title: t(
      'The trail bucket\u2019s policy or lifecycle was changed',
      '証跡バケットのポリシーまたはライフサイクルが変更されました',
    ),
    why: t(
      'The policy decides whether CloudTrail can still write the logs; the lifecycle decides how soon they are deleted.',
      'ポリシーは CloudTrail がログを書き込めるかを、ライフサイクルはログがいつ削除されるかを決めます。',
    ),
    action: t(
      'Check the bucket policy still allows cloudtrail.amazonaws.com and the lifecycle keeps logs as long as you need.',
      'バケットポリシーが cloudtrail.amazonaws.com を許可し続けているか、ライフサイクルが必要な期間ログを残すか確認してください。',
    ),
    pattern: {
      eventSource: ['s3.amazonaws.com'],
      eventName: ['PutBucketPolicy', 'DeleteBucketPolicy', 'PutBucketLifecycle', 'DeleteBucketLifecycle'],
    },
    matches: (call, context) => !!context.trailBucket && bucketOf(call) === context.trailBucket,
    target: bucketOf,
    consoleUrl: (call) => {
      const bucket = bucketOf(call);
      return bucket ? regionalConsoleUrl(call.region ?? 'us-east-1', { bucket }) : undefined;
    },
  },
  {
    id: 'guardduty-disabled',
    group: 'logging',
    severity: 'high',
    title: t('GuardDuty was disabled or deleted', 'GuardDuty が無効化または削除されました'),
    why: t(
      'GuardDuty is the detector that would have noticed what comes next.',
      'GuardDuty は、この後に起きることを検知するはずのサービスです。',
    ),
    action: t(
      'If you did not do this, enable GuardDuty again in this region.',
      '心当たりがない場合は、このリージョンで GuardDuty を再度有効にしてください。',
    ),
    pattern: { eventSource: ['guardduty.amazonaws.com'], eventName: ['DeleteDetector', 'UpdateDetector'] },
    matches: (call) => call.eventName === 'DeleteDetector' || call.requestParameters.enable === false,
    consoleUrl: (call) => regionalConsoleUrl(call.region ?? 'us-east-1', { guardDuty: true }),
    savedQuery: 'logging-turned-off',
  },
  {
    id: 'config-stopped',
    group: 'logging',
    severity: 'high',
    title: t('AWS Config recording was stopped or deleted', 'AWS Config の記録が停止または削除されました'),
    why: t(
      'AWS Config keeps the history of how resources were configured; stopping it hides changes.',
      'AWS Config はリソース設定の履歴を残します。停止すると変更が見えなくなります。',
    ),
    action: t(
      'If you did not do this, start the configuration recorder again.',
      '心当たりがない場合は、設定レコーダーを再開してください。',
    ),
    pattern: {
      eventSource: ['config.amazonaws.com'],
      eventName: ['StopConfigurationRecorder', 'DeleteConfigurationRecorder', 'DeleteDeliveryChannel'],
    },
    consoleUrl: (call) => regionalConsoleUrl(call.region ?? 'us-east-1', { config: true }),
    savedQuery: 'logging-turned-off',
  },
  {
    id: 'security-services-disabled',
    group: 'logging',
    severity: 'high',
    title: t(
      'Security Hub or IAM Access Analyzer was turned off',
      'Security Hub または IAM Access Analyzer が無効化されました',
    ),
    why: t(
      'These services report risky configuration; turning them off hides findings.',
      'これらは危険な設定を報告するサービスです。無効化すると検出結果が見えなくなります。',
    ),
    action: t(
      'If you did not do this, turn the service on again in this region.',
      '心当たりがない場合は、このリージョンでサービスを再度有効にしてください。',
    ),
    pattern: {
      $or: [
        { eventSource: ['securityhub.amazonaws.com'], eventName: ['DisableSecurityHub'] },
        { eventSource: ['access-analyzer.amazonaws.com'], eventName: ['DeleteAnalyzer'] },
      ],
    },
  },
  {
    id: 'flow-logs-deleted',
    group: 'logging',
    severity: 'medium',
    title: t('VPC flow logs were deleted', 'VPC フローログが削除されました'),
    why: t(
      'Flow logs show which addresses your instances talked to.',
      'フローログは、インスタンスがどのアドレスと通信したかを示します。',
    ),
    action: t(
      'If you did not do this, recreate the flow logs for your VPCs.',
      '心当たりがない場合は、VPC のフローログを作り直してください。',
    ),
    pattern: { eventSource: ['ec2.amazonaws.com'], eventName: ['DeleteFlowLogs'] },
    consoleUrl: (call) => regionalConsoleUrl(call.region ?? 'us-east-1', { flowLogs: true }),
  },
  {
    id: 'budget-deleted',
    group: 'logging',
    severity: 'medium',
    title: t('An AWS budget was deleted', 'AWS の予算が削除されました'),
    why: t(
      'Without the budget, nobody is told when spending runs away.',
      '予算がなくなると、支出が膨らんでも誰にも通知されません。',
    ),
    action: t(
      'If you did not do this, create the budget again (or redeploy with monthlyBudget).',
      '心当たりがない場合は、予算を作り直してください（monthlyBudget を付けて再デプロイでも可）。',
    ),
    pattern: { eventSource: ['budgets.amazonaws.com'], eventName: ['DeleteBudget'] },
    target: (call) => str(call.requestParameters.budgetName),
  },
  {
    id: 'organization-left',
    group: 'logging',
    severity: 'high',
    title: t('The account tried to leave its organization', 'アカウントが組織からの離脱を試みました'),
    why: t(
      'Leaving the organization removes its guardrails (SCPs) and its central logging.',
      '組織を離れると、SCP などのガードレールと集中ログ管理が外れます。',
    ),
    action: t(
      'If you did not do this, contact your organization\u2019s administrators now.',
      '心当たりがない場合は、すぐに組織の管理者に連絡してください。',
    ),
    pattern: { eventSource: ['organizations.amazonaws.com'], eventName: ['LeaveOrganization'] },
  },
  // The root user
  {
    id: 'root-access-key-created',
    group: 'root',
    severity: 'critical',
    title: t('An access key was created for the root user', 'ルートユーザーのアクセスキーが作成されました'),
    why: t(
      'A root access key can do anything in the account from anywhere, without MFA. AWS recommends never having one.',
      'ルートのアクセスキーは、MFA なしでどこからでもアカウントのあらゆる操作ができます。AWS は持たないことを推奨しています。',
    ),
    action: t(
      'Delete it now (account menu > Security credentials > Access keys) unless you know exactly why it exists.',
      '存在理由がはっきりしない限り、すぐに削除してください（アカウントメニュー > セキュリティ認証情報 > アクセスキー）。',
    ),
    pattern: { eventSource: ['iam.amazonaws.com'], eventName: ['CreateAccessKey'], userIdentity: { type: ['Root'] } },
    matches: (call) => !str(call.requestParameters.userName),
    consoleUrl: (call) => iamConsoleUrl(call.region ?? 'us-east-1', 'rootCredentials'),
    savedQuery: 'access-keys-created',
  },
  {
    id: 'root-mfa-removed',
    group: 'root',
    severity: 'critical',
    title: t('The root user\u2019s MFA device was removed', 'ルートユーザーの MFA デバイスが削除されました'),
    why: t(
      'Without MFA, the root password alone opens the whole account.',
      'MFA がなければ、ルートのパスワードだけでアカウント全体が開きます。',
    ),
    action: t(
      'Assign an MFA device to the root user now (account menu > Security credentials).',
      'すぐにルートユーザーへ MFA デバイスを割り当ててください（アカウントメニュー > セキュリティ認証情報）。',
    ),
    pattern: {
      eventSource: ['iam.amazonaws.com'],
      eventName: ['DeactivateMFADevice', 'DeleteVirtualMFADevice'],
      userIdentity: { type: ['Root'] },
    },
    matches: (call) => !otherUser(call) && !/:mfa\/(?!root)/.test(str(call.requestParameters.serialNumber) ?? ''),
    consoleUrl: (call) => iamConsoleUrl(call.region ?? 'us-east-1', 'rootCredentials'),
  },
  {
    id: 'root-write',
    group: 'root',
    severity: 'high',
    title: t('The root user changed something', 'ルートユーザーが変更操作を行いました'),
    why: t(
      'The root user can do anything, including closing the account; day-to-day work should never need it.',
      'ルートユーザーはアカウントの解約を含めあらゆる操作ができます。日常の作業で使う必要はありません。',
    ),
    action: t(
      'If this was not you, reset the root password, check its MFA, and review what this session did.',
      '心当たりがない場合は、ルートのパスワードを再設定し、MFA を確認し、このセッションの操作を確認してください。',
    ),
    // Root calls are rare enough to take them all at the rule; reads are left out here (and, unless the rule
    // opts in, EventBridge does not deliver read-only calls at all).
    pattern: { userIdentity: { type: ['Root'] } },
    matches: (call) => call.readOnly !== true && !/^(Get|List|Describe|Head|Lookup|Search)/.test(call.eventName),
    savedQuery: 'root-activity',
  },
  // Persistence
  {
    id: 'iam-user-created',
    group: 'persistence',
    severity: 'medium',
    title: t('An IAM user was created', 'IAM ユーザーが作成されました'),
    why: t(
      'A new user with its own password or keys is the most common way to keep access to an account.',
      'パスワードやキーを持つ新しいユーザーは、アカウントへのアクセスを維持する最も一般的な手段です。',
    ),
    action: t(
      'If you do not know this user, delete its keys and password, then the user.',
      '知らないユーザーなら、キーとパスワードを削除してからユーザーを削除してください。',
    ),
    pattern: { eventSource: ['iam.amazonaws.com'], eventName: ['CreateUser'] },
    target: (call) => str(call.requestParameters.userName),
    consoleUrl: (call) => {
      const user = str(call.requestParameters.userName);
      return iamConsoleUrl(call.region ?? 'us-east-1', user ? { user } : 'users');
    },
    savedQuery: 'iam-changes',
  },
  {
    id: 'login-profile-for-other-user',
    group: 'persistence',
    severity: 'high',
    title: t('A console password was set for another user', '別のユーザーのコンソールパスワードが設定されました'),
    why: t(
      'Whoever sets a user\u2019s password can sign in as that user.',
      'ユーザーのパスワードを設定した人は、そのユーザーとしてサインインできます。',
    ),
    action: t(
      'If this was not planned, reset that user\u2019s password and require MFA.',
      '予定外であれば、そのユーザーのパスワードを再設定し MFA を必須にしてください。',
    ),
    pattern: { eventSource: ['iam.amazonaws.com'], eventName: ['CreateLoginProfile', 'UpdateLoginProfile'] },
    matches: (call) => !!otherUser(call),
    target: (call) => str(call.requestParameters.userName),
    consoleUrl: (call) => {
      const user = str(call.requestParameters.userName);
      return user ? iamConsoleUrl(call.region ?? 'us-east-1', { user }) : undefined;
    },
    savedQuery: 'console-passwords',
  },
  {
    id: 'access-key-for-other-user',
    group: 'persistence',
    severity: 'high',
    title: t('An access key was created for another user', '別のユーザーのアクセスキーが作成されました'),
    why: t(
      'An access key works from anywhere and never signs in: a new key for someone else is a classic back door.',
      'アクセスキーはどこからでも使え、サインインもしません。他人用の新しいキーは典型的なバックドアです。',
    ),
    action: t(
      'If this was not planned, deactivate and delete the key.',
      '予定外であれば、キーを無効化して削除してください。',
    ),
    pattern: { eventSource: ['iam.amazonaws.com'], eventName: ['CreateAccessKey'] },
    matches: (call) => !isRoot(call) && !!otherUser(call),
    target: (call) => str(call.requestParameters.userName),
    consoleUrl: (call) => {
      const user = str(call.requestParameters.userName);
      return user ? iamConsoleUrl(call.region ?? 'us-east-1', { user }) : undefined;
    },
    savedQuery: 'access-keys-created',
  },
  {
    id: 'admin-policy-granted',
    group: 'persistence',
    severity: 'high',
    title: t('Administrator access was granted', '管理者権限が付与されました'),
    why: t(
      'AdministratorAccess, or a policy allowing every action, gives full control of the account.',
      'AdministratorAccess やすべての操作を許すポリシーは、アカウントの完全な制御を与えます。',
    ),
    action: t(
      'If this was not planned, detach the policy and review the principal that received it.',
      '予定外であれば、ポリシーをデタッチし、付与されたプリンシパルを確認してください。',
    ),
    pattern: {
      eventSource: ['iam.amazonaws.com'],
      eventName: [
        'AttachUserPolicy',
        'AttachGroupPolicy',
        'AttachRolePolicy',
        'PutUserPolicy',
        'PutGroupPolicy',
        'PutRolePolicy',
      ],
    },
    matches: (call) =>
      /:policy\/AdministratorAccess$/.test(str(call.requestParameters.policyArn) ?? '') ||
      grantsEverything(call.requestParameters.policyDocument),
    target: (call) => {
      const p = call.requestParameters;
      // IAM's own notation (user/alice), the same in every language.
      const who = str(p.userName) ?? str(p.roleName) ?? str(p.groupName);
      const kind = p.userName ? 'user' : p.roleName ? 'role' : 'group';
      return who ? `${kind}/${who}` : undefined;
    },
    consoleUrl: (call) => {
      const p = call.requestParameters;
      const user = str(p.userName);
      const role = str(p.roleName);
      const region = call.region ?? 'us-east-1';
      return user ? iamConsoleUrl(region, { user }) : role ? iamConsoleUrl(region, { role }) : undefined;
    },
    savedQuery: 'iam-changes',
  },
  {
    id: 'role-trust-opened',
    group: 'persistence',
    severity: 'high',
    title: t(
      'A role can now be assumed from outside the account',
      'アカウント外からロールを引き受けられるようになりました',
    ),
    why: t(
      'A trust policy naming another account, or anyone, lets them in whenever they like, without any password.',
      '別のアカウントや誰でもを信頼するポリシーは、パスワードなしでいつでも入れるようにします。',
    ),
    action: t(
      'If you do not know that account, remove it from the role\u2019s trust policy.',
      '知らないアカウントなら、ロールの信頼ポリシーから削除してください。',
    ),
    pattern: { eventSource: ['iam.amazonaws.com'], eventName: ['UpdateAssumeRolePolicy', 'CreateRole'] },
    matches: (call) =>
      outsidePrincipals(
        call.requestParameters.policyDocument ?? call.requestParameters.assumeRolePolicyDocument,
        call.accountId,
      ).length > 0,
    target: (call) => {
      const role = str(call.requestParameters.roleName);
      const outside = outsidePrincipals(
        call.requestParameters.policyDocument ?? call.requestParameters.assumeRolePolicyDocument,
        call.accountId,
      );
      return role ? `role/${role} \u2190 ${outside.join(', ')}` : undefined;
    },
    consoleUrl: (call) => {
      const role = str(call.requestParameters.roleName);
      return role ? iamConsoleUrl(call.region ?? 'us-east-1', { role }) : undefined;
    },
    savedQuery: 'iam-changes',
  },
  {
    id: 'mfa-deactivated',
    group: 'persistence',
    severity: 'medium',
    title: t('An MFA device was deactivated', 'MFA デバイスが無効化されました'),
    why: t(
      'Without MFA, a stolen password is enough to sign in as that user.',
      'MFA がなければ、盗まれたパスワードだけでそのユーザーとしてサインインできます。',
    ),
    action: t(
      'If this was not planned, assign a new MFA device to the user.',
      '予定外であれば、ユーザーに新しい MFA デバイスを割り当ててください。',
    ),
    pattern: { eventSource: ['iam.amazonaws.com'], eventName: ['DeactivateMFADevice'] },
    matches: (call) => !isRoot(call),
    target: (call) => str(call.requestParameters.userName),
    savedQuery: 'iam-changes',
  },
  {
    id: 'password-policy-deleted',
    group: 'persistence',
    severity: 'medium',
    title: t('The account password policy was deleted', 'アカウントのパスワードポリシーが削除されました'),
    why: t(
      'Without it, IAM users may choose short passwords that are easy to guess.',
      'ポリシーがないと、IAM ユーザーが推測しやすい短いパスワードを選べます。',
    ),
    action: t(
      'Set a password policy again (IAM > Account settings).',
      'パスワードポリシーを再設定してください（IAM > アカウント設定）。',
    ),
    pattern: { eventSource: ['iam.amazonaws.com'], eventName: ['DeleteAccountPasswordPolicy'] },
    consoleUrl: (call) => iamConsoleUrl(call.region ?? 'us-east-1', 'accountSettings'),
    savedQuery: 'iam-changes',
  },
  // Exposure
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
    pattern: { eventSource: ['ec2.amazonaws.com'], eventName: ['AuthorizeSecurityGroupIngress'] },
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
    target: (call) => bucketOf(call) ?? 'account',
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
    matches: grantsPublicAccess,
    target: bucketOf,
    consoleUrl: (call) => {
      const bucket = bucketOf(call);
      return bucket ? regionalConsoleUrl(call.region ?? 'us-east-1', { bucket }) : undefined;
    },
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
      'A permission for principal "*" lets any AWS account invoke the function.',
      'プリンシパル "*" への許可は、どの AWS アカウントからでも関数を呼び出せるようにします。',
    ),
    action: t(
      'Remove the statement from the function\u2019s resource-based policy.',
      '関数のリソースベースポリシーからそのステートメントを削除してください。',
    ),
    pattern: { eventSource: ['lambda.amazonaws.com'], eventName: [{ prefix: 'AddPermission' }] },
    matches: (call) => str(call.requestParameters.principal) === '*',
    target: (call) => str(call.requestParameters.functionName),
    consoleUrl: (call) => {
      const fn = str(call.requestParameters.functionName);
      return fn ? regionalConsoleUrl(call.region ?? 'us-east-1', { lambdaFunction: fn }) : undefined;
    },
  },
  // Running up the bill
  {
    id: 'instances-outside-allowed-regions',
    group: 'cost',
    severity: 'high',
    title: t('Instances launched in a region you do not use', '使っていないリージョンでインスタンスが起動されました'),
    why: t(
      'Stolen keys are used to launch machines where the owner never looks; the bill arrives at the end of the month.',
      '盗まれたキーは、所有者が見ないリージョンでマシンを起動するのに使われます。請求は月末に届きます。',
    ),
    action: t(
      'Look at EC2 in that region now and terminate what you did not start; then rotate the key.',
      '今すぐそのリージョンの EC2 を確認し、起動した覚えのないものを終了し、キーをローテーションしてください。',
    ),
    pattern: {
      eventSource: ['ec2.amazonaws.com'],
      eventName: ['RunInstances', 'CreateFleet', 'RequestSpotInstances', 'RequestSpotFleet'],
    },
    matches: (call, context) =>
      context.allowedRegions.length > 0 && !!call.region && !context.allowedRegions.includes(call.region),
    target: (call) => [call.region, ...instanceTypes(call)].filter(Boolean).join(' '),
    consoleUrl: (call) => regionalConsoleUrl(call.region ?? 'us-east-1', { instances: true }),
    savedQuery: 'regions-outside-allowlist',
  },
  {
    id: 'gpu-or-huge-instances',
    group: 'cost',
    severity: 'high',
    title: t('GPU or very large instances were requested', 'GPU または非常に大きなインスタンスが要求されました'),
    why: t(
      'GPU, accelerator and very large instances cost dollars an hour each and are what stolen keys are used for (mining, model training).',
      'GPU・アクセラレーター・非常に大きなインスタンスは 1 台で 1 時間に何ドルもかかり、盗まれたキーの典型的な用途（採掘、モデル学習）です。',
    ),
    action: t(
      'If this was not you, terminate them now and rotate the access key that launched them.',
      '心当たりがない場合は、すぐに終了し、起動に使われたアクセスキーをローテーションしてください。',
    ),
    pattern: {
      eventSource: ['ec2.amazonaws.com'],
      eventName: ['RunInstances', 'CreateFleet', 'RequestSpotInstances', 'RequestSpotFleet'],
    },
    matches: (call) => unusualInstanceTypes(call).length > 0,
    target: (call) => unusualInstanceTypes(call).join(', '),
    consoleUrl: (call) => regionalConsoleUrl(call.region ?? 'us-east-1', { instances: true }),
    savedQuery: 'ec2-launches',
  },
  {
    id: 'region-enabled',
    group: 'cost',
    severity: 'high',
    title: t('An opt-in region was enabled', 'オプトインリージョンが有効化されました'),
    why: t(
      'A newly enabled region is one nobody watches yet: no forwarding stack, no habit of looking there.',
      '新しく有効にしたリージョンは、まだ誰も見ていません。転送スタックもなく、確認する習慣もありません。',
    ),
    action: t(
      'If you did not do this, disable the region (Account > AWS Regions); if you did, add it with `npm run forwarding -- deploy --regions`.',
      '心当たりがない場合はリージョンを無効にしてください（アカウント > AWS リージョン）。意図したものなら `npm run forwarding -- deploy --regions` で追加してください。',
    ),
    pattern: { eventSource: ['account.amazonaws.com'], eventName: ['EnableRegion'] },
    target: (call) => str(call.requestParameters.RegionName) ?? str(call.requestParameters.regionName),
  },
  {
    id: 'service-quota-increase',
    group: 'cost',
    severity: 'medium',
    title: t('A service quota increase was requested', 'サービスクォータの引き上げが申請されました'),
    why: t(
      'Raising quotas (vCPUs, GPUs) is how someone prepares to launch more than the account normally could.',
      'クォータ（vCPU や GPU）の引き上げは、通常より多くを起動する準備です。',
    ),
    action: t(
      'If you did not ask for it, check Service Quotas and cancel the request.',
      '申請した覚えがない場合は、Service Quotas を確認して申請を取り消してください。',
    ),
    pattern: { eventSource: ['servicequotas.amazonaws.com'], eventName: ['RequestServiceQuotaIncrease'] },
    target: (call) =>
      [
        str(call.requestParameters.serviceCode),
        str(call.requestParameters.quotaCode),
        call.requestParameters.desiredValue,
      ]
        .filter((part) => part !== undefined)
        .join(' '),
    consoleUrl: (call) => regionalConsoleUrl(call.region ?? 'us-east-1', { serviceQuotas: true }),
  },
  {
    id: 'bedrock-model-access',
    group: 'cost',
    severity: 'high',
    title: t('Access to Bedrock models was requested', 'Bedrock モデルへのアクセスが申請されました'),
    why: t(
      'Stolen keys are sold for access to large language models ("LLMjacking"); the calls are billed to you.',
      '盗まれたキーは大規模言語モデルの利用権として売られます（LLMjacking）。その利用料はあなたに請求されます。',
    ),
    action: t(
      'If you did not do this, remove the model access and rotate the key that asked for it.',
      '心当たりがない場合は、モデルアクセスを削除し、申請に使われたキーをローテーションしてください。',
    ),
    pattern: {
      eventSource: ['bedrock.amazonaws.com'],
      eventName: ['PutFoundationModelEntitlement', 'CreateFoundationModelAgreement', 'PutUseCaseForModelAccess'],
    },
    target: (call) => str(call.requestParameters.modelId),
    consoleUrl: (call) => regionalConsoleUrl(call.region ?? 'us-east-1', { bedrockModelAccess: true }),
  },
  // Reconnaissance with stolen keys
  {
    id: 'access-denied-burst',
    group: 'recon',
    severity: 'high',
    title: t('Many refused calls with one access key', '1 つのアクセスキーで多数の呼び出しが拒否されました'),
    why: t(
      'Someone is trying call after call with these credentials to learn what they may do: the usual first minutes of a leaked key.',
      'この認証情報で何ができるかを探るため、次々と呼び出しが試されています。漏えいしたキーが使われ始めた最初の数分によくある動きです。',
    ),
    action: t(
      'If you do not recognise the principal and the calls, deactivate the access key now and look for what else it did.',
      'プリンシパルと呼び出しに心当たりがない場合は、すぐにアクセスキーを無効化し、ほかに何をしたか確認してください。',
    ),
    pattern: {
      errorCode: ['AccessDenied', 'AccessDeniedException', 'Client.UnauthorizedOperation', 'UnauthorizedOperation'],
    },
    countFrom: 10,
    burstBy: 'accessKey',
    readOnlyEvents: true,
    target: (call) => call.principal.accessKeyId,
    savedQuery: 'access-denied-by-principal',
  },
];

const BY_ID = new Map(DETECTIONS.map((detection) => [detection.id, detection]));

export function detectionById(id: string): Detection | undefined {
  return BY_ID.get(id);
}
