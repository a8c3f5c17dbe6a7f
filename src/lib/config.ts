import { BlockList, isIP } from 'node:net';
import { isRegionName } from './aws-names.js';
import { COST_METRICS, type CostMetric } from './cost/metrics.js';
import { ConfigError } from './errors.js';
import type { Locale } from './i18n/index.js';
import { isSeverity, type Severity } from './notify/severity.js';
import { isWebhookUrl } from './notify/slack.js';

type Env = Record<string, string | undefined>;

/** Environment variable → the deploy parameter that sets it, so errors name what the user actually typed. */
const DEPLOY_PARAMETER: Record<string, string> = {
  NOTIFY_TOPIC_ARN: '(set by the stack)',
  SLACK_WEBHOOK_PARAMETER: 'slackWebhookParameter',
  SLACK_WEBHOOK_URL: '(local runs only)',
  LOCALE: 'locale',
  TIME_ZONE: 'timeZone',
  MIN_SEVERITY: 'minSeverity',
  TRUSTED_CIDRS: 'trustedCidrs',
  TRUSTED_PRINCIPALS: 'trustedPrincipals',
  TRUSTED_ACTION: 'trustedAction',
  COST_METRIC: 'costMetric',
  COST_EXCLUDED_RECORD_TYPES: 'excludedRecordTypes',
  MONTHLY_BUDGET: 'monthlyBudget',
  TOP_SERVICES: 'topServices',
  ANOMALY_STDDEVS: 'anomalyStdDevs',
  ANOMALY_MIN_AMOUNT: 'anomalyMinAmount',
  DISPLAY_CURRENCY: 'displayCurrency',
  DISPLAY_RATE: 'displayRate',
  FORECAST_SOURCE: 'forecastSource',
  ALLOWED_REGIONS: 'allowedRegions',
  QUERY_WINDOW_HOURS: 'queryWindowHours',
};

function invalid(name: string, problem: string): ConfigError {
  const parameter = DEPLOY_PARAMETER[name];
  const where = parameter ? ` (deploy parameter ${parameter})` : '';
  return new ConfigError(name, `Invalid setting ${name}${where}: ${problem}`);
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function list(env: Env, name: string): string[] {
  return (optional(env, name) ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const value = optional(env, name) ?? fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw invalid(name, `"${value}" is not one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** Parses an IANA time zone by asking Intl, which knows the same database as Lambda's Node.js. */
function parseTimeZone(env: Env): string {
  const value = optional(env, 'TIME_ZONE') ?? 'UTC';
  try {
    return new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    throw invalid('TIME_ZONE', `"${value}" is not an IANA time zone such as Asia/Tokyo or UTC`);
  }
}

/** A set of CIDR blocks (IPv4 and IPv6) with a membership test. */
export interface TrustedNetworks {
  readonly cidrs: readonly string[];
  contains(ip: string | undefined): boolean;
}

function parseCidrs(env: Env, name: string): TrustedNetworks {
  const cidrs = list(env, name);
  const blocks = new BlockList();
  for (const cidr of cidrs) {
    const [address = '', prefixText, extra] = cidr.split('/');
    const family = isIP(address);
    const prefix = Number(prefixText);
    const maxPrefix = family === 6 ? 128 : 32;
    if (family === 0 || extra !== undefined || !/^\d{1,3}$/.test(prefixText ?? '') || prefix > maxPrefix) {
      throw invalid(name, `"${cidr}" is not a CIDR block such as 203.0.113.0/24 or 2001:db8::/32`);
    }
    blocks.addSubnet(address, prefix, family === 6 ? 'ipv6' : 'ipv4');
  }
  return {
    cidrs,
    contains(ip) {
      const family = ip ? isIP(ip) : 0;
      if (!ip || family === 0) return false;
      return blocks.check(ip, family === 6 ? 'ipv6' : 'ipv4');
    },
  };
}

/** ARN patterns where `*` matches any run of characters, e.g. arn:aws:iam::123456789012:user/ops-*. */
export interface PrincipalPatterns {
  readonly patterns: readonly string[];
  matches(arn: string | undefined): boolean;
}

function parsePrincipalPatterns(env: Env, name: string): PrincipalPatterns {
  const patterns = list(env, name);
  const regexps = patterns.map((pattern) => {
    if (!pattern.startsWith('arn:')) {
      throw invalid(name, `"${pattern}" is not an ARN pattern (it must start with arn:)`);
    }
    const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*');
    return new RegExp(`^${escaped}$`);
  });
  return {
    patterns,
    matches: (arn) => arn !== undefined && regexps.some((regexp) => regexp.test(arn)),
  };
}

/** Where notifications go. Absent destinations mean "render only" in a local run. */
export interface ChannelSettings {
  topicArn?: string;
  /** SSM Parameter Store name of the SecureString holding the Slack webhook URL. */
  slackWebhookParameter?: string;
  /** A webhook URL given directly; honoured only in local runs (IS_LOCAL), never in Lambda. */
  slackWebhookUrl?: string;
  isLocal: boolean;
}

export interface DisplaySettings {
  locale: Locale;
  timeZone: string;
}

export interface SigninSettings extends DisplaySettings {
  minSeverity: Severity;
  trustedNetworks: TrustedNetworks;
  trustedPrincipals: PrincipalPatterns;
  /** What a trusted sign-in gets: one step lower severity, or no notification at all. */
  trustedAction: 'lower' | 'silence';
}

/** Reads the notification destinations; in Lambda the topic is required. */
export function loadChannelSettings(env: Env): ChannelSettings {
  const isLocal = env.IS_LOCAL === 'true';
  const topicArn = optional(env, 'NOTIFY_TOPIC_ARN');
  if (topicArn && !/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/.test(topicArn)) {
    throw invalid('NOTIFY_TOPIC_ARN', `"${topicArn}" is not an SNS topic ARN`);
  }
  if (!topicArn && !isLocal) {
    throw new ConfigError('NOTIFY_TOPIC_ARN', 'Environment variable NOTIFY_TOPIC_ARN is required');
  }
  const slackWebhookParameter = optional(env, 'SLACK_WEBHOOK_PARAMETER');
  if (slackWebhookParameter && !/^\/[\w.\-/]{1,1010}$/.test(slackWebhookParameter)) {
    throw invalid(
      'SLACK_WEBHOOK_PARAMETER',
      `"${slackWebhookParameter}" is not a Parameter Store name starting with "/", such as /account-watch/slack-webhook-url`,
    );
  }
  const slackWebhookUrl = isLocal ? optional(env, 'SLACK_WEBHOOK_URL') : undefined;
  if (slackWebhookUrl && !isWebhookUrl(slackWebhookUrl)) {
    throw invalid('SLACK_WEBHOOK_URL', 'the webhook URL must start with https://');
  }
  return { topicArn, slackWebhookParameter, slackWebhookUrl, isLocal };
}

/** Language and time zone shared by every message. */
export function loadDisplaySettings(env: Env): DisplaySettings {
  return {
    locale: oneOf(env, 'LOCALE', ['en', 'ja'] as const, 'en'),
    timeZone: parseTimeZone(env),
  };
}

/** Every sign-in alert setting, validated once at module load. */
export function loadSigninSettings(env: Env): SigninSettings {
  const minSeverity = optional(env, 'MIN_SEVERITY') ?? 'low';
  if (!isSeverity(minSeverity)) {
    throw invalid('MIN_SEVERITY', `"${minSeverity}" is not one of info, low, medium, high, critical`);
  }
  return {
    ...loadDisplaySettings(env),
    minSeverity,
    trustedNetworks: parseCidrs(env, 'TRUSTED_CIDRS'),
    trustedPrincipals: parsePrincipalPatterns(env, 'TRUSTED_PRINCIPALS'),
    trustedAction: oneOf(env, 'TRUSTED_ACTION', ['lower', 'silence'] as const, 'lower'),
  };
}

/** Settings of the daily cost digest. */
export interface CostSettings extends DisplaySettings {
  metric: CostMetric;
  excludedRecordTypes: string[];
  monthlyBudget?: number;
  topServices: number;
  anomalyStdDevs: number;
  anomalyMinAmount: number;
  /** Where the month-end forecast comes from: Cost Explorer (one more request) or the last seven days' trend. */
  forecastSource: 'costExplorer' | 'trend';
  /** Optional second currency shown beside the bill's, at a fixed rate, labelled approximate. */
  displayCurrency?: { code: string; rate: number };
}

const DEFAULT_EXCLUDED_RECORD_TYPES = ['Credit', 'Refund', 'Upfront', 'Support'];

function number(env: Env, name: string, limits: { min: number; max?: number; integer?: boolean }): number | undefined {
  const raw = optional(env, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  const { min, max, integer } = limits;
  const range = max === undefined ? `at least ${min}` : `from ${min} to ${max}`;
  if (
    !Number.isFinite(value) ||
    value < min ||
    (max !== undefined && value > max) ||
    (integer && !Number.isInteger(value))
  ) {
    throw invalid(name, `"${raw}" is not ${integer ? 'a whole number' : 'a number'} ${range}`);
  }
  return value;
}

/** Every cost digest setting, validated once at module load. */
export function loadCostSettings(env: Env): CostSettings {
  const excluded = optional(env, 'COST_EXCLUDED_RECORD_TYPES');
  const currencyCode = optional(env, 'DISPLAY_CURRENCY')?.toUpperCase();
  const rate = number(env, 'DISPLAY_RATE', { min: Number.MIN_VALUE });
  if (currencyCode !== undefined && !/^[A-Z]{3}$/.test(currencyCode)) {
    throw invalid('DISPLAY_CURRENCY', `"${currencyCode}" is not a three-letter currency code such as JPY`);
  }
  if ((currencyCode === undefined) !== (rate === undefined)) {
    throw invalid(
      currencyCode ? 'DISPLAY_RATE' : 'DISPLAY_CURRENCY',
      'displayCurrency and displayRate go together: set both or neither',
    );
  }
  const budget = number(env, 'MONTHLY_BUDGET', { min: 0 });
  return {
    ...loadDisplaySettings(env),
    metric: oneOf(env, 'COST_METRIC', COST_METRICS, 'UnblendedCost'),
    forecastSource: oneOf(env, 'FORECAST_SOURCE', ['costExplorer', 'trend'] as const, 'costExplorer'),
    excludedRecordTypes:
      excluded === undefined
        ? DEFAULT_EXCLUDED_RECORD_TYPES
        : excluded === 'none'
          ? []
          : list(env, 'COST_EXCLUDED_RECORD_TYPES'),
    monthlyBudget: budget && budget > 0 ? budget : undefined,
    topServices: number(env, 'TOP_SERVICES', { min: 1, max: 20, integer: true }) ?? 5,
    anomalyStdDevs: number(env, 'ANOMALY_STDDEVS', { min: 0.5, max: 10 }) ?? 3,
    anomalyMinAmount: number(env, 'ANOMALY_MIN_AMOUNT', { min: 0 }) ?? 1,
    displayCurrency: currencyCode && rate ? { code: currencyCode, rate } : undefined,
  };
}

/** Settings of the saved CloudTrail queries and the security digest. */
export interface QuerySettings extends DisplaySettings {
  workGroup: string;
  database: string;
  table: string;
  allowedRegions: string[];
  windowHours: number;
  region: string;
}

function required(env: Env, name: string): string {
  const value = optional(env, name);
  if (!value) throw new ConfigError(name, `Environment variable ${name} is required`);
  return value;
}

/** Every security digest setting, validated once at module load. */
export function loadQuerySettings(env: Env): QuerySettings {
  const allowedRegions = list(env, 'ALLOWED_REGIONS');
  for (const region of allowedRegions) {
    if (!isRegionName(region)) throw invalid('ALLOWED_REGIONS', `"${region}" is not a region name`);
  }
  const database = required(env, 'ATHENA_DATABASE');
  const table = required(env, 'ATHENA_TABLE');
  for (const [name, value] of [
    ['ATHENA_DATABASE', database],
    ['ATHENA_TABLE', table],
  ] as const) {
    if (!/^[a-z0-9_]{1,255}$/.test(value))
      throw invalid(name, `"${value}" is not a Glue name (lower-case letters, digits, _)`);
  }
  return {
    ...loadDisplaySettings(env),
    workGroup: required(env, 'ATHENA_WORKGROUP'),
    database,
    table,
    allowedRegions,
    windowHours: number(env, 'QUERY_WINDOW_HOURS', { min: 1, max: 168, integer: true }) ?? 24,
    region: optional(env, 'AWS_REGION') ?? 'us-east-1',
  };
}
