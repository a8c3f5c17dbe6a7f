import type { ApiCall } from '../api-calls/api-call.js';
import type { Locale } from '../i18n/index.js';
import type { Notification } from '../notify/notification.js';
import { isRoot, userNameOf } from './act.js';
import { type ActionName, signActionToken } from './token.js';

/**
 * The links an API-call alert carries (actions=true): each signed for one action about this alert, for a day.
 * "This was me" and "mute" never for the root user or a root detection; "deactivate" only for an IAM user's
 * long-term key (AKIA…), the one that made the call. Pure but for the random nonce.
 */

const LABELS: Record<Locale, Record<ActionName, (key?: string) => string> & { heading: string }> = {
  en: {
    heading: 'Act from this alert (each link asks you to confirm, works once, for 24 hours)',
    'this-was-me': () => 'This was me',
    mute: () => 'Mute this detection',
    'deactivate-key': (key) => `Deactivate access key ${key}`,
    undo: () => 'Undo',
  },
  ja: {
    heading: 'このアラートから操作する（各リンクは確認画面を開き、24 時間以内に 1 回だけ使えます）',
    'this-was-me': () => 'これは自分です',
    mute: () => 'この検出を一時的に止める',
    'deactivate-key': (key) => `アクセスキー ${key} を無効化する`,
    undo: () => '元に戻す',
  },
};

/** A day: long enough to see the alert in the morning, short enough that an old email is no standing key. */
export const LINK_SECONDS = 86_400;

export interface LinkContext {
  secret: string;
  /** The function URL, as CloudFormation gives it (https://….lambda-url.<region>.on.aws/). */
  baseUrl: string;
  nowMs: number;
}

export function apiCallActionLinks(
  call: ApiCall,
  detection: string,
  context: LinkContext,
  locale: Locale,
): Array<{ label: string; url: string }> {
  const account = call.accountId;
  if (!account) return [];
  const principal = call.principal.arn;
  const root = call.principal.type === 'Root' || isRoot({ principal, detection });
  const alert = call.eventId ?? `${detection}#${call.eventTime ?? ''}`;
  const expires = Math.floor(context.nowMs / 1000) + LINK_SECONDS;
  const labels = LABELS[locale];
  const base = context.baseUrl.endsWith('/') ? context.baseUrl : `${context.baseUrl}/`;
  const link = (action: ActionName, extra: { accessKey?: string } = {}) => ({
    label: labels[action](extra.accessKey),
    url: `${base}?t=${signActionToken(context.secret, { action, alert, detection, account, principal, expires, ...extra })}`,
  });
  const links = [];
  if (!root && principal) links.push(link('this-was-me'));
  if (!root) links.push(link('mute'));
  const key = call.principal.accessKeyId;
  if (key?.startsWith('AKIA') && userNameOf(principal)) links.push(link('deactivate-key', { accessKey: key }));
  return links;
}

/** The links as one more block of the alert, which every channel renders as it renders its details. */
export function withActionLinks(
  notification: Notification,
  links: Array<{ label: string; url: string }>,
  locale: Locale,
): Notification {
  if (links.length === 0) return notification;
  return {
    ...notification,
    details: [
      ...(notification.details ?? []),
      { heading: LABELS[locale].heading, lines: links.map((link) => `${link.label}: ${link.url}`) },
    ],
  };
}
