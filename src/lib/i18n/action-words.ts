import type { Locale } from './index.js';

/**
 * What each action does, its durations and the two answers of its question: the words an alert needs for the
 * Slack buttons that act in place (their confirmation dialog), kept apart from the pages' strings
 * (actions.ts, which include these) so that the functions that alert do not bundle the pages' text.
 */
const enWords = {
  confirmTitle: 'Confirm an action from your AWS alert',
  what: {
    'this-was-me': (principal: string) =>
      `This was me: ${principal} is not alerted on for this detection for the time you choose. Never for the root user.`,
    signInWasMe: (principal: string, facts: string) =>
      `This was me: the sign-in memory keeps ${facts} as ${principal}'s own: they are no longer new, and signing in between two confirmed countries is not "too fast" (a VPN, a second office). Other countries still alert. Never for the root user.`,
    mute: (detection: string) => `Mute the detection ${detection} for everyone, for the time you choose.`,
    'deactivate-key': (key: string) =>
      `Deactivate access key ${key}: every program using it stops working until it is made active again.`,
    'deny-user': (user: string) =>
      `Deny everything to IAM user ${user}: an inline policy that denies every action, for the console and every key, until it is removed.`,
    'revoke-sessions': (role: string) =>
      `Revoke the sessions of role ${role} issued before now (the console's "Revoke active sessions"): new ones still work.`,
    'stop-instances': (list: string) =>
      `Stop (not terminate) ${list}: their disks are kept; start them again with the undo.`,
    undo: (what: string) => `Undo: ${what}`,
  },
  durations: { '1h': '1 hour', '24h': '24 hours', '7d': '7 days', '1d': '1 day' } as Record<string, string>,
  confirm: 'Confirm',
  cancel: 'Cancel',
};

export type ActionWords = typeof enWords;

const jaWords: ActionWords = {
  confirmTitle: 'AWS のアラートからの操作の確認',
  what: {
    'this-was-me': (principal) =>
      `これは自分です: 選んだ期間、この検出で ${principal} には通知しません。ルートユーザーには使えません。`,
    signInWasMe: (principal, facts) =>
      `これは自分です: ${facts} を ${principal} 自身のものとして記憶します。これらは「新しい」として扱われず、確認済みの 2 つの国の間のサインインは「移動が速すぎる」として通知しません（VPN や別の拠点）。ほかの国からのサインインは引き続き通知します。ルートユーザーには使えません。`,
    mute: (detection) => `検出 ${detection} を、選んだ期間、全員について通知しないようにします。`,
    'deactivate-key': (key) =>
      `アクセスキー ${key} を無効化します。再び有効にするまで、このキーを使うプログラムはすべて動かなくなります。`,
    'deny-user': (user) =>
      `IAM ユーザー ${user} にすべてを拒否するインラインポリシーを付けます。外すまで、コンソールもすべてのキーも使えません。`,
    'revoke-sessions': (role) =>
      `ロール ${role} の今までに発行されたセッションを無効にします（コンソールの「アクティブなセッションを無効化」）。新しいセッションは使えます。`,
    'stop-instances': (list) => `${list} を停止します（終了はしません）。ディスクは残り、元に戻すで再び起動できます。`,
    undo: (what) => `元に戻す: ${what}`,
  },
  durations: { '1h': '1 時間', '24h': '24 時間', '7d': '7 日', '1d': '1 日' },
  confirm: '確認して実行',
  cancel: 'キャンセル',
};

export const ACTION_WORDS = { en: enWords, ja: jaWords } satisfies Record<Locale, ActionWords>;
