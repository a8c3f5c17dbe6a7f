import type { Button, KnownBlock, SectionBlock } from '@slack/types';
import {
  type FetchFunction,
  IncomingWebhook,
  IncomingWebhookHTTPError,
  type IncomingWebhookSendArguments,
} from '@slack/webhook';
import { fetchOverNodeHttp } from './node-fetch.js';
import type { Notification, NotificationButton, NotificationDetail } from './notification.js';
import { type DeliveryOptions, deliverWithRetries, parseRetryAfter } from './retry.js';
import { SEVERITY_COLOURS, type Severity } from './severity.js';
import { isHttpsLink, toOneLine, truncate, truncateUtf16 } from './text.js';

/** Block Kit limits, from Slack's reference. */
export const SLACK_LIMITS = {
  headerText: 150,
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  buttonText: 75,
  buttonUrl: 3000,
  buttonValue: 2000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  actionsElements: 25,
  contextElements: 10,
  blocks: 50,
} as const;

const SEVERITY_EMOJI: Record<Severity, string> = {
  critical: ':rotating_light:',
  high: ':warning:',
  medium: ':large_yellow_circle:',
  low: ':large_blue_circle:',
  info: ':information_source:',
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

/**
 * A heading and URL buttons: each URL whole (a button's may be 3000 characters, a signed link is about 600),
 * however many there are. Ours and https only; anything else would not be a button of ours.
 */
function buttonBlocks(
  heading: string,
  buttons: NonNullable<NotificationDetail['buttons']>,
  interactive: boolean,
): KnownBlock[] {
  const usable = buttons.filter((button) => isHttpsLink(button.url) && button.url.length <= SLACK_LIMITS.buttonUrl);
  const elements = usable
    .flatMap((button, index) =>
      interactive && button.act ? actingButtons(button, index) : [linkButton(button.label, button.url, button.danger)],
    )
    .slice(0, SLACK_LIMITS.actionsElements);
  if (elements.length === 0) return [];
  return [
    { type: 'section', text: mrkdwn(`*${fitMrkdwn(toOneLine(heading), SLACK_LIMITS.sectionText - 2)}*`) },
    { type: 'actions', elements },
  ];
}

function linkButton(label: string, url: string, danger?: true): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: truncate(toOneLine(label), SLACK_LIMITS.buttonText) },
    url,
    ...(danger ? { style: 'danger' as const } : {}),
  };
}

/** The prefix of the action_id of a button that acts in place; alertActions reads only these. */
export const ACTING_BUTTON_PREFIX = 'aw-act';

/**
 * A link's action as buttons that act in place (Slack app mode): the value is the page's form without its CSRF
 * token (Slack's signed request stands in for it), one button a choice (`duration`), and a lock-down asks
 * first in Slack's own dialog.
 */
function actingButtons(button: NotificationButton, index: number): Button[] {
  const act = button.act;
  if (!act || act.form.length > SLACK_LIMITS.buttonValue - 40)
    return [linkButton(button.label, button.url, button.danger)];
  const confirm = act.confirm && {
    title: { type: 'plain_text' as const, text: truncate(toOneLine(act.confirm.title), SLACK_LIMITS.confirmTitle) },
    text: { type: 'plain_text' as const, text: truncate(toOneLine(act.confirm.text), SLACK_LIMITS.confirmText) },
    confirm: { type: 'plain_text' as const, text: truncate(toOneLine(act.confirm.yes), SLACK_LIMITS.confirmButton) },
    deny: { type: 'plain_text' as const, text: truncate(toOneLine(act.confirm.no), SLACK_LIMITS.confirmButton) },
    style: 'danger' as const,
  };
  const one = (suffix: string, label: string, form: string): Button => ({
    type: 'button',
    action_id: `${ACTING_BUTTON_PREFIX}-${index}${suffix}`,
    text: { type: 'plain_text', text: truncate(toOneLine(label), SLACK_LIMITS.buttonText) },
    value: form,
    ...(button.danger ? { style: 'danger' as const } : {}),
    ...(confirm ? { confirm } : {}),
  });
  if (!act.choices || act.choices.length === 0) return [one('', button.label, act.form)];
  return act.choices.map((choice) =>
    one(
      `-${choice.value}`,
      `${button.label}: ${choice.label}`,
      `${act.form}&${new URLSearchParams({ duration: choice.value }).toString()}`,
    ),
  );
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
export function renderSlack(
  notification: Notification,
  options: { interactive?: boolean } = {},
): IncomingWebhookSendArguments {
  const style = { color: SEVERITY_COLOURS[notification.severity], emoji: SEVERITY_EMOJI[notification.severity] };
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
    const asButtons = buttonBlocks(detail.heading, detail.buttons ?? [], options.interactive === true);
    if (asButtons.length > 0) {
      blocks.push(...asButtons);
      continue;
    }
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
    const serious = notification.severity === 'critical' || notification.severity === 'high';
    blocks.push({
      type: 'actions',
      elements: [linkButton(notification.link.label, notification.link.url, serious ? true : undefined)],
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

/** How a Slack post retries: the policy every channel shares (retry.ts). */
export type SlackSendOptions = DeliveryOptions;

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
  let retryAfterHeader: string | null = null;
  // @slack/webhook reports the status and body but not headers; this wrapper keeps Retry-After for us.
  const fetchKeepingRetryAfter: FetchFunction = async (url, init) => {
    const response = await fetchOverNodeHttp(url, init);
    retryAfterHeader = response.headers.get('retry-after');
    return response;
  };
  await deliverWithRetries(
    'slack',
    async (timeout) => {
      retryAfterHeader = null;
      const webhook = new IncomingWebhook(webhookUrl, {
        fetch: fetchKeepingRetryAfter,
        timeout,
        retryConfig: { retries: 0 },
      });
      try {
        await webhook.send(payload);
        return { delivered: true };
      } catch (error) {
        if (!(error instanceof IncomingWebhookHTTPError)) return { delivered: false };
        return {
          delivered: false,
          status: error.statusCode,
          detail: toOneLine(String(error.body)).slice(0, 200),
          retryAfterMs: parseRetryAfter(retryAfterHeader),
        };
      }
    },
    options,
  );
}
