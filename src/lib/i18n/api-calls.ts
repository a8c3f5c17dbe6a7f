import type { Locale } from './index.js';

/**
 * The API-call alerts' strings, in every language, beside the shared dictionaries (as cost.ts, history.ts):
 * only apiCallAlert bundles them; `satisfies Record<Locale, …>` asks for every language.
 */
const enApiCalls = {
  attempt: (title: string, error: string) => `Attempted, and refused (${error}): ${title}`,
  burst: (count: number, title: string) => `${count} times: ${title}`,
  who: 'Who',
  accessKey: 'Access key',
  action: 'API call',
  target: 'On',
  outcome: 'Outcome',
  succeeded: 'succeeded',
  failed: (code: string, message?: string) => (message ? `FAILED: ${code} (${message})` : `FAILED: ${code}`),
  region: 'Region',
  program: 'Program',
  also: 'Also matches',
  burstHeading: 'Burst',
  burstLine: (count: number, since: string) => `${count} calls of this kind by this principal since ${since}`,
  examples: (list: string) => `For example: ${list}`,
  attemptNote: 'The call failed, so nothing changed; someone tried, with these credentials.',
  openInConsole: 'Open in the console',
  footer: (id: string, eventName: string, eventId: string) => `Detection ${id} · ${eventName} · ID ${eventId}`,
  rotateKey: (key: string) =>
    `If these credentials are not yours, deactivate access key ${key} now (IAM > Users > Security credentials).`,
};

export type ApiCallMessages = typeof enApiCalls;

const jaApiCalls: ApiCallMessages = {
  attempt: (title, error) => `試行され、拒否されました（${error}）: ${title}`,
  burst: (count, title) => `${count} 回: ${title}`,
  who: '実行者',
  accessKey: 'アクセスキー',
  action: 'API 呼び出し',
  target: '対象',
  outcome: '結果',
  succeeded: '成功',
  failed: (code, message) => (message ? `失敗: ${code}（${message}）` : `失敗: ${code}`),
  region: 'リージョン',
  program: 'プログラム',
  also: 'ほかに該当',
  burstHeading: '集中',
  burstLine: (count, since) => `${since} 以降、このプリンシパルによる同種の呼び出しが ${count} 回`,
  examples: (list) => `例: ${list}`,
  attemptNote: '呼び出しは失敗したため、何も変更されていません。この認証情報で誰かが試みました。',
  openInConsole: 'コンソールで開く',
  footer: (id, eventName, eventId) => `検出 ${id} · ${eventName} · ID ${eventId}`,
  rotateKey: (key) =>
    `この認証情報に心当たりがない場合は、すぐにアクセスキー ${key} を無効化してください（IAM > ユーザー > セキュリティ認証情報）。`,
};

export const API_CALL_MESSAGES = { en: enApiCalls, ja: jaApiCalls } satisfies Record<Locale, ApiCallMessages>;
