import type { Locale } from './index.js';

/**
 * The strings only the sign-in alerts use for where a sign-in comes from and what the sign-in history
 * adds, in every language. Kept beside the dictionaries rather than in them, so the digests' bundles do not
 * carry them; `satisfies Record<Locale, …>` makes the compiler ask for every language all the same.
 */
const enHistory = {
  place: {
    withCountry: (ip: string, country: string) => `${ip} (${country})`,
    countryUnknown: (ip: string) => `${ip} (country unknown)`,
    private: (ip: string) => `${ip} (private address, not on the internet)`,
    reserved: (ip: string) => `${ip} (reserved or documentation address, no country)`,
    awsInternal: (name: string) => `${name} (AWS acting itself, no country)`,
    service: (name: string) => `${name} (an AWS service acting for the user, no country)`,
    unrecognised: (text: string) => `${text} (not an address this service recognises)`,
  },
  memory: {
    heading: 'Sign-in history',
    reason: {
      newCountry: 'First sign-in from this country for this principal.',
      impossibleTravel:
        'Two sign-ins of one principal from different countries too close together to be one person travelling.',
      successAfterFailures:
        'A sign-in succeeded from an address that had just failed several times: a guessed password?',
      passwordGuessing: 'Many failed sign-ins in a short time: someone may be guessing passwords.',
    },
    firstCountry: (who: string, country: string, usual: string | undefined, history: string) =>
      `First sign-in from ${country} for ${who}; ${usual ? `usually ${usual}, ` : ''}${history}`,
    since: (signIns: number, since: string) => `${signIns} sign-in${signIns === 1 ? '' : 's'} since ${since}`,
    firstNetwork: (network: string) => `First sign-in from network ${network}`,
    firstAgent: (agent: string) => `First sign-in with ${agent}`,
    known: (signIns: number, since: string) =>
      `Country, network and browser seen before; ${signIns} sign-in${signIns === 1 ? '' : 's'} since ${since}`,
    firstEver: (who: string) => `First sign-in this service has seen for ${who}: its history starts now`,
    learning: (days: number, signIns: number) =>
      `Still learning this principal (needs ${days} days and ${signIns} sign-ins of history): new places are shown but do not raise the severity`,
    travel: (from: string, fromTime: string, to: string, toTime: string) =>
      `Signed in from ${from} at ${fromTime} and from ${to} at ${toTime}`,
    failuresBefore: (count: number, minutes: number) =>
      `${count} failed sign-in${count === 1 ? '' : 's'} from this address in the ${minutes} minutes before`,
    notThem: (who: string) =>
      `If this was not ${who}: change the password, remove unknown MFA devices and access keys, and review what the session did in CloudTrail.`,
    unavailable: 'History unavailable: this alert was judged without the sign-in history (see the function log).',
  },
  guessing: {
    sourceTitle: (count: number, place: string) => `${count} failed sign-ins from ${place}`,
    principalTitle: (count: number, who: string) => `${count} failed sign-ins as ${who}`,
    followUp: (title: string) => `Still going: ${title}`,
    summary: (minutes: number) =>
      `Many failed sign-ins within ${minutes} minutes: someone may be guessing passwords. Further failures in this window are counted, not sent one by one.`,
    field: {
      failures: 'Failed sign-ins',
      window: 'Between',
      users: 'Users tried',
      sources: 'Addresses tried from',
      countries: 'Countries',
    },
    between: (first: string, last: string) => `${first} and ${last}`,
    actions: {
      mfa: 'Make sure every user named here has MFA; a guessed password alone then cannot sign in.',
      rootMfa: 'The root user is among them: check that it has MFA and a long, unique password.',
      passwords: 'Check that the account password policy requires long passwords (IAM console > Account settings).',
      unknownUsers:
        'Names that do not exist in the account are hidden by AWS; attempts against them put nobody at risk.',
      successWatch: 'A successful sign-in from this address in the next minutes will be reported as high.',
    },
  },
};

export type HistoryMessages = typeof enHistory;

const jaHistory: HistoryMessages = {
  place: {
    withCountry: (ip, country) => `${ip}（${country}）`,
    countryUnknown: (ip) => `${ip}（国は不明）`,
    private: (ip) => `${ip}（プライベートアドレス、インターネット上の場所ではありません）`,
    reserved: (ip) => `${ip}（予約済み・ドキュメント用アドレス、国はありません）`,
    awsInternal: (name) => `${name}（AWS 自身の操作、国はありません）`,
    service: (name) => `${name}（ユーザーの代わりに動いた AWS サービス、国はありません）`,
    unrecognised: (text) => `${text}（認識できないアドレス）`,
  },
  memory: {
    heading: 'サインイン履歴',
    reason: {
      newCountry: 'このプリンシパルがこの国からサインインしたのは初めてです。',
      impossibleTravel: '同じプリンシパルが、移動では説明できない短い間隔で別々の国からサインインしました。',
      successAfterFailures:
        '直前に何度も失敗したアドレスからのサインインが成功しました。パスワードが推測された可能性があります。',
      passwordGuessing: '短時間に多数のサインイン失敗があります。パスワードを推測されている可能性があります。',
    },
    firstCountry: (who, country, usual, history) =>
      `${who} の${country}からの初めてのサインイン（${usual ? `通常は${usual}、` : ''}${history}）`,
    since: (signIns, since) => `${since} 以降 ${signIns} 回サインイン`,
    firstNetwork: (network) => `ネットワーク ${network} からの初めてのサインイン`,
    firstAgent: (agent) => `${agent} での初めてのサインイン`,
    known: (signIns, since) => `国・ネットワーク・ブラウザーはいずれも既知です。${since} 以降 ${signIns} 回サインイン`,
    firstEver: (who) => `${who} のサインインをこのサービスが見たのは初めてです。履歴はここから始まります`,
    learning: (days, signIns) =>
      `このプリンシパルはまだ学習中です（${days} 日かつ ${signIns} 回のサインイン履歴が必要）。初めての場所は表示しますが、重要度は上げません`,
    travel: (from, fromTime, to, toTime) => `${fromTime} に ${from} から、${toTime} に ${to} からサインイン`,
    failuresBefore: (count, minutes) => `直前 ${minutes} 分間に、このアドレスからのサインイン失敗が ${count} 回`,
    notThem: (who) =>
      `${who} 本人でない場合: パスワードを変更し、見覚えのない MFA デバイスとアクセスキーを削除し、このセッションの操作を CloudTrail で確認してください。`,
    unavailable:
      '履歴を利用できません: このアラートはサインイン履歴なしで判定しました（関数のログを確認してください）。',
  },
  guessing: {
    sourceTitle: (count, place) => `${place} からのサインイン失敗が ${count} 回`,
    principalTitle: (count, who) => `${who} としてのサインイン失敗が ${count} 回`,
    followUp: (title) => `継続中: ${title}`,
    summary: (minutes) =>
      `${minutes} 分以内に多数のサインイン失敗がありました。パスワードを推測されている可能性があります。この時間枠内のさらなる失敗は 1 件ずつではなく、まとめて数えます。`,
    field: {
      failures: 'サインイン失敗',
      window: '期間',
      users: '試されたユーザー',
      sources: '試行元アドレス',
      countries: '国',
    },
    between: (first, last) => `${first} から ${last}`,
    actions: {
      mfa: 'ここに挙がった全ユーザーに MFA を設定してください。パスワードを推測されただけではサインインできなくなります。',
      rootMfa:
        'ルートユーザーが含まれています。MFA と、長く使い回していないパスワードが設定されているか確認してください。',
      passwords:
        'アカウントのパスワードポリシーが長いパスワードを求めているか確認してください（IAM コンソール > アカウント設定）。',
      unknownUsers: 'アカウントに存在しない名前は AWS が隠します。それらへの試行で危険にさらされるユーザーはいません。',
      successWatch: 'この後このアドレスからサインインが成功すると、重要度「高」で通知します。',
    },
  },
};

export const HISTORY_MESSAGES = { en: enHistory, ja: jaHistory } satisfies Record<Locale, HistoryMessages>;
