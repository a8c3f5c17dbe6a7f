import { createHash } from 'node:crypto';
import { ACTION_MESSAGES, type ActionMessages } from '../i18n/actions.js';
import type { Locale } from '../i18n/index.js';
import { escapeHtml } from '../notify/email-html.js';
import { describeAction, durationsFor } from './describe.js';
import type { ActionClaims } from './token.js';

/**
 * The action pages: plain HTML that works on a phone, in both languages, with no script at all and a
 * Content-Security-Policy that allows only its own inline style (by hash) and posting its form to itself.
 * Every value from a link is escaped. Pure: the handler sends what these return.
 */

export interface Page {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

const STYLE = `body{font-family:system-ui,-apple-system,"Hiragino Sans","Noto Sans CJK JP",sans-serif;max-width:34rem;margin:0 auto;padding:1rem;color:#1d1d1f;line-height:1.5}
h1{font-size:1.3rem}p.note{color:#555;font-size:.9rem}button{font-size:1.1rem;padding:.7rem 1.4rem;border:0;border-radius:.4rem;background:#b3261e;color:#fff}
label{display:block;margin:.6rem 0}select{font-size:1rem;padding:.3rem}a{color:#0b57d0}`;
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/** The policy of every page: nothing loads, nothing runs, the form posts only here, nobody frames it. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${STYLE_HASH}'`,
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

function page(statusCode: number, locale: Locale, title: string, inner: string): Page {
  const m = ACTION_MESSAGES[locale];
  return {
    statusCode,
    headers: HEADERS,
    body: `<!doctype html><html lang="${m.htmlLang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><h1>${escapeHtml(title)}</h1>${inner}</body></html>`,
  };
}

/** GET: what the link would do, and the one button that does it. Nothing is changed by showing it. */
export function confirmPage(claims: ActionClaims, token: string, csrf: string, locale: Locale): Page {
  const m = ACTION_MESSAGES[locale];
  const durations = durationsFor(claims);
  const choice = durations
    ? `<label>${escapeHtml(m.duration)} <select name="duration">${Object.keys(durations)
        .map((key) => `<option value="${escapeHtml(key)}">${escapeHtml(m.durations[key] ?? key)}</option>`)
        .join('')}</select></label>`
    : '';
  return page(
    200,
    locale,
    m.confirmTitle,
    `<p>${escapeHtml(m.intro(claims.detection, claims.account))}</p><p><strong>${escapeHtml(describeAction(claims, m))}</strong></p><form method="post">${choice}<input type="hidden" name="t" value="${escapeHtml(token)}"><input type="hidden" name="csrf" value="${escapeHtml(csrf)}"><button type="submit">${escapeHtml(m.confirm)}</button></form><p class="note">${escapeHtml(m.nothingYet)}</p>`,
  );
}

/** After the POST: what was done, and the undo link where there is one. */
export function donePage(locale: Locale, done: string, undoUrl?: string): Page {
  const m = ACTION_MESSAGES[locale];
  const undo = undoUrl
    ? `<p><a href="${escapeHtml(undoUrl)}">${escapeHtml(m.undoLink)}</a></p><p class="note">${escapeHtml(m.undoNote)}</p>`
    : '';
  return page(200, locale, m.doneTitle, `<p>${escapeHtml(done)}</p>${undo}`);
}

export type Refusal = keyof ActionMessages['refused'];

const REFUSAL_STATUS: Record<Refusal, number> = {
  malformed: 400,
  signature: 403,
  expired: 410,
  account: 403,
  used: 409,
  csrf: 403,
  choice: 400,
  root: 403,
  failed: 502,
  tooLarge: 413,
  method: 405,
  disabled: 404,
  slackSignature: 401,
  slackStale: 401,
};

/** A plain page saying why nothing was done. */
export function refusedPage(reason: Refusal, locale: Locale): Page {
  const m = ACTION_MESSAGES[locale];
  return page(REFUSAL_STATUS[reason], locale, m.refusedTitle, `<p>${escapeHtml(m.refused[reason])}</p>`);
}
