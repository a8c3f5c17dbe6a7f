import type { Notification } from './notification.js';
import { SEVERITY_COLOURS } from './severity.js';
import { renderEmailBody } from './sns.js';
import { cutLongValue, isHttpsLink, toOneLine, truncate } from './text.js';

/**
 * The rich email (SES, when emailFrom is set): an HTML message with the plain-text email as its
 * alternative. Tables and inline styles only, which every mail client renders; no script, no remote image,
 * no web font, no form. Every value from an event is escaped as HTML text; the only links are ours.
 */

/**
 * The bar chart the HTML shows as cid:chart. Kept as its figures, not as a picture: the sender draws it
 * (chart-png.ts) when it sends, so the alert functions never load a PNG encoder and the queue carries bytes
 * of numbers rather than kilobytes of image.
 */
export interface EmailChart {
  contentId: 'chart';
  values: number[];
  highlight: string;
}

export interface HtmlEmail {
  subject: string;
  html: string;
  text: string;
  chart?: EmailChart;
}

/** Escapes text for an HTML element or a quoted attribute value. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** One untrusted value, one line, cut, escaped. */
const shown = (value: string) => escapeHtml(cutLongValue(toOneLine(value)));

/** Our links only: https URLs, escaped for the attribute; anything else is shown as text without a link. */
function safeHref(url: string): string | undefined {
  return url.startsWith('https://') ? escapeHtml(url) : undefined;
}

const FONT = "-apple-system,'Segoe UI',Roboto,'Hiragino Sans','Meiryo',Arial,sans-serif";
const MONO = "Menlo,Consolas,'Courier New',monospace";

/** A subject of one line; SES sends UTF-8, so Japanese need not be reduced to ASCII as SNS's must. */
export function emailSubject(subject: string): string {
  return truncate(toOneLine(subject) || 'AWS account notification', 200);
}

export function renderHtmlEmail(notification: Notification): HtmlEmail {
  const colour = SEVERITY_COLOURS[notification.severity];
  let chart: EmailChart | undefined;
  const parts: string[] = [];
  parts.push(
    `<tr><td style="background:${colour};height:8px;line-height:8px;font-size:0">&nbsp;</td></tr>`,
    `<tr><td style="padding:20px 24px 8px">`,
    `<div style="color:${colour};font-size:12px;font-weight:bold;letter-spacing:.04em">${shown(notification.severityLabel)}</div>`,
    `<h1 style="margin:4px 0 12px;font-size:20px;line-height:1.3;color:#111">${shown(notification.title)}</h1>`,
    `<p style="margin:0 0 12px;font-size:15px;line-height:1.5;color:#333">${shown(notification.summary)}</p>`,
    `</td></tr>`,
  );
  if (notification.fields.length > 0) {
    const rows = notification.fields
      .map(
        (field) =>
          `<tr><th align="left" valign="top" style="padding:6px 12px 6px 0;font-size:13px;color:#666;font-weight:normal;white-space:nowrap">${shown(field.label)}</th>` +
          `<td style="padding:6px 0;font-size:14px;color:#111;word-break:break-word">${shown(field.value)}</td></tr>`,
      )
      .join('');
    parts.push(
      `<tr><td style="padding:0 24px 8px"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;border-top:1px solid #eee">${rows}</table></td></tr>`,
    );
  }
  if (notification.chart && notification.chart.values.length > 0) {
    chart = { contentId: 'chart', values: notification.chart.values, highlight: colour };
    parts.push(
      `<tr><td style="padding:8px 24px">`,
      `<div style="font-size:13px;color:#666;margin-bottom:4px">${shown(notification.chart.caption)}</div>`,
      `<img src="cid:chart" width="552" height="138" alt="${shown(notification.chart.caption)}" style="display:block;width:100%;max-width:552px;height:auto;border:0">`,
      `</td></tr>`,
    );
  }
  for (const detail of notification.details ?? []) {
    const buttons = (detail.buttons ?? []).filter((button) => isHttpsLink(button.url));
    if (buttons.length > 0) {
      // Links, not the URLs as text: a signed URL is long, and a mail client that does not link it breaks it.
      const items = buttons
        .map(
          (button) =>
            `<li style="margin:0 0 8px"><a href="${escapeHtml(button.url)}" style="color:${button.danger ? SEVERITY_COLOURS.critical : '#1565C0'};font-weight:bold">${shown(button.label)}</a></li>`,
        )
        .join('');
      parts.push(
        `<tr><td style="padding:8px 24px">`,
        `<h2 style="margin:8px 0 6px;font-size:15px;color:#111">${shown(detail.heading)}</h2>`,
        `<ul style="margin:0;padding-left:20px;font-size:14px;line-height:1.5">${items}</ul>`,
        `</td></tr>`,
      );
      continue;
    }
    const href = detail.link ? safeHref(detail.link.url) : undefined;
    parts.push(
      `<tr><td style="padding:8px 24px">`,
      `<h2 style="margin:8px 0 6px;font-size:15px;color:#111">${shown(detail.heading)}</h2>`,
      // The digests' rows are aligned in columns: kept in a fixed-width font, wrapped on a narrow screen.
      `<div style="font-family:${MONO};font-size:12px;line-height:1.5;color:#333;white-space:pre-wrap;word-break:break-word">${detail.lines.map(shown).join('<br>')}</div>`,
      href && detail.link
        ? `<p style="margin:6px 0 0;font-size:13px"><a href="${href}" style="color:#1565C0">${shown(detail.link.label)}</a></p>`
        : '',
      `</td></tr>`,
    );
  }
  if (notification.actions.length > 0) {
    const steps = notification.actions.map((action) => `<li style="margin:0 0 6px">${shown(action)}</li>`).join('');
    parts.push(
      `<tr><td style="padding:8px 24px">`,
      `<h2 style="margin:8px 0 6px;font-size:15px;color:#111">${shown(notification.actionsHeading)}</h2>`,
      `<ol style="margin:0;padding-left:20px;font-size:14px;line-height:1.5;color:#333">${steps}</ol>`,
      `</td></tr>`,
    );
  }
  const button = notification.link ? safeHref(notification.link.url) : undefined;
  if (button && notification.link) {
    parts.push(
      `<tr><td style="padding:12px 24px 8px">`,
      `<a href="${button}" style="display:inline-block;background:${colour};color:#ffffff;font-size:14px;font-weight:bold;text-decoration:none;padding:10px 18px;border-radius:4px">${shown(notification.link.label)}</a>`,
      `</td></tr>`,
    );
  }
  if (notification.footer.length > 0) {
    parts.push(
      `<tr><td style="padding:16px 24px 20px;font-size:11px;line-height:1.5;color:#888;border-top:1px solid #eee">${notification.footer.map(shown).join('<br>')}</td></tr>`,
    );
  }
  const subject = emailSubject(notification.subject);
  const html = [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="color-scheme" content="light"><title>${escapeHtml(subject)}</title></head>`,
    `<body style="margin:0;padding:0;background:#f3f4f6;font-family:${FONT}">`,
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6"><tr><td align="center" style="padding:16px 8px">',
    '<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="width:100%;max-width:600px;background:#ffffff;border-collapse:collapse;border-radius:6px;overflow:hidden">',
    ...parts,
    '</table></td></tr></table></body></html>',
  ].join('\n');
  return { subject, html, text: renderEmailBody(notification), ...(chart ? { chart } : {}) };
}
