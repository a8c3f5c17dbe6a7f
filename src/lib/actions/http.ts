import { ACTION_MESSAGES } from '../i18n/actions.js';
import type { Locale } from '../i18n/index.js';
import { messagesFor } from '../i18n/index.js';
import { logger } from '../logger.js';
import type { Notification } from '../notify/notification.js';
import {
  type ActionStore,
  type AuditRecord,
  act,
  type Confirmation,
  type KeyControl,
  type LockControl,
} from './act.js';
import { durationsFor, factList } from './describe.js';
import { confirmPage, donePage, type Page, type Refusal, refusedPage } from './page.js';
import { type ActionClaims, csrfMatches, csrfToken, signActionToken, verifyActionToken } from './token.js';

/**
 * The function URL's one route. GET shows what a link would do and changes nothing (mail scanners and link
 * previews fetch every link); only the page's POST, with its CSRF token, acts. Every refusal is a plain page
 * and a log line with the reason and the address, never the token.
 */

/** The parts of a Lambda function URL event (payload 2.0) this reads; everything in it is untrusted. */
export interface FunctionUrlEvent {
  body?: string;
  isBase64Encoded?: boolean;
  queryStringParameters?: Record<string, string | undefined>;
  headers?: Record<string, string | undefined>;
  requestContext?: { domainName?: string; http?: { method?: string; sourceIp?: string; userAgent?: string } };
}

export interface ActionDeps {
  secret: string;
  account: string;
  locale: Locale;
  timeZone: string;
  store: ActionStore;
  keys: KeyControl;
  /** The other lock-downs: a deny-all policy, revoked sessions, stopped instances (absent: not offered). */
  locks?: LockControl;
  /** Tells every channel what was done (the audit's announcement). */
  announce: (notification: Notification) => Promise<void>;
  /** Slack app mode: the signing secret its clicks are verified with, and how a reply reaches the clicker. */
  slack?: SlackClickDeps;
  now?: () => number;
}

/** The actions that change the account itself: announced as medium. */
const LOCK_DOWNS: readonly string[] = ['deactivate-key', 'deny-user', 'revoke-sessions', 'stop-instances'];

/** Slack app mode's buttons (actions/slack.ts): the signing secret clicks are verified with, and the reply to the clicker. */
export interface SlackClickDeps {
  /** The app's signing secret (Parameter Store, read on the first click, cached). */
  signingSecret: () => Promise<string>;
  /** Posts a reply to a click's response_url (Slack's own https URL, checked before). */
  respond: (
    url: string,
    message: { response_type: 'ephemeral'; replace_original: false; text: string },
  ) => Promise<void>;
}

/** A form of a few fields: anything bigger is not our page's. */
export const MAX_BODY_BYTES = 4_096;
/** An undo link lasts a day. */
const UNDO_SECONDS = 86_400;

export function refuse(reason: Refusal, deps: Pick<ActionDeps, 'locale'>, event: FunctionUrlEvent): Page {
  logger.warn('Action refused', { reason, sourceIp: event.requestContext?.http?.sourceIp });
  return refusedPage(reason, deps.locale);
}

export async function handleActionRequest(event: FunctionUrlEvent, deps: ActionDeps): Promise<Page> {
  const now = (deps.now ?? Date.now)();
  const method = event.requestContext?.http?.method?.toUpperCase();
  if (method === 'GET') {
    const token = event.queryStringParameters?.t;
    const check = verifyActionToken(deps.secret, token, now, deps.account);
    if (!check.ok) return refuse(check.reason, deps, event);
    return confirmPage(check.claims, token as string, csrfToken(deps.secret, check.claims.nonce), deps.locale);
  }
  if (method !== 'POST') return refuse('method', deps, event);
  const body = requestBody(event, MAX_BODY_BYTES);
  if (body === undefined) return refuse('tooLarge', deps, event);
  const form = new URLSearchParams(body);
  const check = verifyActionToken(deps.secret, form.get('t'), now, deps.account);
  if (!check.ok) return refuse(check.reason, deps, event);
  const { claims } = check;
  if (!csrfMatches(deps.secret, claims.nonce, form.get('csrf'))) return refuse('csrf', deps, event);
  const confirmation = {
    sourceIp: event.requestContext?.http?.sourceIp ?? 'unknown',
    userAgent: event.requestContext?.http?.userAgent ?? 'unknown',
    nowMs: now,
  };
  const outcome = await carryOut(claims, form.get('duration'), confirmation, deps, event);
  if (!outcome.ok) return refuse(outcome.reason, deps, event);
  return donePage(deps.locale, outcome.done, outcome.undoUrl);
}

/** The body as text, or undefined when it is over `maxBytes` (checked before and after base64 decoding). */
export function requestBody(event: FunctionUrlEvent, maxBytes: number): string | undefined {
  const raw = event.body ?? '';
  if (raw.length > maxBytes * 2) return undefined;
  const body = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  return Buffer.byteLength(body) > maxBytes ? undefined : body;
}

export type CarriedOut =
  | { ok: true; record: AuditRecord; done: string; undoUrl?: string }
  | { ok: false; reason: Refusal };

/**
 * Does what a verified token allows, confirmed (by the page's form or Slack's signed click): the duration only
 * as offered, the action audited and announced on every channel, with an undo link for a day.
 */
export async function carryOut(
  claims: ActionClaims,
  chosen: string | null,
  confirmation: Confirmation,
  deps: ActionDeps,
  event: FunctionUrlEvent,
  /** Tells the one who confirmed, beside the announcement (a Slack click's reply: Slack waits 3 seconds). */
  tell?: (done: string, undoUrl: string | undefined) => Promise<void>,
): Promise<CarriedOut> {
  const durations = durationsFor(claims);
  const duration = durations ? (chosen ? durations[chosen] : undefined) : undefined;
  // Only what the page offered: a duration it did not show is as foreign as one it does not know.
  if ((durations && duration === undefined) || (!durations && chosen !== null)) return { ok: false, reason: 'choice' };
  const outcome = await act(claims, duration, confirmation, { store: deps.store, keys: deps.keys, locks: deps.locks });
  if (!outcome.ok) return outcome;
  const { record } = outcome;
  logger.info('Action taken', { action: record.action, detection: record.detection, auditId: record.id });
  // An undo for what can be undone, as one more signed link, for a day.
  const undoUrl =
    record.action !== 'undo' && event.requestContext?.domainName
      ? `https://${event.requestContext.domainName}/?t=${signActionToken(deps.secret, {
          action: 'undo',
          alert: record.id,
          detection: record.detection,
          account: deps.account,
          expires: Math.floor(confirmation.nowMs / 1000) + UNDO_SECONDS,
        })}`
      : undefined;
  const done = announcement(record, deps);
  await Promise.all([deps.announce(buildActionNotification(record, done, deps, undoUrl)), tell?.(done, undoUrl)]);
  return { ok: true, record, done, undoUrl };
}

/** What was done, in a sentence of the owner's language. */
function announcement(record: AuditRecord, deps: ActionDeps): string {
  const m = ACTION_MESSAGES[deps.locale];
  const until = record.until ? new Date(record.until * 1000).toISOString().replace('.000Z', 'Z') : '';
  switch (record.action) {
    case 'this-was-me':
      return record.facts
        ? m.announce.signInWasMe(record.principal ?? '?', factList(record.facts))
        : m.announce['this-was-me'](record.principal ?? '?', record.detection, until);
    case 'mute':
      return m.announce.mute(record.detection, until);
    case 'deactivate-key':
      return m.announce['deactivate-key'](record.accessKey ?? '?');
    case 'deny-user':
      return m.announce['deny-user'](record.principal?.split('/').at(-1) ?? '?');
    case 'revoke-sessions':
      return m.announce['revoke-sessions'](record.role ?? '?');
    case 'stop-instances':
      return m.announce['stop-instances'](`${(record.instances ?? []).join(', ')} (${record.region ?? '?'})`);
    case 'undo':
      return m.announce.undo(`${record.detection}${record.accessKey ? ` ${record.accessKey}` : ''}`);
  }
}

/** Every action is announced on every channel: what, by a confirmation from where, and how to undo it. */
export function buildActionNotification(
  record: AuditRecord,
  done: string,
  deps: Pick<ActionDeps, 'locale'>,
  undoUrl?: string,
): Notification {
  const m = ACTION_MESSAGES[deps.locale];
  const common = messagesFor(deps.locale);
  const by = m.announceBy(record.sourceIp, record.userAgent, record.at);
  return {
    severity: LOCK_DOWNS.includes(record.action) ? 'medium' : 'low',
    severityLabel: common.severity[LOCK_DOWNS.includes(record.action) ? 'medium' : 'low'],
    title: m.announceTitle,
    subject: `[Action] ${record.action} ${record.detection}`.replace(/[^\x20-\x7e]/g, '?').slice(0, 200),
    summary: `${done} ${by}`,
    fields: [],
    actions: [],
    actionsHeading: common.whatToDo,
    ...(undoUrl ? { link: { label: m.undoLink, url: undoUrl } } : {}),
    footer: [`Audit ${record.id}`],
    shortText: done.slice(0, 140),
    data: { type: 'alertAction', record },
  };
}
