/**
 * Offline preview: renders every sample event into the exact payload of every channel (SNS, Slack, Teams, Discord, LINE, HTML email, AWS chat integration)
 * that would be sent, without AWS or network. Readable emails go to stdout.
 *
 *   npm run preview                       every sample, English on stdout; writes the golden files (tests/golden/)
 *   npm run preview -- --locale ja --time-zone Asia/Tokyo
 *   npm run preview -- --event path/to/event.json
 *   npm run preview -- --only cost --budget 50
 *   npm run preview -- --only security
 *
 * With no option the exact payloads of every language are written to tests/golden/<locale>/, the files the
 * tests compare against: a change to any message shows up there as a diff. With options they go to --out.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  GOLDEN_DIR,
  GOLDEN_VARIANTS,
  messageFiles,
  PREVIEW_TOPIC_ARN,
  type RenderedMessage,
  renderCostMessages,
  renderGoldenMessages,
  renderHygieneMessages,
  renderSecurityMessages,
  renderSignInMessages,
} from '../dev/golden.js';
import { logger } from '../src/lib/logger.js';
import { renderSnsPublish } from '../src/lib/notify/sns.js';
import { fail, option, parseCommandLine, runTool } from './cli.js';

// The pipelines log as they would in Lambda; the preview shows the messages instead.
logger.setLogLevel('SILENT');

/**
 * Why a file given to --event cannot be previewed as a sign-in, in words: not JSON (with the parser's
 * reason), an API call (for npm run detect), or not an event at all. Undefined for a sign-in event, a
 * CloudTrail record of one, or a log file holding some.
 */
function notASignInEvent(file: string): string | undefined {
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return `not JSON (${(error instanceof Error ? error.message : String(error)).split('\n')[0]})`;
  }
  const object = (value: unknown): Record<string, unknown> | undefined =>
    value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  const event = object(input);
  const records: unknown[] = Array.isArray(input)
    ? input
    : Array.isArray(event?.Records)
      ? event.Records
      : event?.detail
        ? [event.detail]
        : event
          ? [event]
          : [];
  const sources = records.map((record) => object(record)?.eventSource).filter((source) => typeof source === 'string');
  if (sources.includes('signin.amazonaws.com') || event?.source === 'aws.signin') return undefined;
  if (sources.length > 0) {
    const first = object(records[0]);
    return `an API call (${String(first?.eventSource)} ${String(first?.eventName ?? '')}), not a console sign-in: npm run detect -- --logs ${file} shows the alerts such calls raise`;
  }
  return 'not an event this service knows: give an EventBridge aws.signin event, a CloudTrail sign-in record, or a CloudTrail log file ({"Records": [...]})';
}

const USAGE = `Usage: npm run preview -- [--locale en|ja] [--time-zone ZONE] [--min-severity LEVEL] [--budget USD]
                          [--event FILE ...] [--only signin|cost|security|hygiene] [--out DIR]
  With no option: every sample in every language into tests/golden/, the English emails on screen.
  With options: those settings, into --out (default preview-out/).`;

const { values } = parseCommandLine(USAGE, {
  locale: option.setting('locale'),
  'time-zone': option.setting('timeZone'),
  'min-severity': option.setting('minSeverity'),
  event: option.texts(),
  out: option.text({ default: 'preview-out' }),
  only: option.text({ oneOf: ['signin', 'cost', 'security', 'hygiene'] }),
  budget: option.setting('monthlyBudget'),
});

const only = values.only;
for (const file of values.event) {
  if (!existsSync(file)) fail(`--event ${file}: no such file`, USAGE);
  const problem = notASignInEvent(file);
  if (problem) fail(`--event ${file}: ${problem}`, USAGE);
}
const custom = Object.entries(values).some(
  ([name, value]) => name !== 'out' && value !== undefined && !(Array.isArray(value) && value.length === 0),
);
const rule = '='.repeat(78);

function writeMessages(folder: string, messages: RenderedMessage[]): void {
  for (const message of messages) {
    for (const file of messageFiles(message)) {
      const path = join(folder, file.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.content);
    }
  }
}

function printEmails(messages: RenderedMessage[]): void {
  for (const message of messages) {
    const sns = renderSnsPublish(message.notification, PREVIEW_TOPIC_ARN);
    const email = (JSON.parse(sns.Message ?? '{}') as { email: string }).email;
    process.stdout.write(`${rule}\n${message.heading}\nSubject: ${sns.Subject}\n\n${email}`);
  }
}

if (!custom) {
  // Every language into the golden files; English on the screen.
  for (const variant of GOLDEN_VARIANTS) {
    const messages = await renderGoldenMessages(variant.env);
    writeMessages(join(GOLDEN_DIR, variant.locale), messages);
    if (variant.locale === 'en') printEmails(messages);
  }
  process.stdout.write(
    `${rule}\nExact payloads of every channel (SNS, Slack, Teams, Discord, LINE, HTML email, AWS chat integration), every language: ${GOLDEN_DIR}/<locale>/\n`,
  );
} else {
  await runTool(async () => {
    const env: Record<string, string | undefined> = { ...process.env };
    if (values.locale) env.LOCALE = values.locale;
    if (values['time-zone']) env.TIME_ZONE = values['time-zone'];
    if (values['min-severity']) env.MIN_SEVERITY = values['min-severity'];
    // The tutorial this project replaces sets a 20 USD budget; the preview shows it unless told otherwise.
    env.MONTHLY_BUDGET = values.budget ?? env.MONTHLY_BUDGET ?? '20';
    const events = values.event.length > 0 ? values.event : undefined;
    const messages = [
      ...(only === undefined || only === 'signin' ? renderSignInMessages(env, events) : []),
      ...(only === undefined || only === 'cost' ? await renderCostMessages(env) : []),
      ...(only === undefined || only === 'security' ? await renderSecurityMessages(env) : []),
      ...(only === undefined || only === 'hygiene' ? await renderHygieneMessages(env) : []),
    ];
    printEmails(messages);
    const out = values.out ?? 'preview-out';
    writeMessages(out, messages);
    process.stdout.write(`${rule}\n${messages.length} message(s). Exact payloads of every channel: ${out}/\n`);
  });
}
