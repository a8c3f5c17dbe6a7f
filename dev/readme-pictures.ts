import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { displayWidth } from '../src/lib/notify/text.js';

/**
 * The README's pictures of each kind of message, drawn from the golden files (the exact SNS Publish
 * requests the tests check), so a picture can never show a message the stack does not send. Each is an SVG
 * of the email as a mail client shows it: the subject, a band in the severity's colour, the body's first
 * lines. Deterministic text, so `npm run docs` rewrites them and a test fails while one is stale.
 */

const ROOT = join(import.meta.dirname, '..');
export const PICTURES_DIR = join(ROOT, 'docs', 'images');

export interface Picture {
  /** The file under docs/images/, without .svg. */
  name: string;
  /** The golden SNS Publish request it is drawn from, under tests/golden/. */
  golden: string;
  /** What the README says under it. */
  caption: string;
  /** Body lines shown before "…" (the whole body when it is shorter). */
  lines: number;
}

export const PICTURES: Picture[] = [
  {
    name: 'signin-root-no-mfa',
    golden: 'en/signin/root-success-no-mfa-01.sns-publish.json',
    caption: 'A console sign-in: root, without MFA',
    lines: 22,
  },
  {
    name: 'signin-guessing',
    golden: 'en/signin/history-06-password-guessing.sns-publish.json',
    caption: 'Password guessing: five failures in 15 minutes, one alert',
    lines: 18,
  },
  {
    name: 'signin-ja',
    golden: 'ja/signin/history-03-new-country.sns-publish.json',
    caption: 'The same in Japanese (locale=ja): a first sign-in from a new country',
    lines: 18,
  },
  {
    name: 'api-call-cloudtrail-stopped',
    golden: 'en/api-calls/defense-evasion.cloudtrail-stop.sns-publish.json',
    caption: 'A real-time API-call alert: the trail stopped',
    lines: 20,
  },
  {
    name: 'cost-digest',
    golden: 'en/cost/digest-2021-08-29.sns-publish.json',
    caption: 'The daily cost digest',
    lines: 26,
  },
  {
    name: 'security-digest',
    golden: 'en/security/digest-2023-07-10.sns-publish.json',
    caption: 'The daily security digest from the saved CloudTrail queries',
    lines: 16,
  },
  {
    name: 'hygiene-report',
    golden: 'en/hygiene/unhealthy.sns-publish.json',
    caption: 'The weekly hygiene report',
    lines: 20,
  },
  {
    name: 'test-alert',
    golden: 'en/health/test-alert.sns-publish.json',
    caption: 'npm run test-alert: proof that the path works',
    lines: 14,
  },
];

const COLOURS: Record<string, string> = {
  CRITICAL: '#b00020',
  HIGH: '#d9480f',
  MEDIUM: '#e8a200',
  LOW: '#1971c2',
  INFO: '#5c7080',
};
const WIDTH = 760;
const COLUMNS = 92;
const LINE = 18;

const escapeXml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** Wraps a line at COLUMNS display columns (a full-width character takes two), at a space where there is one. */
function wrap(line: string): string[] {
  const out: string[] = [];
  let rest = line;
  while (displayWidth(rest) > COLUMNS) {
    let cut = 0;
    let width = 0;
    for (const char of rest) {
      if (width + displayWidth(char) > COLUMNS) break;
      width += displayWidth(char);
      cut += char.length;
    }
    const space = rest.lastIndexOf(' ', cut);
    const at = space > cut / 2 ? space : cut;
    out.push(rest.slice(0, at));
    rest = rest.slice(at).trimStart();
  }
  out.push(rest);
  return out;
}

/** The picture of one golden email. Pure. */
export function renderPicture(picture: Picture): string {
  const publish = JSON.parse(readFileSync(join(ROOT, 'tests', 'golden', picture.golden), 'utf8')) as {
    Subject: string;
    Message: string;
  };
  const email = (JSON.parse(publish.Message) as { email: string }).email;
  const body = email.split('\n');
  const severity = /^\[([A-Z]+)\]/.exec(publish.Subject)?.[1] ?? /^\[([A-Z]+)\]/.exec(body[0] ?? '')?.[1] ?? 'INFO';
  const wrapped = body.flatMap(wrap);
  const shown = wrapped.slice(0, picture.lines);
  if (wrapped.length > picture.lines) shown.push('…');
  const top = 70;
  const height = top + shown.length * LINE + 20;
  const colour = COLOURS[severity] ?? COLOURS.INFO;
  const text = shown
    .map(
      (line, index) =>
        `  <text x="24" y="${top + index * LINE}" xml:space="preserve"${index === 0 ? ' font-weight="bold"' : ''}>${escapeXml(line)}</text>`,
    )
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${escapeXml(picture.caption)}">
  <title>${escapeXml(picture.caption)}</title>
  <rect x="0.5" y="0.5" width="${WIDTH - 1}" height="${height - 1}" rx="8" fill="#ffffff" stroke="#d0d7de"/>
  <rect x="0.5" y="0.5" width="8" height="${height - 1}" rx="4" fill="${colour}"/>
  <text x="24" y="28" font-family="system-ui, -apple-system, 'Segoe UI', 'Hiragino Sans', 'Noto Sans CJK JP', sans-serif" font-size="15" font-weight="bold" fill="#1f2328">${escapeXml(publish.Subject)}</text>
  <line x1="24" y1="42" x2="${WIDTH - 24}" y2="42" stroke="#d0d7de"/>
  <g font-family="ui-monospace, 'SF Mono', Menlo, Consolas, 'Noto Sans Mono CJK JP', monospace" font-size="12.5" fill="#1f2328">
${text}
  </g>
</svg>
`;
}

/** Rewrites every picture that changed; returns the names rewritten. */
export function updatePictures(): string[] {
  const changed: string[] = [];
  for (const picture of PICTURES) {
    const path = join(PICTURES_DIR, `${picture.name}.svg`);
    const next = renderPicture(picture);
    if (existsSync(path) && readFileSync(path, 'utf8') === next) continue;
    writeFileSync(path, next);
    changed.push(picture.name);
  }
  return changed;
}
