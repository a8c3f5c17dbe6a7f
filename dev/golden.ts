import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  CostExplorerClient,
  GetCostAndUsageCommand,
  GetCostAndUsageComparisonsCommand,
  GetCostComparisonDriversCommand,
  GetCostForecastCommand,
} from '@aws-sdk/client-cost-explorer';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { apiCallActionLinks, signInActionLinks } from '../src/lib/actions/links.js';
import { DETECTIONS } from '../src/lib/api-calls/catalogue.js';
import { processApiCallEvent } from '../src/lib/api-calls/process.js';
import {
  loadApiCallSettings,
  loadCostSettings,
  loadDisplaySettings,
  loadHygieneSettings,
  loadSigninSettings,
} from '../src/lib/config.js';
import { addDays, dateRange } from '../src/lib/cost/dates.js';
import { runCostDigest } from '../src/lib/cost/digest.js';
import type { FreeTierApi } from '../src/lib/cost/free-tier.js';
import { buildPlanWarningNotification } from '../src/lib/cost/plan-warning-message.js';
import { hourlyUsdFromPriceList, type PriceReader } from '../src/lib/cost/prices.js';
import { COUNTRY_DATABASE, lazyCountryLookup } from '../src/lib/geo/locate.js';
import { processHealthEvent } from '../src/lib/health/process.js';
import { HistoryTable } from '../src/lib/history/table.js';
import { hygieneClients } from '../src/lib/hygiene/inspect.js';
import { expectedForwardingRegions, runHygieneReport } from '../src/lib/hygiene/report.js';
import type { HygieneMemory, RememberedReport } from '../src/lib/hygiene/week-over-week.js';
import type { Channel } from '../src/lib/notify/channel.js';
import { renderChatbotPublish } from '../src/lib/notify/chatbot.js';
import { renderDiscord } from '../src/lib/notify/discord.js';
import { renderHtmlEmail } from '../src/lib/notify/email-html.js';
import { lineMatters, renderLine } from '../src/lib/notify/line.js';
import type { Notification } from '../src/lib/notify/notification.js';
import { renderSlack } from '../src/lib/notify/slack.js';
import { renderSlackApp } from '../src/lib/notify/slack-app.js';
import { renderSnsPublish } from '../src/lib/notify/sns.js';
import { renderTeams } from '../src/lib/notify/teams.js';
import { loadSavedQueries } from '../src/lib/security-digest/catalog.js';
import type { SavedQueryEngine } from '../src/lib/security-digest/digest.js';
import { runSecurityDigest } from '../src/lib/security-digest/digest.js';
import { localEngine, openLocalTrail } from '../src/lib/security-digest/local.js';
import { assessSignInEvent, processSignInEvent } from '../src/lib/signin/process.js';
import { parseTestAlertRequest, sendTestAlert, TEST_ALERT_MARKER } from '../src/lib/test-alert/test-alert.js';
import { ALICE_STARTED, SPIKE_TODAY, spikeBreakdown, spikeDailyResults } from './bill-moved.js';
import {
  FIXTURES,
  loadCostFixture,
  loadFreeTierFixture,
  loadHealthFixture,
  loadRecordedDailyResults,
  loadSignInFixture,
  signInFixtureNames,
} from './fixtures.js';
import { startHistoryTable } from './history-table.js';
import {
  FAKE_ACCOUNT_ID,
  FAKE_NOW,
  type FakeAccount,
  healthyAccount,
  hygieneAccountResponder,
  loopbackClientConfig,
  unhealthyAccount,
} from './hygiene-account.js';
import { startLoopback } from './loopback.js';
import { replaySignIn } from './sign-in-sequence.js';

/** Throwaway credentials: the mocked client never signs a real request. */
const OFFLINE_CREDENTIALS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'offline' };

/**
 * The golden messages: for every recorded fixture, in every language, the exact SNS Publish request
 * and Slack payload. `npm run preview` writes them to tests/golden/, the tests compare against them,
 * so every change to a message shows up in review as a diff of these files.
 */

export const ROOT = join(import.meta.dirname, '..');
export const GOLDEN_DIR = join(ROOT, 'tests', 'golden');
export const PREVIEW_TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:account-watch-prod-notifications';
export const PREVIEW_CHATBOT_TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:aws-chatbot-alerts';

/** The settings each language's golden files are rendered with: the language's usual time zone, the tutorial's 20 USD budget. */
export const GOLDEN_VARIANTS = [
  { locale: 'en', env: { LOCALE: 'en', TIME_ZONE: 'UTC', MONTHLY_BUDGET: '20' } },
  { locale: 'ja', env: { LOCALE: 'ja', TIME_ZONE: 'Asia/Tokyo', MONTHLY_BUDGET: '20' } },
] as const;

/** One rendered message: where it is kept, what it says, and a one-line description for the preview. */
export interface RenderedMessage {
  section: 'signin' | 'api-calls' | 'cost' | 'security' | 'health' | 'hygiene';
  stem: string;
  heading: string;
  notification: Notification;
}

/**
 * The files a message is kept as, relative to a folder: the SNS Publish request and each channel's payload
 * (Slack, Teams, Discord, LINE, the HTML email, the AWS chat integration's custom notification).
 */
export function messageFiles(message: RenderedMessage): { path: string; content: string }[] {
  const { notification } = message;
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const file = (kind: string, content: string) => ({ path: join(message.section, `${message.stem}.${kind}`), content });
  return [
    file('sns-publish.json', json(renderSnsPublish(notification, PREVIEW_TOPIC_ARN))),
    file('slack.json', json(renderSlack(notification))),
    // Slack app mode with its signing secret: the alerts with actions carry buttons that act in Slack.
    ...(notification.details?.some((detail) => detail.buttons?.some((button) => button.act))
      ? [file('slack-app.json', json(renderSlackApp(notification, { interactive: true })))]
      : []),
    file('teams.json', json(renderTeams(notification))),
    file('discord.json', json(renderDiscord(notification))),
    // LINE takes only what matters (high, critical, the weekly report): the others have no LINE file.
    ...(lineMatters(notification) ? [file('line.json', json(renderLine(notification)))] : []),
    file('email.html', `${renderHtmlEmail(notification).html}\n`),
    file('chatbot.json', json(renderChatbotPublish(notification, PREVIEW_CHATBOT_TOPIC_ARN))),
  ];
}

/** A channel that keeps what it is given: the end of each pipeline in the preview and the tests. */
export function collectingChannel(): Channel & { sent: Notification[] } {
  const sent: Notification[] = [];
  return {
    name: 'collect',
    payload: () => undefined,
    sent,
    async send(notification) {
      sent.push(notification);
    },
  };
}

/** Every sign-in record of every given event file, through the sign-in pipeline, rendered whether or not it would notify. */
export function renderSignInMessages(env: Record<string, string | undefined>, files?: string[]): RenderedMessage[] {
  const settings = loadSigninSettings(env);
  const countries = lazyCountryLookup({ GEO_DATABASE_FILE: join(ROOT, COUNTRY_DATABASE) });
  const inputs = files
    ? files.map((file) => ({ name: basename(file), input: JSON.parse(readFileSync(file, 'utf8')) as unknown }))
    : signInFixtureNames().map((name) => ({ name, input: loadSignInFixture(name) as unknown }));
  return inputs.flatMap(({ name, input }) => {
    const { assessed } = assessSignInEvent(input, settings, countries.lookup);
    return assessed.map(({ assessment, notification }, index) => {
      const verdict = assessment.notify ? 'sends' : `stays quiet (below minSeverity ${settings.minSeverity})`;
      return {
        section: 'signin' as const,
        stem: `${basename(name, '.json')}${assessed.length > 1 ? `-${index + 1}` : ''}`,
        heading: `${name} → ${assessment.severity}, ${verdict}`,
        notification,
      };
    });
  });
}

/**
 * The sign-in history in action: recorded sign-in events replayed as one account's month (see
 * dev/sign-in-sequence.ts) through the real pipeline and a real DynamoDB implementation (dynalite), in
 * order: a first sign-in, a known one, a new country, two countries in an hour, password guessing and the
 * success after it, and the table down. Only the steps named here are rendered; the others build history.
 */
export async function renderSignInHistoryMessages(env: Record<string, string | undefined>): Promise<RenderedMessage[]> {
  const settings = loadSigninSettings(env);
  const countries = lazyCountryLookup({ GEO_DATABASE_FILE: join(ROOT, COUNTRY_DATABASE) });
  const local = await startHistoryTable('preview');
  const messages: RenderedMessage[] = [];
  try {
    const history = new HistoryTable(local.client, local.tableName, settings.historyDays);
    const down = new HistoryTable(
      new DynamoDBClient({
        endpoint: 'http://127.0.0.1:9',
        region: 'us-east-1',
        credentials: OFFLINE_CREDENTIALS,
        maxAttempts: 1,
      }),
      local.tableName,
      settings.historyDays,
    );
    const success = 'eventbridge-iam-user-success-mfa-01.json';
    const failure = 'eventbridge-iam-user-failure-mfa-01.json';
    let step = 0;
    const play = async (
      fixture: string,
      change: { time: string; ip: string; userName: string },
      render?: { stem: string; heading: string },
      table = history,
    ) => {
      const channel = collectingChannel();
      const event = replaySignIn(fixture, { ...change, eventId: `history-${String(++step).padStart(2, '0')}` });
      await processSignInEvent(event, settings, [channel], {
        country: countries.lookup,
        history: table,
        now: () => Date.parse(change.time),
      });
      const [notification] = channel.sent;
      if (render) {
        if (!notification) throw new Error(`History step ${render.stem} sent nothing`);
        messages.push({ section: 'signin', stem: `history-${render.stem}`, heading: render.heading, notification });
      }
    };
    const japan = '133.242.0.1';
    const russia = '5.3.0.1';
    type Step = [
      fixture: string,
      time: string,
      ip: string,
      userName: string,
      render?: [stem: string, heading: string],
      table?: HistoryTable,
    ];
    // One account's month, in order; a step with a heading is rendered, the others build history.
    const guesses = ['bob', 'alice', 'bob', 'carol', 'bob', 'bob', 'alice', 'bob', 'bob', 'bob'];
    const guessHeadings: Record<number, [string, string]> = {
      0: ['05-first-failure', 'History: a first failed sign-in from Russia, sent as before'],
      4: ['06-password-guessing', 'History: the 5th failure in 15 minutes: one alert for all'],
      9: ['07-guessing-follow-up', 'History: the 10th: the window\u2019s one follow-up'],
    };
    const steps: Step[] = [
      [
        success,
        '2026-03-01T00:30:00Z',
        japan,
        'alice',
        ['01-first-sign-in', 'History: alice signs in for the first time (from Japan); her history starts'],
      ],
      ...['03', '05', '07', '09'].map((day): Step => [success, `2026-03-${day}T00:30:00Z`, japan, 'alice']),
      [
        success,
        '2026-03-10T00:30:00Z',
        japan,
        'alice',
        ['02-known', 'History: alice from her usual country, network and browser'],
      ],
      [
        success,
        '2026-03-12T00:30:00Z',
        '114.32.0.1',
        'alice',
        ['03-new-country', 'History: alice\u2019s first sign-in from Taiwan (raised one step)'],
      ],
      [
        success,
        '2026-03-12T01:10:00Z',
        japan,
        'alice',
        ['04-two-countries', 'History: alice from Japan 40 minutes after Taiwan (high)'],
      ],
      ...guesses.map(
        (userName, index): Step => [failure, `2026-03-15T02:0${index}:00Z`, russia, userName, guessHeadings[index]],
      ),
      [
        success,
        '2026-03-15T02:12:00Z',
        russia,
        'bob',
        ['08-success-after-failures', 'History: bob signs in from the guessing address (high)'],
      ],
      [
        success,
        '2026-03-16T00:30:00Z',
        japan,
        'alice',
        ['09-history-unavailable', 'History: the table cannot be reached; the alert goes out without it'],
        down,
      ],
    ];
    for (const [fixture, time, ip, userName, render, table] of steps) {
      await play(fixture, { time, ip, userName }, render ? { stem: render[0], heading: render[1] } : undefined, table);
    }
  } finally {
    await local.close();
  }
  return messages;
}

/**
 * The real-time API-call alerts on Stratus Red Team's attack detonations (tests/fixtures/attack-logs): one
 * message per technique, a refused launch shown as an attempt, and a burst's follow-up.
 */
export async function renderApiCallMessages(env: Record<string, string | undefined>): Promise<RenderedMessage[]> {
  const settings = loadApiCallSettings(
    { ...env, ALLOWED_REGIONS: 'us-east-1' },
    DETECTIONS.map((detection) => detection.id),
  );
  const countries = lazyCountryLookup({ GEO_DATABASE_FILE: join(ROOT, COUNTRY_DATABASE) });
  const folder = join(FIXTURES, 'attack-logs', 'stratus-red-team');
  const techniques = [
    'defense-evasion.cloudtrail-stop',
    'persistence.iam-create-admin-user',
    'persistence.iam-backdoor-role',
    'exfiltration.ec2-security-group-open-port-22-ingress',
    'exfiltration.ec2-share-ebs-snapshot',
    'execution.ec2-launch-unusual-instances',
    'impact.bedrock-invoke-model',
    'execution.ec2-user-data',
    'persistence.sts-federation-token',
    'lateral-movement.ec2-serial-console-send-ssh-public-key',
  ];
  const messages: RenderedMessage[] = [];
  for (const technique of techniques) {
    const channel = collectingChannel();
    const records = JSON.parse(readFileSync(join(folder, `aws.${technique}.json`), 'utf8')) as unknown[];
    const run = await processApiCallEvent(records, settings, [channel], { country: countries.lookup });
    for (const [index, notification] of channel.sent.entries()) {
      const hit = run.assessed.filter((item) => item.notify)[index];
      messages.push({
        section: 'api-calls',
        stem: `${technique}${channel.sent.length > 1 ? `-${index + 1}` : ''}`,
        heading: `Stratus Red Team ${technique} → ${hit?.hits.map((detection) => detection.id).join(', ')}`,
        notification,
      });
    }
  }
  // A burst: twelve users created by one principal in four minutes; the 10th sends the follow-up.
  const base = (
    JSON.parse(readFileSync(join(folder, 'aws.persistence.iam-create-admin-user.json'), 'utf8')) as Record<
      string,
      unknown
    >[]
  ).find((record) => record.eventName === 'CreateUser');
  if (base) {
    const burst = Array.from({ length: 12 }, (_, index) => ({
      ...base,
      eventID: `burst-${index}`,
      eventTime: new Date(Date.parse(String(base.eventTime)) + index * 20_000).toISOString(),
      requestParameters: { userName: `user-${index}` },
    }));
    const channel = collectingChannel();
    await processApiCallEvent(burst, settings, [channel], { country: countries.lookup });
    const followUp = channel.sent[1];
    if (followUp) {
      messages.push({
        section: 'api-calls',
        stem: 'burst-iam-user-created',
        heading: 'A burst of 12 CreateUser: the follow-up at 10',
        notification: followUp,
      });
    }
  }
  // A price on a costly alert: the GPU launch above as if it had succeeded (four g5.12xlarge in eu-west-1), and a
  // real NAT gateway created by Terraform (Invictus IR's account), priced from the recorded Price List shapes.
  const pricing = join(FIXTURES, 'pricing');
  const answer = (name: string) =>
    (JSON.parse(readFileSync(join(pricing, name), 'utf8')) as { PriceList: string[] }).PriceList;
  const prices: PriceReader = async ({ kind, type }) => {
    const list =
      kind === 'nat-gateway'
        ? answer('getProducts_nat-gateway_us-east-1.json')
        : type === 'g5.12xlarge'
          ? answer('getProducts_ec2_g5.12xlarge_eu-west-1.json')
          : [];
    const usd = hourlyUsdFromPriceList(list);
    return usd === undefined ? { kind: 'unknown', reason: 'no-price' } : { kind: 'price', usd };
  };
  const launch = (
    JSON.parse(readFileSync(join(folder, 'aws.execution.ec2-launch-unusual-instances.json'), 'utf8')) as Record<
      string,
      unknown
    >[]
  ).find((record) => record.eventName === 'RunInstances');
  const natGateway = (
    JSON.parse(
      readFileSync(
        join(
          FIXTURES,
          'cloudtrail-logs',
          'invictus-ir-aws-dataset',
          'CloudTrail',
          '218007301253_CloudTrail_us-east-1_20230710T1200Z_x9kHmzMa7cx6l9wM.json',
        ),
        'utf8',
      ),
    ) as { Records: Record<string, unknown>[] }
  ).Records.find((record) => record.eventName === 'CreateNatGateway');
  if (launch && natGateway) {
    const { errorCode: _code, errorMessage: _message, ...started } = launch;
    const priced: Array<[string, string, Record<string, unknown>]> = [
      [
        'priced-gpu-launch',
        'Four g5.12xlarge started in eu-west-1, priced from the Price List',
        {
          ...started,
          awsRegion: 'eu-west-1',
          requestParameters: {
            ...(started.requestParameters as Record<string, unknown>),
            instanceType: 'g5.12xlarge',
            instancesSet: { items: [{ imageId: 'ami-0abc', minCount: 1, maxCount: 4 }] },
          },
        },
      ],
      ['priced-nat-gateway', 'A NAT gateway created by Terraform (Invictus IR), priced', natGateway],
    ];
    for (const [stem, heading, record] of priced) {
      const channel = collectingChannel();
      await processApiCallEvent([record], settings, [channel], { country: countries.lookup, readers: { prices } });
      const [notification] = channel.sent;
      if (notification) messages.push({ section: 'api-calls', stem, heading, notification });
    }
  }
  return messages;
}

/**
 * The cost digest pipeline on the recorded Cost Explorer responses (August 2021, see
 * tests/fixtures/cost-explorer/SOURCES.md): the real client, its two requests answered from the recordings.
 */
export async function renderCostMessages(env: Record<string, string | undefined>): Promise<RenderedMessage[]> {
  const settings = loadCostSettings(env);
  const ce = new CostExplorerClient({ region: 'us-east-1', credentials: OFFLINE_CREDENTIALS });
  mockClient(ce)
    .on(GetCostAndUsageCommand)
    .resolves({ ResultsByTime: loadRecordedDailyResults() })
    .on(GetCostForecastCommand)
    .resolves(loadCostFixture('getCostForecast_daily_awsdocs_api_reference_example.json'));
  const channel = collectingChannel();
  await runCostDigest('2021-08-29', ce, settings, [channel]);
  const messages: RenderedMessage[] = channel.sent.map((notification) => ({
    section: 'cost',
    stem: 'digest-2021-08-29',
    heading: 'Cost digest from recorded Cost Explorer responses (run on 2021-08-29)',
    notification,
  }));
  return [...messages, ...(await renderNewAccountDigests(env))];
}

/**
 * A new account's digest on each plan (July 2025 onwards): three weeks of a t3.micro and a little S3, no
 * forecast yet, and the Free Tier API's answers written to the API reference's shapes
 * (tests/fixtures/free-tier/): a free plan with its offers past 80% and the credits still to earn (the
 * digest of a Sunday's costs lists them), and a paid plan. Run on 2026-12-07.
 */
export async function renderNewAccountDigests(env: Record<string, string | undefined>): Promise<RenderedMessage[]> {
  const settings = loadCostSettings(env);
  const days = Array.from({ length: 20 }, (_, index) => {
    const start = new Date(Date.UTC(2026, 10, 17 + index)).toISOString().slice(0, 10);
    const end = new Date(Date.UTC(2026, 10, 18 + index)).toISOString().slice(0, 10);
    // Grouped by service and record type, as the digest asks: the credits pay for all of it.
    const group = (service: string, amount: number, recordType = 'Usage') => ({
      Keys: [service, recordType],
      Metrics: { UnblendedCost: { Amount: String(amount), Unit: 'USD' } },
    });
    return {
      TimePeriod: { Start: start, End: end },
      Total: {},
      Groups: [
        group('Amazon Elastic Compute Cloud - Compute', 1.2),
        group('Amazon Elastic Compute Cloud - Compute', -1.2, 'Credit'),
        group('Amazon Simple Storage Service', 0.05),
        group('Amazon Simple Storage Service', -0.05, 'Credit'),
      ],
      Estimated: start >= '2026-12-05',
    };
  });
  const plans = [
    { stem: 'new-account-free-plan', plan: 'getAccountPlanState_free_plan.json', heading: 'a free plan' },
    { stem: 'new-account-paid-plan', plan: 'getAccountPlanState_paid_plan.json', heading: 'a paid plan' },
  ];
  const messages: RenderedMessage[] = [];
  for (const { stem, plan, heading } of plans) {
    const ce = new CostExplorerClient({ region: 'us-east-1', credentials: OFFLINE_CREDENTIALS });
    mockClient(ce)
      .on(GetCostAndUsageCommand)
      .resolves({ ResultsByTime: days })
      .on(GetCostForecastCommand)
      .rejects(
        Object.assign(new Error('Insufficient amount of historical data'), { name: 'DataUnavailableException' }),
      );
    const answers: Record<string, unknown> = {
      GetAccountPlanState: loadFreeTierFixture(plan),
      GetFreeTierUsage: loadFreeTierFixture('getFreeTierUsage_two_offers.json'),
      ListAccountActivities: loadFreeTierFixture('listAccountActivities.json'),
    };
    const freeTier: FreeTierApi = { call: async <T>(operation: string) => answers[operation] as T };
    const channel = collectingChannel();
    await runCostDigest('2026-12-07', ce, settings, [channel], { freeTier });
    messages.push(
      ...channel.sent.map((notification) => ({
        section: 'cost' as const,
        stem,
        heading: `Cost digest of a new account on ${heading} (Free Tier API answers to the reference's shapes)`,
        notification,
      })),
    );
  }
  // Why the bill moved (why.ts): a g5.xlarge that alice started in us-west-2, one more request and the trail's
  // saved query; and the first digest of a month, against the month before (month-comparison.ts).
  {
    const ce = new CostExplorerClient({ region: 'us-east-1', credentials: OFFLINE_CREDENTIALS });
    mockClient(ce)
      .on(GetCostAndUsageCommand)
      .callsFake((input: { GroupBy?: Array<{ Key?: string }> }) =>
        input.GroupBy?.some((group) => group.Key === 'USAGE_TYPE')
          ? spikeBreakdown()
          : { ResultsByTime: spikeDailyResults() },
      );
    const [query] = loadSavedQueries(join(ROOT, 'queries', 'cost'));
    const engine: SavedQueryEngine = {
      run: async (queries) =>
        queries.map((saved) => ({
          query: saved,
          status: 'succeeded' as const,
          columns: Object.keys(ALICE_STARTED),
          rows: [ALICE_STARTED],
          rowCount: 1,
          scannedBytes: 2_400_000,
        })),
    };
    const channel = collectingChannel();
    await runCostDigest(SPIKE_TODAY, ce, { ...settings, forecastSource: 'trend' }, [channel], {
      ...(query ? { trail: { engine, query } } : {}),
    });
    messages.push(
      ...channel.sent.map((notification) => ({
        section: 'cost' as const,
        stem: 'bill-moved',
        heading: 'A day the bill moved: the service, its usage type and region, and who started it',
        notification,
      })),
    );
  }
  {
    const ce = new CostExplorerClient({ region: 'us-east-1', credentials: OFFLINE_CREDENTIALS });
    mockClient(ce)
      .on(GetCostAndUsageCommand)
      .resolves({
        ResultsByTime: dateRange('2026-11-01', '2026-12-01').map((date) => ({
          TimePeriod: { Start: date, End: addDays(date, 1) },
          Total: {},
          Groups: [
            {
              Keys: ['Amazon Elastic Compute Cloud - Compute'],
              Metrics: { UnblendedCost: { Amount: '2.2506666667', Unit: 'USD' } },
            },
          ],
          Estimated: false,
        })),
      })
      .on(GetCostAndUsageComparisonsCommand)
      .resolves(loadCostFixture('getCostAndUsageComparisons_reference_shape.json'))
      .on(GetCostComparisonDriversCommand)
      .resolves(loadCostFixture('getCostComparisonDrivers_reference_shape.json'));
    const channel = collectingChannel();
    await runCostDigest('2026-12-01', ce, settings, [channel]);
    messages.push(
      ...channel.sent.map((notification) => ({
        section: 'cost' as const,
        stem: 'month-compared',
        heading: 'The first digest of a month: November against October, by Cost Explorer (reference shapes)',
        notification,
      })),
    );
  }
  // The warnings before the cliff (plan-warnings.ts): the free plan's last week, 80% of the credits used, a
  // paid plan's credits running out.
  const pace = 1.25;
  const free = {
    type: 'free' as const,
    status: 'active' as const,
    credits: { amount: 38, unit: 'USD' },
    expires: '2026-12-13',
    dailyPace: pace,
    creditsLastUntil: '2027-01-05',
    outlastsPlan: true,
  };
  const paid = {
    ...free,
    type: 'paid' as const,
    expires: '2027-06-28',
    creditsLastUntil: '2026-12-15',
    outlastsPlan: false,
  };
  const warnings = [
    {
      stem: 'plan-warning-free-plan-7-days',
      plan: free,
      warning: { kind: 'planEnds7Days' as const, key: 'k', daysLeft: 7 },
    },
    {
      stem: 'plan-warning-credits-80',
      plan: free,
      warning: { kind: 'creditsUsed80' as const, key: 'k', usedPercent: 81 },
    },
    {
      stem: 'plan-warning-paid-credits-run-out',
      plan: paid,
      warning: { kind: 'creditsRunOut14Days' as const, key: 'k', daysLeft: 9 },
    },
  ];
  for (const { stem, plan, warning } of warnings) {
    messages.push({
      section: 'cost',
      stem,
      heading: `Plan warning ${warning.kind} (costDigest, once per plan)`,
      notification: buildPlanWarningNotification(warning, plan, settings),
    });
  }
  return messages;
}

/** The security digest pipeline: every saved query on DuckDB over the recorded attack-simulation logs (tests/fixtures/cloudtrail-logs). */
export async function renderSecurityMessages(env: Record<string, string | undefined>): Promise<RenderedMessage[]> {
  const settings = loadDisplaySettings(env);
  const trail = await openLocalTrail(join(FIXTURES, 'cloudtrail-logs'));
  const allowedRegions = ['eu-west-1', 'ap-northeast-1'];
  try {
    const channel = collectingChannel();
    const queries = loadSavedQueries(join(ROOT, 'queries'));
    const window = { start: new Date('2023-07-10T00:00:00Z'), end: new Date('2023-07-11T00:00:00Z') };
    await runSecurityDigest(localEngine(trail, allowedRegions), queries, window, settings, [channel]);
    return channel.sent.map((notification) => ({
      section: 'security',
      stem: 'digest-2023-07-10',
      heading: `Security digest: saved queries on DuckDB over ${trail.records} sample CloudTrail records (allowed regions ${allowedRegions.join(', ')})`,
      notification,
    }));
  } finally {
    trail.close();
  }
}

/** The stack's own dead-letter alarm and an AWS Budgets alert (tests/fixtures/health-events), through the health pipeline. */
export async function renderHealthMessages(env: Record<string, string | undefined>): Promise<RenderedMessage[]> {
  const settings = loadDisplaySettings(env);
  const messages: RenderedMessage[] = [];
  for (const name of ['dead-letter-alarm-state-change.json', 'budget-alert-sns.json']) {
    const channel = collectingChannel();
    await processHealthEvent(loadHealthFixture(name), settings, [channel]);
    for (const notification of channel.sent) {
      messages.push({
        section: 'health',
        stem: basename(name, '.json'),
        heading: `${name} (healthAlert)`,
        notification,
      });
    }
  }
  // npm run test-alert's message, as the deployed signinAlert sends it on each channel.
  const channel = collectingChannel();
  const request = parseTestAlertRequest({
    type: TEST_ALERT_MARKER,
    requestedAt: '2026-12-02T01:00:00Z',
    requestedBy: 'arn:aws:iam::123456789012:user/owner',
    stage: 'account-watch-prod (us-east-1)',
  });
  if (request) await sendTestAlert(request, settings, [channel], { queued: false });
  for (const notification of channel.sent) {
    messages.push({ section: 'health', stem: 'test-alert', heading: 'npm run test-alert (signinAlert)', notification });
  }
  return messages;
}

/**
 * The weekly hygiene report of a healthy account, of the unhealthy one in its first week, and of the same
 * account a week later with some of it fixed and one check refused: the real SDK clients against a whole
 * account on a loopback endpoint (dev/hygiene-account.ts), checked at a fixed time.
 */
export async function renderHygieneMessages(env: Record<string, string | undefined>): Promise<RenderedMessage[]> {
  const region = 'ap-northeast-1';
  const settings = loadHygieneSettings({
    ...env,
    AWS_REGION: region,
    // Without the stack's budget, so the unhealthy account shows the budget check failing.
    MONTHLY_BUDGET: '',
    FORWARDING_SCOPE: 'signin',
    FORWARDING_STACK_NAME: 'account-watch-forwarding-prod',
  });
  const expected = expectedForwardingRegions(region, settings.forwardingScope);
  const queue = (name: string) => `https://sqs.${region}.amazonaws.com/${FAKE_ACCOUNT_ID}/${name}`;
  let remembered: RememberedReport | undefined;
  const memory: HygieneMemory = {
    read: async () => remembered,
    save: async (report) => {
      remembered = report;
    },
  };
  const unhealthy = unhealthyAccount();
  const weeks: Array<{ stem: string; heading: string; account: FakeAccount; now: Date; memory?: HygieneMemory }> = [
    {
      stem: 'healthy',
      heading: 'a healthy account (hygieneReport)',
      account: { ...healthyAccount(), forwardingStackRegions: expected },
      now: FAKE_NOW,
    },
    {
      stem: 'unhealthy',
      heading: 'an unhealthy account, first week (hygieneReport)',
      account: unhealthy,
      now: FAKE_NOW,
      memory,
    },
    {
      stem: 'unhealthy-week-two',
      heading: 'the same account a week later: six fixed, one new, one refused (hygieneReport)',
      account: {
        ...unhealthy,
        rootMfa: true,
        budgets: ['monthly'],
        ebsEncryptionByDefault: true,
        subscriptions: [{ protocol: 'email', endpoint: 'owner@example.com', pending: false }],
        analyzers: ['ConsoleAnalyzer-account'],
        forwardingStackRegions: expected,
        deny: ['iam:GetAccountPasswordPolicy'],
        // Logging again, but into a bucket whose policy no longer lets CloudTrail write: new this week.
        trails: unhealthy.trails.map((trail) => ({
          ...trail,
          status: { IsLogging: true, LatestDeliveryError: 'AccessDenied' },
        })),
        credentialReport: unhealthy.credentialReport.replace('2026-11-28T22:41:05', '2026-12-06T08:00:00'),
      },
      now: new Date(FAKE_NOW.getTime() + 7 * 86_400_000),
      memory,
    },
  ];
  const aws = await startLoopback();
  const messages: RenderedMessage[] = [];
  try {
    for (const week of weeks) {
      aws.respondWith(hygieneAccountResponder(week.account));
      const channel = collectingChannel();
      await runHygieneReport({
        clients: hygieneClients(region, loopbackClientConfig(aws.url)),
        accountId: FAKE_ACCOUNT_ID,
        settings,
        stack: {
          topicArn: PREVIEW_TOPIC_ARN,
          chatConfigured: false,
          deadLetterQueueUrls: [
            queue('account-watch-prod-dead-letters'),
            queue('account-watch-prod-health-dead-letters'),
          ],
          forwardingStackName: settings.forwardingStackName,
          forwardingRegions: expected,
        },
        memory: week.memory,
        channels: [channel],
        options: { now: week.now, sleep: async () => undefined },
      });
      for (const notification of channel.sent) {
        messages.push({ section: 'hygiene', stem: week.stem, heading: week.heading, notification });
      }
    }
  } finally {
    await aws.close();
  }
  return messages;
}

/**
 * Alerts with their action links (actions=true), as each channel shows them: an API-call alert (Stratus Red
 * Team's StopLogging by an IAM user: this was me, mute, deactivate the key, deny the user) and a sign-in without
 * MFA from Japan (this was me with its country, network and browser; deny the user). Signed with a preview key, a fixed
 * clock and counted one-use IDs, so the links are the same every run.
 */
export async function renderActionLinkMessages(env: Record<string, string | undefined>): Promise<RenderedMessage[]> {
  let nonce = 0;
  const context = {
    secret: 'preview-signing-key-not-a-secret-0123456789',
    baseUrl: 'https://abc123example.lambda-url.us-east-1.on.aws/',
    nowMs: Date.parse('2026-12-02T03:12:00Z'),
    nonce: () => `preview-${++nonce}`,
  };
  const countries = lazyCountryLookup({ GEO_DATABASE_FILE: join(ROOT, COUNTRY_DATABASE) });
  const apiSettings = loadApiCallSettings(
    { ...env, ALLOWED_REGIONS: 'us-east-1' },
    DETECTIONS.map((detection) => detection.id),
  );
  const records = JSON.parse(
    readFileSync(join(FIXTURES, 'attack-logs', 'stratus-red-team', 'aws.defense-evasion.cloudtrail-stop.json'), 'utf8'),
  ) as unknown[];
  const apiChannel = collectingChannel();
  await processApiCallEvent(records, apiSettings, [apiChannel], {
    country: countries.lookup,
    actions: {
      quieted: async () => false,
      links: async (call, detection, severity) =>
        apiCallActionLinks(call, detection, context, apiSettings.locale, severity),
    },
  });
  const signInSettings = loadSigninSettings(env);
  const signInChannel = collectingChannel();
  // The recorded sign-in from a documentation address has no country; from a Japanese one it has all three facts.
  const { Records } = loadSignInFixture('iam-user-success-no-mfa-01.json') as { Records: Record<string, unknown>[] };
  const signInEvent = { Records: Records.map((record) => ({ ...record, sourceIPAddress: '133.242.0.1' })) };
  await processSignInEvent(signInEvent, signInSettings, [signInChannel], {
    country: countries.lookup,
    actions: { links: async (signIn, alert) => signInActionLinks(signIn, alert, context, signInSettings.locale) },
  });
  const [apiCall] = apiChannel.sent;
  const [signIn] = signInChannel.sent;
  if (!apiCall || !signIn) throw new Error('An alert with action links sent nothing');
  return [
    {
      section: 'api-calls',
      stem: 'actions-cloudtrail-stop',
      heading: 'actions=true: StopLogging with its action links',
      notification: apiCall,
    },
    {
      section: 'signin',
      stem: 'actions-iam-user-success-no-mfa',
      heading: 'actions=true: an IAM user without MFA with "this was me" and the lock-down',
      notification: signIn,
    },
  ];
}

/** Every golden message of one language. */
export async function renderGoldenMessages(env: Record<string, string | undefined>): Promise<RenderedMessage[]> {
  return [
    ...renderSignInMessages(env),
    ...(await renderSignInHistoryMessages(env)),
    ...(await renderApiCallMessages(env)),
    ...(await renderCostMessages(env)),
    ...(await renderSecurityMessages(env)),
    ...(await renderHealthMessages(env)),
    ...(await renderHygieneMessages(env)),
    ...(await renderActionLinkMessages(env)),
  ];
}
