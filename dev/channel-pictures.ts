import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { drawBarChart } from '../src/lib/notify/chart-png.js';
import { escapeHtml, renderHtmlEmail } from '../src/lib/notify/email-html.js';

/**
 * The README's picture of each channel, drawn from the golden files (the exact payloads the tests check):
 * the HTML email as it is, and each chat's payload laid out the way that chat shows it (a Teams card, a
 * Discord embed, a LINE bubble, a Slack attachment, the AWS chat integration's post). Each picture has two
 * files under docs/images/channels/: the page (deterministic HTML, which a test keeps current) and its
 * screenshot in headless Chromium (written by `npm run docs` where Chromium is installed).
 */

const ROOT = join(import.meta.dirname, '..');
export const CHANNEL_PICTURES_DIR = join(ROOT, 'docs', 'images', 'channels');
const GOLDEN = join(ROOT, 'tests', 'golden');

export interface ChannelPicture {
  /** File name under docs/images/channels/, without extension. */
  name: string;
  /** The golden file it is drawn from, under tests/golden/. */
  golden: string;
  caption: string;
  width: number;
}

export const CHANNEL_PICTURES: ChannelPicture[] = [
  {
    name: 'email-html',
    golden: 'en/cost/digest-2021-08-29.email.html',
    caption: 'HTML email (SES): the cost digest with its chart',
    width: 640,
  },
  {
    name: 'slack',
    golden: 'en/api-calls/defense-evasion.cloudtrail-stop.slack.json',
    caption: 'Slack',
    width: 640,
  },
  {
    name: 'teams',
    golden: 'en/api-calls/defense-evasion.cloudtrail-stop.teams.json',
    caption: 'Microsoft Teams (Adaptive Card)',
    width: 640,
  },
  {
    name: 'discord',
    golden: 'en/api-calls/defense-evasion.cloudtrail-stop.discord.json',
    caption: 'Discord (embed)',
    width: 640,
  },
  {
    name: 'line',
    golden: 'ja/signin/root-success-no-mfa-01.line.json',
    caption: 'LINE (Flex Message, Japanese)',
    width: 420,
  },
  {
    name: 'chatbot',
    golden: 'en/api-calls/defense-evasion.cloudtrail-stop.chatbot.json',
    caption: 'AWS chat integration (custom notification)',
    width: 640,
  },
];

const FONT = "'DejaVu Sans', 'Noto Sans CJK JP', 'Hiragino Sans', sans-serif";

function page(width: number, background: string, body: string): string {
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<style>body{margin:0;padding:16px;background:${background};font-family:${FONT};font-size:14px;width:${width - 32}px}
.b{font-weight:bold}.s{font-size:12px}.m{color:#888}.mono{font-family:'DejaVu Sans Mono','Noto Sans Mono CJK JP',monospace;font-size:12px;white-space:pre-wrap}</style>
</head><body>
${body}
</body></html>
`;
}

/** Slack's mrkdwn, shown as Slack shows it: *bold*, <url|label>, the escapes undone. */
function mrkdwnToHtml(text: string): string {
  return text
    .split(/(<[^>|]+\|[^>]+>)/)
    .map((part) => {
      const link = /^<([^>|]+)\|([^>]+)>$/.exec(part);
      const raw = (value: string) => value.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
      if (link) return `<a href="#">${escapeHtml(raw(link[2] ?? ''))}</a>`;
      return escapeHtml(raw(part))
        .replace(/\*([^*\n]+)\*/g, '<b>$1</b>')
        .replaceAll('\n', '<br>');
    })
    .join('');
}

/** Backslash escapes undone, as Teams and Discord show them. */
const unescapeMarkdown = (text: string) => text.replace(/\\(.)/g, '$1');

type Json = Record<string, unknown>;
const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function slackPage(payload: Json, width: number): string {
  const [attachment] = list(payload.attachments);
  const blocks = list(attachment?.blocks).map((block) => {
    if (block.type === 'header')
      return `<div class="b" style="font-size:17px;margin:0 0 8px">${escapeHtml(text((block.text as Json).text))}</div>`;
    if (block.type === 'section' && block.fields) {
      const fields = list(block.fields).map(
        (field) => `<div style="margin:0 0 8px">${mrkdwnToHtml(text(field.text))}</div>`,
      );
      return `<div style="display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:0 16px;word-break:break-word">${fields.join('')}</div>`;
    }
    if (block.type === 'section')
      return `<div style="margin:0 0 10px">${mrkdwnToHtml(text((block.text as Json).text))}</div>`;
    if (block.type === 'actions') {
      return list(block.elements)
        .map(
          (element) =>
            `<span style="display:inline-block;border:1px solid #ccc;border-radius:4px;padding:6px 12px;margin:4px 0 10px;color:#e01e5a" class="b">${escapeHtml(text((element.text as Json).text))}</span>`,
        )
        .join('');
    }
    if (block.type === 'context') {
      return `<div class="s m">${list(block.elements)
        .map((element) => mrkdwnToHtml(text(element.text)))
        .join('<br>')}</div>`;
    }
    return '';
  });
  return page(
    width,
    '#ffffff',
    `<div style="display:flex;gap:10px"><div style="width:36px;height:36px;border-radius:6px;background:#232f3e"></div><div style="flex:1">
<div><span class="b">AWS account watch</span> <span class="s m">APP 9:41</span></div>
<div style="border-left:4px solid ${text(attachment?.color)};padding:4px 0 4px 12px;margin-top:6px">${blocks.join('\n')}</div></div></div>`,
  );
}

function teamsPage(payload: Json, width: number): string {
  const card = (list(payload.attachments)[0]?.content ?? {}) as Json;
  const styles: Record<string, string> = {
    attention: '#fde7e9',
    warning: '#fff4ce',
    accent: '#e5f1fb',
    emphasis: '#f3f2f1',
  };
  const colours: Record<string, string> = {
    Attention: '#c4314b',
    Warning: '#8a6100',
    Accent: '#0f6cbd',
    Default: '#242424',
  };
  const element = (item: Json): string => {
    if (item.type === 'Container') {
      return `<div style="background:${styles[text(item.style)] ?? '#fff'};margin:-16px -16px 12px;padding:12px 16px">${list(item.items).map(element).join('')}</div>`;
    }
    if (item.type === 'FactSet') {
      return `<table style="border-collapse:collapse;margin:0 0 10px">${list(item.facts)
        .map(
          (fact) =>
            `<tr><td class="b" style="padding:2px 12px 2px 0;vertical-align:top;white-space:nowrap">${escapeHtml(unescapeMarkdown(text(fact.title)))}</td><td style="padding:2px 0">${escapeHtml(unescapeMarkdown(text(fact.value)))}</td></tr>`,
        )
        .join('')}</table>`;
    }
    const size = item.size === 'Large' ? 18 : item.size === 'Small' ? 12 : 14;
    const content = escapeHtml(unescapeMarkdown(text(item.text))).replace(/\r|\n\n/g, '<br>');
    return `<div class="${item.fontType === 'Monospace' ? 'mono' : ''}" style="font-size:${size}px;${item.weight === 'Bolder' ? 'font-weight:bold;' : ''}color:${item.isSubtle ? '#707070' : (colours[text(item.color)] ?? '#242424')};margin:0 0 8px">${content}</div>`;
  };
  const actions = list(card.actions)
    .map(
      (action) =>
        `<span style="display:inline-block;border:1px solid #d1d1d1;border-radius:4px;padding:6px 12px" class="b">${escapeHtml(text(action.title))}</span>`,
    )
    .join(' ');
  return page(
    width,
    '#f5f5f5',
    `<div class="s m" style="margin:0 0 6px">AWS account watch via Workflows</div><div style="background:#fff;border-radius:6px;padding:16px;box-shadow:0 1px 2px rgba(0,0,0,.15);overflow:hidden">${list(card.body).map(element).join('\n')}<div>${actions}</div></div>`,
  );
}

function discordPage(payload: Json, width: number): string {
  const [embed] = list(payload.embeds);
  const colour = `#${Number(embed?.color ?? 0)
    .toString(16)
    .padStart(6, '0')}`;
  const fields = list(embed?.fields)
    .map(
      (field) =>
        `<div style="${field.inline ? '' : 'grid-column:1/-1;'}margin:0 0 8px"><div class="b s" style="color:#f2f3f5">${escapeHtml(unescapeMarkdown(text(field.name)))}</div><div style="color:#dbdee1;white-space:pre-wrap">${escapeHtml(unescapeMarkdown(text(field.value)))}</div></div>`,
    )
    .join('');
  return page(
    width,
    '#313338',
    `<div style="display:flex;gap:12px;color:#dbdee1"><div style="width:40px;height:40px;border-radius:50%;background:#232f3e;flex:none"></div><div style="flex:1;min-width:0">
<div><span class="b" style="color:#f2f3f5">${escapeHtml(text(payload.username))}</span> <span class="s" style="background:#5865f2;color:#fff;border-radius:3px;padding:0 4px">APP</span></div>
<div style="margin:2px 0 6px">${escapeHtml(unescapeMarkdown(text(payload.content)))}</div>
<div style="background:#2b2d31;border-left:4px solid ${colour};border-radius:4px;padding:10px 14px">
<div class="b" style="color:#00a8fc;margin:0 0 6px">${escapeHtml(unescapeMarkdown(text(embed?.title)))}</div>
<div style="margin:0 0 10px">${escapeHtml(unescapeMarkdown(text(embed?.description)))}</div>
<div style="display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:0 12px;word-break:break-word">${fields}</div>
<div class="s" style="color:#b5bac1">${escapeHtml(text((embed?.footer as Json | undefined)?.text))}</div></div></div></div>`,
  );
}

function flexComponent(component: Json): string {
  if (component.type === 'box') {
    const row = component.layout === 'baseline' || component.layout === 'horizontal';
    return `<div style="display:flex;flex-direction:${row ? 'row' : 'column'};gap:6px;${component.backgroundColor ? `background:${text(component.backgroundColor)};padding:12px 16px;` : ''}margin-top:${component.margin ? 6 : 0}px">${list(component.contents).map(flexComponent).join('')}</div>`;
  }
  if (component.type === 'separator')
    return '<hr style="border:0;border-top:1px solid #e5e5e5;width:100%;margin:6px 0">';
  if (component.type === 'button') {
    const action = component.action as Json;
    return `<div style="background:${text(component.color)};color:#fff;text-align:center;border-radius:6px;padding:8px" class="b">${escapeHtml(text(action.label))}</div>`;
  }
  const sizes: Record<string, number> = { xxs: 10, xs: 11, sm: 13, md: 15 };
  return `<div style="flex:${Number(component.flex ?? 1)};font-size:${sizes[text(component.size)] ?? 14}px;color:${text(component.color) || '#111'};${component.weight === 'bold' ? 'font-weight:bold;' : ''}white-space:pre-wrap;word-break:break-word">${escapeHtml(text(component.text))}</div>`;
}

function linePage(payload: Json, width: number): string {
  const [message] = list(payload.messages);
  const bubble = (message?.contents ?? {}) as Json;
  const part = (name: string, padding: string) =>
    bubble[name] ? `<div style="padding:${padding}">${flexComponent(bubble[name] as Json)}</div>` : '';
  return page(
    width,
    '#8cabd9',
    `<div style="display:flex;gap:8px"><div style="width:36px;height:36px;border-radius:50%;background:#232f3e;flex:none"></div><div style="flex:1">
<div class="s" style="color:#fff;margin:0 0 4px">AWS account watch</div>
<div style="background:#fff;border-radius:14px;overflow:hidden">${part('header', '0')}${part('body', '12px 16px')}${part('footer', '0 16px 12px')}</div></div></div>`,
  );
}

function chatbotPage(payload: Json, width: number): string {
  const custom = JSON.parse(text(payload.Message) || '{}') as Json;
  const content = (custom.content ?? {}) as Json;
  const steps = list(content.nextSteps)
    .map((step) => `<li>${mrkdwnToHtml(text(step))}</li>`)
    .join('');
  return page(
    width,
    '#ffffff',
    `<div style="display:flex;gap:10px"><div style="width:36px;height:36px;border-radius:6px;background:#ff9900"></div><div style="flex:1">
<div><span class="b">Amazon Q</span> <span class="s m">APP 9:41</span></div>
<div class="b" style="margin:6px 0">${mrkdwnToHtml(text(content.title))}</div>
<div style="margin:0 0 8px">${mrkdwnToHtml(text(content.description))}</div>
${steps ? `<div class="b">Next steps</div><ol style="margin:4px 0;padding-left:20px">${steps}</ol>` : ''}</div></div>`,
  );
}

/**
 * The page a picture is the screenshot of: from the golden file, and for the email, the chart the sender
 * attaches (drawn from the same digest, as deliverySender draws it).
 */
export async function channelPicturePage(picture: ChannelPicture): Promise<string> {
  const source = readFileSync(join(GOLDEN, picture.golden), 'utf8');
  if (picture.name === 'email-html') {
    const { GOLDEN_VARIANTS, renderCostMessages } = await import('./golden.js');
    const [digest] = await renderCostMessages(GOLDEN_VARIANTS[0].env);
    const chart = digest ? renderHtmlEmail(digest.notification).chart : undefined;
    const png = chart ? drawBarChart(chart.values, '#1565C0', chart.highlight).toString('base64') : '';
    // The chart travels as an inline attachment (cid:chart); the picture shows it as the mail client would.
    return source.replace('src="cid:chart"', `src="data:image/png;base64,${png}"`);
  }
  const payload = JSON.parse(source) as Json;
  const draw = { slack: slackPage, teams: teamsPage, discord: discordPage, line: linePage, chatbot: chatbotPage }[
    picture.name as 'slack'
  ];
  return draw(payload, picture.width);
}

/** Rewrites every page that changed; returns the names rewritten (their screenshots need taking again). */
export async function updateChannelPages(): Promise<string[]> {
  mkdirSync(CHANNEL_PICTURES_DIR, { recursive: true });
  const changed: string[] = [];
  for (const picture of CHANNEL_PICTURES) {
    const path = join(CHANNEL_PICTURES_DIR, `${picture.name}.html`);
    const next = await channelPicturePage(picture);
    if (existsSync(path) && readFileSync(path, 'utf8') === next && existsSync(path.replace(/\.html$/, '.png')))
      continue;
    writeFileSync(path, next);
    changed.push(picture.name);
  }
  return changed;
}

/** Where Debian installs Chromium (apt-get install chromium). */
export const CHROMIUM = '/usr/bin/chromium';

/** Launch options for headless Chromium on a closed network: no background connections, a fresh profile. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Screenshots of the given pages (whole page, at the picture's width), next to each page. */
export async function screenshotChannelPages(names: string[]): Promise<void> {
  if (names.length === 0) return;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    for (const name of names) {
      const picture = CHANNEL_PICTURES.find((candidate) => candidate.name === name);
      if (!picture) continue;
      const context = await browser.newContext({
        viewport: { width: picture.width, height: 400 },
        deviceScaleFactor: 1,
      });
      const tab = await context.newPage();
      // Nothing leaves the machine: every request but the page's own data: URLs is refused.
      await tab.route('**/*', (route) =>
        route.request().url().startsWith('data:') ? route.continue() : route.abort(),
      );
      await tab.setContent(readFileSync(join(CHANNEL_PICTURES_DIR, `${name}.html`), 'utf8'));
      await tab.screenshot({ path: join(CHANNEL_PICTURES_DIR, `${name}.png`), fullPage: true });
      await context.close();
    }
  } finally {
    await browser.close();
  }
}
