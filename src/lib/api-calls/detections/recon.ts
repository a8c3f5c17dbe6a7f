import { iamConsoleUrl } from '../../console-urls.js';
import { type Detection, t } from '../detection.js';
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
];
