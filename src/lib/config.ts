import type { ApiCallSettings } from './api-calls/settings.js';
import type { CostSettings } from './cost/settings.js';
import type { DisplaySettings } from './display.js';
import { ConfigError } from './errors.js';
import type { HygieneSettings } from './hygiene/settings.js';
import type { ChannelSettings } from './notify/settings.js';
import { isWebhookUrl } from './notify/slack.js';
import type { SecurityDigestSettings } from './security-digest/settings.js';
import {
  defaultOf,
  SETTING_RULES,
  SETTINGS,
  type SettingContext,
  type SettingName,
  SettingProblem,
  type SettingValue,
  type SettingValues,
} from './settings.js';
import type { SigninSettings } from './signin/settings.js';

/**
 * The functions' side of the settings registry (settings.ts): each loader reads the settings its
 * function receives from the environment, once at module load, with the registry's parsers and
 * defaults, and throws a ConfigError that names the environment variable and the deploy parameter.
 */

type Env = Record<string, string | undefined>;

function invalid(name: SettingName, problem: string): ConfigError {
  const { env, parameter } = SETTINGS[name] as { env?: string; parameter: string };
  const variable = env ?? parameter;
  return new ConfigError(variable, `Invalid setting ${variable} (deploy parameter ${parameter}): ${problem}`);
}

function contextOf(env: Env): SettingContext {
  return { region: optional(env, 'AWS_REGION') ?? 'us-east-1', now: new Date() };
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** One setting from the environment (its default when unset or empty), parsed by the registry. */
export function readSetting<K extends SettingName>(env: Env, name: K): SettingValue<K> {
  const definition = SETTINGS[name] as { env?: string; parse(raw: string, context: SettingContext): SettingValue<K> };
  const context = contextOf(env);
  const raw = (definition.env ? optional(env, definition.env) : undefined) ?? defaultOf(name, context).trim();
  try {
    return definition.parse(raw, context);
  } catch (error) {
    if (error instanceof SettingProblem) throw invalid(name, error.message);
    throw error;
  }
}

/** Several settings at once, with the registry's rules across them (e.g. displayCurrency with displayRate). */
function readSettings<K extends SettingName>(env: Env, names: readonly K[]): Pick<SettingValues, K> {
  const values = Object.fromEntries(names.map((name) => [name, readSetting(env, name)])) as Pick<SettingValues, K>;
  for (const rule of SETTING_RULES) {
    if (!rule.settings.every((name) => (names as readonly string[]).includes(name))) continue;
    const broken = rule.check(values);
    if (broken) throw invalid(broken.setting, broken.problem);
  }
  return values;
}

/** An SQS queue URL: a name of up to 80 characters, ".fifo" included for a FIFO queue. */
const SQS_QUEUE_URL = /^https:\/\/sqs\.[a-z0-9-]+\.[a-z0-9.]+\/\d{12}\/(?:[\w-]{1,80}|[\w-]{1,75}\.fifo)$/;

/** Reads the notification destinations; in Lambda the topic is required. */
export function loadChannelSettings(env: Env): ChannelSettings {
  const isLocal = env.IS_LOCAL === 'true';
  const topicArn = optional(env, 'NOTIFY_TOPIC_ARN');
  // Set by the stack, not by a parameter: the error names the variable alone.
  if (topicArn && !/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/.test(topicArn)) {
    throw new ConfigError(
      'NOTIFY_TOPIC_ARN',
      `Invalid setting NOTIFY_TOPIC_ARN (set by the stack): "${topicArn}" is not an SNS topic ARN`,
    );
  }
  if (!topicArn && !isLocal) {
    throw new ConfigError('NOTIFY_TOPIC_ARN', 'Environment variable NOTIFY_TOPIC_ARN is required');
  }
  // Secrets given directly: local runs only, so a deployed function can never be pointed elsewhere by them.
  const localUrl = (variable: string, what: string): string | undefined => {
    const value = isLocal ? optional(env, variable) : undefined;
    if (value && !isWebhookUrl(value)) {
      throw new ConfigError(
        variable,
        `Invalid setting ${variable} (local runs only): the ${what} must start with https://`,
      );
    }
    return value;
  };
  const local = {
    slackWebhookUrl: localUrl('SLACK_WEBHOOK_URL', 'webhook URL'),
    teamsWebhookUrl: localUrl('TEAMS_WEBHOOK_URL', 'Teams webhook URL'),
    discordWebhookUrl: localUrl('DISCORD_WEBHOOK_URL', 'Discord webhook URL'),
    lineChannelToken: isLocal ? optional(env, 'LINE_CHANNEL_TOKEN') : undefined,
  };
  const deadLetterQueueUrl = optional(env, 'DEAD_LETTER_QUEUE_URL');
  if (deadLetterQueueUrl && !SQS_QUEUE_URL.test(deadLetterQueueUrl)) {
    throw new ConfigError(
      'DEAD_LETTER_QUEUE_URL',
      `Invalid setting DEAD_LETTER_QUEUE_URL (set by the stack): "${deadLetterQueueUrl}" is not an SQS queue URL`,
    );
  }
  const deliveryQueueUrl = optional(env, 'DELIVERY_QUEUE_URL');
  if (
    deliveryQueueUrl &&
    !/^https:\/\/sqs\.[a-z0-9-]+\.[a-z0-9.]+\/\d{12}\/[\w-]{1,75}\.fifo$/.test(deliveryQueueUrl)
  ) {
    throw new ConfigError(
      'DELIVERY_QUEUE_URL',
      `Invalid setting DELIVERY_QUEUE_URL (set by the stack): "${deliveryQueueUrl}" is not an SQS FIFO queue URL`,
    );
  }
  return {
    topicArn,
    ...readSettings(env, [
      'slackWebhookParameter',
      'slackBotTokenParameter',
      'slackChannel',
      'slackApiUrl',
      'slackSigningSecretParameter',
      'teamsWebhookParameter',
      'discordWebhookParameter',
      'lineChannelTokenParameter',
      'lineTo',
      'lineMonthlyMessages',
      'lineApiUrl',
      'emailFrom',
      'chatbotTopicArn',
    ]),
    local,
    deadLetterQueueUrl,
    deliveryQueueUrl,
    isLocal,
  };
}

/** Language and time zone shared by every message. */
export function loadDisplaySettings(env: Env): DisplaySettings {
  return readSettings(env, ['locale', 'timeZone']);
}

/** alertActions: the pages' language and time, and the history's life (a sign-in's "this was me" writes it). */
export function loadActionSettings(env: Env): DisplaySettings & { historyDays: number } {
  return readSettings(env, ['locale', 'timeZone', 'historyDays']);
}

/** Every sign-in alert setting, validated once at module load. */
export function loadSigninSettings(env: Env): SigninSettings {
  const values = readSettings(env, [
    'locale',
    'timeZone',
    'minSeverity',
    'trustedCidrs',
    'trustedPrincipals',
    'trustedAction',
    'historyDays',
    'learningDays',
    'learningSignIns',
    'travelHours',
    'failedSignInThreshold',
    'failedSignInWindowMinutes',
  ]);
  return {
    locale: values.locale,
    timeZone: values.timeZone,
    minSeverity: values.minSeverity,
    trustedNetworks: values.trustedCidrs,
    trustedPrincipals: values.trustedPrincipals,
    trustedAction: values.trustedAction,
    historyDays: values.historyDays,
    memory: {
      learningDays: values.learningDays,
      learningSignIns: values.learningSignIns,
      travelHours: values.travelHours,
      failureThreshold: values.failedSignInThreshold,
      failureWindowMinutes: values.failedSignInWindowMinutes,
    },
  };
}

/**
 * The sign-in history table, set by the stack (HISTORY_TABLE). Absent in a local run without one:
 * the alerts are then judged alone, as before the history existed.
 */
export function loadHistoryTableName(env: Env): string | undefined {
  const name = optional(env, 'HISTORY_TABLE');
  if (name && !/^[\w.-]{3,255}$/.test(name)) {
    throw new ConfigError(
      'HISTORY_TABLE',
      `Invalid setting HISTORY_TABLE (set by the stack): "${name}" is not a DynamoDB table name`,
    );
  }
  return name;
}

/**
 * Every API-call alert setting, validated once at module load; `knownDetections` are the catalogue's ids,
 * so an allowlist naming a detection that does not exist is an error, not a silent no-op.
 */
export function loadApiCallSettings(env: Env, knownDetections: readonly string[]): ApiCallSettings {
  const values = readSettings(env, [
    'locale',
    'timeZone',
    'minSeverity',
    'allowedRegions',
    'detectionAllowlist',
    'burstWindowMinutes',
    'costlyHourlyUsd',
    'organizationAccounts',
    'apiCallReads',
  ]);
  for (const entry of values.detectionAllowlist.entries) {
    if (entry.detection !== '*' && !knownDetections.includes(entry.detection)) {
      throw invalid('detectionAllowlist', `"${entry.detection}" is not a detection (see docs/detections.md)`);
    }
  }
  return {
    locale: values.locale,
    timeZone: values.timeZone,
    minSeverity: values.minSeverity,
    allowedRegions: values.allowedRegions,
    allowlist: values.detectionAllowlist,
    burstWindowMinutes: values.burstWindowMinutes,
    costlyHourlyUsd: values.costlyHourlyUsd,
    trailBucket: optional(env, 'TRAIL_BUCKET'),
    trustedAccounts: values.organizationAccounts,
    reads: values.apiCallReads === 'true',
  };
}

/** Every cost digest setting, validated once at module load. */
export function loadCostSettings(env: Env): CostSettings {
  const values = readSettings(env, [
    'locale',
    'timeZone',
    'costMetric',
    'forecastSource',
    'excludedRecordTypes',
    'monthlyBudget',
    'topServices',
    'anomalyStdDevs',
    'anomalyMinAmount',
    'displayCurrency',
    'displayRate',
  ]);
  const { displayCurrency, displayRate } = values;
  return {
    locale: values.locale,
    timeZone: values.timeZone,
    metric: values.costMetric,
    forecastSource: values.forecastSource,
    excludedRecordTypes: values.excludedRecordTypes,
    monthlyBudget: values.monthlyBudget,
    topServices: values.topServices,
    anomalyStdDevs: values.anomalyStdDevs,
    anomalyMinAmount: values.anomalyMinAmount,
    displayCurrency: displayCurrency && displayRate ? { code: displayCurrency, rate: displayRate } : undefined,
  };
}

function required(env: Env, name: string): string {
  const value = optional(env, name);
  if (!value) throw new ConfigError(name, `Environment variable ${name} is required`);
  return value;
}

/** The trail's Athena table and workgroup, set by the stack: Glue names checked. */
function trailTable(env: Env): { workGroup: string; database: string; table: string; region: string } {
  const database = required(env, 'ATHENA_DATABASE');
  const table = required(env, 'ATHENA_TABLE');
  for (const [name, value] of [
    ['ATHENA_DATABASE', database],
    ['ATHENA_TABLE', table],
  ] as const) {
    if (!/^[a-z0-9_]{1,255}$/.test(value)) {
      throw new ConfigError(
        name,
        `Invalid setting ${name} (set by the stack): "${value}" is not a Glue name (lower-case letters, digits, _)`,
      );
    }
  }
  return {
    workGroup: required(env, 'ATHENA_WORKGROUP'),
    database,
    table,
    region: optional(env, 'AWS_REGION') ?? 'us-east-1',
  };
}

/**
 * The trail's table for the cost digest, which asks it who started what moved the bill; undefined where the
 * stack set none (a local run).
 */
export function loadTrailTableSettings(env: Env): ReturnType<typeof trailTable> | undefined {
  return optional(env, 'ATHENA_WORKGROUP') ? trailTable(env) : undefined;
}

/** Every security digest setting, validated once at module load. */
export function loadSecurityDigestSettings(env: Env): SecurityDigestSettings {
  const { workGroup, database, table, region } = trailTable(env);
  const values = readSettings(env, [
    'locale',
    'timeZone',
    'allowedRegions',
    'securityDigestTime',
    'queryDeliveryLagMinutes',
  ]);
  return {
    locale: values.locale,
    timeZone: values.timeZone,
    workGroup,
    database,
    table,
    allowedRegions: values.allowedRegions,
    digestTime: values.securityDigestTime,
    deliveryLagMinutes: values.queryDeliveryLagMinutes,
    region,
  };
}

/** Every hygiene report setting, validated once at module load. */
export function loadHygieneSettings(env: Env): HygieneSettings {
  const values = readSettings(env, ['locale', 'timeZone', 'monthlyBudget', 'forwardingScope']);
  const forwardingStackName = required(env, 'FORWARDING_STACK_NAME');
  if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(forwardingStackName)) {
    throw new ConfigError(
      'FORWARDING_STACK_NAME',
      `Invalid setting FORWARDING_STACK_NAME (set by the stack): "${forwardingStackName}" is not a CloudFormation stack name`,
    );
  }
  const deadLetterQueueUrls = (optional(env, 'WATCHED_DEAD_LETTER_QUEUES') ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
  for (const url of deadLetterQueueUrls) {
    if (!SQS_QUEUE_URL.test(url)) {
      throw new ConfigError(
        'WATCHED_DEAD_LETTER_QUEUES',
        `Invalid setting WATCHED_DEAD_LETTER_QUEUES (set by the stack): "${url}" is not an SQS queue URL`,
      );
    }
  }
  return {
    locale: values.locale,
    timeZone: values.timeZone,
    monthlyBudget: values.monthlyBudget,
    forwardingScope: values.forwardingScope,
    region: optional(env, 'AWS_REGION') ?? 'us-east-1',
    forwardingStackName,
    deadLetterQueueUrls,
  };
}
