/// <reference lib="dom" />
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_PICTURES_DIR, actionPicturePages } from '../../dev/action-pictures.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../../dev/channel-pictures.js';
import { type LocalHistoryTable, startHistoryTable } from '../../dev/history-table.js';
import { tableActionStore } from '../../src/lib/actions/act.js';
import { type ActionDeps, handleActionRequest } from '../../src/lib/actions/http.js';
import { signActionToken } from '../../src/lib/actions/token.js';
import type { Notification } from '../../src/lib/notify/notification.js';

/**
 * The action pages in a real browser (Debian's Chromium, headless), served over HTTP with the headers the
 * function URL sends: the Content-Security-Policy lets the page's own style in and nothing else, opening the
 * link (as a mail scanner would, twice) does nothing, and only the button acts. The README's pictures are
 * screenshots of pages that are still what the function serves.
 */

const SECRET = 'browser-test-secret-0123456789abcdefghijkl';
const ACCOUNT = '123456789012';
let browser: Browser;
let server: Server;
let base: string;
let table: LocalHistoryTable;
const announced: Notification[] = [];
let deps: ActionDeps;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  table = await startHistoryTable('actions-browser');
  deps = {
    secret: SECRET,
    account: ACCOUNT,
    locale: 'en',
    timeZone: 'UTC',
    store: tableActionStore(table.client, table.tableName),
    keys: async () => {
      throw new Error('no key is touched here');
    },
    announce: async (notification) => {
      announced.push(notification);
    },
  };
  // The function URL's translation of an HTTP request into its event (payload 2.0), and back.
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const page = await handleActionRequest(
        {
          body: Buffer.concat(chunks).toString('utf8'),
          queryStringParameters: Object.fromEntries(url.searchParams),
          requestContext: {
            domainName: request.headers.host,
            http: { method: request.method, sourceIp: '127.0.0.1', userAgent: request.headers['user-agent'] },
          },
        },
        deps,
      );
      response.writeHead(page.statusCode, page.headers);
      response.end(page.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  await table?.close();
});

const muteLink = (detection: string) =>
  `${base}?t=${signActionToken(SECRET, {
    action: 'mute',
    alert: 'e-1',
    detection,
    account: ACCOUNT,
    expires: Math.floor(Date.now() / 1000) + 3_600,
  })}`;

describe('the action pages in Chromium', () => {
  it('applies its own style under the strict policy, and shows a page that changes nothing until the button', async () => {
    const tab = await browser.newPage({ viewport: { width: 390, height: 700 } });
    const violations: string[] = [];
    tab.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    const link = muteLink('iam-user-created');
    // A mail scanner or a link preview opens it first: nothing happens.
    await tab.goto(link);
    await tab.goto(link);
    expect(await deps.store.quieted('iam-user-created', undefined, Date.now() / 1000)).toBe(false);
    const looks = await tab.evaluate(() => {
      const button = document.querySelector('button');
      return {
        background: button ? getComputedStyle(button).backgroundColor : '',
        scripts: document.querySelectorAll('script').length,
        width: document.documentElement.scrollWidth,
      };
    });
    expect(looks).toEqual({ background: 'rgb(179, 38, 30)', scripts: 0, width: 390 });
    expect(violations).toEqual([]);
    await tab.selectOption('select[name="duration"]', '1h');
    await Promise.all([tab.waitForNavigation(), tab.click('button')]);
    expect(await tab.textContent('body')).toContain('Detection iam-user-created is muted until');
    expect(await deps.store.quieted('iam-user-created', undefined, Date.now() / 1000)).toBe(true);
    expect(announced).toHaveLength(1);
    // Back and submit again: the link was used.
    await tab.goBack();
    await Promise.all([tab.waitForNavigation(), tab.click('button')]);
    expect(await tab.textContent('body')).toContain('The link was used already');
    await tab.close();
  });

  it('blocks what the policy does not allow: an injected script does not run', async () => {
    const tab = await browser.newPage();
    await tab.goto(muteLink('role-trust-opened'));
    const ran = await tab.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.injected = 1';
      document.body.append(script);
      await new Promise((resolve) => setTimeout(resolve, 50));
      return (window as unknown as { injected?: number }).injected;
    });
    expect(ran).toBeUndefined();
    await tab.close();
  });

  it('keeps the README\u2019s pictures of the pages current (npm run docs takes the screenshots)', () => {
    for (const { name, html } of actionPicturePages()) {
      expect(readFileSync(join(ACTION_PICTURES_DIR, `${name}.html`), 'utf8'), name).toBe(html);
      expect(existsSync(join(ACTION_PICTURES_DIR, `${name}.png`)), name).toBe(true);
    }
  });
});
