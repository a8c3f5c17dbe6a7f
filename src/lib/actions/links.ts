import { randomBytes } from 'node:crypto';
import type { ApiCall } from '../api-calls/api-call.js';
import { field, items, str } from '../api-calls/read.js';
import { factKey } from '../history/table.js';
import { ACTION_WORDS } from '../i18n/action-words.js';
import type { Locale } from '../i18n/index.js';
import { logger } from '../logger.js';
import type { Notification, NotificationButton } from '../notify/notification.js';
import { isAtLeast, type Severity } from '../notify/severity.js';
import { isSuccessfulSignIn, observedFacts, principalKey } from '../signin/history/remember.js';
import type { SignIn } from '../signin/sign-in.js';
import { isRoot, userNameOf } from './act.js';
import { describeAction, durationsFor } from './describe.js';
import { type ActionClaims, type ActionName, MAX_INSTANCES, SIGN_IN_FACTS, signActionToken } from './token.js';

/**
 * The links an alert carries (actions=true): each signed for one action about this alert, for a day.
 * "This was me" and "mute" never for the root user or a root detection; "deactivate" only for an IAM user's
 * long-term key (AKIA…), the one that made the call. Pure but for the random nonce.
 */

const LABELS: Record<Locale, Record<ActionName, (key?: string) => string> & { heading: string }> = {
  en: {
    heading: 'Act from this alert (each link asks you to confirm, works once, for 24 hours)',
    'this-was-me': () => 'This was me',
    mute: () => 'Mute this detection',
    'deactivate-key': (key) => `Deactivate access key ${key}`,
    'deny-user': (user) => `Deny everything to user ${user}`,
    'revoke-sessions': (role) => `Revoke the sessions of role ${role}`,
    'stop-instances': (list) => `Stop ${list}`,
    undo: () => 'Undo',
  },
  ja: {
    heading: 'このアラートから操作する（各リンクは確認画面を開き、24 時間以内に 1 回だけ使えます）',
    'this-was-me': () => 'これは自分です',
    mute: () => 'この検出を一時的に止める',
    'deactivate-key': (key) => `アクセスキー ${key} を無効化する`,
    'deny-user': (user) => `ユーザー ${user} をすべて拒否にする`,
    'revoke-sessions': (role) => `ロール ${role} のセッションを無効にする`,
    'stop-instances': (list) => `${list} を停止する`,
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
  /** The links' one-use IDs; random unless a preview needs the same links every run. */
  nonce?: () => string;
}

type LinkExtra = Pick<ActionClaims, 'accessKey' | 'role' | 'instances' | 'region' | 'facts'>;

/** Signs the links of one alert: the same alert, detection, account and principal in every one, a day each. */
function linkSigner(
  about: { alert: string; detection: string; account: string; principal?: string },
  context: LinkContext,
  locale: Locale,
) {
  const expires = Math.floor(context.nowMs / 1000) + LINK_SECONDS;
  const base = context.baseUrl.endsWith('/') ? context.baseUrl : `${context.baseUrl}/`;
  const m = ACTION_WORDS[locale];
  return (action: ActionName, extra: LinkExtra = {}, shown?: string): ActionLink => {
    const claims: ActionClaims = {
      action,
      ...about,
      expires,
      ...extra,
      nonce: context.nonce?.() ?? randomBytes(12).toString('base64url'),
    };
    const token = signActionToken(context.secret, claims);
    const lockDown = LOCK_DOWNS.has(action);
    const durations = durationsFor(claims);
    return {
      label: LABELS[locale][action](shown ?? extra.accessKey),
      url: `${base}?t=${token}`,
      ...(lockDown ? { danger: true } : {}),
      // The same token for a Slack button that acts in place: Slack's signed request stands in for the page's
      // CSRF token, its dialog for the page's question (lock-downs), one button a duration for its menu.
      act: {
        form: new URLSearchParams({ t: token }).toString(),
        ...(durations
          ? { choices: Object.keys(durations).map((value) => ({ value, label: m.durations[value] ?? value })) }
          : {}),
        ...(lockDown
          ? { confirm: { title: m.confirmTitle, text: describeAction(claims, m), yes: m.confirm, no: m.cancel } }
          : {}),
      },
    };
  };
}

/** The actions that stop something working (shown as danger where a channel has buttons). */
const LOCK_DOWNS: ReadonlySet<ActionName> = new Set([
  'deactivate-key',
  'deny-user',
  'revoke-sessions',
  'stop-instances',
]);

/** One action of an alert: its signed link, and the same as a button that acts in place (NotificationButton). */
export type ActionLink = NotificationButton;

export function apiCallActionLinks(
  call: ApiCall,
  detection: string,
  context: LinkContext,
  locale: Locale,
  severity: Severity = 'high',
): ActionLink[] {
  const account = call.accountId;
  if (!account) return [];
  const principal = call.principal.arn;
  const root = call.principal.type === 'Root' || isRoot({ principal, detection });
  const alert = call.eventId ?? `${detection}#${call.eventTime ?? ''}`;
  const link = linkSigner({ alert, detection, account, principal }, context, locale);
  const links = [];
  if (!root && principal) links.push(link('this-was-me'));
  if (!root) links.push(link('mute'));
  const key = call.principal.accessKeyId;
  const user = userNameOf(principal);
  if (key?.startsWith('AKIA') && user) links.push(link('deactivate-key', { accessKey: key }));
  // The heavier lock-downs only where the alert is serious: a routine alert carries no "deny everything".
  if (root || !isAtLeast(severity, 'high')) return links;
  if (user) links.push(link('deny-user', {}, user));
  const role = revocableRole(principal);
  if (role) links.push(link('revoke-sessions', { role }, role));
  const instances = startedInstances(call);
  if (instances.length > 0 && call.region) {
    links.push(link('stop-instances', { instances, region: call.region }, `${instances.join(', ')} (${call.region})`));
  }
  return links;
}

/**
 * The links of a sign-in alert: "this was me" for a successful sign-in (the memory keeps its country, network
 * and browser, and the other country of a "too fast", as the principal's own), and on a high or critical one
 * the lock-down of the principal (deny everything to the IAM user; revoke the role's older sessions). Never
 * for the root user; no mute: a sign-in alert is never muted for everyone from a link.
 */
export function signInActionLinks(
  signIn: SignIn,
  alert: { detection: string; severity: Severity; travelCountry?: string },
  context: LinkContext,
  locale: Locale,
): ActionLink[] {
  const account = signIn.accountId;
  const principal = principalKey(signIn);
  if (!account || !principal || signIn.principal.kind === 'root' || !isSuccessfulSignIn(signIn)) return [];
  if (isRoot({ principal, detection: alert.detection })) return [];
  const link = linkSigner(
    {
      alert: signIn.eventId ?? `${alert.detection}#${signIn.eventTime ?? ''}`,
      detection: alert.detection,
      account,
      principal,
    },
    context,
    locale,
  );
  const facts = [
    ...observedFacts(signIn).map(factKey),
    ...(alert.travelCountry ? [factKey({ kind: 'country', value: alert.travelCountry })] : []),
  ].slice(0, SIGN_IN_FACTS);
  const links = facts.length > 0 ? [link('this-was-me', { facts })] : [];
  if (!isAtLeast(alert.severity, 'high')) return links;
  const user = userNameOf(principal);
  if (user) links.push(link('deny-user', {}, user));
  const role = revocableRole(principal);
  if (role) links.push(link('revoke-sessions', { role }, role));
  return links;
}

/**
 * The role an assumed-role session belongs to, when revoking its sessions is ours to do: not IAM Identity
 * Center's roles (managed by it) nor service-linked ones (managed by their service).
 */
function revocableRole(principal: string | undefined): string | undefined {
  // Recorded sign-ins name the session with sts: or, in older events, iam: as the service.
  const match = /^arn:aws[\w-]*:(?:sts|iam)::\d{12}:assumed-role\/([\w+=,.@-]{1,64})\//.exec(principal ?? '');
  const role = match?.[1];
  if (!role || role.startsWith('AWSReservedSSO_') || role.startsWith('AWSServiceRole')) return undefined;
  return role;
}

/** The instances a successful RunInstances started, from its response (at most MAX_INSTANCES). */
function startedInstances(call: ApiCall): string[] {
  if (call.eventName !== 'RunInstances' || call.outcome.status !== 'succeeded') return [];
  return items(field(call.responseElements, 'instancesSet'))
    .map((item) => str(field(item, 'instanceId')))
    .filter((id): id is string => !!id && /^i-[0-9a-f]{8,17}$/.test(id))
    .slice(0, MAX_INSTANCES);
}

/** A link that cannot be signed (the key unreadable) leaves the alert without links, never without the alert. */
export function noLinks(error: unknown): [] {
  logger.error('Action links left out: the signing key could not be read', { error });
  return [];
}

/** The links as one more block of the alert, which every channel renders as it renders its details. */
export function withActionLinks(notification: Notification, links: ActionLink[], locale: Locale): Notification {
  if (links.length === 0) return notification;
  return {
    ...notification,
    details: [
      ...(notification.details ?? []),
      {
        heading: LABELS[locale].heading,
        lines: links.map((link) => `${link.label}: ${link.url}`),
        // For the channels with buttons (Slack, Teams) or a field a link (Discord): a block of several signed
        // URLs passes their text limits, and a cut or Markdown-escaped URL is a broken link.
        buttons: links,
      },
    ],
  };
}
