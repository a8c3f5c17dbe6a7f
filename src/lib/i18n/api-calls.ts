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
  priceLabel: 'Cost if left running',
  price: (what: string, hour: string, month: string) => `${what}: about ${hour} an hour, ${month} a month`,
  priceTotal: (hour: string, month: string) => `In all: about ${hour} an hour, ${month} a month`,
  priceAtLeast: (hour: string, month: string) => `At least ${hour} an hour, ${month} a month (some of it has no price)`,
  priceSource: 'On-demand prices from the AWS Price List.',
  priceSourceEc2:
    'On-demand prices from the AWS Price List, for Linux: other systems cost more, Spot and Savings Plans less.',
  priceUnknown: (what: string, why: string) => `${what}: not known (${why}); this alert went out without it`,
  priceGap: {
    timeout: 'the Price List did not answer in time',
    error: (name: string) => `the Price List answered ${name}`,
    'no-price': 'the Price List has no on-demand hourly price for it',
    'not-priced': 'the Price List cannot be asked for this engine',
    'per-model':
      'the Price List prices provisioned throughput by model family and term, not by this model ID; see the Bedrock pricing page',
    'too-many': 'more instance types than one alert looks up',
  },
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
  priceLabel: '起動したままの費用',
  price: (what, hour, month) => `${what}: 1 時間あたり約 ${hour}、1 か月で約 ${month}`,
  priceTotal: (hour, month) => `合計: 1 時間あたり約 ${hour}、1 か月で約 ${month}`,
  priceAtLeast: (hour, month) => `少なくとも 1 時間あたり ${hour}、1 か月で ${month}（料金が不明な分を除く）`,
  priceSource: 'AWS Price List のオンデマンド料金です。',
  priceSourceEc2:
    'AWS Price List の Linux のオンデマンド料金です。ほかの OS では高く、スポットや Savings Plans では安くなります。',
  priceUnknown: (what, why) => `${what}: 不明（${why}）。料金なしでこの通知を送りました`,
  priceGap: {
    timeout: 'Price List が時間内に応答しませんでした',
    error: (name) => `Price List の応答: ${name}`,
    'no-price': 'Price List にオンデマンドの時間料金がありません',
    'not-priced': 'このエンジンの料金は Price List に問い合わせられません',
    'per-model':
      'Price List はプロビジョンドスループットをモデル ID ではなくモデルファミリーと期間で示します。Bedrock の料金ページを確認してください',
    'too-many': '1 件の通知で調べる数を超えるインスタンスタイプ',
  },
};

export const API_CALL_MESSAGES = { en: enApiCalls, ja: jaApiCalls } satisfies Record<Locale, ApiCallMessages>;
