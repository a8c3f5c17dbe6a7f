import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCostSettings, loadSigninSettings } from '../src/lib/config.js';
import { parseResultsByTime, planCostQueries } from '../src/lib/cost/cost-explorer.js';
import { buildCostDigestNotification } from '../src/lib/cost/message.js';
import { buildCostReport } from '../src/lib/cost/report.js';
import { renderEmail } from '../src/lib/notify/email.js';
import type { Notification } from '../src/lib/notify/notification.js';
import { renderSlack } from '../src/lib/notify/slack.js';
import { loadSavedQueries } from '../src/lib/security-digest/catalog.js';
import { openLocalTrail, runSavedQueriesLocally } from '../src/lib/security-digest/local.js';
import { buildSecurityDigestNotification } from '../src/lib/security-digest/message.js';
import { classifySignIn } from '../src/lib/signin/classify.js';
import { buildSignInNotification } from '../src/lib/signin/message.js';
import { normalizeSignIn } from '../src/lib/signin/normalize.js';
import { extractSignInRecords } from '../src/lib/signin/records.js';
import {
  FIXTURES,
  loadCostFixture,
  loadRecordedDailyResults,
  loadSignInFixture,
  signInFixtureNames,
} from './fixtures.js';

/**
 * The golden messages: for every recorded fixture, in every language, the exact SNS Publish request
 * and Slack payload. `npm run preview` writes them to tests/golden/, the tests compare against them,
 * so every change to a message shows up in review as a diff of these files.
 */

export const ROOT = join(import.meta.dirname, '..');
export const GOLDEN_DIR = join(ROOT, 'tests', 'golden');
export const PREVIEW_TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:account-watch-prod-notifications';

/** The settings each language's golden files are rendered with: the language's usual time zone, the tutorial's 20 USD budget. */
export const GOLDEN_VARIANTS = [
  { locale: 'en', env: { LOCALE: 'en', TIME_ZONE: 'UTC', MONTHLY_BUDGET: '20' } },
  { locale: 'ja', env: { LOCALE: 'ja', TIME_ZONE: 'Asia/Tokyo', MONTHLY_BUDGET: '20' } },
] as const;

/** One rendered message: where it is kept, what it says, and a one-line description for the preview. */
export interface RenderedMessage {
  section: 'signin' | 'cost' | 'security';
  stem: string;
  heading: string;
  notification: Notification;
}

/** The files a message is kept as, relative to a folder: the SNS Publish request and the Slack payload. */
export function messageFiles(message: RenderedMessage): { path: string; content: string }[] {
  const sns = renderEmail(message.notification, PREVIEW_TOPIC_ARN);
  return [
    { path: join(message.section, `${message.stem}.sns-publish.json`), content: `${JSON.stringify(sns, null, 2)}\n` },
    {
      path: join(message.section, `${message.stem}.slack.json`),
      content: `${JSON.stringify(renderSlack(message.notification), null, 2)}\n`,
    },
  ];
}

/** Every sign-in record of every given event file, rendered whether or not it would notify. */
export function renderSignInMessages(env: Record<string, string | undefined>, files?: string[]): RenderedMessage[] {
  const settings = loadSigninSettings(env);
  const inputs = files
    ? files.map((file) => ({
        name: file.replace(/^.*\//, ''),
        input: JSON.parse(readFileSync(file, 'utf8')) as unknown,
      }))
    : signInFixtureNames().map((name) => ({ name, input: loadSignInFixture(name) as unknown }));
  return inputs.flatMap(({ name, input }) => {
    const { records } = extractSignInRecords(input);
    return records.map(({ record, envelope }, index) => {
      const signIn = normalizeSignIn(record, envelope);
      const assessment = classifySignIn(signIn, settings);
      const verdict = assessment.notify ? 'sends' : `stays quiet (below minSeverity ${settings.minSeverity})`;
      return {
        section: 'signin' as const,
        stem: `${name.replace(/\.json$/, '')}${records.length > 1 ? `-${index + 1}` : ''}`,
        heading: `${name} → ${assessment.severity}, ${verdict}`,
        notification: buildSignInNotification(signIn, assessment, settings),
      };
    });
  });
}

/** The digest the recorded Cost Explorer responses (August 2021, see tests/fixtures/cost-explorer/SOURCES.md) produce. */
export function renderCostMessages(env: Record<string, string | undefined>): RenderedMessage[] {
  const settings = loadCostSettings(env);
  const forecast = loadCostFixture<{ Total: { Amount: string } }>(
    'getCostForecast_daily_awsdocs_api_reference_example.json',
  );
  const plan = planCostQueries('2021-08-29');
  const report = buildCostReport(
    parseResultsByTime(loadRecordedDailyResults(), settings.metric),
    { status: 'ok', remainder: Number(forecast.Total.Amount) },
    plan,
    settings,
  );
  return [
    {
      section: 'cost',
      stem: 'digest-2021-08-29',
      heading: 'Cost digest from recorded Cost Explorer responses (run on 2021-08-29)',
      notification: buildCostDigestNotification(report, settings, 2),
    },
  ];
}

/** The security digest: every saved query on DuckDB over the recorded attack-simulation logs (tests/fixtures/cloudtrail-logs). */
export async function renderSecurityMessages(env: Record<string, string | undefined>): Promise<RenderedMessage[]> {
  const settings = loadSigninSettings(env);
  const trail = await openLocalTrail(join(FIXTURES, 'cloudtrail-logs'));
  const window = { start: new Date('2023-07-10T00:00:00Z'), end: new Date('2023-07-11T00:00:00Z') };
  try {
    const queries = loadSavedQueries(join(ROOT, 'queries'));
    const outcomes = await runSavedQueriesLocally(trail, queries, window, ['eu-west-1', 'ap-northeast-1']);
    return [
      {
        section: 'security',
        stem: 'digest-2023-07-10',
        heading: `Security digest: saved queries on DuckDB over ${trail.records} sample CloudTrail records (allowed regions eu-west-1, ap-northeast-1)`,
        notification: buildSecurityDigestNotification({ outcomes, window }, settings),
      },
    ];
  } finally {
    trail.close();
  }
}

/** Every golden message of one language. */
export async function renderGoldenMessages(env: Record<string, string | undefined>): Promise<RenderedMessage[]> {
  return [...renderSignInMessages(env), ...renderCostMessages(env), ...(await renderSecurityMessages(env))];
}
