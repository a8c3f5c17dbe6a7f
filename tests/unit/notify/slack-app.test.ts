import { describe, expect, it } from 'vitest';
import { apiCallActionLinks, withActionLinks } from '../../../src/lib/actions/links.js';
import { verifyActionToken } from '../../../src/lib/actions/token.js';
import { normalizeApiCall } from '../../../src/lib/api-calls/api-call.js';
import { renderSlack, SLACK_LIMITS } from '../../../src/lib/notify/slack.js';
import { isSlackAppMessage, renderSlackApp, withCount } from '../../../src/lib/notify/slack-app.js';
import { stratusRecord } from '../../helpers/attack-cases.js';
import { notificationFor } from '../../helpers/notifications.js';

/** Slack app mode's message: the webhook's, with its thread, and buttons that act in Slack when asked for. */

const SECRET = 'slack-app-test-secret-0123456789abcdefgh';
const NOW = Date.parse('2026-12-02T03:12:00Z');
const context = { secret: SECRET, baseUrl: 'https://abc.lambda-url.us-east-1.on.aws/', nowMs: NOW };

interface Element {
  type: string;
  action_id?: string;
  url?: string;
  value?: string;
  style?: string;
  text: { text: string };
  confirm?: { title: { text: string }; text: { text: string }; confirm: { text: string }; deny: { text: string } };
}

function buttonsOf(message: ReturnType<typeof renderSlack>): Element[] {
  const blocks = (message.attachments?.[0]?.blocks ?? []) as unknown as { type: string; elements?: Element[] }[];
  return blocks.filter((block) => block.type === 'actions').flatMap((block) => block.elements ?? []);
}

function alertWithLinks(locale: 'en' | 'ja' = 'en') {
  const call = normalizeApiCall(stratusRecord('defense-evasion.cloudtrail-stop', 'StopLogging'), {});
  const links = apiCallActionLinks(call, 'cloudtrail-stopped', context, locale, 'high');
  return { call, links, notification: withActionLinks(notificationFor('root-success-mfa-01.json'), links, locale) };
}

describe('buttons that act in Slack', () => {
  it('carry the link\u2019s token as their value, one button a duration, and no URL to open', () => {
    const { call, links, notification } = alertWithLinks();
    const acting = buttonsOf(renderSlack(notification, { interactive: true })).filter((button) => button.value);
    expect(acting.map((button) => button.text.text)).toEqual([
      'This was me: 1 day',
      'This was me: 7 days',
      'Mute this detection: 1 hour',
      'Mute this detection: 24 hours',
      'Mute this detection: 7 days',
      `Deactivate access key ${call.principal.accessKeyId}`,
      'Deny everything to user christophe',
    ]);
    expect(new Set(acting.map((button) => button.action_id)).size).toBe(acting.length);
    for (const button of acting) {
      expect(button.url).toBeUndefined();
      expect(button.action_id).toMatch(/^aw-act-\d+(-\w+)?$/);
      expect(button.value?.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonValue);
    }
    const form = new URLSearchParams(acting[3]?.value);
    expect(form.get('duration')).toBe('24h');
    // The same token as the link: verified, for the same action.
    expect(form.get('t')).toBe(new URL(links[1]?.url ?? '').searchParams.get('t'));
    const check = verifyActionToken(SECRET, form.get('t'), NOW, String(call.accountId));
    expect(check.ok && check.claims.action).toBe('mute');
  });

  it('ask first for a lock-down, in Slack\u2019s dialog, saying what it does; never for a mute', () => {
    const { call, notification } = alertWithLinks();
    const acting = buttonsOf(renderSlack(notification, { interactive: true })).filter((button) => button.value);
    const deactivate = acting.find((button) => button.text.text.startsWith('Deactivate'));
    expect(deactivate?.style).toBe('danger');
    expect(deactivate?.confirm?.text.text).toContain(`Deactivate access key ${call.principal.accessKeyId}`);
    expect(deactivate?.confirm?.confirm.text).toBe('Confirm');
    expect(deactivate?.confirm?.deny.text).toBe('Cancel');
    expect(deactivate?.confirm?.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.confirmText);
    expect(acting.filter((button) => button.text.text.startsWith('Mute')).every((b) => !b.confirm)).toBe(true);
    const ja = buttonsOf(renderSlack(alertWithLinks('ja').notification, { interactive: true }));
    expect(ja.find((button) => button.confirm)?.confirm?.deny.text).toBe('キャンセル');
  });

  it('stay URL buttons that open the page without the app\u2019s signing secret (and in webhook mode)', () => {
    const { links, notification } = alertWithLinks();
    const buttons = buttonsOf(renderSlack(notification)).filter((button) => button.url?.includes('?t='));
    expect(buttons.map((button) => button.url)).toEqual(links.map((link) => link.url));
    expect(buttons.every((button) => button.value === undefined)).toBe(true);
    const app = renderSlackApp(notification, { interactive: false });
    expect(buttonsOf(app.message).filter((button) => button.value)).toEqual([]);
  });
});

describe('the app\u2019s message', () => {
  it('keeps the thread of a burst and says when it is a follow-up', () => {
    const notification = notificationFor('root-success-mfa-01.json');
    const first = renderSlackApp(
      { ...notification, thread: 'iam-user-created:arn:aws:iam::1:user/a' },
      {
        interactive: false,
      },
    );
    expect(isSlackAppMessage(first)).toBe(true);
    expect(first.thread).toEqual({ key: 'iam-user-created:arn:aws:iam::1:user/a' });
    expect(first.message).toEqual(renderSlack(notification));
    const later = renderSlackApp({ ...notification, thread: 'k', followUp: { count: 100 } }, { interactive: false });
    expect(later.thread).toEqual({ key: 'k', followUp: { count: 100 } });
    expect(isSlackAppMessage(renderSlack(notification))).toBe(false);
  });

  it('shows × N on the first message\u2019s header and text, replacing an earlier count, within Slack\u2019s limits', () => {
    const message = renderSlack({ ...notificationFor('root-success-mfa-01.json'), title: 'x'.repeat(400) });
    const counted = withCount(withCount(message, 10), 100);
    const blocks = (counted.attachments?.[0]?.blocks ?? []) as { type: string; text?: { text: string } }[];
    const header = blocks.find((block) => block.type === 'header');
    expect(header?.text?.text).toMatch(/ × 100$/);
    expect(header?.text?.text).not.toContain('× 10 ');
    expect(header?.text?.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    expect(counted.text).toMatch(/x × 100$/);
    // The rest as posted.
    expect(counted.attachments?.[0]?.color).toBe(message.attachments?.[0]?.color);
  });
});
