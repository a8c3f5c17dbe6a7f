import type { KnownBlock, SectionBlock } from '@slack/types';
import {
  type FetchFunction,
  IncomingWebhook,
  IncomingWebhookHTTPError,
  type IncomingWebhookSendArguments,
} from '@slack/webhook';
import { DeliveryError } from '../errors.js';
import { logger } from '../logger.js';
import { fetchOverNodeHttp } from './node-fetch.js';
import type { Notification } from './notification.js';
import type { Severity } from './severity.js';
import { toOneLine, truncate, truncateUtf16 } from './text.js';

/** Block Kit limits, from Slack's reference. */
export const SLACK_LIMITS = {
  headerText: 150,
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  buttonText: 75,
  contextElements: 10,
  blocks: 50,
} as const;

const SEVERITY_STYLE: Record<Severity, { color: string; emoji: string }> = {
  critical: { color: '#B71C1C', emoji: ':rotating_light:' },
  high: { color: '#E65100', emoji: ':warning:' },
  medium: { color: '#F9A825', emoji: ':large_yellow_circle:' },
  low: { color: '#1565C0', emoji: ':large_blue_circle:' },
  info: { color: '#9E9E9E', emoji: ':information_source:' },
};

/** An https URL, or plain http to this machine's loopback (for local test servers only). */
export function isWebhookUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/** Escapes the three characters Slack treats as control sequences in mrkdwn, so event values cannot mention or link. */
export function escapeMrkdwn(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/**
 * Escapes untrusted text and fits it in `max` characters after escaping,
 * cutting the raw text (never an escape sequence) until it fits.
 */
export function fitMrkdwn(raw: string, max: number): string {
  let escaped = escapeMrkdwn(raw);
  if (escaped.length <= max) return escaped;
  let keep = Array.from(raw).length;
  while (keep > 0) {
    keep -= Math.max(1, Math.ceil((escaped.length - max) / 5));
    escaped = escapeMrkdwn(truncate(raw, Math.max(keep, 1)));
    if (escaped.length <= max) return escaped;
  }
  return '…';
}

/** `verbatim: true` stops Slack from auto-parsing "@channel" or bare URLs in text that came from an event. */
function mrkdwn(text: string) {
  return { type: 'mrkdwn' as const, text, verbatim: true };
}

/** "*Label*\nvalue", the label ours and bold, the value escaped; the whole fits `max` characters. */
function labelled(label: string, value: string, max: number): string {
  const heading = `*${escapeMrkdwn(label)}*\n`;
  return heading + fitMrkdwn(value, max - heading.length);
}

function fieldsSections(notification: Notification): SectionBlock[] {
  const sections: SectionBlock[] = [];
  const fields = notification.fields.map((field) =>
    mrkdwn(labelled(field.label, toOneLine(field.value), SLACK_LIMITS.fieldText)),
  );
  for (let start = 0; start < fields.length; start += SLACK_LIMITS.fieldsPerSection) {
    sections.push({ type: 'section', fields: fields.slice(start, start + SLACK_LIMITS.fieldsPerSection) });
  }
  return sections;
}

/** Renders the Slack message: Block Kit inside one attachment, so the severity colour shows as its bar. */
export function renderSlack(notification: Notification): IncomingWebhookSendArguments {
  const style = SEVERITY_STYLE[notification.severity];
  const headline = `${notification.severityLabel}: ${toOneLine(notification.title)}`;
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      // Slack counts the header's length in UTF-16 code units: an emoji in an event value counts two.
      text: {
        type: 'plain_text',
        text: truncateUtf16(`${style.emoji} ${headline}`, SLACK_LIMITS.headerText),
        emoji: true,
      },
    },
    { type: 'section', text: mrkdwn(fitMrkdwn(toOneLine(notification.summary), SLACK_LIMITS.sectionText)) },
    ...fieldsSections(notification),
  ];
  for (const detail of notification.details ?? []) {
    const body = detail.lines.map(toOneLine).join('\n');
    // The link is ours (built from an ID Athena returned, URL-encoded): Slack's <url|label> form, label escaped.
    const link = detail.link ? `\n<${detail.link.url}|${escapeMrkdwn(detail.link.label)}>` : '';
    blocks.push({
      type: 'section',
      text: mrkdwn(labelled(detail.heading, body, SLACK_LIMITS.sectionText - link.length) + link),
    });
  }
  if (notification.actions.length > 0) {
    const bullets = notification.actions.map((action) => `• ${toOneLine(action)}`).join('\n');
    blocks.push({
      type: 'section',
      text: mrkdwn(labelled(notification.actionsHeading, bullets, SLACK_LIMITS.sectionText)),
    });
  }
  if (notification.link) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: truncate(notification.link.label, SLACK_LIMITS.buttonText) },
          url: notification.link.url,
          ...(notification.severity === 'critical' || notification.severity === 'high'
            ? { style: 'danger' as const }
            : {}),
        },
      ],
    });
  }
  if (notification.footer.length > 0) {
    blocks.push({
      type: 'context',
      elements: notification.footer
        .slice(0, SLACK_LIMITS.contextElements)
        .map((line) => mrkdwn(fitMrkdwn(toOneLine(line), SLACK_LIMITS.sectionText))),
    });
  }
  return {
    text: fitMrkdwn(headline, SLACK_LIMITS.sectionText),
    attachments: [
      { color: style.color, fallback: fitMrkdwn(headline, 300), blocks: blocks.slice(0, SLACK_LIMITS.blocks) },
    ],
  };
}

export interface SlackSendOptions {
  /** Milliseconds left before the Lambda deadline (context.getRemainingTimeInMillis). */
  remainingTimeMs: () => number;
  /** Attempts in this invocation, first included. */
  maxAttempts?: number;
  /** First backoff delay for 5xx and network errors; doubles each attempt, with jitter. */
  baseDelayMs?: number;
  /** Time kept back for the rest of the invocation (other channels, logging). */
  reserveMs?: number;
  requestTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retry-After is seconds or an HTTP date, clamped to 0–60 s; undefined when absent or unreadable. */
/** The longest Retry-After honoured: a longer one is a server's mistake, and waiting it out would hold the function. */
export const MAX_RETRY_AFTER_MS = 60_000;

export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  const text = header?.trim();
  if (!text) return undefined;
  // Seconds (RFC 9110 says a whole number; fractions and signs are read kindly), or an HTTP date.
  const milliseconds = /^[+-]?\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now;
  if (Number.isNaN(milliseconds)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.round(milliseconds)));
}

/**
 * Posts to an incoming webhook. 429 waits for Retry-After, 5xx and network errors back off,
 * both only while the Lambda has time left; other 4xx are permanent. Throws DeliveryError when it gives up.
 * The webhook URL is a secret: it is never logged, and errors carry only Slack's status and error string.
 */
export async function sendToSlack(
  webhookUrl: string,
  payload: IncomingWebhookSendArguments,
  options: SlackSendOptions,
): Promise<void> {
  const {
    remainingTimeMs,
    maxAttempts = 4,
    baseDelayMs = 500,
    reserveMs = 2000,
    requestTimeoutMs = 5000,
    sleep = defaultSleep,
  } = options;
  let retryAfterHeader: string | null = null;
  // @slack/webhook reports the status and body but not headers; this wrapper keeps Retry-After for us.
  const fetchKeepingRetryAfter: FetchFunction = async (url, init) => {
    const response = await fetchOverNodeHttp(url, init);
    retryAfterHeader = response.headers.get('retry-after');
    return response;
  };

  for (let attempt = 1; ; attempt++) {
    retryAfterHeader = null;
    const timeout = Math.max(1000, Math.min(requestTimeoutMs, remainingTimeMs() - reserveMs));
    const webhook = new IncomingWebhook(webhookUrl, {
      fetch: fetchKeepingRetryAfter,
      timeout,
      retryConfig: { retries: 0 },
    });
    try {
      await webhook.send(payload);
      return;
    } catch (error) {
      const status = error instanceof IncomingWebhookHTTPError ? error.statusCode : undefined;
      const slackError =
        error instanceof IncomingWebhookHTTPError ? toOneLine(String(error.body)).slice(0, 200) : undefined;
      const detail = status ? `HTTP ${status} ${slackError ?? ''}`.trim() : 'network error or timeout';
      if (status !== undefined && status < 500 && status !== 429) {
        logger.error('Slack rejected the message', { status, slackError });
        throw new DeliveryError('slack', `Slack rejected the message permanently: ${detail}`, { permanent: true });
      }
      const delayMs =
        (status === 429 ? parseRetryAfter(retryAfterHeader) : undefined) ??
        baseDelayMs * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5);
      const timeLeft = remainingTimeMs() - reserveMs - delayMs;
      if (attempt >= maxAttempts || timeLeft < timeout) {
        logger.error('Slack delivery gave up', { status, slackError, attempt, delayMs: Math.round(delayMs) });
        throw new DeliveryError('slack', `Slack delivery failed after ${attempt} attempt(s): ${detail}`);
      }
      logger.warn('Slack delivery failed, retrying', { status, slackError, attempt, delayMs: Math.round(delayMs) });
      await sleep(delayMs);
    }
  }
}
