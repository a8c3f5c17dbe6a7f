import { describe, expect, it } from 'vitest';
import { loadSignInFixture } from '../../../dev/fixtures.js';
import type { Notification } from '../../../src/lib/notify/notification.js';
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from '../../../src/lib/notify/retry.js';
import { escapeMrkdwn, fitMrkdwn, renderSlack, SLACK_LIMITS } from '../../../src/lib/notify/slack.js';
import { notificationFor } from '../../helpers/notifications.js';

type Block = Record<string, unknown> & { type: string };

function blocksOf(notification: Notification): Block[] {
  return (renderSlack(notification).attachments?.[0]?.blocks ?? []) as unknown as Block[];
}

/**
 * Every string Slack parses for mentions and links: mrkdwn text objects, the message text and the
 * attachment fallback. plain_text objects (header, button) are shown literally, so they are left out.
 */
function parsedTexts(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) parsedTexts(item, found);
  else if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (object.type === 'plain_text') return found;
    for (const [key, item] of Object.entries(object)) {
      if (typeof item === 'string' && ['text', 'fallback'].includes(key)) found.push(item);
      else parsedTexts(item, found);
    }
  }
  return found;
}

describe('renderSlack', () => {
  it('renders a root sign-in as header, summary, fields, actions, a CloudTrail button and context, in red', () => {
    const payload = renderSlack(notificationFor('root-success-mfa-01.json'));
    const attachment = payload.attachments?.[0];
    expect(attachment?.color).toBe('#B71C1C');
    expect(payload.text).toBe('CRITICAL: Root user signed in to the AWS console');
    const blocks = blocksOf(notificationFor('root-success-mfa-01.json'));
    expect(blocks.map((block) => block.type)).toEqual([
      'header',
      'section',
      'section',
      'section',
      'actions',
      'context',
    ]);
    expect(blocks[0]).toEqual({
      type: 'header',
      text: {
        type: 'plain_text',
        text: ':rotating_light: CRITICAL: Root user signed in to the AWS console',
        emoji: true,
      },
    });
    const fields = (blocks[2] as unknown as { fields: { text: string }[] }).fields.map((field) => field.text);
    expect(fields).toContain('*Who*\nroot');
    expect(fields).toContain('*MFA*\nused (one-time code (TOTP))');
    expect(fields).toContain('*Source IP*\n192.0.2.0 (reserved or documentation address, no country)');
    expect(blocks[4]).toEqual({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Open the event in CloudTrail' },
          url: 'https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/deb1e1f9-c99b-4612-8e9f-21f93b5d79c0',
          style: 'danger',
        },
      ],
    });
  });

  it('colours by severity', () => {
    expect(renderSlack(notificationFor('iam-user-success-no-mfa-01.json')).attachments?.[0]?.color).toBe('#E65100');
    expect(renderSlack(notificationFor('iam-user-failure-01.json')).attachments?.[0]?.color).toBe('#F9A825');
    expect(renderSlack(notificationFor('iam-user-success-mfa-u2f-01.json')).attachments?.[0]?.color).toBe('#1565C0');
  });

  it('cannot be made to mention anyone or disguise a link by values from the event', () => {
    const record = loadSignInFixture('iam-user-failure-01.json');
    const hostile = '<!channel> <@U123> <https://evil.example|click> @here & <!subteam^S1>';
    (record.userIdentity as Record<string, unknown>).userName = hostile;
    record.userAgent = hostile;
    record.sourceIPAddress = hostile;
    const payload = renderSlack(notificationFor(record));
    const texts = parsedTexts(payload);
    expect(texts.length).toBeGreaterThan(10);
    for (const text of texts) {
      expect(text).not.toMatch(/<[!@#]/);
      expect(text).not.toContain('<https://evil');
    }
    expect(texts.join('\n')).toContain('&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|click&gt; @here &amp;');
    // Auto-parsing of "@here" and bare URLs is off wherever event text appears as mrkdwn.
    const header = blocksOf(notificationFor(record))[0] as unknown as { text: { type: string } };
    expect(header.text.type).toBe('plain_text');
    const mrkdwnObjects =
      JSON.stringify(payload).match(/"type":"mrkdwn","text":"(?:[^"\\]|\\.)*","verbatim":true/g) ?? [];
    const allMrkdwn = JSON.stringify(payload).match(/"type":"mrkdwn"/g) ?? [];
    expect(mrkdwnObjects.length).toBe(allMrkdwn.length);
  });

  it('keeps every text within Block Kit limits when values are huge', () => {
    const record = loadSignInFixture('iam-user-failure-01.json');
    (record.userIdentity as Record<string, unknown>).userName = '<&>'.repeat(5000);
    record.userAgent = 'A'.repeat(10_000);
    record.eventID = 'e'.repeat(4000);
    const notification = notificationFor(record);
    const blocks = blocksOf(notification);
    expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    for (const block of blocks) {
      if (block.type === 'header') expect((block.text as { text: string }).text.length).toBeLessThanOrEqual(150);
      if (block.type === 'section') {
        const text = (block.text as { text: string } | undefined)?.text;
        if (text) expect(text.length).toBeLessThanOrEqual(3000);
        for (const field of (block.fields as { text: string }[] | undefined) ?? []) {
          expect(field.text.length).toBeLessThanOrEqual(2000);
          expect(field.text).not.toMatch(/&(?!amp;|lt;|gt;)/);
        }
      }
      if (block.type === 'context') {
        for (const element of block.elements as { text: string }[])
          expect(element.text.length).toBeLessThanOrEqual(3000);
      }
    }
  });

  it('shows many long links as buttons with each URL whole, and drops one that is not https', () => {
    const url = (n: number) => `https://abc.lambda-url.us-east-1.on.aws/?t=${String(n).repeat(900)}`;
    const buttons = [1, 2, 3, 4, 5, 6].map((n) => ({ label: `Link ${n} <!channel>`, url: url(n) }));
    const notification: Notification = {
      ...notificationFor('root-success-mfa-01.json'),
      details: [
        {
          heading: 'Act',
          lines: buttons.map((button) => `${button.label}: ${button.url}`),
          buttons: [...buttons, { label: 'Elsewhere', url: 'http://example.com/' }],
        },
      ],
    };
    const actions = blocksOf(notification).filter((block) => block.type === 'actions');
    const urls = actions.flatMap((block) => (block.elements as { url: string }[]).map((element) => element.url));
    expect(urls).toContain(url(6));
    expect(urls).not.toContain('http://example.com/');
    expect(urls.filter((found) => found.includes('?t='))).toEqual(buttons.map((button) => button.url));
    // The label is plain_text (shown literally, never a mention); sections stay within their limit.
    for (const text of parsedTexts(renderSlack(notification))) expect(text).not.toContain('<!channel>');
    for (const block of blocksOf(notification)) {
      const text = (block.text as { text?: string } | undefined)?.text ?? '';
      expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    }
  });

  it('keeps a block’s lines when none of its links can be a button', () => {
    const notification: Notification = {
      ...notificationFor('root-success-mfa-01.json'),
      details: [
        {
          heading: 'Act',
          lines: ['Elsewhere: http://example.com/'],
          buttons: [{ label: 'Elsewhere', url: 'http://example.com/' }],
        },
      ],
    };
    const texts = blocksOf(notification).map((block) => (block.text as { text?: string } | undefined)?.text ?? '');
    expect(texts).toContain('*Act*\nElsewhere: http://example.com/');
  });

  it('splits more than ten fields over several sections', () => {
    const base = notificationFor('root-success-mfa-01.json');
    const many = { ...base, fields: Array.from({ length: 23 }, (_, i) => ({ label: `F${i}`, value: `${i}` })) };
    const sections = blocksOf(many).filter((block) => Array.isArray(block.fields)) as unknown as {
      fields: unknown[];
    }[];
    expect(sections.map((section) => section.fields.length)).toEqual([10, 10, 3]);
  });
});

describe('escapeMrkdwn and fitMrkdwn', () => {
  it('escapes &, < and > and nothing else', () => {
    expect(escapeMrkdwn('a & b < c > d *e* _f_')).toBe('a &amp; b &lt; c &gt; d *e* _f_');
  });

  it('cuts the raw text, never an escape sequence, to fit the limit', () => {
    const fitted = fitMrkdwn('<'.repeat(100), 50);
    expect(fitted.length).toBeLessThanOrEqual(50);
    expect(fitted).toMatch(/^(&lt;)+…$/);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-28T00:00:00Z');
  it.each([
    ['2', 2000],
    ['1.5', 1500],
    ['0', 0],
    ['-5', 0],
    ['86400', MAX_RETRY_AFTER_MS],
    ['99999999999999999999', MAX_RETRY_AFTER_MS],
    ['Sat, 28 Nov 2026 00:00:03 GMT', 3000],
    ['Fri, 27 Nov 2026 00:00:00 GMT', 0],
  ])('reads %s as %d ms, within 0 to 60 s', (header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });

  it('ignores what it cannot read', () => {
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('renderSlack with astral characters from an event', () => {
  it('keeps the header within 150 UTF-16 code units, the unit Slack counts, without splitting an emoji', () => {
    const record = loadSignInFixture('iam-user-failure-01.json');
    const event = { ...record, userIdentity: { ...(record.userIdentity as object), userName: '😀'.repeat(200) } };
    const block = renderSlack(notificationFor(event)).attachments?.[0]?.blocks?.[0] as
      | { text: { text: string } }
      | undefined;
    const header = block?.text.text ?? '';
    expect(header.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    expect(header).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(header.endsWith('…')).toBe(true);
  });
});
