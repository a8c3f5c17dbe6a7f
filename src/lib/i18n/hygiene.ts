import type { CheckId } from '../hygiene/checks.js';
import type { Locale } from './index.js';

/**
 * The weekly hygiene report's strings, in every language, kept beside the shared dictionaries so only
 * hygieneReport and `npm run doctor` carry them. `satisfies Record<Locale, …>` asks for every language.
 */

/** A result's values, ready to show: names joined, the date in the reader's time zone. */
export interface ShownFacts {
  names: string;
  count: number;
  date: string;
  variant?: string;
  detail: string;
}

export interface CheckText {
  title: string;
  /** Why it matters: one or two sentences. */
  why: string;
  /** Exactly how to fix it: the console path. */
  fix: string;
  pass: (f: ShownFacts) => string;
  fail: (f: ShownFacts) => string;
}

const enChecks: Record<CheckId, CheckText> = {
  'root-mfa': {
    title: 'Root user has MFA',
    why: 'Whoever has the root password alone can do anything in the account, including close it. MFA stops a stolen or guessed password.',
    fix: 'Sign in as root, then account menu (top right) > Security credentials > Multi-factor authentication > Assign MFA device. A security key or passkey is the strongest.',
    pass: (f) =>
      f.variant === 'virtual'
        ? 'MFA is on, with a virtual authenticator app. A hardware key or passkey resists phishing better.'
        : f.variant === 'other'
          ? 'MFA is on, with a hardware device, security key or passkey.'
          : 'MFA is on.',
    fail: () => 'The root user has NO MFA.',
  },
  'root-access-keys': {
    title: 'Root user has no access keys',
    why: 'A root access key is a password to everything that never expires and cannot be limited; leaked, it hands over the account.',
    fix: 'Sign in as root, then account menu > Security credentials > Access keys: deactivate, then delete every key. Use an IAM Identity Center or IAM user for programs.',
    pass: () => 'No root access keys.',
    fail: () => 'The root user HAS an access key.',
  },
  'root-recent-use': {
    title: 'Root user not used day to day',
    why: 'Every task but a handful works without root. Using it routinely multiplies the chances its password is phished or seen.',
    fix: 'Create an administrator in IAM Identity Center (or an IAM user with MFA) and sign in with it; keep root for the tasks only root can do.',
    pass: (f) =>
      f.variant === 'never' ? 'Root has not been used since IAM started recording.' : `Last used ${f.date}.`,
    fail: (f) => `Root was used on ${f.date}, within the last week.`,
  },
  'users-mfa': {
    title: 'Console users have MFA',
    why: 'A console password alone is phished, guessed or reused; MFA stops the sign-in.',
    fix: 'IAM console > Users > (user) > Security credentials > Multi-factor authentication > Assign MFA device. Or require MFA in IAM Identity Center.',
    pass: (f) =>
      f.variant === 'noConsoleUsers'
        ? 'No IAM user has a console password.'
        : f.count === 1
          ? 'The one console user has MFA.'
          : `All ${f.count} console users have MFA.`,
    fail: (f) => `${f.count} console user(s) WITHOUT MFA: ${f.names}.`,
  },
  'identity-center': {
    title: 'People sign in through IAM Identity Center',
    why: 'Since the 2022 tutorial AWS advises IAM Identity Center for people: short sessions, MFA in one place, no long-lived passwords or keys per IAM user.',
    fix: 'IAM Identity Center console > Enable; create your user and a permission set (AdministratorAccess for yourself), sign in at the AWS access portal, then remove the IAM users\u2019 console passwords.',
    pass: (f) =>
      f.variant === 'noConsoleUsers'
        ? 'No IAM user has a console password.'
        : `IAM Identity Center is enabled in this region (${f.count} instance).`,
    fail: (f) =>
      `${f.count} IAM user(s) sign in with a password (${f.names}) and IAM Identity Center is not enabled in this region.`,
  },
  'access-key-age': {
    title: 'Access keys younger than 90 days',
    why: 'The older a key, the more places it has been copied to (laptops, scripts, CI). Long-lived keys are how most AWS accounts are taken over.',
    fix: 'IAM console > Users > (user) > Security credentials: create a new key, switch the program to it, deactivate the old one, then delete it. Better, use roles or IAM Identity Center instead of keys.',
    pass: () => 'No active access key is older than 90 days.',
    fail: (f) => `Active keys older than 90 days: ${f.names}.`,
  },
  'unused-credentials': {
    title: 'No credentials unused for 90 days',
    why: 'A key or password nobody uses is one nobody would miss, or notice being used by someone else.',
    fix: 'IAM console > Users > (user) > Security credentials: deactivate the unused access key or remove the console password; delete users who left.',
    pass: () => 'Every active key and password was used within 90 days.',
    fail: (f) => `Unused for 90 days or more: ${f.names}.`,
  },
  'admin-users': {
    title: 'IAM users with AdministratorAccess',
    why: 'Each one can do anything in the account: keep the list short and every one of them with MFA.',
    fix: 'IAM console > Policies > AdministratorAccess > Entities attached: detach it from users who do not need it.',
    pass: (f) => (f.count === 0 ? 'No IAM user has AdministratorAccess.' : `${f.count}: ${f.names}.`),
    fail: (f) => `${f.count}: ${f.names}.`,
  },
  'password-policy': {
    title: 'An account password policy is set',
    why: 'Without one, IAM users may set short, common passwords.',
    fix: 'IAM console > Account settings > Password policy > Edit: a minimum length of 14 and no reuse.',
    pass: () => 'A password policy is set.',
    fail: () => 'No password policy: IAM accepts any password.',
  },
  'trail-logging': {
    title: 'A multi-region trail is logging',
    why: 'Without a trail logging, nothing keeps a record of who did what beyond 90 days, and this watch has nothing to read.',
    fix: 'CloudTrail console > Trails: start logging the trail, or create one that applies to all regions.',
    pass: (f) =>
      f.variant === 'organization' ? `${f.names} (your organization's trail) is logging.` : `${f.names} is logging.`,
    fail: (f) => (f.variant === 'stopped' ? `Logging is STOPPED on ${f.names}.` : 'No multi-region trail exists.'),
  },
  'trail-validation': {
    title: 'Trail log file validation is on',
    why: 'Validation lets you prove the logs were not changed or deleted after delivery: what an investigation needs.',
    fix: 'CloudTrail console > Trails > (trail) > General details > Edit > Log file validation: Enabled.',
    pass: (f) => `Validation is on for ${f.names}.`,
    fail: (f) => (f.variant === 'noTrail' ? 'No multi-region trail to validate.' : `Validation is off on ${f.names}.`),
  },
  'trail-delivery': {
    title: 'The trail delivers its logs',
    why: 'A trail that cannot write to its bucket (a changed bucket policy, a deleted bucket, a KMS key) records nothing.',
    fix: 'CloudTrail console > Trails > (trail): read the delivery error, then fix the bucket policy or the KMS key policy it names.',
    pass: (f) =>
      f.variant === 'noTrail'
        ? 'No trail is logging, so none delivers (see the logging check).'
        : f.date
          ? `Last delivery ${f.date}.`
          : 'No delivery error.',
    fail: (f) => `${f.names} cannot deliver: ${f.detail}.`,
  },
  budget: {
    title: 'A budget watches the spend',
    why: 'A budget alert is the cheapest insurance against a surprise bill: a mistake or a stolen key can cost thousands in a day.',
    fix: 'Deploy again with --param="monthlyBudget=20", or Billing console > Budgets > Create budget.',
    pass: (f) =>
      f.variant === 'budgetSetting' ? `This stack creates a ${f.count} USD monthly budget.` : `Budgets: ${f.names}.`,
    fail: () => 'No budget.',
  },
  'anomaly-monitor': {
    title: 'Cost Anomaly Detection has a monitor',
    why: 'It learns your usual spend per service and warns about a spike within a day, for free.',
    fix: 'Billing console > Cost Anomaly Detection > Create monitor (AWS services), with an alert subscription.',
    pass: (f) => `Monitors: ${f.names}.`,
    fail: () => 'No anomaly monitor.',
  },
  's3-block-public-access': {
    title: 'S3 Block Public Access is on for the account',
    why: 'It stops any bucket in the account from being made public by a policy or an ACL: the most common data leak on AWS.',
    fix: 'S3 console > Block Public Access settings for this account > Edit: turn on all four settings.',
    pass: () => 'All four account-level settings are on.',
    fail: (f) => `Off at the account level: ${f.names}.`,
  },
  'ebs-default-encryption': {
    title: 'EBS encryption by default',
    why: 'New disks and snapshots are then always encrypted, at no extra cost, so a shared snapshot never leaks plain data.',
    fix: 'EC2 console (home region) > Settings > EBS encryption > Manage > Enable.',
    pass: (f) => `On in ${f.names}.`,
    fail: (f) => `Off in ${f.names}.`,
  },
  guardduty: {
    title: 'GuardDuty (optional)',
    why: 'Threat detection from your logs and DNS queries. Optional: it costs money after a 30-day free trial, usually a few dollars a month for a small account.',
    fix: 'GuardDuty console > Get started > Enable GuardDuty, in each region you use.',
    pass: (f) =>
      f.variant === 'enabled'
        ? `Enabled in ${f.names}.`
        : f.variant === 'suspended'
          ? `Suspended in ${f.names}.`
          : `Not enabled in ${f.names} (optional; it costs money after a 30-day trial).`,
    fail: (f) => `Not enabled in ${f.names}.`,
  },
  'access-analyzer': {
    title: 'IAM Access Analyzer (optional)',
    why: 'It lists what in the account is shared outside it (buckets, roles, keys). The external access analyzer is free.',
    fix: 'IAM console > Access Analyzer > Create analyzer (external access, zone of trust: this account).',
    pass: (f) =>
      f.variant === 'enabled' ? `Active: ${f.names}.` : 'No analyzer (optional; the external access analyzer is free).',
    fail: () => 'No analyzer.',
  },
  'email-subscription': {
    title: 'The alert email is confirmed',
    why: 'Until the address clicks the link in the "AWS Notification - Subscription Confirmation" email, SNS sends it nothing, not even this report.',
    fix: 'Find the confirmation email (check spam) and click "Confirm subscription"; or SNS console > Topics > (topic) > Subscriptions > Request confirmation.',
    pass: (f) =>
      f.variant === 'chatOnly'
        ? 'No email subscription; a chat (Slack, Teams, Discord, LINE) or the HTML email carries the messages.'
        : `${f.count} confirmed email subscription(s).`,
    fail: (f) =>
      f.variant === 'pending'
        ? `${f.count} email subscription(s) still PENDING CONFIRMATION: nothing reaches them.`
        : 'Nobody receives the alerts: no email subscription and no chat.',
  },
  'dead-letters': {
    title: 'Nothing is waiting in the dead-letter queues',
    why: 'A message there is an alert or a run that failed after every retry: something you were not told.',
    fix: 'SQS console > (queue) > Send and receive messages > Poll: read the reason, fix it, then npm run redrive.',
    pass: (f) => (f.count === 1 ? 'The dead-letter queue is empty.' : `All ${f.count} dead-letter queues are empty.`),
    fail: (f) => `${f.count} message(s) waiting in ${f.names}.`,
  },
  'forwarding-stacks': {
    title: 'Every planned region forwards its events',
    why: 'A sign-in or an API call in a region without the forwarding stack never reaches the alerts.',
    fix: 'Run npm run forwarding -- deploy --home-region <home region> with your AWS credentials.',
    pass: (f) =>
      f.count === 0
        ? 'No forwarding stack is planned (forwardingScope none).'
        : `All ${f.count} forwarding stacks exist.`,
    fail: (f) => `Missing in: ${f.names}.`,
  },
  'watch-rules': {
    title: 'Every rule of the watch is enabled, at home and in every region',
    why: 'A disabled rule cannot report itself: its region goes silent, with no error anywhere.',
    fix: 'EventBridge console > Rules (in that region) > the rule > Enable, or deploy the stack again; then find who disabled it.',
    pass: (f) => `All ${f.count} rules are enabled.`,
    fail: (f) => `Disabled: ${f.names}.`,
  },
};

const enHygiene = {
  title: {
    allPassed: (total: number) => `Weekly account check: all ${total} checks passed`,
    failed: (failed: number, total: number) => `Weekly account check: ${failed} of ${total} checks failed`,
  },
  summary: {
    first: 'The first weekly report: next week it will lead with what changed.',
    changed: (fixed: number, added: number) => `Since last week: ${fixed} fixed, ${added} new.`,
    unchanged: (date: string) => `Nothing changed since the last report (${date}).`,
    unknown: (count: number) => ` ${count} could not be checked.`,
  },
  heading: {
    changed: 'Changed since last week',
    unknown: 'Could not check',
    passed: 'Passed',
    info: 'For your information',
  },
  fixedLine: (title: string) => `Fixed since last week: ${title}`,
  newLine: (title: string, what: string) => `New this week: ${title}: ${what}`,
  whyLabel: 'Why it matters',
  fixLabel: 'How to fix',
  problem: {
    accessDenied: (action: string) => `could not check: access denied (${action})`,
    throttled: (action: string) => `could not check: AWS kept throttling ${action}`,
    failed: (action: string, message: string) => `could not check: ${action} failed (${message})`,
  },
  status: { pass: 'passed', fail: 'FAILED', unknown: 'could not check', info: 'info' },
  field: { account: 'Account', region: 'Home region', checked: 'Checked', result: 'Result' },
  result: (pass: number, fail: number, unknown: number) => `${pass} passed, ${fail} failed, ${unknown} not checked`,
  more: (count: number) => `and ${count} more`,
  none: 'none',
  actionAllGood: 'Nothing to do this week.',
  actionDoctor: 'Run npm run doctor from your laptop to check again after fixing.',
  openIam: 'Open the IAM console',
  footer: 'Weekly hygiene report, from read-only calls; nothing in the account was changed.',
  checks: enChecks,
};

export type HygieneMessages = typeof enHygiene;

const jaChecks: Record<CheckId, CheckText> = {
  'root-mfa': {
    title: 'ルートユーザーの MFA',
    why: 'ルートのパスワードだけで、アカウントの解約を含むあらゆる操作ができます。MFA があれば、盗まれたり推測されたりしたパスワードだけではサインインできません。',
    fix: 'ルートでサインインし、右上のアカウントメニュー > セキュリティ認証情報 > 多要素認証 (MFA) > MFA デバイスの割り当て。セキュリティキーかパスキーが最も強力です。',
    pass: (f) =>
      f.variant === 'virtual'
        ? 'MFA は有効です（認証アプリ）。ハードウェアキーやパスキーの方がフィッシングに強いです。'
        : f.variant === 'other'
          ? 'MFA は有効です（ハードウェアデバイス、セキュリティキーまたはパスキー）。'
          : 'MFA は有効です。',
    fail: () => 'ルートユーザーに MFA がありません。',
  },
  'root-access-keys': {
    title: 'ルートユーザーのアクセスキーなし',
    why: 'ルートのアクセスキーは期限も制限もない全権限の鍵です。漏れればアカウントを乗っ取られます。',
    fix: 'ルートでサインインし、アカウントメニュー > セキュリティ認証情報 > アクセスキー: すべて無効化してから削除してください。プログラムには IAM Identity Center か IAM ユーザーを使ってください。',
    pass: () => 'ルートのアクセスキーはありません。',
    fail: () => 'ルートユーザーにアクセスキーがあります。',
  },
  'root-recent-use': {
    title: 'ルートユーザーを日常的に使っていない',
    why: 'ルートが必要な作業はわずかです。日常的に使うほど、パスワードがフィッシングや盗み見に遭う機会が増えます。',
    fix: 'IAM Identity Center で管理者を作成し（または MFA 付きの IAM ユーザー）、それでサインインしてください。ルートはルートにしかできない作業だけに使います。',
    pass: (f) => (f.variant === 'never' ? 'IAM が記録を始めてからルートは使われていません。' : `最終使用: ${f.date}。`),
    fail: (f) => `ルートが ${f.date} に使われました（この 1 週間以内）。`,
  },
  'users-mfa': {
    title: 'コンソールユーザーの MFA',
    why: 'コンソールのパスワードだけでは、フィッシング・推測・使い回しで破られます。MFA がサインインを止めます。',
    fix: 'IAM コンソール > ユーザー > （ユーザー） > セキュリティ認証情報 > 多要素認証 (MFA) > MFA デバイスの割り当て。または IAM Identity Center で MFA を必須にしてください。',
    pass: (f) =>
      f.variant === 'noConsoleUsers'
        ? 'コンソールパスワードを持つ IAM ユーザーはいません。'
        : `コンソールユーザー ${f.count} 人全員に MFA があります。`,
    fail: (f) => `MFA のないコンソールユーザー ${f.count} 人: ${f.names}。`,
  },
  'identity-center': {
    title: '人のサインインは IAM Identity Center から',
    why: '2022 年のチュートリアル以降、AWS は人のサインインに IAM Identity Center を勧めています。短いセッション、MFA の一元管理、IAM ユーザーごとの長期パスワードやキーが不要です。',
    fix: 'IAM Identity Center コンソール > 有効にする。自分のユーザーと許可セット（自分には AdministratorAccess）を作り、AWS アクセスポータルからサインインしてから、IAM ユーザーのコンソールパスワードを削除してください。',
    pass: (f) =>
      f.variant === 'noConsoleUsers'
        ? 'コンソールパスワードを持つ IAM ユーザーはいません。'
        : `このリージョンで IAM Identity Center が有効です（インスタンス ${f.count} 件）。`,
    fail: (f) =>
      `パスワードでサインインする IAM ユーザーが ${f.count} 人います（${f.names}）。このリージョンでは IAM Identity Center が有効になっていません。`,
  },
  'access-key-age': {
    title: '90 日より新しいアクセスキー',
    why: '古いキーほど多くの場所（PC、スクリプト、CI）にコピーされています。長期間のキーは AWS アカウント乗っ取りの主な原因です。',
    fix: 'IAM コンソール > ユーザー > （ユーザー） > セキュリティ認証情報: 新しいキーを作成してプログラムを切り替え、古いキーを無効化してから削除してください。できればキーの代わりにロールか IAM Identity Center を使ってください。',
    pass: () => '90 日より古い有効なアクセスキーはありません。',
    fail: (f) => `90 日より古い有効なキー: ${f.names}。`,
  },
  'unused-credentials': {
    title: '90 日間使われていない認証情報なし',
    why: '誰も使っていないキーやパスワードは、なくても困らず、他人に使われても気づきません。',
    fix: 'IAM コンソール > ユーザー > （ユーザー） > セキュリティ認証情報: 使われていないキーを無効化するかコンソールパスワードを削除し、去った人のユーザーは削除してください。',
    pass: () => '有効なキーとパスワードはすべて 90 日以内に使われています。',
    fail: (f) => `90 日以上使われていません: ${f.names}。`,
  },
  'admin-users': {
    title: 'AdministratorAccess を持つ IAM ユーザー',
    why: '一人ひとりがアカウントで何でもできます。人数を絞り、全員に MFA を。',
    fix: 'IAM コンソール > ポリシー > AdministratorAccess > アタッチされたエンティティ: 必要のないユーザーからデタッチしてください。',
    pass: (f) =>
      f.count === 0 ? 'AdministratorAccess を持つ IAM ユーザーはいません。' : `${f.count} 人: ${f.names}。`,
    fail: (f) => `${f.count} 人: ${f.names}。`,
  },
  'password-policy': {
    title: 'アカウントのパスワードポリシー',
    why: 'ポリシーがないと、IAM ユーザーは短くありふれたパスワードを設定できます。',
    fix: 'IAM コンソール > アカウント設定 > パスワードポリシー > 編集: 最小 14 文字、再利用禁止。',
    pass: () => 'パスワードポリシーが設定されています。',
    fail: () => 'パスワードポリシーがありません（どんなパスワードも受け付けます）。',
  },
  'trail-logging': {
    title: 'マルチリージョンの証跡が記録中',
    why: '証跡が記録していないと、90 日を超えて誰が何をしたかの記録が残らず、この監視も読むものがありません。',
    fix: 'CloudTrail コンソール > 証跡: 証跡のログ記録を開始するか、すべてのリージョンに適用する証跡を作成してください。',
    pass: (f) =>
      f.variant === 'organization' ? `${f.names}（組織の証跡）が記録中です。` : `${f.names} が記録中です。`,
    fail: (f) =>
      f.variant === 'stopped' ? `${f.names} のログ記録が停止しています。` : 'マルチリージョンの証跡がありません。',
  },
  'trail-validation': {
    title: '証跡のログファイル検証',
    why: '検証があれば、配信後にログが改ざん・削除されていないことを証明できます。調査に必要です。',
    fix: 'CloudTrail コンソール > 証跡 > （証跡） > 一般的な詳細 > 編集 > ログファイルの検証: 有効。',
    pass: (f) => `${f.names} の検証は有効です。`,
    fail: (f) =>
      f.variant === 'noTrail' ? '検証するマルチリージョン証跡がありません。' : `${f.names} の検証が無効です。`,
  },
  'trail-delivery': {
    title: '証跡のログ配信',
    why: 'バケットに書き込めない証跡（バケットポリシーの変更、バケットの削除、KMS キー）は何も記録しません。',
    fix: 'CloudTrail コンソール > 証跡 > （証跡）: 配信エラーを読み、示されたバケットポリシーか KMS キーポリシーを直してください。',
    pass: (f) =>
      f.variant === 'noTrail'
        ? '記録中の証跡がないため、配信もありません（ログ記録の項目を参照）。'
        : f.date
          ? `最終配信: ${f.date}。`
          : '配信エラーはありません。',
    fail: (f) => `${f.names} が配信できません: ${f.detail}。`,
  },
  budget: {
    title: '予算による支出の監視',
    why: '予算アラートは予想外の請求に対する最も安い保険です。ミスや盗まれたキーで 1 日に数千ドルかかることがあります。',
    fix: '--param="monthlyBudget=20" を付けて再デプロイするか、請求コンソール > Budgets > 予算を作成。',
    pass: (f) =>
      f.variant === 'budgetSetting' ? `このスタックが月 ${f.count} USD の予算を作成します。` : `予算: ${f.names}。`,
    fail: () => '予算がありません。',
  },
  'anomaly-monitor': {
    title: 'コスト異常検出のモニター',
    why: 'サービスごとの通常の支出を学習し、急増を 1 日以内に無料で知らせます。',
    fix: '請求コンソール > コスト異常検出 > モニターを作成（AWS のサービス）、アラートのサブスクリプション付きで。',
    pass: (f) => `モニター: ${f.names}。`,
    fail: () => '異常検出のモニターがありません。',
  },
  's3-block-public-access': {
    title: 'アカウントの S3 パブリックアクセスブロック',
    why: 'アカウント内のどのバケットも、ポリシーや ACL で公開されないようにします。AWS で最も多いデータ漏えいの原因です。',
    fix: 'S3 コンソール > このアカウントのブロックパブリックアクセス設定 > 編集: 4 つの設定すべてをオンに。',
    pass: () => 'アカウントレベルの 4 つの設定がすべてオンです。',
    fail: (f) => `アカウントレベルでオフ: ${f.names}。`,
  },
  'ebs-default-encryption': {
    title: 'EBS のデフォルト暗号化',
    why: '新しいディスクとスナップショットが追加料金なしで常に暗号化され、共有したスナップショットから平文が漏れません。',
    fix: 'EC2 コンソール（ホームリージョン） > 設定 > EBS 暗号化 > 管理 > 有効化。',
    pass: (f) => `${f.names} で有効です。`,
    fail: (f) => `${f.names} で無効です。`,
  },
  guardduty: {
    title: 'GuardDuty（任意）',
    why: 'ログと DNS クエリからの脅威検出です。任意: 30 日間の無料試用の後は有料で、小さなアカウントなら通常月数ドルです。',
    fix: 'GuardDuty コンソール > 今すぐ始める > GuardDuty の有効化（使う各リージョンで）。',
    pass: (f) =>
      f.variant === 'enabled'
        ? `${f.names} で有効です。`
        : f.variant === 'suspended'
          ? `${f.names} で一時停止中です。`
          : `${f.names} で無効です（任意。30 日間の試用後は有料）。`,
    fail: (f) => `${f.names} で無効です。`,
  },
  'access-analyzer': {
    title: 'IAM Access Analyzer（任意）',
    why: 'アカウントの外に共有されているもの（バケット、ロール、キー）を一覧にします。外部アクセスのアナライザーは無料です。',
    fix: 'IAM コンソール > Access Analyzer > アナライザーを作成（外部アクセス、信頼ゾーン: このアカウント）。',
    pass: (f) =>
      f.variant === 'enabled'
        ? `有効: ${f.names}。`
        : 'アナライザーはありません（任意。外部アクセスのアナライザーは無料）。',
    fail: () => 'アナライザーはありません。',
  },
  'email-subscription': {
    title: 'アラートメールの確認',
    why: '「AWS Notification - Subscription Confirmation」メールのリンクをクリックするまで、SNS はそのアドレスに何も送りません（このレポートも）。',
    fix: '確認メールを探して（迷惑メールも）「Confirm subscription」をクリック。または SNS コンソール > トピック > （トピック） > サブスクリプション > 確認をリクエスト。',
    pass: (f) =>
      f.variant === 'chatOnly'
        ? 'メールの購読はなく、チャット（Slack、Teams、Discord、LINE）か HTML メールで受け取っています。'
        : `確認済みのメール購読 ${f.count} 件。`,
    fail: (f) =>
      f.variant === 'pending'
        ? `メール購読 ${f.count} 件が未確認のままで、何も届きません。`
        : 'アラートの受け取り手がいません（メール購読もチャットもありません）。',
  },
  'dead-letters': {
    title: 'デッドレターキューが空',
    why: 'そこにあるメッセージは、再試行の後も失敗したアラートや実行です。知らされなかった何かです。',
    fix: 'SQS コンソール > （キュー） > メッセージを送受信 > メッセージをポーリング: 理由を読んで直し、npm run redrive を実行。',
    pass: (f) => `デッドレターキュー ${f.count} 個はすべて空です。`,
    fail: (f) => `${f.names} で ${f.count} 件が待っています。`,
  },
  'forwarding-stacks': {
    title: '計画したすべてのリージョンからの転送',
    why: '転送スタックのないリージョンでのサインインや API 呼び出しは、アラートに届きません。',
    fix: 'AWS の認証情報で npm run forwarding -- deploy --home-region <ホームリージョン> を実行してください。',
    pass: (f) =>
      f.count === 0
        ? '転送スタックは計画されていません（forwardingScope が none）。'
        : `転送スタック ${f.count} 個すべてがあります。`,
    fail: (f) => `ないリージョン: ${f.names}。`,
  },
  'watch-rules': {
    title: '監視のすべてのルールが有効（ホームとすべてのリージョン）',
    why: '無効にされたルールは自分を報告できません。そのリージョンはエラーもなく沈黙します。',
    fix: 'EventBridge コンソール > ルール（そのリージョン） > 該当ルール > 有効化、またはスタックを再デプロイし、無効化した人を調べてください。',
    pass: (f) => `${f.count} 個のルールはすべて有効です。`,
    fail: (f) => `無効: ${f.names}。`,
  },
};

const jaHygiene: HygieneMessages = {
  title: {
    allPassed: (total) => `週次アカウント点検: ${total} 項目すべて合格`,
    failed: (failed, total) => `週次アカウント点検: ${total} 項目中 ${failed} 項目が不合格`,
  },
  summary: {
    first: '初回の週次レポートです。来週からは変化を先頭に示します。',
    changed: (fixed, added) => `先週から: 解決 ${fixed} 件、新規 ${added} 件。`,
    unchanged: (date) => `前回のレポート（${date}）から変化はありません。`,
    unknown: (count) => `${count} 項目は確認できませんでした。`,
  },
  heading: {
    changed: '先週からの変化',
    unknown: '確認できなかった項目',
    passed: '合格',
    info: '参考情報',
  },
  fixedLine: (title) => `先週から解決: ${title}`,
  newLine: (title, what) => `今週新たに: ${title}: ${what}`,
  whyLabel: 'なぜ重要か',
  fixLabel: '直し方',
  problem: {
    accessDenied: (action) => `確認できません: アクセス拒否（${action}）`,
    throttled: (action) => `確認できません: ${action} がスロットリングされ続けました`,
    failed: (action, message) => `確認できません: ${action} が失敗しました（${message}）`,
  },
  status: { pass: '合格', fail: '不合格', unknown: '確認不可', info: '参考' },
  field: { account: 'アカウント', region: 'ホームリージョン', checked: '点検日時', result: '結果' },
  result: (pass, fail, unknown) => `合格 ${pass}、不合格 ${fail}、確認不可 ${unknown}`,
  more: (count) => `ほか ${count} 件`,
  none: 'なし',
  actionAllGood: '今週やることはありません。',
  actionDoctor: '直したら、PC から npm run doctor で再点検できます。',
  openIam: 'IAM コンソールを開く',
  footer: '週次の衛生レポート（読み取り専用の呼び出しのみ。アカウントには何も変更を加えていません）。',
  checks: jaChecks,
};

export const HYGIENE_MESSAGES = { en: enHygiene, ja: jaHygiene } satisfies Record<Locale, HygieneMessages>;

/** The report's email subject, in printable ASCII English in every language (as asciiSubject in en.ts). */
export const HYGIENE_SUBJECT = (severity: string, failed: number, total: number, fixed: number, added: number) =>
  `[${severity}] Weekly account check: ${failed === 0 ? `all ${total} passed` : `${failed} of ${total} failed`}${
    fixed + added > 0 ? ` (${fixed} fixed, ${added} new)` : ''
  }`;
