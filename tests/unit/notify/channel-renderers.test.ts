import { describe, expect, it } from 'vitest';
import { loadSignInFixture } from '../../../dev/fixtures.js';
import { renderChatbotNotification } from '../../../src/lib/notify/chatbot.js';
import { DISCORD_LIMITS, escapeDiscordMarkdown, renderDiscord } from '../../../src/lib/notify/discord.js';
import { escapeHtml, renderHtmlEmail } from '../../../src/lib/notify/email-html.js';
import { LINE_LIMITS, lineMatters, lineRetryKey, renderLine } from '../../../src/lib/notify/line.js';
import type { Notification } from '../../../src/lib/notify/notification.js';
import { escapeTeamsMarkdown, renderTeams, TEAMS_LIMITS } from '../../../src/lib/notify/teams.js';
import { notificationFor } from '../../helpers/notifications.js';

/** A failed sign-in whose user name, user agent and address are what an attacker chose. */
function hostileNotification(value: string): Notification {
  const record = loadSignInFixture('iam-user-failure-01.json');
  (record.userIdentity as Record<string, unknown>).userName = value;
  record.userAgent = value;
  record.sourceIPAddress = value;
  return notificationFor(record);
}

/** Every string anywhere in a JSON value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

const HOSTILE_MARKDOWN = '[click](https://evil.example) **urgent** <@123456> @everyone `code` ~~x~~ _y_';

describe('Teams (Adaptive Card)', () => {
  it('is one Adaptive Card 1.4 attachment with the facts and an OpenUrl button', () => {
    const message = renderTeams(notificationFor('root-success-mfa-01.json'));
    expect(message.type).toBe('message');
    expect(message.attachments).toHaveLength(1);
    const [attachment] = message.attachments;
    expect(attachment?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = attachment?.content as { version: string; body: { type: string }[]; actions: { type: string }[] };
    expect(card.version).toBe('1.4');
    expect(card.body.map((element) => element.type)).toContain('FactSet');
    expect(card.actions[0]?.type).toBe('Action.OpenUrl');
  });

  it('keeps an event value as text: no link, no emphasis', () => {
    const message = renderTeams(hostileNotification(HOSTILE_MARKDOWN));
    const texts = strings(message).join('\n');
    expect(texts).not.toContain('[click](');
    expect(texts).not.toContain('**urgent**');
    expect(texts).toContain('\\[click\\](https://evil.example) \\*\\*urgent\\*\\*');
    expect(escapeTeamsMarkdown('a_b*c[d]')).toBe('a\\_b\\*c\\[d\\]');
  });

  it('stays within Teams\u2019 28 KB when the event is huge', () => {
    const message = renderTeams(hostileNotification('X'.repeat(60_000)));
    expect(Buffer.byteLength(JSON.stringify(message))).toBeLessThanOrEqual(TEAMS_LIMITS.messageBytes);
  });
});

describe('Discord (embed)', () => {
  it('switches mentions off and colours the embed by severity', () => {
    const message = renderDiscord(notificationFor('root-success-no-mfa-01.json'));
    expect(message.allowed_mentions).toEqual({ parse: [] });
    expect(message.embeds[0]?.color).toBe(0xb71c1c);
  });

  it('escapes Markdown from the event, so nothing becomes a link, a mention or a heading', () => {
    const message = renderDiscord(hostileNotification(`# ${HOSTILE_MARKDOWN}`));
    const texts = strings(message.embeds).join('\n');
    expect(texts).not.toMatch(/(?<!\\)\[click(?<!\\)\]\(/);
    expect(texts).not.toMatch(/(?<!\\)<@123456>/);
    expect(texts).toContain('\\<@123456>');
    expect(escapeDiscordMarkdown('# title\n> quote')).toBe('\\# title\n\\> quote');
    // Colons and dashes inside a line stay as they are: times and ARNs read as they are.
    expect(escapeDiscordMarkdown('arn:aws:iam::1:user/a-b 12:30')).toBe('arn:aws:iam::1:user/a-b 12:30');
  });

  it('keeps every part within Discord\u2019s limits when the event is huge', () => {
    const message = renderDiscord(hostileNotification('<&>*'.repeat(20_000)));
    const [embed] = message.embeds;
    if (!embed) throw new Error('no embed');
    expect(embed.title.length).toBeLessThanOrEqual(DISCORD_LIMITS.title);
    expect(embed.description.length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    expect(embed.fields.length).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
    for (const field of embed.fields) {
      expect(field.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName);
      expect(field.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
      expect(field.value.length).toBeGreaterThan(0);
    }
    const total =
      embed.title.length +
      embed.description.length +
      embed.fields.reduce((sum, field) => sum + field.name.length + field.value.length, 0) +
      (embed.footer?.text.length ?? 0);
    expect(total).toBeLessThanOrEqual(DISCORD_LIMITS.total);
    expect(message.content.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
  });
});

describe('LINE (Flex Message)', () => {
  it('is a Flex bubble with a plain-text fallback that names what happened', () => {
    const notification = notificationFor('root-success-no-mfa-01.json');
    const push = renderLine(notification);
    expect(push.messages).toHaveLength(1);
    expect(push.messages[0]?.type).toBe('flex');
    expect(push.messages[0]?.altText).toContain(notification.title);
    expect(push.messages[0]?.altText?.length).toBeLessThanOrEqual(LINE_LIMITS.altText);
  });

  it('fits LINE\u2019s sizes when the event is huge', () => {
    const push = renderLine(hostileNotification('漢'.repeat(50_000)));
    expect(Buffer.byteLength(JSON.stringify(push.messages[0]?.contents))).toBeLessThanOrEqual(LINE_LIMITS.bubbleBytes);
    expect(Array.from(push.messages[0]?.altText ?? '').length).toBeLessThanOrEqual(LINE_LIMITS.altText);
  });

  it('takes only what is worth one of the month\u2019s few messages', () => {
    expect(lineMatters(notificationFor('root-success-no-mfa-01.json'))).toBe(true);
    expect(lineMatters(notificationFor('iam-user-success-mfa-u2f-01.json'))).toBe(false);
  });

  it('gives the same message the same retry key, a UUID, and another message another', () => {
    expect(lineRetryKey('abc')).toBe(lineRetryKey('abc'));
    expect(lineRetryKey('abc')).not.toBe(lineRetryKey('abd'));
    expect(lineRetryKey('abc')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('HTML email', () => {
  it('escapes every event value as HTML text, with no script, remote image or foreign link', () => {
    const hostile =
      '<script>alert(1)</script><img src=https://evil.example/p.png onerror=x()>"\'&<a href="https://evil.example">';
    const email = renderHtmlEmail(hostileNotification(hostile));
    expect(email.html).not.toContain('<script');
    expect(email.html).not.toMatch(/<img[^>]+src="(?!cid:)/);
    expect(email.html).not.toContain('href="https://evil');
    expect(email.html).toContain(escapeHtml('<script>alert(1)</script>'));
    expect(email.text).toContain('<script>alert(1)</script>');
    expect(email.subject).not.toMatch(/[\r\n]/);
  });

  it('carries the cost digest\u2019s chart as figures for an inline image', async () => {
    const { GOLDEN_VARIANTS, renderCostMessages } = await import('../../../dev/golden.js');
    const [digest] = await renderCostMessages(GOLDEN_VARIANTS[0].env);
    if (!digest) throw new Error('no cost digest');
    const email = renderHtmlEmail(digest.notification);
    expect(email.chart?.values).toHaveLength(14);
    expect(email.html).toContain('src="cid:chart"');
  });
});

describe('AWS chat integration (custom notification)', () => {
  it('is version 1.0 from a custom source, with next steps and a thread for a burst', () => {
    const notification = { ...notificationFor('root-success-no-mfa-01.json'), thread: 'root-console:arn' };
    const custom = renderChatbotNotification(notification);
    expect(custom).toMatchObject({ version: '1.0', source: 'custom', content: { textType: 'client-markdown' } });
    expect(custom.content.nextSteps?.length).toBeGreaterThan(0);
    expect(custom.metadata.threadId).toMatch(/^[0-9a-f]{32}$/);
    const again = renderChatbotNotification({ ...notificationFor('root-failure-01.json'), thread: 'root-console:arn' });
    expect(again.metadata.threadId).toBe(custom.metadata.threadId);
  });

  it('escapes mrkdwn from the event so it cannot mention or link', () => {
    const custom = renderChatbotNotification(hostileNotification('<!channel> <https://evil.example|click>'));
    expect(strings(custom).join('\n')).not.toMatch(/<!channel>|<https:\/\/evil/);
  });
});
