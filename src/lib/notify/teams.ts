import type { Notification } from './notification.js';
import type { Severity } from './severity.js';
import { cutLongValue, isHttpsLink, MAX_VALUE_CHARS, toOneLine, truncate } from './text.js';
import { type JsonPostOptions, postJson } from './webhook.js';

/**
 * Microsoft Teams through a Workflows webhook ("When a Teams webhook request is received", the replacement
 * for the retired Office 365 connectors): a message whose one attachment is an Adaptive Card. Version 1.4,
 * the highest Teams renders everywhere (mobile included); the facts in a FactSet, the console link as an
 * Action.OpenUrl button.
 */

export const TEAMS_LIMITS = {
  /** Teams refuses a message over about 28 KB; a margin is kept for the envelope Workflows adds. */
  messageBytes: 27_000,
  cardVersion: '1.4',
  actions: 5,
} as const;

/** Container style (the coloured band) and text colour per severity, in Adaptive Cards' named colours. */
const TEAMS_STYLE: Record<Severity, { container: string; color: string }> = {
  critical: { container: 'attention', color: 'Attention' },
  high: { container: 'attention', color: 'Attention' },
  medium: { container: 'warning', color: 'Warning' },
  low: { container: 'accent', color: 'Accent' },
  info: { container: 'emphasis', color: 'Default' },
};

/**
 * TextBlock and FactSet values are Markdown in Teams (bold, italic, lists, links): a backslash before the
 * characters that start emphasis, code or a link keeps an event value ("[click](https://…)", "**urgent**")
 * the text it is. Only those: the parentheses and colons of every ARN stay as they are.
 */
export function escapeTeamsMarkdown(value: string): string {
  return value.replace(/[\\`*_~[\]]/g, (char) => `\\${char}`);
}

/** One untrusted value: one line, cut to `max` characters, escaped. */
const shownWithin = (max: number) => (value: string) => escapeTeamsMarkdown(cutLongValue(toOneLine(value), max));

type CardElement = Record<string, unknown>;

function textBlock(text: string, extra: CardElement = {}): CardElement {
  return { type: 'TextBlock', text, wrap: true, ...extra };
}

function cardBody(notification: Notification, detailLines: number, valueMax: number): CardElement[] {
  const shown = shownWithin(valueMax);
  const style = TEAMS_STYLE[notification.severity];
  const body: CardElement[] = [
    {
      type: 'Container',
      style: style.container,
      bleed: true,
      items: [
        textBlock(escapeTeamsMarkdown(notification.severityLabel), {
          size: 'Small',
          weight: 'Bolder',
          color: style.color,
        }),
        textBlock(shown(notification.title), { size: 'Large', weight: 'Bolder', spacing: 'None' }),
      ],
    },
    textBlock(shown(notification.summary)),
  ];
  if (notification.fields.length > 0) {
    body.push({
      type: 'FactSet',
      facts: notification.fields.map((field) => ({
        title: escapeTeamsMarkdown(field.label),
        value: shown(field.value),
      })),
    });
  }
  for (const detail of notification.details ?? []) {
    const buttons = (detail.buttons ?? []).filter((button) => isHttpsLink(button.url));
    if (buttons.length > 0) {
      // Links as buttons, each URL whole: a Markdown line would escape or cut a signed URL.
      body.push(textBlock(escapeTeamsMarkdown(detail.heading), { weight: 'Bolder', spacing: 'Medium' }));
      body.push({
        type: 'ActionSet',
        actions: buttons.slice(0, TEAMS_LIMITS.actions).map((button) => ({
          type: 'Action.OpenUrl',
          title: truncate(toOneLine(button.label), 40),
          url: button.url,
          ...(button.danger ? { style: 'destructive' } : {}),
        })),
      });
      continue;
    }
    const lines = detail.lines.slice(0, detailLines).map(shown);
    if (detail.lines.length > lines.length) lines.push('…');
    body.push(textBlock(escapeTeamsMarkdown(detail.heading), { weight: 'Bolder', spacing: 'Medium' }));
    // Fixed-width lines (the digests' tables) keep their columns in the monospace font.
    body.push(textBlock(lines.join('\n\n'), { fontType: 'Monospace', size: 'Small', spacing: 'Small' }));
  }
  if (notification.actions.length > 0) {
    body.push(textBlock(escapeTeamsMarkdown(notification.actionsHeading), { weight: 'Bolder', spacing: 'Medium' }));
    body.push(textBlock(notification.actions.map((action) => `- ${shown(action)}`).join('\r'), { spacing: 'Small' }));
  }
  if (notification.footer.length > 0) {
    body.push(textBlock(notification.footer.map(shown).join('\n\n'), { isSubtle: true, size: 'Small' }));
  }
  return body;
}

/** The links a card carries as buttons: the notification's, then its details'. Ours, https only. */
function cardActions(notification: Notification): CardElement[] {
  const links = [notification.link, ...(notification.details ?? []).map((detail) => detail.link)].filter(
    (link): link is { label: string; url: string } => Boolean(link?.url.startsWith('https://')),
  );
  return links
    .slice(0, TEAMS_LIMITS.actions)
    .map((link) => ({ type: 'Action.OpenUrl', title: truncate(link.label, 40), url: link.url }));
}

export interface TeamsMessage {
  type: 'message';
  attachments: Array<{
    contentType: 'application/vnd.microsoft.card.adaptive';
    contentUrl: null;
    content: CardElement;
  }>;
}

/**
 * Renders the Teams message; when it is over Teams' size limit, the details lose lines, then every value is
 * cut shorter, until it fits.
 */
export function renderTeams(notification: Notification): TeamsMessage {
  let detailLines = Math.max(0, ...(notification.details ?? []).map((detail) => detail.lines.length));
  let valueMax = MAX_VALUE_CHARS;
  for (;;) {
    const message: TeamsMessage = {
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: TEAMS_LIMITS.cardVersion,
            msteams: { width: 'Full' },
            fallbackText: escapeTeamsMarkdown(
              truncate(toOneLine(`${notification.severityLabel}: ${notification.title}`), 300),
            ),
            body: cardBody(notification, detailLines, valueMax),
            actions: cardActions(notification),
          },
        },
      ],
    };
    if (Buffer.byteLength(JSON.stringify(message)) <= TEAMS_LIMITS.messageBytes || valueMax <= 50) return message;
    if (detailLines > 0) detailLines = Math.floor(detailLines / 2);
    else valueMax = Math.floor(valueMax / 2);
  }
}

/**
 * Posts to a Workflows webhook, which answers 202 Accepted. 429 honours Retry-After; a URL that is gone
 * (404, or 400/401/403 from a deleted or disabled flow) is permanent and dead-lettered with the status.
 */
export async function sendToTeams(url: string, message: TeamsMessage, options: JsonPostOptions): Promise<void> {
  await postJson('teams', url, message, options);
}
