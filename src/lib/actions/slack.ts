import { createHmac, timingSafeEqual } from 'node:crypto';
import { ACTION_MESSAGES } from '../i18n/actions.js';
import { logger } from '../logger.js';
import { ACTING_BUTTON_PREFIX, escapeMrkdwn } from '../notify/slack.js';
import { toOneLine } from '../notify/text.js';
import { postJson } from '../notify/webhook.js';
import {
  type ActionDeps,
  carryOut,
  type FunctionUrlEvent,
  handleActionRequest,
  refuse,
  requestBody,
  type SlackClickDeps,
} from './http.js';
import type { Page, Refusal } from './page.js';
import { isText, verifyActionToken } from './token.js';

export type { SlackClickDeps };

/**
 * Slack app mode's buttons (slackSigningSecretParameter): a click arrives at the same function URL as Slack's
 * own POST (the app's Interactivity request URL), a form whose `payload` is the click. Two checks stand where
 * the page has its CSRF token and its button: the request is Slack's (the v0 signature over the timestamp and
 * the body with the app's signing secret, compared in constant time; the timestamp within 5 minutes, so a
 * recorded request cannot be replayed later), and the button's value is a signed action token like a link's
 * (verified, one use, this account). A lock-down's button asks first in Slack's own dialog. The clicker is told
 * what happened in a message only they see (response_url); every channel is told as for a link.
 */

/** A click's payload carries the whole message, buttons and their tokens included: tens of kilobytes at most. */
export const SLACK_MAX_BODY_BYTES = 64 * 1024;
/** Slack's advice: refuse a request whose timestamp is more than 5 minutes from now. */
export const SLACK_MAX_SKEW_SECONDS = 300;

function header(event: FunctionUrlEvent, name: string): string | undefined {
  const headers = event.headers ?? {};
  const found = Object.keys(headers).find((key) => key.toLowerCase() === name);
  return found === undefined ? undefined : headers[found];
}

/** A request that says it is Slack's (its signature header): verified as Slack's, or refused, never read as a form. */
export function isSlackRequest(event: FunctionUrlEvent): boolean {
  return header(event, 'x-slack-signature') !== undefined || header(event, 'x-slack-request-timestamp') !== undefined;
}

/** Slack's v0 signature of a request: `v0=` and the hex HMAC-SHA256 of `v0:<timestamp>:<body>`. */
export function slackSignature(secret: string, timestamp: string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** Whether a request is Slack's, signed with this secret, and recent. */
export function verifySlackRequest(
  secret: string,
  signature: string | undefined,
  timestamp: string | undefined,
  body: string,
  nowMs: number,
): 'ok' | 'slackSignature' | 'slackStale' {
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return 'slackSignature';
  const expected = Buffer.from(slackSignature(secret, timestamp, body));
  const given = Buffer.from(signature);
  // timingSafeEqual needs equal lengths; a length says nothing about the secret.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'slackSignature';
  // Checked after the signature, so the timestamp is Slack's own and not a forger's.
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > SLACK_MAX_SKEW_SECONDS) return 'slackStale';
  return 'ok';
}

/** What of a click this reads; everything in it is checked, the token above all. */
export interface SlackClick {
  /** The button's value: the page's form without its CSRF token (`t=…[&duration=…]`). */
  form?: string;
  user: string;
  workspace: string;
  responseUrl?: string;
}

/** The click of a block_actions payload, or undefined when the form is not one. */
export function parseSlackClick(body: string): SlackClick | undefined {
  let payload: unknown;
  try {
    payload = JSON.parse(new URLSearchParams(body).get('payload') ?? '');
  } catch {
    return undefined;
  }
  const click = payload as {
    type?: unknown;
    user?: { id?: unknown; username?: unknown; name?: unknown };
    team?: { id?: unknown; domain?: unknown };
    response_url?: unknown;
    actions?: Array<{ action_id?: unknown; value?: unknown }>;
  } | null;
  if (click?.type !== 'block_actions' || !Array.isArray(click.actions)) return undefined;
  const action = click.actions[0];
  const ours = isText(action?.action_id, 255) && action.action_id.startsWith(`${ACTING_BUTTON_PREFIX}-`);
  const id = isText(click.user?.id, 32) ? click.user.id : '?';
  const name = [click.user?.username, click.user?.name].find((value) => isText(value, 80));
  return {
    // A URL button (the page's link, the console) also reports its click: nothing to do for those.
    form: ours && isText(action?.value, 2_000) ? action.value : undefined,
    user: toOneLine(name ? `@${name} (${id})` : id),
    workspace: toOneLine(
      [click.team?.domain, click.team?.id].find((value): value is string => isText(value, 80)) ?? '?',
    ),
    responseUrl: isText(click.response_url, 1_000) ? click.response_url : undefined,
  };
}

/** Slack's response URLs are its own hooks: any other address in a payload is not one to post to. */
export function isSlackResponseUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && (url.hostname === 'hooks.slack.com' || url.hostname === 'hooks.slack-gov.com');
  } catch {
    return false;
  }
}

const ACKNOWLEDGED: Page = { statusCode: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: '' };

/**
 * One Slack click: refused with a plain page (401) unless it is Slack's, signed and recent; then acknowledged
 * (200) whatever the token says, with the outcome told to the clicker alone.
 */
export async function handleSlackClick(event: FunctionUrlEvent, deps: ActionDeps, nowMs: number): Promise<Page> {
  const body = requestBody(event, SLACK_MAX_BODY_BYTES);
  if (body === undefined) return refuse('tooLarge', deps, event);
  if (!deps.slack) return refuse('disabled', deps, event);
  const verdict = verifySlackRequest(
    await deps.slack.signingSecret(),
    header(event, 'x-slack-signature'),
    header(event, 'x-slack-request-timestamp'),
    body,
    nowMs,
  );
  if (verdict !== 'ok') return refuse(verdict, deps, event);
  const click = parseSlackClick(body);
  if (!click) return refuse('malformed', deps, event);
  if (!click.form) return ACKNOWLEDGED;
  const m = ACTION_MESSAGES[deps.locale];
  const tell = async (text: string) => {
    if (!click.responseUrl || !isSlackResponseUrl(click.responseUrl)) return;
    await deps.slack
      ?.respond(click.responseUrl, { response_type: 'ephemeral', replace_original: false, text })
      .catch((error: unknown) => logger.warn('Slack reply not sent', { reason: (error as Error).message }));
  };
  const refused = async (reason: Refusal) => {
    logger.warn('Action refused', { reason, via: 'slack', user: click.user });
    await tell(`${escapeMrkdwn(m.refusedTitle)}: ${escapeMrkdwn(m.refused[reason])}`);
    return ACKNOWLEDGED;
  };
  const form = new URLSearchParams(click.form);
  const check = verifyActionToken(deps.secret, form.get('t'), nowMs, deps.account);
  if (!check.ok) return refused(check.reason);
  const confirmation = {
    sourceIp: m.slackBy(click.user, click.workspace).slice(0, 200),
    userAgent: m.slackAgent,
    nowMs,
  };
  // The reply goes out beside the announcement: Slack shows a warning for a click not answered in 3 seconds.
  const outcome = await carryOut(check.claims, form.get('duration'), confirmation, deps, event, (done, undoUrl) => {
    const undo = undoUrl ? `\n<${undoUrl}|${escapeMrkdwn(m.undoLink)}> (${escapeMrkdwn(m.undoNote)})` : '';
    return tell(`${escapeMrkdwn(done)}${undo}`);
  });
  if (!outcome.ok) return refused(outcome.reason);
  return ACKNOWLEDGED;
}

/** The function URL: a Slack click, or a link's page (GET) and its form (POST). */
export function handleFunctionUrl(event: FunctionUrlEvent, deps: ActionDeps): Promise<Page> {
  const method = event.requestContext?.http?.method?.toUpperCase();
  if (method === 'POST' && isSlackRequest(event)) return handleSlackClick(event, deps, (deps.now ?? Date.now)());
  return handleActionRequest(event, deps);
}

/** A reply to a click: one try (Slack waits 3 seconds for the click's answer), through the chats' JSON POST. */
export function replyToSlack(url: string, message: unknown): Promise<void> {
  return postJson('slack', url, message, {
    remainingTimeMs: () => 3_000,
    maxAttempts: 1,
    reserveMs: 0,
    requestTimeoutMs: 2_000,
  });
}
