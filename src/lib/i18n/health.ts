import type { Locale } from './index.js';

/**
 * The health messages' strings, in every language, beside the shared dictionaries rather than in them, so
 * the other functions' bundles do not carry them; `satisfies Record<Locale, …>` asks for every language.
 */
const enHealth = {
  undeliveredTitle: 'Something the watch sends or runs could not be delivered',
  undeliveredSummary:
    'A notification, an event or a digest run failed after all its retries and waits in the dead-letter queue (kept 14 days). Every new one alarms again.',
  forwardingTitle: (region: string) => `A console sign-in event from ${region} could not be forwarded`,
  forwardingSummary:
    'The forwarding stack in that region could not put a sign-in event on your home region\u2019s bus for 24 hours; it waits in that region\u2019s forwarding dead-letter queue.',
  alarmTitle: (name: string, state: string) => `Alarm ${name} is ${state}`,
  budgetTitle: (name: string, forecast: boolean) =>
    forecast
      ? `Budget ${name}: the month is forecast to pass its alert threshold`
      : `Budget ${name}: spend passed its alert threshold`,
  budgetSummary: (amount: string, threshold: string, budget: string) =>
    `${amount} against an alert threshold of ${threshold}, of a ${budget} budget.`,
  noticeTitle: 'AWS notification',
  field: {
    alarm: 'Alarm',
    queue: 'Queue',
    region: 'Region',
    when: 'When',
    reason: 'CloudWatch says',
    budget: 'Budget',
    budgeted: 'Budgeted amount',
    alertType: 'Alert',
    threshold: 'Threshold',
    amount: 'Amount',
  },
  alertType: (type: string) => (type === 'FORECASTED' ? 'forecast' : type === 'ACTUAL' ? 'actual spend' : type),
  actionReadQueue:
    'Open the queue, read the newest message (it says which channel or event failed and why) and fix the cause: often a revoked Slack webhook or a removed email subscription.',
  actionReadLogs: 'The function\u2019s logs in CloudWatch Logs say the same, with the time.',
  actionRedrive:
    'Once fixed, send a dead-lettered notification again on its channel alone with: npm run redrive (it needs your AWS credentials).',
  actionForwarding: (region: string) =>
    `Check the forwarding stack in ${region}: npm run forwarding -- plan, then deploy it again if it is missing.`,
  actionBudget: 'Open Cost Explorer, group by service, and stop or delete what you no longer need.',
  openQueue: 'Open the dead-letter queue',
  openBudgets: 'Open AWS Budgets',
  footer: (source: string) => `From ${source}.`,
};

export type HealthMessages = typeof enHealth;

const jaHealth: HealthMessages = {
  undeliveredTitle: '送信または実行できなかったものがあります',
  undeliveredSummary:
    '通知・イベント・ダイジェストの実行のいずれかが再試行の後も失敗し、デッドレターキューで待っています（14 日間保持）。新しく失敗するたびに通知します。',
  forwardingTitle: (region) => `${region} のコンソールサインインイベントを転送できませんでした`,
  forwardingSummary:
    'そのリージョンの転送スタックが 24 時間、ホームリージョンのイベントバスにサインインイベントを送れませんでした。そのリージョンの転送用デッドレターキューで待っています。',
  alarmTitle: (name, state) => `アラーム ${name} が ${state} です`,
  budgetTitle: (name, forecast) =>
    forecast
      ? `予算 ${name}: 今月の予測がアラートのしきい値を超えます`
      : `予算 ${name}: 支出がアラートのしきい値を超えました`,
  budgetSummary: (amount, threshold, budget) => `${amount}（アラートのしきい値 ${threshold}、予算 ${budget}）。`,
  noticeTitle: 'AWS からの通知',
  field: {
    alarm: 'アラーム',
    queue: 'キュー',
    region: 'リージョン',
    when: '日時',
    reason: 'CloudWatch の説明',
    budget: '予算',
    budgeted: '予算額',
    alertType: 'アラート',
    threshold: 'しきい値',
    amount: '金額',
  },
  alertType: (type) => (type === 'FORECASTED' ? '予測' : type === 'ACTUAL' ? '実績' : type),
  actionReadQueue:
    'キューを開いて最新のメッセージを読み（失敗したチャネルやイベントと理由が書かれています）、原因を直してください。多いのは Slack Webhook の無効化やメール購読の削除です。',
  actionReadLogs: '関数の CloudWatch Logs にも同じ内容が時刻付きで記録されています。',
  actionRedrive:
    '直したら、デッドレターの通知をそのチャネルだけに再送できます: npm run redrive（AWS の認証情報が必要です）。',
  actionForwarding: (region) =>
    `${region} の転送スタックを確認してください: npm run forwarding -- plan を実行し、なければもう一度デプロイしてください。`,
  actionBudget: 'Cost Explorer をサービス別に開き、不要なものを停止または削除してください。',
  openQueue: 'デッドレターキューを開く',
  openBudgets: 'AWS Budgets を開く',
  footer: (source) => `送信元: ${source}。`,
};

export const HEALTH_MESSAGES = { en: enHealth, ja: jaHealth } satisfies Record<Locale, HealthMessages>;

/** The health alerts' email subjects, in printable ASCII English in every language (as asciiSubject in en.ts). */
export const HEALTH_SUBJECT = {
  undelivered: (severity: string, what: string) => `[${severity}] ${what}`,
  budget: (severity: string, name: string, type: string, amount: string, threshold: string) =>
    `[${severity}] Budget ${name}: ${type} ${amount}, threshold ${threshold}`,
} as const;
