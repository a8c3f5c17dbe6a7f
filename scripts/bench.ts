/**
 * npm run bench: the figures the issues name, measured here, offline.
 * - bundle size of each packaged function (minified JS, as `serverless package` builds it)
 * - cold start: module load + first invocation in a fresh Node process, network answered by a
 *   loopback AWS/Slack endpoint, beside an empty handler built the same way (median of N runs)
 * - API calls per run, counted at that endpoint
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { fakeAwsResponder } from '../dev/aws-loopback.js';
import { loadCostFixture, loadRecordedDailyResults } from '../dev/fixtures.js';
import { startHistoryTable } from '../dev/history-table.js';
import {
  FAKE_ACCOUNT_ID,
  FAKE_NOW,
  healthyAccount,
  hygieneAccountResponder,
  loopbackClientConfig,
  signedScope,
} from '../dev/hygiene-account.js';
import { startLoopback } from '../dev/loopback.js';
import { hygieneClients, inspectAccount } from '../src/lib/hygiene/inspect.js';
import { DEFAULT_QUERY_REGIONS } from '../src/lib/settings.js';
import { parseCommandLine } from './cli.js';
import { generateLogs } from './generate-logs.js';

parseCommandLine(
  `Usage: npm run bench
  Packages the functions and prints, for each, its bundle size, its cold start beside an empty handler
  (median of BENCH_RUNS runs, default 15) and its API calls per run, each against its target; exits 1
  when a target is missed.`,
  {},
);

const ROOT = join(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const work = mkdtempSync(join(tmpdir(), 'account-watch-bench-'));

interface FunctionBench {
  name: string;
  /** The packaged function whose zip is measured (default: name). */
  packageName?: string;
  /**
   * Give each cold run's event a new eventID, so the history sees a new sign-in, not a duplicate, and with
   * `'address'` a new source address too (a first failure each time, not one folded into the last).
   */
  freshEventIds?: boolean | 'address' | 'hour';
  handlerFile: string;
  event: string;
  env: Record<string, string>;
  targets: { bundleKb: number; coldStartRatio: number };
  /** How often it runs, for the monthly cost of its Cost Explorer requests (default daily). */
  runsPerMonth?: number;
}

const FUNCTIONS: FunctionBench[] = [
  {
    name: 'deliverySender',
    handlerFile: 'src/handlers/delivery-sender.cjs',
    // One batch: a Slack message read through Parameter Store and posted to the loopback webhook.
    event: join(ROOT, 'tests/fixtures/bench/delivery-batch.json'),
    env: {
      NOTIFY_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:account-watch-prod-notifications',
      SLACK_WEBHOOK_PARAMETER: '/account-watch/slack-webhook-url',
    },
    // The one function with every channel's sender (SSM, SES, the PNG encoder for the chart): bounds that
    // catch it growing, not an issue's aim.
    targets: { bundleKb: 500, coldStartRatio: 4 },
  },
  {
    name: 'signinAlert (failure)',
    packageName: 'signinAlert',
    handlerFile: 'src/handlers/signin-alert.cjs',
    event: join(ROOT, 'tests/fixtures/signin-events/eventbridge-iam-user-failure-mfa-01.json'),
    freshEventIds: 'address',
    env: {
      NOTIFY_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:account-watch-prod-notifications',
      SLACK_WEBHOOK_PARAMETER: '/account-watch/slack-webhook-url',
      // As deployed: chat messages are queued for deliverySender, so no Parameter Store read here.
      DELIVERY_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/account-watch-prod-deliveries.fifo',
    },
    // The sign-in history issue's aims: a code bundle under 400 KB (the country database aside) and a cold
    // start, with the database read and the history written, within 2.5x the empty handler.
    targets: { bundleKb: 400, coldStartRatio: 2.5 },
  },
  {
    name: 'signinAlert (success)',
    packageName: 'signinAlert',
    handlerFile: 'src/handlers/signin-alert.cjs',
    event: join(ROOT, 'tests/fixtures/signin-events/eventbridge-iam-user-success-mfa-01.json'),
    freshEventIds: true,
    env: {
      NOTIFY_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:account-watch-prod-notifications',
      SLACK_WEBHOOK_PARAMETER: '/account-watch/slack-webhook-url',
      // As deployed: chat messages are queued for deliverySender, so no Parameter Store read here.
      DELIVERY_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/account-watch-prod-deliveries.fifo',
    },
    targets: { bundleKb: 400, coldStartRatio: 2.5 },
  },
  {
    name: 'apiCallAlert',
    handlerFile: 'src/handlers/api-call-alert.cjs',
    event: join(ROOT, 'tests/fixtures/bench/api-call-event.json'),
    freshEventIds: 'hour',
    env: {
      NOTIFY_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:account-watch-prod-notifications',
      SLACK_WEBHOOK_PARAMETER: '/account-watch/slack-webhook-url',
      // As deployed: chat messages are queued for deliverySender, so no Parameter Store read here.
      DELIVERY_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/account-watch-prod-deliveries.fifo',
    },
    // The sign-in alerts' aims, for the other real-time alert.
    targets: { bundleKb: 400, coldStartRatio: 2.5 },
  },
  {
    name: 'costDigest',
    handlerFile: 'src/handlers/cost-digest.cjs',
    event: join(ROOT, 'tests/fixtures/bench/cost-digest-event.json'),
    env: {
      NOTIFY_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:account-watch-prod-notifications',
      SLACK_WEBHOOK_PARAMETER: '/account-watch/slack-webhook-url',
      MONTHLY_BUDGET: '20',
      DELIVERY_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/account-watch-prod-deliveries.fifo',
    },
    // The issue names requests per run for this one; bundle and cold start are reported against the sign-in aims.
    targets: { bundleKb: 450, coldStartRatio: 4 },
  },
  {
    name: 'securityDigest',
    handlerFile: 'src/handlers/security-digest.cjs',
    event: '-',
    env: {
      NOTIFY_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:account-watch-prod-notifications',
      SLACK_WEBHOOK_PARAMETER: '/account-watch/slack-webhook-url',
      ATHENA_WORKGROUP: 'account-watch-prod',
      ATHENA_DATABASE: 'account_watch_prod',
      ATHENA_TABLE: 'cloudtrail',
      ALLOWED_REGIONS: 'us-east-1',
      DELIVERY_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/account-watch-prod-deliveries.fifo',
    },
    // Eleven queries, each started, polled and read: its first invocation is mostly Athena round trips.
    targets: { bundleKb: 450, coldStartRatio: 6 },
  },
  {
    name: 'healthAlert',
    handlerFile: 'src/handlers/health-alert.cjs',
    event: join(ROOT, 'tests/fixtures/health-events/dead-letter-alarm-state-change.json'),
    env: {
      NOTIFY_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:account-watch-prod-notifications',
      SLACK_WEBHOOK_PARAMETER: '/account-watch/slack-webhook-url',
      DELIVERY_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/account-watch-prod-deliveries.fifo',
    },
    targets: { bundleKb: 450, coldStartRatio: 3 },
  },
  {
    name: 'hygieneReport',
    handlerFile: 'src/handlers/hygiene-report.cjs',
    event: '-',
    env: {
      NOTIFY_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:account-watch-prod-notifications',
      SLACK_WEBHOOK_PARAMETER: '/account-watch/slack-webhook-url',
      FORWARDING_STACK_NAME: 'account-watch-forwarding-prod',
      FORWARDING_SCOPE: 'signin',
      WATCHED_DEAD_LETTER_QUEUES: 'https://sqs.us-east-1.amazonaws.com/123456789012/account-watch-prod-dead-letters',
      DELIVERY_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/account-watch-prod-deliveries.fifo',
    },
    // Issue 11 names no aim: a weekly run whose eleven read-only clients (EC2's alone is about 540 KB of
    // schemas) make it the largest bundle. These bounds only catch it growing further.
    targets: { bundleKb: 1600, coldStartRatio: 8 },
    runsPerMonth: 4.35,
  },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const run = promisify(execFile);

/** Cold starts one after another; asynchronous so the loopback endpoint in this process can answer. */
interface ColdStart {
  bootMs: number;
  loadMs: number;
  invokeMs: number;
  totalMs: number;
}

/**
 * Cold starts one after another, each paired with a cold start of `baseline` (the empty handler) run just
 * before it, so a ratio compares two runs of the same moment: drift on the machine moves both, not the ratio.
 */
async function coldStarts(
  bundle: string,
  event: string,
  env: Record<string, string>,
  freshEventIds: FunctionBench['freshEventIds'] = false,
  baseline?: string,
): Promise<Array<ColdStart & { baselineMs?: number }>> {
  const totals: Array<ColdStart & { baselineMs?: number }> = [];
  for (let attempt = 0; attempt < RUNS; attempt++) {
    let baselineMs: number | undefined;
    if (baseline) {
      const { stdout: empty } = await run(
        process.execPath,
        [join(ROOT, 'scripts/bench-cold-start.cjs'), baseline, '-'],
        {
          env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT', NODE_NO_WARNINGS: '1' },
          encoding: 'utf8',
          timeout: 30_000,
        },
      );
      baselineMs = (JSON.parse(empty) as ColdStart).totalMs;
    }
    let eventFile = event;
    if (freshEventIds) {
      const body = JSON.parse(readFileSync(event, 'utf8')) as {
        detail: { eventID: string; sourceIPAddress: string; userIdentity: { userName?: string } };
      };
      body.detail.eventID = `bench-${Date.now()}-${attempt}`;
      // An hour apart: the same call again is a new burst window, not a fold into the last one.
      if (freshEventIds === 'hour') {
        const detail = body.detail as { eventTime?: string };
        detail.eventTime = new Date(
          Date.parse(detail.eventTime ?? '2024-01-01T00:00:00Z') + attempt * 3_600_000,
        ).toISOString();
      }
      if (freshEventIds === 'address') {
        body.detail.sourceIPAddress = `119.14.228.${10 + attempt}`;
        body.detail.userIdentity.userName = `bench-user-${attempt}`;
      }
      eventFile = join(work, `event-${attempt}.json`);
      writeFileSync(eventFile, JSON.stringify(body));
    }
    const { stdout } = await run(process.execPath, [join(ROOT, 'scripts/bench-cold-start.cjs'), bundle, eventFile], {
      env: { ...process.env, ...env, POWERTOOLS_LOG_LEVEL: 'SILENT', NODE_NO_WARNINGS: '1' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    totals.push({ ...(JSON.parse(stdout) as ColdStart), ...(baselineMs === undefined ? {} : { baselineMs }) });
  }
  return totals;
}

async function main() {
  console.log('Packaging with `serverless package` …');
  const packageDir = join(work, 'package');
  execFileSync(
    'npx',
    [
      'serverless',
      'package',
      '--package',
      packageDir,
      '--param',
      'slackWebhookParameter=/account-watch/slack-webhook-url',
    ],
    {
      cwd: ROOT,
      stdio: 'pipe',
    },
  );

  // The baseline: an empty handler through the same esbuild settings.
  const emptySource = join(work, 'empty.js');
  writeFileSync(emptySource, 'exports.handler = async () => ({});\n');
  const emptyBundle = join(work, 'empty-bundle.js');
  await build({
    entryPoints: [emptySource],
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    outfile: emptyBundle,
  });

  const endpoint = await startLoopback();
  const digests = fakeAwsResponder({
    ssmParameterValue: `${endpoint.url}/services/T000/B000/BENCH`,
    costAndUsagePages: [{ ResultsByTime: loadRecordedDailyResults() }],
    costForecast: loadCostFixture('getCostForecast_daily_awsdocs_api_reference_example.json'),
    athenaRows: ['arn:aws:iam::123456789012:user/alice'],
  });
  // The hygiene report's reads are answered by a healthy account; everything else as before.
  const account = hygieneAccountResponder({ ...healthyAccount(), forwardingStackRegions: [...DEFAULT_QUERY_REGIONS] });
  endpoint.respondWith((request) => {
    const answer = account(request);
    return answer.status === 400 && answer.body?.startsWith('unexpected request') ? digests(request) : answer;
  });
  const awsEnv = {
    AWS_ENDPOINT_URL: endpoint.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'bench',
  };

  // The sign-in history on a real DynamoDB implementation, counting the requests each sign-in makes.
  const history = await startHistoryTable('bench');
  const historyEnv = { HISTORY_TABLE: history.tableName, AWS_ENDPOINT_URL_DYNAMODB: history.endpoint };

  const rows: string[] = [];
  let failed = false;
  for (const fn of FUNCTIONS) {
    const packageName = fn.packageName ?? fn.name;
    const unzipDir = join(work, packageName);
    execFileSync('unzip', ['-q', '-o', join(packageDir, `${packageName}.zip`), '-d', unzipDir]);
    const bundle = join(unzipDir, fn.handlerFile);
    const bundleKb = statSync(bundle).size / 1024;
    const zipKb = statSync(join(packageDir, `${packageName}.zip`)).size / 1024;
    endpoint.requests.length = 0;
    history.requests.length = 0;
    // LAMBDA_TASK_ROOT: where the function finds files packaged beside its bundle (saved queries, country database).
    const runs = await coldStarts(
      bundle,
      fn.event,
      { ...awsEnv, ...fn.env, ...historyEnv, LAMBDA_TASK_ROOT: unzipDir },
      fn.freshEventIds,
      emptyBundle,
    );
    const dynamoCalls = new Map<string, number>();
    for (const operation of history.requests) dynamoCalls.set(operation, (dynamoCalls.get(operation) ?? 0) + 1 / RUNS);
    const callsPerRun = endpoint.requests.length / RUNS;
    const calls = new Map<string, number>();
    for (const request of endpoint.requests) {
      const kind = request.path.startsWith('/services/')
        ? 'Slack webhook'
        : String(
            request.headers['x-amz-target'] ??
              new URLSearchParams(request.body).get('Action') ??
              // REST APIs (GuardDuty, Access Analyzer): the service and the path.
              `${signedScope(request).service} ${request.method} ${request.path.split('?')[0]}`,
          );
      calls.set(kind, (calls.get(kind) ?? 0) + 1 / RUNS);
    }
    const costExplorerCalls = [...calls].filter(([kind]) => kind.startsWith('AWSInsightsIndexService.'));
    const costExplorerPerRun = costExplorerCalls.reduce((total, [, count]) => total + count, 0);
    const coldMedian = median(runs.map((run) => run.totalMs));
    const loadMedian = median(runs.map((run) => run.loadMs));
    const invokeMedian = median(runs.map((run) => run.invokeMs));
    // The empty handler's runs of this same round, and the median of the paired ratios.
    const emptyMedian = median(runs.map((run) => run.baselineMs ?? 0));
    const ratio = median(runs.map((run) => run.totalMs / (run.baselineMs ?? run.totalMs)));
    const bundleOk = bundleKb <= fn.targets.bundleKb;
    const ratioOk = ratio <= fn.targets.coldStartRatio;
    failed ||= !bundleOk || !ratioOk;
    rows.push(
      [
        `${fn.name}`,
        `  bundle: ${bundleKb.toFixed(1)} KB minified (zip ${zipKb.toFixed(1)} KB)   target < ${fn.targets.bundleKb} KB: ${bundleOk ? 'met' : 'MISSED'}`,
        `  cold start (Node boot + module load + first invoke, median of ${RUNS}): ${coldMedian.toFixed(1)} ms vs empty handler ${emptyMedian.toFixed(1)} ms in the same round: ${ratio.toFixed(2)}x (median of paired runs)   target <= ${fn.targets.coldStartRatio}x: ${ratioOk ? 'met' : 'MISSED'}`,
        `    of which module load ${loadMedian.toFixed(1)} ms, first invocation ${invokeMedian.toFixed(1)} ms`,
        `  API calls per cold run: ${callsPerRun.toFixed(1)} (${[...calls].map(([kind, count]) => `${kind} ${count.toFixed(1)}`).join(', ')})`,
        ...(history.requests.length > 0
          ? [
              `  DynamoDB requests per ${fn.name.startsWith('signin') ? 'sign-in' : fn.name === 'hygieneReport' ? 'run' : 'alert'}: ${(history.requests.length / RUNS).toFixed(1)} (${[...dynamoCalls].map(([kind, count]) => `${kind} ${count.toFixed(1)}`).join(', ')})`,
            ]
          : []),
        ...(costExplorerCalls.length > 0
          ? [
              `  Cost Explorer requests per run: ${costExplorerPerRun.toFixed(1)} ($${(costExplorerPerRun * 0.01).toFixed(2)} a run, about $${(costExplorerPerRun * 0.01 * (fn.runsPerMonth ?? 30)).toFixed(2)} a month)   target <= 2: ${costExplorerPerRun <= 2 ? 'met' : 'MISSED'}`,
            ]
          : []),
      ].join('\n'),
    );
  }
  await endpoint.close();
  await history.close();
  console.log(`\n${rows.join('\n\n')}\n`);
  console.log(`Node ${process.version} on ${process.arch}; Lambda runs Node 22 on arm64, so absolute times differ.`);
  // Every section runs whatever the ones before found (`failed ||= await …` would skip them after a miss).
  await benchHygieneCalls();
  const detectionsMet = await benchDetections();
  const slackMet = await benchDeliveryQueue();
  const slackAppMet = await benchSlackApp();
  const queryMet = await benchLocalQuery();
  failed = failed || !detectionsMet || !slackMet || !slackAppMet || !queryMet;
  if (failed) process.exitCode = 1;
}

/**
 * The hygiene report's read calls in one run, counted per service at a loopback account (all in process,
 * where S3 Control's account-prefixed host reaches the loopback too), with every forwarding region searched.
 * No aim: they are free calls; the figure is what the README's cost line says.
 */
async function benchHygieneCalls(): Promise<void> {
  const aws = await startLoopback(hygieneAccountResponder({ ...healthyAccount(), forwardingStackRegions: [] }));
  const started = performance.now();
  await inspectAccount(
    hygieneClients('ap-northeast-1', loopbackClientConfig(aws.url)),
    { accountId: FAKE_ACCOUNT_ID, homeRegion: 'ap-northeast-1' },
    {
      topicArn: `arn:aws:sns:ap-northeast-1:${FAKE_ACCOUNT_ID}:account-watch-prod-notifications`,
      chatConfigured: false,
      deadLetterQueueUrls: ['dead-letters', 'health-dead-letters', 'delivery-dead-letters.fifo'].map(
        (name) => `https://sqs.ap-northeast-1.amazonaws.com/${FAKE_ACCOUNT_ID}/account-watch-prod-${name}`,
      ),
      forwardingStackName: 'account-watch-forwarding-prod',
      forwardingRegions: DEFAULT_QUERY_REGIONS.filter((region) => region !== 'ap-northeast-1'),
    },
    { now: FAKE_NOW },
  );
  const ms = performance.now() - started;
  const byService = new Map<string, number>();
  for (const request of aws.requests) {
    const { service } = signedScope(request);
    byService.set(service, (byService.get(service) ?? 0) + 1);
  }
  await aws.close();
  console.log(
    [
      '\nhygieneReport: read calls in one weekly run (forwarding scope all, 16 regions)',
      `  ${aws.requests.length} calls (${[...byService].map(([service, count]) => `${service} ${count}`).join(', ')}), all read-only; ${Math.round(ms)} ms against the loopback`,
      `  all free but Cost Explorer's GetAnomalyMonitors, billed as a Cost Explorer request: $0.01 a week, about $0.04 a month`,
    ].join('\n'),
  );
}

/**
 * deliverySender against loopback chats that each enforce their documented limit (429 with Retry-After
 * beyond it): Slack one a second, Teams four a second, Discord 30 a minute, all in one queue, drained side by
 * side. The throughput each reaches against its limit, and how often it hit it. BENCH_SLACK_MESSAGES sets the
 * Slack burst (default 20); Teams gets as many, Discord a quarter.
 */
async function benchDeliveryQueue(): Promise<boolean> {
  const { processDeliveryBatch, channelPaces } = await import('../src/lib/notify/delivery-sender.js');
  const { queuedDelivery } = await import('../src/lib/notify/delivery-queue.js');
  const count = Number(process.env.BENCH_SLACK_MESSAGES ?? 20);
  const limits = { slack: 1000, teams: 250, discord: 2000 } as const;
  const counts = { slack: count, teams: count, discord: Math.max(2, Math.round(count / 4)) };
  const stats = Object.fromEntries(
    Object.keys(limits).map((channel) => [
      channel,
      { last: Number.NEGATIVE_INFINITY, accepted: 0, refused: 0, done: 0 },
    ]),
  ) as Record<keyof typeof limits, { last: number; accepted: number; refused: number; done: number }>;
  const started = performance.now();
  const chat = await startLoopback((request) => {
    const channel = (request.path.split('/')[1] ?? 'slack') as keyof typeof limits;
    const stat = stats[channel];
    const now = Date.now();
    if (now - stat.last < limits[channel]) {
      stat.refused++;
      return { status: 429, headers: { 'retry-after': '1' }, body: 'rate_limited' };
    }
    stat.last = now;
    stat.accepted++;
    stat.done = performance.now();
    return { status: channel === 'discord' ? 204 : 200, body: channel === 'discord' ? '' : 'ok' };
  });
  const records = (Object.keys(counts) as (keyof typeof counts)[]).flatMap((channel) =>
    Array.from({ length: counts[channel] }, (_, index) => ({
      messageId: `${channel}-${index}`,
      body: JSON.stringify(
        queuedDelivery(channel, { text: `alert ${index}`, type: 'message', attachments: [] }, new Date()),
      ),
    })),
  );
  // As Lambda drains a FIFO queue with a message group per channel and five invocations at most: each
  // channel's batches one after another, the channels side by side, each invocation with its own paces.
  const byChannel = new Map<string, typeof records>();
  for (const record of records) {
    const channel = record.messageId.split('-')[0] ?? '';
    byChannel.set(channel, [...(byChannel.get(channel) ?? []), record]);
  }
  await Promise.all(
    [...byChannel.values()].map(async (channelRecords) => {
      let waiting = channelRecords;
      while (waiting.length > 0) {
        const batch = waiting.slice(0, 10);
        const { batchItemFailures } = await processDeliveryBatch(
          { Records: batch },
          {
            destinations: {
              slack: async () => `${chat.url}/slack/services/T000/B000/BENCH`,
              teams: async () => `${chat.url}/teams/workflows/BENCH`,
              discord: async () => `${chat.url}/discord/api/webhooks/1/BENCH`,
            },
            paces: channelPaces(undefined, Date.now()),
            remainingTimeMs: () => 60_000,
          },
        );
        const failed = new Set(batchItemFailures.map((failure) => failure.itemIdentifier));
        waiting = [...batch.filter((record) => failed.has(record.messageId)), ...waiting.slice(10)];
      }
    }),
  );
  await chat.close();
  let met = true;
  const lines = (Object.keys(limits) as (keyof typeof limits)[]).map((channel) => {
    const stat = stats[channel];
    const seconds = (stat.done - started) / 1000;
    const rate = stat.accepted / seconds;
    const limit = 1000 / limits[channel];
    const ok = stat.accepted === counts[channel] && rate >= limit * 0.7;
    met &&= ok;
    return `  ${channel}: ${stat.accepted} of ${counts[channel]} in ${seconds.toFixed(1)} s = ${rate.toFixed(2)}/s (limit ${limit.toFixed(2)}/s), ${stat.refused} refused with 429   target: all delivered, >= 70% of the limit: ${ok ? 'met' : 'MISSED'}`;
  });
  console.log(
    [
      'Delivery queue (deliverySender): Slack, Teams and Discord in one queue, each against its limit',
      ...lines,
      '  a burst of N alerts reaches each chat at that chat\u2019s own pace; the emails go at once',
    ].join('\n'),
  );
  return met;
}

/**
 * Slack app mode's burst: a first alert and its follow-ups through deliverySender against a loopback Web API
 * that allows one chat.postMessage a second per channel (429 with Retry-After beyond it), the threads in memory.
 * Whether every follow-up lands in the first alert's thread, the pace reached, and the Web API calls a message
 * costs (a post, and for a follow-up the update of the first with "× N"). BENCH_SLACK_MESSAGES sets the size.
 */
async function benchSlackApp(): Promise<boolean> {
  const { processDeliveryBatch, channelPaces } = await import('../src/lib/notify/delivery-sender.js');
  const { queuedDelivery } = await import('../src/lib/notify/delivery-queue.js');
  const { renderSlackApp, memorySlackThreads } = await import('../src/lib/notify/slack-app.js');
  const { postToSlackApp } = await import('../src/lib/notify/slack-app-post.js');
  const { startSlackApi } = await import('../dev/slack-api.js');
  const { loadSignInFixture } = await import('../dev/fixtures.js');
  const { assessSignInEvent } = await import('../src/lib/signin/process.js');
  const { loadSigninSettings } = await import('../src/lib/config.js');
  const count = Number(process.env.BENCH_SLACK_MESSAGES ?? 20);
  const token = 'xoxb-1234567890-0987654321-benchBenchBench';
  const api = await startSlackApi({ token, channels: ['C0BENCH0001'], postIntervalMs: 1000 });
  const [assessed] = assessSignInEvent(loadSignInFixture('root-success-mfa-01.json'), loadSigninSettings({})).assessed;
  if (!assessed) throw new Error('no notification to post');
  const records = Array.from({ length: count }, (_, index) => ({
    messageId: `slack-${index}`,
    body: JSON.stringify(
      queuedDelivery(
        'slack',
        renderSlackApp(
          { ...assessed.notification, thread: 'bench', ...(index > 0 ? { followUp: { count: index + 1 } } : {}) },
          { interactive: false },
        ),
        new Date(),
      ),
    ),
  }));
  const threads = memorySlackThreads();
  const started = performance.now();
  let waiting = records;
  while (waiting.length > 0) {
    const batch = waiting.slice(0, 10);
    const { batchItemFailures } = await processDeliveryBatch(
      { Records: batch },
      {
        destinations: {
          slackApp: {
            destination: async () => ({ token, channel: 'C0BENCH0001', apiUrl: api.url }),
            post: postToSlackApp,
            threads,
          },
        },
        paces: channelPaces(undefined, Date.now()),
        remainingTimeMs: () => 60_000,
      },
    );
    const failed = new Set(batchItemFailures.map((failure) => failure.itemIdentifier));
    waiting = [...batch.filter((record) => failed.has(record.messageId)), ...waiting.slice(10)];
  }
  const seconds = (performance.now() - started) / 1000;
  await api.close();
  const [first, ...replies] = api.messages;
  const threaded = replies.filter((reply) => reply.thread_ts === first?.ts).length;
  const posts = api.calls.filter((call) => call === 'chat.postMessage').length;
  const updates = api.calls.filter((call) => call === 'chat.update').length;
  const refused = posts - api.messages.length;
  const rate = api.messages.length / seconds;
  const met = api.messages.length === count && threaded === count - 1 && rate >= 0.7 && first?.updates === count - 1;
  console.log(
    [
      'Slack app mode (deliverySender): a burst of one detection by one principal, against chat.postMessage’s one a second',
      `  ${api.messages.length} of ${count} posted in ${seconds.toFixed(1)} s = ${rate.toFixed(2)}/s (limit 1.00/s), ${refused} refused with 429; ${threaded} of ${count - 1} follow-ups in the first alert’s thread, the first updated ${first?.updates ?? 0} times ("× N")   target: all posted and threaded, >= 70% of the limit: ${met ? 'met' : 'MISSED'}`,
      `  Web API calls per message: ${((posts + updates) / count).toFixed(2)} (chat.postMessage ${(posts / count).toFixed(2)}, chat.update ${(updates / count).toFixed(2)})`,
    ].join('\n'),
  );
  return met;
}

/**
 * The real-time detections replayed over generated logs (the real log set multiplied, scripts/generate-logs.ts):
 * records per second through the rules' patterns and the function's pipeline on one core; and, from the rules
 * replayed over the real log set, how many invocations a day they would cause (the cost of the function).
 * BENCH_DETECT_RECORDS sets the size (default 300000).
 */
async function benchDetections(): Promise<boolean> {
  // The logger was made when the first module that logs was imported; the environment alone is too late.
  (await import('../src/lib/logger.js')).logger.setLogLevel('SILENT');
  const { DETECTIONS } = await import('../src/lib/api-calls/catalogue.js');
  const { replayLogs } = await import('../src/lib/api-calls/replay.js');
  const { loadApiCallSettings } = await import('../src/lib/config.js');
  const { findLogFiles } = await import('../src/lib/security-digest/local.js');
  const settings = loadApiCallSettings(
    { ALLOWED_REGIONS: 'us-east-1' },
    DETECTIONS.map((detection) => detection.id),
  );
  const size = Number(process.env.BENCH_DETECT_RECORDS ?? 300_000);
  const folder = join(work, `detect-${size}`);
  generateLogs(folder, size);
  const files = findLogFiles(folder);
  // The median of three replays: one run on a shared machine swings by a tenth either way.
  const runs: Array<{ result: Awaited<ReturnType<typeof replayLogs>>; seconds: number }> = [];
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    const replayed = await replayLogs(files, settings);
    runs.push({ result: replayed, seconds: (performance.now() - started) / 1000 });
  }
  runs.sort((a, b) => a.seconds - b.seconds);
  const { result, seconds } = runs[1] as (typeof runs)[number];
  const perSecond = result.records / seconds;
  const real = await replayLogs(findLogFiles(join(ROOT, 'tests/fixtures/cloudtrail-logs')), settings);
  // With apiCallReads, every call of a long-term key (reads included) and of an instance's role reaches the function.
  const realWithReads = await replayLogs(findLogFiles(join(ROOT, 'tests/fixtures/cloudtrail-logs')), {
    ...settings,
    reads: true,
  });
  // The real set spans 55 minutes of one account's Terraform, console and attack traffic (SOURCES.md).
  const spanHours = 55 / 60;
  const perDay = (real.candidates / spanHours) * 24;
  const readsPerDay = (realWithReads.candidates / spanHours) * 24;
  // Lambda bills $0.20 per million requests past its free million a month; EventBridge $1 per million events it
  // forwards from another region (none when the calls are in the home region, as these are).
  const readsPerMonth = readsPerDay * 30;
  const lambdaUsd = Math.max(0, readsPerMonth - 1_000_000) * 0.2e-6;
  const forwardedUsd = readsPerMonth * 1e-6;
  const target = 100_000;
  const met = perSecond >= target;
  // EventBridge's limits the rules live within: 300 rules per event bus (an adjustable quota) and 2,048
  // characters per pattern. The home bus holds the API-call rules, the sign-in rule and the health rule; a
  // forwarding stack, the API-call rules, its sign-in rule and its alarm rule.
  const { apiCallRules } = await import('../deploy/api-calls.js');
  const { EVENT_PATTERN_LIMIT } = await import('../src/lib/api-calls/pattern.js');
  const rules = apiCallRules();
  const longest = Math.max(...rules.map((rule) => JSON.stringify(rule.pattern).length));
  const readRules = rules.filter((rule) => rule.state !== 'ENABLED').length;
  console.log(
    [
      'Real-time detections (npm run detect), replayed on one core',
      `  ${result.records} generated records, ${result.candidates} delivered by the rules, ${result.alerts.length} alerts: ${seconds.toFixed(1)} s (median of 3) = ${Math.round(perSecond).toLocaleString('en-US')} records/s   target >= ${target.toLocaleString('en-US')}/s: ${met ? 'met' : 'MISSED'}`,
      `  invocations the rules would cause: ${real.candidates} of ${real.records} real records in 55 minutes of a busy account (Terraform + an attack simulation) = about ${Math.round(perDay)} a day at that pace, ${Math.round(perDay * 30).toLocaleString('en-US')} a month; a quiet account, a handful (Lambda: 1 million free a month)`,
      `  with apiCallReads=true: ${realWithReads.candidates} of ${real.records} records reach the function (long-term keys and instance roles, reads included) = about ${Math.round(readsPerDay).toLocaleString('en-US')} invocations a day, ${Math.round(readsPerMonth).toLocaleString('en-US')} a month at that busy pace: Lambda about $${lambdaUsd.toFixed(2)} a month past its free million, and, were the calls in another region than home, $${forwardedUsd.toFixed(2)} of forwarded events`,
      `  EventBridge: ${DETECTIONS.length} detections in ${rules.length} rules (${readRules} also receiving reads) per region: home bus ${rules.length + 2} of 300 rules, each forwarding region ${rules.length + 2} of 300; longest pattern ${longest.toLocaleString('en-US')} of ${EVENT_PATTERN_LIMIT.toLocaleString('en-US')} characters (margin ${EVENT_PATTERN_LIMIT - longest})`,
    ].join('\n'),
  );
  return met;
}

/**
 * npm run query at scale, in the two shapes a trail's logs come in: a year of a small account (about a
 * million records in over a hundred thousand small files, as CloudTrail writes them) and one large file (an
 * export or a merge). Each set is collected into a fresh DuckDB database and every saved query run over it;
 * in the same process, right after, a plain DuckDB read_json of the same files is the baseline the collecting
 * is compared with. BENCH_QUERY_SETS overrides the sets: "records/perFile,…" (default 1000000/8,150000/150000).
 */
async function benchLocalQuery(): Promise<boolean> {
  const runs = (process.env.BENCH_QUERY_SETS ?? '1000000/8,150000/150000')
    .split(',')
    .map((set) => set.split('/').map(Number))
    .filter(([size, perFile]) => (size ?? 0) > 0 && (perFile ?? 0) > 0)
    .map(([size, perFile]) => ({ size: size ?? 0, perFile: perFile ?? 0 }));
  let met = true;
  for (const { size, perFile } of runs) {
    const folder = join(work, `logs-${size}-${perFile}`);
    generateLogs(folder, size, perFile);
    try {
      const { stdout } = await run(
        process.execPath,
        ['--import', 'tsx', join(ROOT, 'scripts/bench-query-load.ts'), folder],
        {
          env: { ...process.env, NODE_NO_WARNINGS: '1' },
          encoding: 'utf8',
          timeout: 1_800_000,
          maxBuffer: 10_000_000,
        },
      );
      const result = JSON.parse(stdout) as {
        records: number;
        files: number;
        loadMs: number;
        queryMs: number;
        baselineMs: number;
        maxRssMb: number;
      };
      // Targets: collecting within 3x of DuckDB's own read of the same files, under 1 GB of memory, and every
      // saved query over the collected set in seconds.
      const ratio = result.loadMs / result.baselineMs;
      const ratioOk = ratio <= 3;
      const queryOk = result.queryMs <= 5000;
      const memoryOk = result.maxRssMb <= 1024;
      met &&= ratioOk && queryOk && memoryOk;
      console.log(
        [
          `\nnpm run query, ${result.records.toLocaleString('en-US')} records in ${result.files.toLocaleString('en-US')} file(s)`,
          `  first collect: ${(result.loadMs / 1000).toFixed(1)} s (${Math.round(result.records / (result.loadMs / 1000)).toLocaleString('en-US')} records/s) vs a plain DuckDB read_json of the same files ${(result.baselineMs / 1000).toFixed(1)} s in the same round = ${ratio.toFixed(1)}x   target <= 3x: ${ratioOk ? 'met' : 'MISSED'}`,
          `  every saved query over the collected set: ${(result.queryMs / 1000).toFixed(2)} s   target <= 5 s: ${queryOk ? 'met' : 'MISSED'}`,
          `  peak memory: ${Math.round(result.maxRssMb)} MB   target <= 1024 MB: ${memoryOk ? 'met' : 'MISSED'}`,
        ].join('\n'),
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
  return met;
}

try {
  await main();
} finally {
  // The packages, the generated logs and their databases: several hundred MB a run.
  rmSync(work, { recursive: true, force: true });
}
