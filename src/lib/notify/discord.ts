import type { Notification } from './notification.js';
import { SEVERITY_COLOURS } from './severity.js';
import { isHttpsLink, toOneLine, truncate } from './text.js';
import { type JsonPostOptions, postJson } from './webhook.js';

/**
 * Discord through a channel webhook: one embed in the severity's colour, the facts as inline fields, the
 * details and the steps as full-width fields, the console link on the title. Mentions are switched off
 * (`allowed_mentions.parse` empty), so no event value can ping a person, a role, @everyone or @here.
 */

/** Discord's embed limits, from its developer documentation (characters). */
export const DISCORD_LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  /** Title, description, every field name and value, and the footer together. */
  total: 6000,
} as const;

/**
 * Backslashes Discord's Markdown in untrusted text: emphasis, code, spoilers, masked links and mentions'
 * <…> anywhere; headings, quotes and list dashes only where they count, at the start of a line. Discord
 * shows an escaped character as itself, so "[click](https://…)" stays text and never a link.
 */
export function escapeDiscordMarkdown(value: string): string {
  return value
    .replace(/[\\`*_~|[\]<]/g, (char) => `\\${char}`)
    .replace(/^(\s*)([#>-])/gm, (_, space: string, char: string) => `${space}\\${char}`);
}

/** Escapes untrusted text and fits it in `max` characters after escaping, cutting the raw text, never an escape. */
function fitEscaped(raw: string, max: number): string {
  let keep = Array.from(raw).length;
  let escaped = escapeDiscordMarkdown(raw);
  while (escaped.length > max && keep > 0) {
    keep -= Math.max(1, Math.ceil((escaped.length - max) / 2));
    escaped = escapeDiscordMarkdown(truncate(raw, Math.max(keep, 1)));
  }
  return escaped.length <= max ? escaped : '…';
}

interface DiscordField {
  name: string;
  value: string;
  inline: boolean;
}

export interface DiscordMessage {
  username: string;
  content: string;
  allowed_mentions: { parse: never[] };
  embeds: Array<{
    title: string;
    description: string;
    color: number;
    url?: string;
    fields: DiscordField[];
    footer?: { text: string };
  }>;
}

export function renderDiscord(notification: Notification): DiscordMessage {
  const title = fitEscaped(toOneLine(`${notification.severityLabel}: ${notification.title}`), DISCORD_LIMITS.title);
  const description = fitEscaped(toOneLine(notification.summary), 1500);
  let budget = DISCORD_LIMITS.total - title.length - description.length;
  const fields: DiscordField[] = [];
  const add = (name: string, value: string, inline: boolean) => {
    if (fields.length >= DISCORD_LIMITS.fields || budget < 40) return;
    const fieldName = fitEscaped(toOneLine(name), Math.min(DISCORD_LIMITS.fieldName, 100));
    const room = Math.min(DISCORD_LIMITS.fieldValue, budget - fieldName.length - 1);
    const fieldValue = fitEscaped(value, room);
    budget -= fieldName.length + fieldValue.length;
    fields.push({ name: fieldName, value: fieldValue || '-', inline });
  };
  const addWhole = (name: string, value: string) => {
    const fieldName = fitEscaped(toOneLine(name), 100);
    if (fields.length >= DISCORD_LIMITS.fields || value.length > DISCORD_LIMITS.fieldValue) return;
    if (fieldName.length + value.length > budget - 40) return;
    budget -= fieldName.length + value.length;
    fields.push({ name: fieldName, value, inline: false });
  };
  for (const field of notification.fields) add(field.label, toOneLine(field.value), true);
  for (const detail of notification.details ?? []) {
    const links = (detail.buttons ?? []).filter((button) => isHttpsLink(button.url));
    if (links.length === 0) add(detail.heading, detail.lines.map(toOneLine).join('\n'), false);
    // A webhook's message has no link buttons: one field a link, its URL whole in <…> (a link Discord does
    // not preview, and no Markdown inside), or left out when it does not fit; an escaped or cut URL is broken.
    for (const link of links) addWhole(link.label, `<${link.url}>`);
  }
  if (notification.actions.length > 0) {
    add(notification.actionsHeading, notification.actions.map((action) => `• ${toOneLine(action)}`).join('\n'), false);
  }
  const footerText = truncate(notification.footer.map(toOneLine).join(' · '), Math.max(0, Math.min(budget, 500)));
  const link = notification.link?.url.startsWith('https://') ? notification.link.url : undefined;
  return {
    username: 'AWS account watch',
    content: fitEscaped(toOneLine(`${notification.severityLabel}: ${notification.title}`), 300),
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title,
        description,
        color: Number.parseInt(SEVERITY_COLOURS[notification.severity].slice(1), 16),
        ...(link ? { url: link } : {}),
        fields,
        ...(footerText ? { footer: { text: footerText } } : {}),
      },
    ],
  };
}

/**
 * Posts to a Discord webhook (204 No Content when delivered). A 429 says how long to wait in its JSON
 * `retry_after` (seconds) as well as in Retry-After; an unknown webhook (404, code 10015) is permanent.
 */
export async function sendToDiscord(url: string, message: DiscordMessage, options: JsonPostOptions): Promise<void> {
  await postJson('discord', url, message, {
    ...options,
    interpret: (status, body) => {
      if (status !== 429) return undefined;
      try {
        const retryAfter = Number((JSON.parse(body) as { retry_after?: unknown }).retry_after);
        return Number.isFinite(retryAfter) ? { retryAfterMs: Math.min(60_000, Math.max(0, retryAfter * 1000)) } : {};
      } catch {
        return {};
      }
    },
  });
}
