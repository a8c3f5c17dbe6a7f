import { iamConsoleUrl } from '../../console-urls.js';
import type { ApiCall } from '../api-call.js';
import { type Detection, t } from '../detection.js';
import type { EventPattern } from '../pattern.js';
import { str } from '../read.js';

/** Stolen keys at work: AWS's own word that a key leaked, refused calls one after another, attack tools. */

/**
 * User agents of tools made for attacking AWS accounts, and of the attack distributions they run on, as
 * EventBridge wildcards (which are case-sensitive, hence both spellings). Security scanners an owner runs
 * (Prowler, ScoutSuite) are left out: they are the owner checking, not an intruder.
 */
const ATTACK_TOOLS = [
  'TruffleHog',
  'trufflehog',
  'Pacu',
  'pacu/',
  'kali',
  'Kali',
  'parrot',
  'Parrot',
  'pentoo',
  'Pentoo',
  'S3 Browser',
];

/** Every call made with a long-term access key (AKIA…): the kind that leaks. Selects many reads: opt-in only. */
const LONG_TERM_KEY_CALLS: EventPattern = { userIdentity: { accessKeyId: [{ prefix: 'AKIA' }] } };

/** The country and network of a call from a public address; none for AWS-internal, private or service sources. */
function place(call: ApiCall): { country?: string; network: string } | undefined {
  return call.source.kind === 'public' ? { country: call.source.country, network: call.source.network } : undefined;
}

/** What a long-term key is remembered by: the countries, or the networks, it was used from. */
function keyMemory(by: 'country' | 'network') {
  return (call: ApiCall) => {
    const fact = place(call)?.[by];
    const key = call.principal.accessKeyId;
    return fact && key ? { subject: key, fact } : undefined;
  };
}

const keyAction = t(
  'If this was not you (a new office, a trip, a new CI runner), deactivate the access key now and look at what it did from there.',
  '心当たり（新しいオフィス、出張、新しい CI ランナー）がない場合は、すぐにアクセスキーを無効化し、そこから何をしたか確認してください。',
);

export const RECON: readonly Detection[] = [
  {
    id: 'aws-quarantined-key',
    group: 'recon',
    severity: 'critical',
    title: t('AWS found one of your access keys exposed', 'AWS があなたのアクセスキーの漏えいを見つけました'),
    why: t(
      'AWS attaches AWSCompromisedKeyQuarantine to a user when it finds the user\u2019s key in a public place (often a GitHub repository). The policy blocks some actions, not all: whoever copied the key can still use it.',
      'AWS は公開の場所（多くは GitHub のリポジトリ）でキーを見つけると、そのユーザーに AWSCompromisedKeyQuarantine をアタッチします。このポリシーが止めるのは一部の操作だけで、キーを写した人はまだ使えます。',
    ),
    action: t(
      'Deactivate and delete the user\u2019s access keys now, remove the key from where it was published, look for resources you did not create in every region, then read AWS\u2019s email or Support case.',
      'すぐにユーザーのアクセスキーを無効化・削除し、公開された場所からキーを消し、すべてのリージョンで作った覚えのないリソースを探してから、AWS のメールまたはサポートケースを読んでください。',
    ),
    pattern: {
      eventSource: ['iam.amazonaws.com'],
      eventName: ['AttachUserPolicy'],
      requestParameters: { policyArn: [{ wildcard: '*:policy/AWSCompromisedKeyQuarantine*' }] },
    },
    byAwsService: true,
    target: (call) =>
      `user/${str(call.requestParameters.userName) ?? '?'}: ${str(call.requestParameters.policyArn)?.replace(/^.*:policy\//, '')}`,
    consoleUrl: (call) => {
      const user = str(call.requestParameters.userName);
      return user ? iamConsoleUrl(call.region ?? 'us-east-1', { user }) : undefined;
    },
    savedQuery: 'iam-changes',
  },
  {
    id: 'attack-tool-user-agent',
    group: 'recon',
    severity: 'high',
    title: t(
      'An attack tool is calling AWS with your credentials',
      '攻撃ツールがあなたの認証情報で AWS を呼び出しています',
    ),
    why: t(
      'The call\u2019s user agent is a tool made for breaking into AWS accounts (TruffleHog, Pacu) or an attack distribution (Kali, Parrot): the usual sign of a leaked key being tried.',
      '呼び出しのユーザーエージェントが AWS アカウントへの侵入用ツール（TruffleHog、Pacu）や攻撃用ディストリビューション（Kali、Parrot）です。漏えいしたキーが試されている典型的な兆候です。',
    ),
    action: t(
      'Unless you ran this tool yourself, deactivate the access key now and look for what else it did.',
      '自分でこのツールを実行したのでなければ、すぐにアクセスキーを無効化し、ほかに何をしたか確認してください。',
    ),
    pattern: { userAgent: ATTACK_TOOLS.map((tool) => ({ wildcard: `*${tool}*` })) },
    readOnlyEvents: true,
    target: (call) => call.userAgent?.slice(0, 120),
  },
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
    target: (call) => (call.principal.accessKeyId ? `key ${call.principal.accessKeyId}` : undefined),
    savedQuery: 'access-denied-by-principal',
  },
  // ---- with read-only calls (apiCallReads=true) ----
  {
    id: 'key-from-new-country',
    group: 'recon',
    severity: 'high',
    title: t(
      'A long-term access key was used from a country it never was used from',
      '長期のアクセスキーが、これまで使われたことのない国から使われました',
    ),
    why: t(
      'A leaked key is used from wherever its buyer is: its first call from a new country, often GetCallerIdentity, is the moment to stop it.',
      '漏えいしたキーは買い手のいる場所から使われます。新しい国からの最初の呼び出し（多くは GetCallerIdentity）が止める好機です。',
    ),
    action: keyAction,
    pattern: LONG_TERM_KEY_CALLS,
    optIn: 'reads',
    readOnlyEvents: true,
    remembers: keyMemory('country'),
    target: (call) => {
      const where = place(call);
      return `key ${call.principal.accessKeyId ?? '?'} from ${where?.country ?? '?'} (${where?.network ?? '?'})`;
    },
  },
  {
    id: 'key-from-new-network',
    group: 'recon',
    severity: 'low',
    title: t(
      'A long-term access key was used from a network it never was used from',
      '長期のアクセスキーが、これまで使われたことのないネットワークから使われました',
    ),
    why: t(
      'In a country it is used from, a new network is usually a new connection, and once in a while someone else.',
      'いつもの国の中でも、新しいネットワークはたいてい新しい回線ですが、まれに別人です。',
    ),
    action: keyAction,
    pattern: LONG_TERM_KEY_CALLS,
    optIn: 'reads',
    readOnlyEvents: true,
    remembers: keyMemory('network'),
    target: (call) => `key ${call.principal.accessKeyId ?? '?'} from ${place(call)?.network ?? '?'}`,
  },
  {
    id: 'instance-credentials-elsewhere',
    group: 'recon',
    severity: 'high',
    title: t(
      'An instance\u2019s role credentials were used from a new network',
      'インスタンスのロールの認証情報が新しいネットワークから使われました',
    ),
    why: t(
      'An instance calls AWS from its own address; its credentials used from another one were most likely taken from the instance (through its metadata service) and are being used elsewhere.',
      'インスタンスは自分のアドレスから AWS を呼び出します。別のアドレスから使われた認証情報は、インスタンス（メタデータサービス）から盗まれ、よそで使われている可能性が高いです。',
    ),
    action: t(
      'Revoke the role\u2019s active sessions (IAM > Roles > Revoke active sessions), then find how the instance was reached.',
      'ロールのアクティブなセッションを取り消し（IAM > ロール > アクティブなセッションの取り消し）、インスタンスへの侵入経路を調べてください。',
    ),
    pattern: { userIdentity: { type: ['AssumedRole'], principalId: [{ wildcard: '*:i-*' }] } },
    optIn: 'reads',
    readOnlyEvents: true,
    remembers: (call) => {
      const where = place(call);
      const session = /[:/](i-[0-9a-f]+)$/i.exec(call.principal.arn ?? '')?.[1];
      return where && session ? { subject: `${call.principal.arn}`, fact: where.network } : undefined;
    },
    target: (call) => `${call.principal.displayName} from ${place(call)?.network ?? '?'}`,
  },
  {
    id: 'enumeration-burst',
    group: 'recon',
    severity: 'medium',
    title: t(
      'A long-term access key listed and described a lot, quickly',
      '長期のアクセスキーで短時間に大量の一覧・参照が行われました',
    ),
    why: t(
      'Fifty reads in a few minutes (users, roles, buckets, instances in every region) is how a stolen key is explored before it is used.',
      '数分で 50 回の参照（ユーザー、ロール、バケット、全リージョンのインスタンス）は、盗んだキーを使う前に探る典型的な動きです。',
    ),
    action: keyAction,
    pattern: { readOnly: [true], userIdentity: { accessKeyId: [{ prefix: 'AKIA' }] } },
    optIn: 'reads',
    readOnlyEvents: true,
    countFrom: 50,
    burstBy: 'accessKey',
    target: (call) => (call.principal.accessKeyId ? `key ${call.principal.accessKeyId}` : undefined),
  },
];
