/**
 * Offline preview: renders every sample event into the exact SNS Publish request and Slack payload
 * that would be sent, without AWS or network. Readable emails go to stdout; exact payloads to preview-out/.
 *
 *   npm run preview                       all sample sign-in events, English, UTC
 *   npm run preview -- --locale ja --time-zone Asia/Tokyo
 *   npm run preview -- --event path/to/event.json
 *   npm run preview -- --only cost --budget 20
 *   npm run preview -- --only security
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCostSettings, loadSigninSettings } from '../src/lib/config.js';
import { parseResultsByTime, planCostQueries } from '../src/lib/cost/cost-explorer.js';
import { buildCostDigestNotification } from '../src/lib/cost/message.js';
import { buildCostReport } from '../src/lib/cost/report.js';
import { renderEmail } from '../src/lib/notify/email.js';
import type { Notification } from '../src/lib/notify/notification.js';
import { renderSlack } from '../src/lib/notify/slack.js';
import { loadSavedQueries } from '../src/lib/queries/catalog.js';
import { openLocalTrail, runSavedQueriesLocally } from '../src/lib/queries/local.js';
import { buildSecurityDigestNotification } from '../src/lib/queries/message.js';
import { classifySignIn } from '../src/lib/signin/classify.js';
import { buildSignInNotification } from '../src/lib/signin/message.js';
import { normalizeSignIn } from '../src/lib/signin/normalize.js';
import { extractSignInRecords } from '../src/lib/signin/records.js';
import { loadCostFixture, loadRecordedDailyResults } from '../tests/helpers/fixtures.js';

const { values } = parseArgs({
  options: {
    locale: { type: 'string' },
    'time-zone': { type: 'string' },
    'min-severity': { type: 'string' },
    event: { type: 'string', multiple: true },
    out: { type: 'string', default: 'preview-out' },
    only: { type: 'string' },
    budget: { type: 'string' },
  },
});

const env: Record<string, string | undefined> = { ...process.env };
if (values.locale) env.LOCALE = values.locale;
if (values['time-zone']) env.TIME_ZONE = values['time-zone'];
if (values['min-severity']) env.MIN_SEVERITY = values['min-severity'];
// The tutorial this project replaces sets a 20 USD budget; the preview shows it unless told otherwise.
env.MONTHLY_BUDGET = values.budget ?? env.MONTHLY_BUDGET ?? '20';
const settings = loadSigninSettings(env);
const costSettings = loadCostSettings(env);
const FIXTURES = join(import.meta.dirname, '..', 'tests', 'fixtures');

const SAMPLES = join(FIXTURES, 'signin-events');
const files =
  values.event ??
  readdirSync(SAMPLES)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(SAMPLES, name));
const topicArn = 'arn:aws:sns:us-east-1:123456789012:account-watch-prod-notifications';
const rule = '='.repeat(78);

function previewSignIns(): void {
  let notifying = 0;
  let outDir = '';
  for (const file of files) {
    const { records } = extractSignInRecords(JSON.parse(readFileSync(file, 'utf8')));
    records.forEach(({ record, envelope }, index) => {
      const signIn = normalizeSignIn(record, envelope);
      const assessment = classifySignIn(signIn, settings);
      if (assessment.notify) notifying++;
      const verdict = assessment.notify ? 'sends' : `stays quiet (below minSeverity ${settings.minSeverity})`;
      const stem = `${basename(file, '.json')}${records.length > 1 ? `-${index + 1}` : ''}`;
      outDir = writePreview(
        'signin',
        stem,
        buildSignInNotification(signIn, assessment, settings),
        `${basename(file)} → ${assessment.severity}, ${verdict}`,
      );
    });
  }
  process.stdout.write(
    `${rule}\n${files.length} event file(s) rendered, ${notifying} would notify. Exact SNS Publish requests and Slack payloads: ${outDir}/\n`,
  );
}

/** Writes the exact SNS Publish request and Slack payload of a notification, and prints the email. */
function writePreview(section: string, stem: string, notification: Notification, heading: string): string {
  const sns = renderEmail(notification, topicArn);
  const outDir = join(values.out ?? 'preview-out', section);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, `${stem}.sns-publish.json`), `${JSON.stringify(sns, null, 2)}\n`);
  writeFileSync(join(outDir, `${stem}.slack.json`), `${JSON.stringify(renderSlack(notification), null, 2)}\n`);
  const email = (JSON.parse(sns.Message ?? '{}') as { email: string }).email;
  process.stdout.write(`${rule}\n${heading}\nSubject: ${sns.Subject}\n\n${email}`);
  return outDir;
}

/** The digest the recorded Cost Explorer responses (August 2021, see tests/fixtures/cost-explorer/SOURCES.md) produce. */
function previewCostDigest(): void {
  const results = loadRecordedDailyResults();
  const forecast = loadCostFixture<{ Total: { Amount: string } }>(
    'getCostForecast_daily_awsdocs_api_reference_example.json',
  );
  const plan = planCostQueries('2021-08-29');
  const report = buildCostReport(
    parseResultsByTime(results, costSettings.metric),
    { status: 'ok', remainder: Number(forecast.Total.Amount) },
    plan,
    costSettings,
  );
  const notification = buildCostDigestNotification(report, costSettings, 2);
  const outDir = writePreview(
    'cost',
    'digest-2021-08-29',
    notification,
    'Cost digest from recorded Cost Explorer responses (run on 2021-08-29)',
  );
  process.stdout.write(`${rule}\nExact payloads: ${outDir}/\n`);
}

/** The security digest: every saved query on DuckDB over the sample CloudTrail logs (see tests/fixtures/cloudtrail-logs). */
async function previewSecurityDigest(): Promise<void> {
  const trail = await openLocalTrail(join(FIXTURES, 'cloudtrail-logs'));
  const window = { start: new Date('2023-07-10T00:00:00Z'), end: new Date('2023-07-11T00:00:00Z') };
  try {
    const queries = loadSavedQueries(join(import.meta.dirname, '..', 'queries'));
    const outcomes = await runSavedQueriesLocally(trail, queries, window, ['eu-west-1', 'ap-northeast-1']);
    const notification = buildSecurityDigestNotification({ outcomes, window }, settings);
    const outDir = writePreview(
      'security',
      'digest-2023-07-10',
      notification,
      `Security digest: saved queries on DuckDB over ${trail.records} sample CloudTrail records (allowed regions eu-west-1, ap-northeast-1)`,
    );
    process.stdout.write(`${rule}\nExact payloads: ${outDir}/\n`);
  } finally {
    trail.close();
  }
}

if (values.only === undefined || values.only === 'signin') previewSignIns();
if (values.only === undefined || values.only === 'cost') previewCostDigest();
if (values.only === undefined || values.only === 'security') await previewSecurityDigest();
