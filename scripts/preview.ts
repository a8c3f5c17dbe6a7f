/**
 * Offline preview: renders every sample event into the exact SNS Publish request and Slack payload
 * that would be sent, without AWS or network. Readable emails go to stdout; exact payloads to preview-out/.
 *
 *   npm run preview                       all sample sign-in events, English, UTC
 *   npm run preview -- --locale ja --time-zone Asia/Tokyo
 *   npm run preview -- --event path/to/event.json
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadSigninSettings } from '../src/lib/config.js';
import { renderEmail } from '../src/lib/notify/email.js';
import { renderSlack } from '../src/lib/notify/slack.js';
import { classifySignIn } from '../src/lib/signin/classify.js';
import { buildSignInNotification } from '../src/lib/signin/message.js';
import { normalizeSignIn } from '../src/lib/signin/normalize.js';
import { extractSignInRecords } from '../src/lib/signin/records.js';

const { values } = parseArgs({
  options: {
    locale: { type: 'string' },
    'time-zone': { type: 'string' },
    'min-severity': { type: 'string' },
    event: { type: 'string', multiple: true },
    out: { type: 'string', default: 'preview-out' },
  },
});

const env: Record<string, string | undefined> = { ...process.env };
if (values.locale) env.LOCALE = values.locale;
if (values['time-zone']) env.TIME_ZONE = values['time-zone'];
if (values['min-severity']) env.MIN_SEVERITY = values['min-severity'];
const settings = loadSigninSettings(env);

const SAMPLES = join(import.meta.dirname, '..', 'tests', 'fixtures', 'signin-events');
const files =
  values.event ??
  readdirSync(SAMPLES)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(SAMPLES, name));
const outDir = join(values.out ?? 'preview-out', 'signin');
mkdirSync(outDir, { recursive: true });
const topicArn = 'arn:aws:sns:us-east-1:123456789012:account-watch-prod-notifications';
const rule = '='.repeat(78);

let notifying = 0;
for (const file of files) {
  const { records } = extractSignInRecords(JSON.parse(readFileSync(file, 'utf8')));
  records.forEach(({ record, envelope }, index) => {
    const signIn = normalizeSignIn(record, envelope);
    const assessment = classifySignIn(signIn, settings);
    const notification = buildSignInNotification(signIn, assessment, settings);
    const sns = renderEmail(notification, topicArn);
    const slack = renderSlack(notification);
    const stem = `${basename(file, '.json')}${records.length > 1 ? `-${index + 1}` : ''}`;
    writeFileSync(join(outDir, `${stem}.sns-publish.json`), `${JSON.stringify(sns, null, 2)}\n`);
    writeFileSync(join(outDir, `${stem}.slack.json`), `${JSON.stringify(slack, null, 2)}\n`);
    if (assessment.notify) notifying++;
    const verdict = assessment.notify ? 'sends' : `stays quiet (below minSeverity ${settings.minSeverity})`;
    const email = (JSON.parse(sns.Message ?? '{}') as { email: string }).email;
    process.stdout.write(
      `${rule}\n${basename(file)} → ${assessment.severity}, ${verdict}\nSubject: ${sns.Subject}\n\n${email}`,
    );
  });
}
process.stdout.write(
  `${rule}\n${files.length} event file(s) rendered, ${notifying} would notify. Exact SNS Publish requests and Slack payloads: ${outDir}/\n`,
);
