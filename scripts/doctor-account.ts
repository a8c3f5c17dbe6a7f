/**
 * `npm run doctor` (scripts/doctor.ts), apart from its entry point so the tests run the whole command:
 * the command line, the deployed stack's settings, the checks, and the output.
 */
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { HistoryTable } from '../src/lib/history/table.js';
import { type CheckResult, evaluateChecks } from '../src/lib/hygiene/checks.js';
import { type HygieneClients, hygieneClients, inspectAccount, type StackTarget } from '../src/lib/hygiene/inspect.js';
import type { ReportContext } from '../src/lib/hygiene/message.js';
import { expectedForwardingRegions } from '../src/lib/hygiene/report.js';
import { isLocale, type Locale } from '../src/lib/i18n/index.js';
import { whyAwsCallFailed } from './aws-failure.js';
import { option, parseOptions, stageRegion } from './cli.js';
import { doctorExitCode, doctorJson, doctorTable, supportsColor } from './doctor-report.js';
import { stackOutputs } from './pull-logs.js';

export const USAGE = `Usage: npm run doctor -- [--region REGION] [--stage prod] [--json] [--locale en|ja] [--time-zone ZONE]
  Checks the account the way the weekly hygiene report does, now, with your AWS credentials (read-only):
  root MFA and keys, IAM users, the trail, the budget, S3 and EBS settings, GuardDuty, Access Analyzer,
  and this stack (email confirmed, dead letters, forwarding stacks) when it is deployed.
  --region     the home region the stack is deployed in (default: the one npm run setup kept, else $AWS_REGION, else us-east-1)
  --stage      the stage deployed (default prod)
  --json       one JSON document on stdout, for scripts
  --locale     the language of the table (default en)
  --time-zone  IANA time zone for times (default: this computer's)
  Exit code: 1 when a critical or high check failed, 0 otherwise, 2 for a bad option.`;

export interface DoctorOptions {
  region: string;
  stage: string;
  json: boolean;
  locale: Locale;
  timeZone: string;
}

/** Reads the command line; throws an Error whose message is the one line to print. */
export function parseDoctorArgs(argv: string[], env: Record<string, string | undefined>): DoctorOptions {
  const { values } = parseOptions(
    {
      region: option.region(),
      stage: option.stage(),
      json: option.flag(),
      locale: option.setting('locale'),
      'time-zone': option.setting('timeZone'),
    },
    { max: 0 },
    argv,
  );
  const region = stageRegion(values.stage, values.region, env);
  const locale = values.locale ?? 'en';
  const timeZone = values['time-zone'] ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  return { region, stage: values.stage, json: values.json, locale: isLocale(locale) ? locale : 'en', timeZone };
}

export interface DoctorClients extends HygieneClients {
  sts: STSClient;
  /** CloudWatch, for whether the stack's topic has ever published (SNS keeps no count of its own). */
  cloudWatch: CloudWatchClient;
  /** Lambda, for the settings the deployed hygiene function has (CloudFormation, for the stack, is among the rest). */
  lambda: LambdaClient;
  /** DynamoDB, for the LINE messages used this month (kept in the history table by deliverySender). */
  dynamodb: DynamoDBClient;
}

/** The clients for the user's own credentials (the SDK's default chain: AWS_PROFILE, SSO, environment …). */
export function doctorClients(region: string, config: Record<string, unknown> = {}): DoctorClients {
  return {
    ...hygieneClients(region, config),
    sts: new STSClient({ region, ...config }),
    cloudWatch: new CloudWatchClient({ region, ...config }),
    lambda: new LambdaClient({ region, ...config }),
    dynamodb: new DynamoDBClient({ region, ...config }),
  };
}

export interface DeployedStack {
  stack?: StackTarget;
  monthlyBudget?: number;
  /** LINE, when the stack pushes to it: the month's allowance and the table that counts it. */
  line?: { limit: number; historyTable: string };
  /** Why the stack checks cannot run, when they cannot. */
  note?: string;
}

/** The settings that give the stack a chat (or the HTML email) besides the SNS email. */
const CHAT_VARIABLES = [
  'SLACK_WEBHOOK_PARAMETER',
  'SLACK_BOT_TOKEN_PARAMETER',
  'TEAMS_WEBHOOK_PARAMETER',
  'DISCORD_WEBHOOK_PARAMETER',
  'LINE_CHANNEL_TOKEN_PARAMETER',
  'EMAIL_FROM',
  'CHATBOT_TOPIC_ARN',
];

/**
 * The deployed stack, if any: its topic from the stack's outputs, and the settings the hygiene function
 * was deployed with (chats, budget, forwarding scope, queues) from that function's configuration.
 */
export async function findDeployedStack(
  clients: DoctorClients,
  account: { accountId: string; region: string; stage: string },
): Promise<DeployedStack> {
  const service = 'account-watch';
  const stackName = `${service}-${account.stage}`;
  let topicArn: string | undefined;
  try {
    topicArn = (await stackOutputs(clients.cloudFormation(account.region), stackName)).get('NotificationTopicArn');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      note: /does not exist/.test(message)
        ? `no stack ${stackName} in ${account.region}: deploy first, or pass --region and --stage`
        : `could not read stack ${stackName}: ${message}`,
    };
  }
  if (!topicArn) return { note: `stack ${stackName} has no NotificationTopicArn output` };
  const queue = (name: string) =>
    `https://sqs.${account.region}.amazonaws.com/${account.accountId}/${service}-${account.stage}-${name}`;
  let variables: Record<string, string> = {};
  try {
    const configuration = await clients.lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: `${stackName}-hygieneReport` }),
    );
    variables = configuration.Environment?.Variables ?? {};
  } catch {
    // An older deploy without hygieneReport, or no lambda:GetFunctionConfiguration: the defaults below.
  }
  let sender: Record<string, string> = {};
  try {
    const configuration = await clients.lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: `${stackName}-deliverySender` }),
    );
    sender = configuration.Environment?.Variables ?? {};
  } catch {
    // An older deploy, or no permission: no LINE count.
  }
  const lineLimit = Number(sender.LINE_MONTHLY_MESSAGES ?? 200);
  const line =
    sender.LINE_TO && sender.HISTORY_TABLE
      ? { limit: Number.isFinite(lineLimit) ? lineLimit : 200, historyTable: sender.HISTORY_TABLE }
      : undefined;
  const scope = variables.FORWARDING_SCOPE;
  const forwardingScope = scope === 'signin' || scope === 'none' ? scope : 'all';
  const budget = Number(variables.MONTHLY_BUDGET);
  return {
    stack: {
      topicArn,
      chatConfigured: CHAT_VARIABLES.some((name) => Boolean(variables[name])),
      deadLetterQueueUrls: variables.WATCHED_DEAD_LETTER_QUEUES?.split(',').filter(Boolean) ?? [
        queue('dead-letters'),
        queue('health-dead-letters'),
        queue('delivery-dead-letters.fifo'),
      ],
      forwardingStackName: variables.FORWARDING_STACK_NAME ?? `${service}-forwarding-${account.stage}`,
      forwardingRegions: expectedForwardingRegions(account.region, forwardingScope),
    },
    ...(variables.MONTHLY_BUDGET && Number.isFinite(budget) ? { monthlyBudget: budget } : {}),
    ...(line ? { line } : {}),
  };
}

export interface DoctorRun {
  results: CheckResult[];
  context: ReportContext;
  note?: string;
  /** Messages the stack's topic published in the last 14 days; undefined when it could not be read. */
  publishedLast14Days?: number;
  /** LINE messages used of this month's allowance, when the stack pushes to LINE and the count could be read. */
  lineThisMonth?: { month: string; used: number; limit: number };
}

/**
 * How many messages the topic published in the last 14 days (CloudWatch's NumberOfMessagesPublished, a
 * free metric SNS keeps for every topic); undefined when the metric cannot be read. Zero right after a
 * deploy means nothing has proved that email and Slack reach the owner.
 */
async function publishedRecently(
  cloudWatch: CloudWatchClient,
  topicArn: string,
  now: Date,
): Promise<number | undefined> {
  try {
    const { Datapoints = [] } = await cloudWatch.send(
      new GetMetricStatisticsCommand({
        Namespace: 'AWS/SNS',
        MetricName: 'NumberOfMessagesPublished',
        Dimensions: [{ Name: 'TopicName', Value: topicArn.split(':').at(-1) ?? '' }],
        StartTime: new Date(now.getTime() - 14 * 86_400_000),
        EndTime: now,
        Period: 86_400,
        Statistics: ['Sum'],
      }),
    );
    return Datapoints.reduce((sum, point) => sum + (point.Sum ?? 0), 0);
  } catch {
    return undefined;
  }
}

/** Every check, now: who am I, which stack, then the same inspection as the weekly report. */
export async function runDoctor(clients: DoctorClients, options: DoctorOptions, now?: Date): Promise<DoctorRun> {
  const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
  const accountId = identity.Account ?? '';
  const deployed = await findDeployedStack(clients, { accountId, region: options.region, stage: options.stage });
  const facts = await inspectAccount(clients, { accountId, homeRegion: options.region }, deployed.stack, { now });
  const published = deployed.stack
    ? await publishedRecently(clients.cloudWatch, deployed.stack.topicArn, now ?? new Date())
    : undefined;
  let lineThisMonth: DoctorRun['lineThisMonth'];
  if (deployed.line) {
    const month = (now ?? new Date()).toISOString().slice(0, 7);
    try {
      const table = new HistoryTable(clients.dynamodb, deployed.line.historyTable, 30);
      lineThisMonth = { month, used: await table.allowanceUsed('line', month), limit: deployed.line.limit };
    } catch {
      // No dynamodb:Query on the table: the count is left out.
    }
  }
  return {
    ...(published === undefined ? {} : { publishedLast14Days: published }),
    ...(lineThisMonth ? { lineThisMonth } : {}),
    results: evaluateChecks(facts, { monthlyBudget: deployed.monthlyBudget }),
    context: { accountId, homeRegion: options.region, checkedAt: facts.checkedAt, topicArn: deployed.stack?.topicArn },
    ...(deployed.note ? { note: deployed.note } : {}),
  };
}

/** The whole command: parse, check, print; returns the exit code. */
export async function doctorMain(
  argv: string[],
  io: {
    env: Record<string, string | undefined>;
    stdout: { write(text: string): unknown; isTTY?: boolean };
    stderr: { write(text: string): unknown };
    clients?: (region: string) => DoctorClients;
    now?: Date;
  },
): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let options: DoctorOptions;
  try {
    options = parseDoctorArgs(argv, io.env);
  } catch (error) {
    io.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  let run: DoctorRun;
  try {
    if (!options.json) io.stderr.write(`Checking the account in ${options.region} (read-only) \u2026\n`);
    run = await runDoctor((io.clients ?? doctorClients)(options.region), options, io.now);
  } catch (error) {
    // Only the identity call can get here (every check catches its own): no credentials, or expired ones.
    io.stderr.write(
      `Could not call AWS with your credentials: ${whyAwsCallFailed(error, 'sts:GetCallerIdentity')}\nSet AWS_PROFILE (and run aws sso login if it uses IAM Identity Center), then try again.\n`,
    );
    return 2;
  }
  if (options.json) {
    io.stdout.write(
      `${JSON.stringify(
        {
          ...doctorJson(run.results, run.context, options),
          ...(run.note ? { note: run.note } : {}),
          ...(run.publishedLast14Days === undefined ? {} : { publishedLast14Days: run.publishedLast14Days }),
          ...(run.lineThisMonth ? { lineThisMonth: run.lineThisMonth } : {}),
        },
        null,
        2,
      )}\n`,
    );
  } else {
    if (run.note) io.stderr.write(`Stack checks skipped: ${run.note}\n`);
    io.stdout.write(doctorTable(run.results, run.context, { ...options, color: supportsColor(io.stdout, io.env) }));
    if (run.lineThisMonth) {
      const { month, used, limit } = run.lineThisMonth;
      io.stdout.write(
        `\nLINE: ${used} of the ${limit} messages this stack may send in ${month} used${
          used >= limit ? ': alerts reach your other channels only until the 1st' : ''
        } (only high and critical alerts and the weekly report go to LINE).\n`,
      );
    }
    if (run.publishedLast14Days === 0) {
      const stage = options.stage === 'prod' ? '' : ` --stage ${options.stage}`;
      io.stdout.write(
        `\nNothing was sent in the last 14 days: the stack's topic published no message. Prove that email and your chats reach you with:\n  npm run test-alert -- --region ${options.region}${stage}\n`,
      );
    }
  }
  return doctorExitCode(run.results);
}
