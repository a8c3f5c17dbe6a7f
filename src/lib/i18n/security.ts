import type { Locale } from './index.js';

/**
 * The security messages' strings, in every language, beside the shared dictionaries rather than in them, so
 * the other functions' bundles do not carry them; `satisfies Record<Locale, …>` asks for every language.
 */
const enSecurity = {
  title: 'CloudTrail security digest',
  /** Column headings of the saved queries' results, by the column name the SQL gives them. */
  column: {
    action: 'action',
    attempts: 'attempts',
    calls: 'calls',
    changed_by: 'changed_by',
    changes: 'changes',
    created_by: 'created_by',
    denied: 'denied',
    distinct_actions: 'distinct_actions',
    events: 'events',
    example_action: 'example_action',
    failed: 'failed',
    failures: 'failures',
    first_seen: 'first_seen',
    for_user: 'for_user',
    instance_type: 'instance_type',
    keys: 'keys',
    last_seen: 'last_seen',
    mfa_used: 'mfa_used',
    outcome: 'outcome',
    principal: 'principal',
    principals: 'principals',
    principals_tried: 'principals_tried',
    reason: 'reason',
    region: 'region',
    requested: 'requested',
    rules_added: 'rules_added',
    security_group: 'security_group',
    service: 'service',
    sign_ins: 'sign_ins',
    source_ip: 'source_ip',
  },
  findingsSummary: (count: number, titles: string) =>
    `${count} saved ${count === 1 ? 'query' : 'queries'} found activity: ${titles}.`,
  quietSummary: 'No saved query found anything in this window.',
  failedSummary: (count: number) =>
    `${count} ${count === 1 ? 'query' : 'queries'} could not run, so part of the window was not checked.`,
  field: {
    window: 'Window',
    queries: 'Queries',
    account: 'Account (left out of the ARNs below)',
    scanned: 'Data scanned',
  },
  queriesLine: (run: number, withRows: number, failed: number) =>
    `${run} run, ${withRows} with rows${failed > 0 ? `, ${failed} failed` : ''}`,
  scannedLine: (size: string, cost: string) => `${size} (about ${cost})`,
  findingHeading: (severity: string, title: string, rows: number) =>
    `[${severity}] ${title}: ${rows} ${rows === 1 ? 'row' : 'rows'}`,
  moreRows: (count: number) => `… and ${count} more`,
  cutShort: (reason: string) => `cut short: ${reason}; the count is of the rows read`,
  cutSummary: (titles: string) => `Not every row of ${titles} was read: open it in the Athena console for all of them.`,
  scannedByQuery: (size: string, cost: string) => `scanned ${size} (about ${cost})`,
  noFindings: 'Nothing found',
  failed: 'Could not run',
  failure: (title: string, reason: string) => `${title}: ${reason}`,
  openQuery: 'Open in the Athena console',
  openAthena: 'Open the saved queries in Athena',
  actionReview:
    'Review each finding: open its query in the Athena console for every row, or run it locally with npm run query.',
  actionFailed: 'A query that could not run leaves a blind spot: open it in the Athena console to see why.',
  footerDistinct: 'Queries count distinct event IDs, so an event delivered by two trails is counted once.',
  footerWindow: (start: string, end: string) => `Window (UTC): ${start} to ${end}.`,
  sms: (findings: number, failed: number) => `AWS security digest: ${findings} finding(s), ${failed} failed query(ies)`,
};

export type SecurityMessages = typeof enSecurity;

const jaSecurity: SecurityMessages = {
  title: 'CloudTrail セキュリティダイジェスト',
  column: {
    action: '操作',
    attempts: '試行数',
    calls: '呼び出し数',
    changed_by: '変更者',
    changes: '変更数',
    created_by: '作成者',
    denied: '拒否数',
    distinct_actions: '操作の種類',
    events: 'イベント数',
    example_action: '操作の例',
    failed: '失敗',
    failures: '失敗数',
    first_seen: '最初',
    for_user: '対象ユーザー',
    instance_type: 'インスタンスタイプ',
    keys: 'キー数',
    last_seen: '最後',
    mfa_used: 'MFA',
    outcome: '結果',
    principal: 'プリンシパル',
    principals: 'プリンシパル数',
    principals_tried: '試されたユーザー数',
    reason: '理由',
    region: 'リージョン',
    requested: '要求数',
    rules_added: '追加ルール数',
    security_group: 'セキュリティグループ',
    service: 'サービス',
    sign_ins: 'サインイン数',
    source_ip: '送信元 IP',
  },
  findingsSummary: (count, titles) => `${count} 件の保存済みクエリが該当する操作を見つけました: ${titles}。`,
  quietSummary: 'この期間、保存済みクエリは何も見つけませんでした。',
  failedSummary: (count) => `${count} 件のクエリを実行できなかったため、期間の一部は確認できていません。`,
  field: {
    window: '期間',
    queries: 'クエリ',
    account: 'アカウント（以下の ARN では省略）',
    scanned: 'スキャン量',
  },
  queriesLine: (run, withRows, failed) =>
    `${run} 件実行、${withRows} 件で該当あり${failed > 0 ? `、${failed} 件失敗` : ''}`,
  scannedLine: (size, cost) => `${size}（約 ${cost}）`,
  findingHeading: (severity, title, rows) => `[${severity}] ${title}: ${rows} 行`,
  moreRows: (count) => `… ほか ${count} 行`,
  cutShort: (reason) => `途中で打ち切り（${reason}）。行数は読み取れた分です`,
  cutSummary: (titles) =>
    `${titles} の結果は一部しか読み取れませんでした。すべての行は Athena コンソールで確認してください。`,
  scannedByQuery: (size, cost) => `スキャン ${size}（約 ${cost}）`,
  noFindings: '該当なし',
  failed: '実行できなかったクエリ',
  failure: (title, reason) => `${title}: ${reason}`,
  openQuery: 'Athena コンソールで開く',
  openAthena: 'Athena で保存済みクエリを開く',
  actionReview:
    '各項目を確認してください。Athena コンソールでクエリを開くとすべての行を見られます。npm run query で手元でも実行できます。',
  actionFailed: '実行できなかったクエリは見落としの原因になります。Athena コンソールで理由を確認してください。',
  footerDistinct: 'クエリはイベント ID の重複を除いて数えるため、2 つの証跡から届いた同じイベントは 1 件です。',
  footerWindow: (start, end) => `期間（UTC）: ${start} から ${end}。`,
  sms: (findings, failed) => `AWS セキュリティダイジェスト: 該当 ${findings} 件、失敗 ${failed} 件`,
};

export const SECURITY_MESSAGES = { en: enSecurity, ja: jaSecurity } satisfies Record<Locale, SecurityMessages>;

/** The security digest's email subject, in printable ASCII English in every language (as asciiSubject in en.ts). */
export const SECURITY_SUBJECT = {
  security: (severity: string | undefined, findings: number, queries: number, failed: number, day: string) =>
    `[Security${severity ? ` ${severity}` : ''}] ${findings > 0 ? `${findings} of ${queries} queries found activity` : `No findings in ${queries} queries`}${failed > 0 ? ` | ${failed} failed` : ''} | ${day}`,
} as const;
