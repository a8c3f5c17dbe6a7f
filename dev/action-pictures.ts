import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { confirmPage, donePage } from '../src/lib/actions/page.js';
import { csrfToken, signActionToken } from '../src/lib/actions/token.js';
import type { Locale } from '../src/lib/i18n/index.js';
import { CHROMIUM, CHROMIUM_ARGS } from './channel-pictures.js';

/**
 * The README's pictures of the action pages: the confirmation a link opens and the page after it, in both
 * languages, at a phone's width; screenshots in headless Chromium of the pages the function serves (written by
 * `npm run docs`; a test keeps the HTML current).
 */

export const ACTION_PICTURES_DIR = join(import.meta.dirname, '..', 'docs', 'images', 'actions');
/** A phone's width in CSS pixels. */
export const PHONE_WIDTH = 390;

/** A made-up key and nonce: the pictures are the same on every run. */
const PICTURE_SECRET = 'picture-secret-not-used-anywhere-else-0123456789';

export function actionPicturePages(): Array<{ name: string; html: string }> {
  const claims = {
    action: 'deactivate-key' as const,
    alert: '1a4debbb-12e9-4bde-b8c7-ea29002bb2a7',
    detection: 'gpu-or-huge-instances',
    account: '123456789012',
    principal: 'arn:aws:iam::123456789012:user/ci-deploy',
    accessKey: 'AKIAIOSFODNN7EXAMPLE',
    expires: 1_798_761_600,
    nonce: 'picture-nonce',
  };
  const token = signActionToken(PICTURE_SECRET, claims);
  const mute = signActionToken(PICTURE_SECRET, { ...claims, action: 'mute', accessKey: undefined });
  const pages: Array<{ name: string; html: string }> = [];
  for (const locale of ['en', 'ja'] as Locale[]) {
    pages.push({
      name: `confirm-key-${locale}`,
      html: confirmPage(claims, token, csrfToken(PICTURE_SECRET, claims.nonce), locale).body,
    });
    pages.push({
      name: `confirm-mute-${locale}`,
      html: confirmPage({ ...claims, action: 'mute' }, mute, csrfToken(PICTURE_SECRET, claims.nonce), locale).body,
    });
    pages.push({
      name: `done-key-${locale}`,
      html: donePage(
        locale,
        locale === 'ja'
          ? 'アクセスキー AKIAIOSFODNN7EXAMPLE を無効化しました。'
          : 'Access key AKIAIOSFODNN7EXAMPLE deactivated.',
        'https://abc123.lambda-url.us-east-1.on.aws/?t=…',
      ).body,
    });
  }
  return pages;
}

/** Rewrites the pages that changed; returns their names (their screenshots need taking again). */
export function updateActionPages(): string[] {
  mkdirSync(ACTION_PICTURES_DIR, { recursive: true });
  const changed: string[] = [];
  for (const { name, html } of actionPicturePages()) {
    const path = join(ACTION_PICTURES_DIR, `${name}.html`);
    if (existsSync(path) && readFileSync(path, 'utf8') === html && existsSync(path.replace(/\.html$/, '.png')))
      continue;
    writeFileSync(path, html);
    changed.push(name);
  }
  return changed;
}

export async function screenshotActionPages(names: string[]): Promise<void> {
  if (names.length === 0) return;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    for (const name of names) {
      const context = await browser.newContext({ viewport: { width: PHONE_WIDTH, height: 500 }, deviceScaleFactor: 1 });
      const tab = await context.newPage();
      await tab.route('**/*', (route) => route.abort());
      await tab.setContent(readFileSync(join(ACTION_PICTURES_DIR, `${name}.html`), 'utf8'));
      await tab.screenshot({ path: join(ACTION_PICTURES_DIR, `${name}.png`), fullPage: true });
      await context.close();
    }
  } finally {
    await browser.close();
  }
}
