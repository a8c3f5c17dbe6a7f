import { createHash } from 'node:crypto';
import type { Notification } from './notification.js';
import { isAtLeast, SEVERITY_COLOURS } from './severity.js';
import { cutLongValue, isHttpsLink, toOneLine, truncate } from './text.js';
import { type JsonPostOptions, postJson } from './webhook.js';

/**
 * LINE through the Messaging API (LINE Notify ended on 2025-03-31): a push message to one user, group or
 * room, as a Flex Message bubble in the severity's colour whose alternative text is the plain-text version.
 * LINE's text is never Markdown, so nothing needs escaping; every value is one line and cut to size.
 */

export const LINE_LIMITS = {
  /** The notification text and the fallback on clients without Flex Messages. */
  altText: 1500,
  /** A button's label. */
  buttonLabel: 40,
  /** A URI action's URI. */
  uri: 1000,
  /** A Flex Message's JSON; LINE refuses a bigger bubble. */
  bubbleBytes: 30_000,
  /** LINE's free plan (Communication plan in Japan): messages a month, counted per recipient. */
  freeMessages: 200,
} as const;

export const DEFAULT_LINE_API_URL = 'https://api.line.me';

/**
 * What is worth one of the month's few messages: high and critical alerts, the weekly report and a test
 * alert. The daily digests and the lesser alerts reach the other channels only.
 */
export function lineMatters(notification: Notification): boolean {
  const type = (notification.data as { type?: unknown } | undefined)?.type;
  return isAtLeast(notification.severity, 'high') || type === 'hygieneReport' || type === 'testAlert';
}

type FlexComponent = Record<string, unknown>;

const text = (value: string, extra: FlexComponent = {}): FlexComponent => ({
  type: 'text',
  text: value || '-',
  wrap: true,
  ...extra,
});

function altText(notification: Notification): string {
  const lines = [
    `${notification.severityLabel}: ${notification.title}`,
    notification.summary,
    ...notification.fields.map((field) => `${field.label}: ${field.value}`),
  ].map(toOneLine);
  return truncate(lines.join('\n'), LINE_LIMITS.altText);
}

function bubble(notification: Notification, valueMax: number, detailLines: number): FlexComponent {
  const colour = SEVERITY_COLOURS[notification.severity];
  const value = (raw: string) => cutLongValue(toOneLine(raw), valueMax);
  const body: FlexComponent[] = [text(value(notification.summary), { size: 'sm' })];
  if (notification.fields.length > 0) {
    body.push({ type: 'separator', margin: 'md' });
    for (const field of notification.fields) {
      body.push({
        type: 'box',
        layout: 'baseline',
        spacing: 'sm',
        margin: 'sm',
        contents: [
          text(value(field.label), { size: 'xs', color: '#888888', flex: 2 }),
          text(value(field.value), { size: 'xs', color: '#333333', flex: 5 }),
        ],
      });
    }
  }
  for (const detail of notification.details ?? []) {
    body.push({ type: 'separator', margin: 'md' });
    body.push(text(value(detail.heading), { size: 'sm', weight: 'bold', margin: 'md' }));
    // Links as buttons (a Flex text is not a link), each URI whole; lines as text otherwise.
    const buttons = (detail.buttons ?? []).filter(
      (button) => isHttpsLink(button.url) && button.url.length <= LINE_LIMITS.uri,
    );
    if (buttons.length > 0) {
      for (const button of buttons) {
        body.push({
          type: 'button',
          style: button.danger ? 'primary' : 'secondary',
          ...(button.danger ? { color: SEVERITY_COLOURS.critical } : {}),
          height: 'sm',
          margin: 'sm',
          action: { type: 'uri', label: truncate(toOneLine(button.label), LINE_LIMITS.buttonLabel), uri: button.url },
        });
      }
      continue;
    }
    const lines = detail.lines.slice(0, detailLines).map(value);
    if (detail.lines.length > lines.length) lines.push('…');
    body.push(text(lines.join('\n'), { size: 'xxs', color: '#555555' }));
  }
  if (notification.actions.length > 0) {
    body.push({ type: 'separator', margin: 'md' });
    body.push(text(value(notification.actionsHeading), { size: 'sm', weight: 'bold', margin: 'md' }));
    for (const action of notification.actions) body.push(text(`• ${value(action)}`, { size: 'xs' }));
  }
  const footer: FlexComponent[] = [];
  const link = notification.link?.url.startsWith('https://') ? notification.link : undefined;
  if (link) {
    footer.push({
      type: 'button',
      style: 'primary',
      color: colour,
      height: 'sm',
      action: { type: 'uri', label: truncate(link.label, LINE_LIMITS.buttonLabel), uri: link.url },
    });
  }
  footer.push(text(notification.footer.map(value).join('\n'), { size: 'xxs', color: '#aaaaaa', margin: 'md' }));
  return {
    type: 'bubble',
    size: 'giga',
    header: {
      type: 'box',
      layout: 'vertical',
      backgroundColor: colour,
      contents: [
        text(value(notification.severityLabel), { size: 'xs', color: '#ffffff', weight: 'bold' }),
        text(value(notification.title), { size: 'md', color: '#ffffff', weight: 'bold' }),
      ],
    },
    body: { type: 'box', layout: 'vertical', spacing: 'sm', contents: body },
    footer: { type: 'box', layout: 'vertical', contents: footer },
  };
}

export interface LineMessage {
  type: string;
  altText?: string;
  text?: string;
  contents?: FlexComponent;
}

/** The messages of one push (the recipient is added by the sender): one Flex Message with its text fallback. */
export interface LinePush {
  messages: LineMessage[];
}

export function renderLine(notification: Notification): LinePush {
  let valueMax = 1000;
  let detailLines = Math.max(0, ...(notification.details ?? []).map((detail) => detail.lines.length));
  for (;;) {
    const contents = bubble(notification, valueMax, detailLines);
    if (Buffer.byteLength(JSON.stringify(contents)) <= LINE_LIMITS.bubbleBytes || valueMax <= 50) {
      return { messages: [{ type: 'flex', altText: altText(notification), contents }] };
    }
    if (detailLines > 0) detailLines = Math.floor(detailLines / 2);
    else valueMax = Math.floor(valueMax / 2);
  }
}

/**
 * The retry key LINE uses to accept a push once (X-Line-Retry-Key, a UUID): derived from the message's
 * own key, so a retry, a second receive or a redrive of the same message can never deliver it twice.
 */
export function lineRetryKey(messageKey: string): string {
  const hex = createHash('sha256').update(`line:${messageKey}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface LineDestination {
  apiUrl: string;
  token: string;
  to: string;
}

/**
 * Pushes the messages. 409 means LINE accepted this retry key before: delivered. A 429 that says the
 * monthly limit is reached is permanent for the month; other 429s honour Retry-After.
 */
export async function pushToLine(
  destination: LineDestination,
  push: LinePush,
  messageKey: string,
  options: JsonPostOptions,
): Promise<void> {
  await postJson(
    'line',
    `${destination.apiUrl.replace(/\/+$/, '')}/v2/bot/message/push`,
    { to: destination.to, messages: push.messages.slice(0, 5) },
    {
      ...options,
      headers: { authorization: `Bearer ${destination.token}`, 'x-line-retry-key': lineRetryKey(messageKey) },
      interpret: (status, body) => {
        if (status === 409) return { delivered: true };
        if (status === 429 && /monthly limit/i.test(body)) return { permanent: true };
        return undefined;
      },
    },
  );
}
