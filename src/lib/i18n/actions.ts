import { ACTION_WORDS } from './action-words.js';
import type { Locale } from './index.js';

/** The action pages' strings (alertActions only), in every language. */
const enActions = {
  ...ACTION_WORDS.en,
  htmlLang: 'en',
  intro: (detection: string, account: string) => `From the alert "${detection}" in account ${account}.`,
  duration: 'For how long',
  nothingYet: 'Nothing has been done yet. Only the button below acts; this link works once and expires.',
  doneTitle: 'Done',
  undoLink: 'Undo it',
  undoNote: 'The undo link works once, within 24 hours.',
  refusedTitle: 'This link cannot be used',
  refused: {
    malformed: 'The link is not one of ours, or it was cut short.',
    signature: 'The link is not one of ours.',
    expired: 'The link has expired. Open the console to act, or wait for the next alert.',
    account: 'The link is for another AWS account.',
    used: 'The link was used already. Each link acts once.',
    csrf: 'The confirmation did not come from the page this link opened. Open the link again.',
    choice: 'That choice is not offered for this action.',
    root: 'Nothing about the root user is muted or allowed from a link.',
    failed: 'AWS refused the change; nothing was changed. See the function\u2019s log.',
    tooLarge: 'The request was too large.',
    method: 'Only opening the link (GET) and the page\u2019s button (POST) are answered.',
    disabled: 'Acting from alerts is off in this account (the setting actions).',
    slackSignature: 'The request is not signed by this account\u2019s Slack app.',
    slackStale: 'The request is more than 5 minutes old. Click the button again.',
  },
  slackBy: (user: string, workspace: string) => `Slack user ${user} in ${workspace}`,
  slackAgent: 'a Slack button',
  announce: {
    'this-was-me': (principal: string, detection: string, until: string) =>
      `${principal} is not alerted on for ${detection} until ${until}.`,
    signInWasMe: (principal: string, facts: string) => `${facts} confirmed as ${principal}'s own sign-in.`,
    mute: (detection: string, until: string) => `Detection ${detection} is muted until ${until}.`,
    'deactivate-key': (key: string) => `Access key ${key} deactivated.`,
    'deny-user': (user: string) => `IAM user ${user} is denied everything.`,
    'revoke-sessions': (role: string) => `Sessions of role ${role} issued before now are revoked.`,
    'stop-instances': (list: string) => `Stopping ${list}.`,
    undo: (what: string) => `Undone: ${what}`,
  },
  announceTitle: 'An action was taken from an alert',
  announceBy: (ip: string, agent: string, time: string) => `Confirmed from ${ip} (${agent}) at ${time}.`,
};

export type ActionMessages = typeof enActions;

const jaActions: ActionMessages = {
  ...ACTION_WORDS.ja,
  htmlLang: 'ja',
  intro: (detection, account) => `アカウント ${account} のアラート「${detection}」からの操作です。`,
  duration: '期間',
  nothingYet: 'まだ何も実行していません。下のボタンだけが実行します。このリンクは 1 回だけ使え、期限があります。',
  doneTitle: '完了しました',
  undoLink: '元に戻す',
  undoNote: '元に戻すリンクは 24 時間以内に 1 回だけ使えます。',
  refusedTitle: 'このリンクは使えません',
  refused: {
    malformed: 'このサービスのリンクではないか、途中で切れています。',
    signature: 'このサービスのリンクではありません。',
    expired: 'リンクの期限が切れています。コンソールで操作するか、次のアラートを待ってください。',
    account: '別の AWS アカウントのリンクです。',
    used: 'このリンクはすでに使われました。リンクは 1 回だけ実行できます。',
    csrf: '確認がこのリンクのページから送られていません。リンクを開き直してください。',
    choice: 'その選択肢はこの操作にはありません。',
    root: 'ルートユーザーに関する通知は、リンクから止めたり許可したりできません。',
    failed: 'AWS が変更を拒否しました。何も変更されていません。関数のログを確認してください。',
    tooLarge: 'リクエストが大きすぎます。',
    method: 'リンクを開く（GET）とページのボタン（POST）だけに応答します。',
    disabled: 'このアカウントではアラートからの操作が無効です（設定 actions）。',
    slackSignature: 'このアカウントの Slack アプリが署名したリクエストではありません。',
    slackStale: 'リクエストが 5 分以上前のものです。もう一度ボタンを押してください。',
  },
  slackBy: (user, workspace) => `Slack の ${workspace} のユーザー ${user}`,
  slackAgent: 'Slack のボタン',
  announce: {
    'this-was-me': (principal, detection, until) => `${until} まで、${detection} で ${principal} には通知しません。`,
    signInWasMe: (principal, facts) => `${facts} を ${principal} 自身のサインインとして確認しました。`,
    mute: (detection, until) => `検出 ${detection} を ${until} まで通知しません。`,
    'deactivate-key': (key) => `アクセスキー ${key} を無効化しました。`,
    'deny-user': (user) => `IAM ユーザー ${user} をすべて拒否にしました。`,
    'revoke-sessions': (role) => `ロール ${role} の既存のセッションを無効にしました。`,
    'stop-instances': (list) => `${list} を停止しています。`,
    undo: (what) => `元に戻しました: ${what}`,
  },
  announceTitle: 'アラートから操作が実行されました',
  announceBy: (ip, agent, time) => `${time} に ${ip}（${agent}）から確認されました。`,
};

export const ACTION_MESSAGES = { en: enActions, ja: jaActions } satisfies Record<Locale, ActionMessages>;
