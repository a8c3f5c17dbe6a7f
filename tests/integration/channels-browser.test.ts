/// <reference lib="dom" />
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHANNEL_PICTURES,
  CHANNEL_PICTURES_DIR,
  CHROMIUM,
  CHROMIUM_ARGS,
  channelPicturePage,
} from '../../dev/channel-pictures.js';
import { loadSignInFixture } from '../../dev/fixtures.js';
import { GOLDEN_DIR } from '../../dev/golden.js';
import { renderHtmlEmail } from '../../src/lib/notify/email-html.js';
import { notificationFor } from '../helpers/notifications.js';

/**
 * The HTML email in a real browser (Debian's Chromium, headless): what an attacker puts in an event stays
 * text, nothing is fetched from anywhere, and the severity shows as the band's colour. And the README's
 * channel pictures are screenshots of pages that are still what the golden files say.
 */

let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
});

/** Opens HTML as a mail client would show it, refusing and recording every request it makes. */
async function open(html: string) {
  const tab = await browser.newPage();
  const requested: string[] = [];
  await tab.route('**/*', (route) => {
    requested.push(route.request().url());
    return route.abort();
  });
  await tab.setContent(html, { waitUntil: 'load' });
  return { tab, requested };
}

describe('the HTML email in Chromium', () => {
  it('shows an attacker\u2019s markup as text: no script, no handler, no foreign link, nothing fetched', async () => {
    const hostile =
      '<script>window.pwned=1</script><img src="https://evil.example/p.png" onerror="window.pwned=2"><a href="https://evil.example">click</a><style>body{display:none}</style>';
    const record = loadSignInFixture('iam-user-failure-01.json');
    (record.userIdentity as Record<string, unknown>).userName = hostile;
    record.userAgent = hostile;
    const { tab, requested } = await open(renderHtmlEmail(notificationFor(record)).html);
    const found = await tab.evaluate(() => ({
      pwned: (window as unknown as { pwned?: number }).pwned,
      scripts: document.querySelectorAll('script').length,
      images: document.querySelectorAll('img').length,
      styles: document.querySelectorAll('style').length,
      handlers: document.querySelectorAll('[onerror]').length,
      links: Array.from(document.querySelectorAll('a'), (a) => a.getAttribute('href')),
      // biome-ignore lint/performance/useDomNodeTextContent: what the reader sees is the rendered text.
      text: document.body.innerText,
      visible: getComputedStyle(document.body).display,
    }));
    expect(found).toMatchObject({ pwned: undefined, scripts: 0, images: 0, styles: 0, handlers: 0, visible: 'block' });
    expect(found.links.every((href) => href?.startsWith('https://') && !href.includes('evil'))).toBe(true);
    expect(found.text).toContain('<script>window.pwned=1</script>');
    expect(requested).toEqual([]);
    await tab.close();
  });

  it('draws the severity as the band\u2019s colour and shows the Japanese digest whole', async () => {
    const html = readFileSync(join(GOLDEN_DIR, 'ja', 'cost', 'digest-2021-08-29.email.html'), 'utf8');
    const { tab, requested } = await open(html);
    const found = await tab.evaluate(() => ({
      band: getComputedStyle(document.querySelector('td[style*="height:8px"]') as Element).backgroundColor,
      title: document.querySelector('h1')?.textContent,
      chart: document.querySelector('img')?.getAttribute('src'),
      width: document.body.scrollWidth,
    }));
    // HIGH is #E65100 on every channel.
    expect(found.band).toBe('rgb(230, 81, 0)');
    expect(found.title).toContain('2021-08-28');
    expect(found.chart).toBe('cid:chart');
    // Only the cid: image, which a mail client resolves from the message itself, was asked for.
    expect(requested.every((url) => url.startsWith('cid:'))).toBe(true);
    await tab.setViewportSize({ width: 360, height: 800 });
    expect(await tab.evaluate(() => document.body.scrollWidth)).toBeLessThanOrEqual(360);
    await tab.close();
  });
});

describe('the README\u2019s channel pictures', () => {
  it.each(CHANNEL_PICTURES)('$name is a screenshot of the page the golden file makes today', async (picture) => {
    const page = readFileSync(join(CHANNEL_PICTURES_DIR, `${picture.name}.html`), 'utf8');
    expect(page, 'run npm run docs').toBe(await channelPicturePage(picture));
    const png = join(CHANNEL_PICTURES_DIR, `${picture.name}.png`);
    expect(existsSync(png)).toBe(true);
    const bytes = readFileSync(png);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    // The screenshot is as wide as the picture's page.
    expect(bytes.readUInt32BE(16)).toBe(picture.width);
  });
});
