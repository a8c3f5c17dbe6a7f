import { BlockList, isIP } from 'node:net';
import { partition } from '@aws-sdk/core/client';
import { isRegionName } from './aws-names.js';
import { COST_METRICS } from './cost/metrics.js';
import { isLocale, LOCALES } from './i18n/index.js';
import { isSeverity, SEVERITIES } from './notify/severity.js';

/**
 * The settings registry: every setting the project has, declared once. For each, the deploy parameter
 * a user types, the environment variable a function reads (if any), the default, the parser that
 * validates and normalises it and the functions that receive it; its line of documentation is in
 * settings-docs.ts (kept out of the functions' bundles).
 * From this one table come the functions' environment, the deploy-time validation, the runtime
 * validation, the names in every error, and the configuration table (docs/configuration.md).
 */

/** The Lambda functions of the stack, as serverless.yml names them. */
export const FUNCTION_NAMES = [
  'signinAlert',
  'apiCallAlert',
  'deliverySender',
  'costDigest',
  'securityDigest',
  'healthAlert',
  'hygieneReport',
  'alertActions',
] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** The functions that build notifications (all but the queue's consumer). */
export const NOTIFYING_FUNCTIONS = FUNCTION_NAMES.filter(
  (name): name is Exclude<FunctionName, 'deliverySender'> => name !== 'deliverySender',
);

/** What a parser may need besides the value: the home region (some defaults depend on it) and today. */
export interface SettingContext {
  region: string;
  now: Date;
}

/** A value a parser rejects; the caller names the parameter or environment variable around the message. */
export class SettingProblem extends Error {
  override name = 'SettingProblem';
}

export interface SettingDefinition<T> {
  /** The deploy parameter: --param="<parameter>=value". */
  parameter: string;
  /** The environment variable the functions read it from; absent when only the stack uses it. */
  env?: string;
  /** The raw default; '' means "not set". */
  default: string | ((context: SettingContext) => string);
  /** The functions whose environment carries it. */
  functions: readonly FunctionName[];
  /** Validates and normalises a trimmed raw value ('' when unset); throws SettingProblem. */
  parse(raw: string, context: SettingContext): T;
  /** The canonical text passed to the functions and the stack (default: the raw value as given). */
  serialize?(value: T): string;
}

function define<T>(definition: SettingDefinition<T>): SettingDefinition<T> {
  return definition;
}

const problem = (message: string): never => {
  throw new SettingProblem(message);
};

function splitList(raw: string): string[] {
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/**
 * The closest of `candidates` to `value`, ignoring case, by edit distance counting a swap of two
 * neighbouring letters as one edit ("emial" → "email"); undefined when nothing is close enough to be a typo.
 */
export function closestName(value: string, candidates: readonly string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    const d = Array.from({ length: a.length + 1 }, (_, i) =>
      Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
    );
    const at = (i: number, j: number) => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
          best = Math.min(best, at(i - 2, j - 2) + 1);
        const row = d[i];
        if (row) row[j] = best;
      }
    }
    return at(a.length, b.length);
  };
  let best: { name: string; score: number } | undefined;
  for (const candidate of candidates) {
    const score = distance(value.toLowerCase(), candidate.toLowerCase());
    if (!best || score < best.score) best = { name: candidate, score };
  }
  return best && best.score <= Math.max(1, Math.floor(value.length / 3)) ? best.name : undefined;
}

function oneOf<T extends string>(allowed: readonly T[]) {
  return (raw: string): T => {
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    const near = closestName(raw, allowed);
    return problem(`"${raw}" is not one of ${allowed.join(', ')}${near ? ` (did you mean ${near}?)` : ''}`);
  };
}

function decimal(limits: { min: number; max?: number; integer?: boolean; minExclusive?: boolean }) {
  return (raw: string): number => {
    const { min, max, integer, minExclusive } = limits;
    const range = max === undefined ? (minExclusive ? `above ${min}` : `at least ${min}`) : `from ${min} to ${max}`;
    const kind = integer ? 'a whole number' : 'a number';
    // Plain decimal notation only: "0x14", "1e3" and "20." are numbers to JavaScript but not to the user.
    const value = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
    if (
      Number.isNaN(value) ||
      (minExclusive ? value <= min : value < min) ||
      (max !== undefined && value > max) ||
      (integer && !Number.isInteger(value))
    ) {
      return problem(`"${raw}" is not ${kind} ${range}`);
    }
    return value;
  };
}

function optionalDecimal(limits: Parameters<typeof decimal>[0]) {
  const parse = decimal(limits);
  return (raw: string): number | undefined => (raw === '' ? undefined : parse(raw));
}

/** True for a region this SDK's partition data knows, such as ap-northeast-1 (not us-east-9). */
export function isKnownRegion(value: string): boolean {
  // partition() adds a region's own description only for the regions its data lists.
  return isRegionName(value) && 'description' in partition(value);
}

function regionList(raw: string): string[] {
  const regions = splitList(raw);
  for (const region of regions) {
    if (!isKnownRegion(region)) problem(`"${region}" is not an AWS region such as ap-northeast-1`);
  }
  return regions;
}

/** Parses an IANA time zone by asking Intl, which knows the same database as Lambda's Node.js, and returns its canonical spelling. */
export function parseTimeZone(raw: string): string {
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en', { timeZone: raw }).resolvedOptions().timeZone;
  } catch {
    return problem(`"${raw}" is not an IANA time zone such as Asia/Tokyo or UTC`);
  }
  // "asia/tokyo" works in Intl but not in EventBridge Scheduler: keep the user's zone, spelt as IANA spells it.
  const spelt = Intl.supportedValuesOf('timeZone').find((zone) => zone.toLowerCase() === raw.toLowerCase());
  return spelt ?? resolved;
}

/** A set of CIDR blocks (IPv4 and IPv6) with a membership test. */
export interface TrustedNetworks {
  readonly cidrs: readonly string[];
  contains(ip: string | undefined): boolean;
}

function parseCidrs(raw: string): TrustedNetworks {
  const cidrs = splitList(raw);
  const blocks = new BlockList();
  for (const cidr of cidrs) {
    const [address = '', prefixText, extra] = cidr.split('/');
    const family = isIP(address);
    const prefix = Number(prefixText);
    const maxPrefix = family === 6 ? 128 : 32;
    if (family === 0 || extra !== undefined || !/^\d{1,3}$/.test(prefixText ?? '') || prefix > maxPrefix) {
      problem(`"${cidr}" is not a CIDR block such as 203.0.113.0/24 or 2001:db8::/32`);
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

function parsePrincipalPatterns(raw: string): PrincipalPatterns {
  const patterns = splitList(raw);
  const regexps = patterns.map((pattern) => {
    if (!pattern.startsWith('arn:')) problem(`"${pattern}" is not an ARN pattern (it must start with arn:)`);
    const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*');
    return new RegExp(`^${escaped}$`);
  });
  return {
    patterns,
    matches: (arn) => arn !== undefined && regexps.some((regexp) => regexp.test(arn)),
  };
}

/** Per-detection principal allowlists: which principals a detection ignores. */
export interface DetectionAllowlist {
  readonly entries: ReadonlyArray<{ detection: string; pattern: string }>;
  /** True when the principal is allowlisted for this detection (or for every detection). */
  allows(detection: string, arn: string | undefined): boolean;
}

function parseDetectionAllowlist(raw: string): DetectionAllowlist {
  const entries = splitList(raw).map((item) => {
    const cut = item.indexOf(':');
    const detection = cut > 0 ? item.slice(0, cut) : '';
    const pattern = cut > 0 ? item.slice(cut + 1) : '';
    if (!/^(\*|[a-z0-9-]+)$/.test(detection) || !pattern.startsWith('arn:')) {
      problem(`"${item}" is not detection:arnPattern, e.g. iam-user-created:arn:aws:iam::123456789012:role/ci-*`);
    }
    return { detection, pattern };
  });
  const matchers = entries.map((entry) => ({
    detection: entry.detection,
    principals: parsePrincipalPatterns(entry.pattern),
  }));
  return {
    entries,
    allows: (detection, arn) =>
      matchers.some(
        (entry) => (entry.detection === '*' || entry.detection === detection) && entry.principals.matches(arn),
      ),
  };
}

/** A local time of day, "HH:MM". */
export interface TimeOfDay {
  hour: number;
  minute: number;
}

/** EventBridge Scheduler's day-of-week names, in its cron expressions' spelling. */
export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;

function parseTimeOfDay(raw: string): TimeOfDay {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(raw);
  if (!match) return problem(`"${raw}" is not a time of day such as 09:00`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

const formatTimeOfDay = ({ hour, minute }: TimeOfDay) =>
  `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;

/** Cost Explorer's RECORD_TYPE values, as the API spells them (the console calls them "charge types"). */
export const RECORD_TYPES = [
  'Usage',
  'Tax',
  'Credit',
  'Refund',
  'Upfront',
  'Support',
  'Recurring',
  'Fee',
  'RIFee',
  'DiscountedUsage',
  'BundledDiscount',
  'SavingsPlanCoveredUsage',
  'SavingsPlanNegation',
  'SavingsPlanRecurringFee',
  'SavingsPlanUpfrontFee',
  'Distributor Discount',
  'Enterprise Discount Program Discount',
  'Private Rate Discount',
  'Solution Provider Program Discount',
] as const;

function parseRecordTypes(raw: string): string[] {
  if (raw === 'none') return [];
  if (/[;|]/.test(raw)) problem(`"${raw}" must be separated by commas, e.g. Credit,Refund`);
  const types = splitList(raw);
  for (const type of types) {
    if ((RECORD_TYPES as readonly string[]).includes(type)) continue;
    const near = closestName(type, RECORD_TYPES);
    problem(
      `"${type}" is not a Cost Explorer RECORD_TYPE${near ? ` (did you mean ${near}?)` : ''}; use none to keep everything`,
    );
  }
  return types;
}

/** CloudWatch Logs accepts only these retention periods. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** The regions enabled by default in every account: the table's default region partition. */
export const DEFAULT_QUERY_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-south-1',
] as const;

function parseStartDate(raw: string, context: SettingContext): string {
  const match = /^(\d{4})\/(\d{2})\/(\d{2})$/.exec(raw);
  const date = match ? new Date(`${match[1]}-${match[2]}-${match[3]}T00:00:00Z`) : undefined;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== raw.replaceAll('/', '-')) {
    return problem(`"${raw}" is not a date such as 2024/01/01 (yyyy/MM/dd)`);
  }
  if (date.getTime() > context.now.getTime()) return problem(`"${raw}" is in the future: no logs exist from then yet`);
  return raw;
}

/** A Parameter Store name (where a channel's secret is kept), or undefined when the channel is not used. */
function parameterName(raw: string, example: string): string | undefined {
  return raw === '' || /^\/[\w.\-/]{1,1010}$/.test(raw)
    ? raw || undefined
    : problem(`"${raw}" is not a Parameter Store name starting with "/", such as ${example}`);
}

/** Every setting. The order is the configuration table's. */
export const SETTINGS = {
  email: define({
    parameter: 'email',
    default: '',
    functions: [],
    parse: (raw) =>
      raw === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(raw) ? raw : problem(`"${raw}" is not an email address`),
  }),
  slackWebhookParameter: define({
    parameter: 'slackWebhookParameter',
    env: 'SLACK_WEBHOOK_PARAMETER',
    default: '',
    functions: FUNCTION_NAMES,
    parse: (raw) => parameterName(raw, '/account-watch/slack-webhook-url'),
  }),
  slackBotTokenParameter: define({
    parameter: 'slackBotTokenParameter',
    env: 'SLACK_BOT_TOKEN_PARAMETER',
    default: '',
    // Every function: the ones that notify render for the app (threads, buttons); deliverySender posts.
    functions: FUNCTION_NAMES,
    parse: (raw) => parameterName(raw, '/account-watch/slack-bot-token'),
  }),
  slackChannel: define({
    parameter: 'slackChannel',
    env: 'SLACK_CHANNEL',
    default: '',
    // Every function, like the token it goes with (checked together wherever they are read).
    functions: FUNCTION_NAMES,
    // A channel's ID (C… public, G… private), as "Copy link" or the channel's details show it; not its name,
    // which can change.
    parse: (raw) =>
      raw === '' || /^[CG][A-Z0-9]{8,20}$/.test(raw)
        ? raw || undefined
        : problem(
            `"${raw}" is not a Slack channel ID (C or G and 8 to 20 capital letters and digits, such as C0123456789)`,
          ),
  }),
  slackSigningSecretParameter: define({
    parameter: 'slackSigningSecretParameter',
    env: 'SLACK_SIGNING_SECRET_PARAMETER',
    default: '',
    // alertActions verifies the button clicks with it; the alerts with links render buttons that act in Slack.
    functions: ['alertActions', 'apiCallAlert', 'signinAlert'],
    parse: (raw) => parameterName(raw, '/account-watch/slack-signing-secret'),
  }),
  slackApiUrl: define({
    parameter: 'slackApiUrl',
    env: 'SLACK_API_URL',
    default: 'https://slack.com/api/',
    functions: ['deliverySender'],
    parse: (raw) =>
      /^https:\/\/[\w.-]+(:\d+)?(\/[\w.-]*)*\/?$/.test(raw) ||
      /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/[\w.-]*)*\/?$/.test(raw)
        ? raw.replace(/\/?$/, '/')
        : problem(`"${raw}" is not an https:// base URL such as https://slack.com/api/`),
  }),
  teamsWebhookParameter: define({
    parameter: 'teamsWebhookParameter',
    env: 'TEAMS_WEBHOOK_PARAMETER',
    default: '',
    functions: FUNCTION_NAMES,
    parse: (raw) => parameterName(raw, '/account-watch/teams-webhook-url'),
  }),
  discordWebhookParameter: define({
    parameter: 'discordWebhookParameter',
    env: 'DISCORD_WEBHOOK_PARAMETER',
    default: '',
    functions: FUNCTION_NAMES,
    parse: (raw) => parameterName(raw, '/account-watch/discord-webhook-url'),
  }),
  lineChannelTokenParameter: define({
    parameter: 'lineChannelTokenParameter',
    env: 'LINE_CHANNEL_TOKEN_PARAMETER',
    default: '',
    functions: FUNCTION_NAMES,
    parse: (raw) => parameterName(raw, '/account-watch/line-channel-token'),
  }),
  lineTo: define({
    parameter: 'lineTo',
    env: 'LINE_TO',
    default: '',
    // Every function: the ones that notify queue LINE's messages only when it has a recipient.
    functions: FUNCTION_NAMES,
    // A user ID (U…), group ID (C…) or room ID (R…): a letter and 32 hexadecimal digits.
    parse: (raw) =>
      raw === '' || /^[UCR][0-9a-f]{32}$/.test(raw)
        ? raw || undefined
        : problem(`"${raw}" is not a LINE user, group or room ID (U, C or R and 32 hexadecimal digits)`),
  }),
  lineMonthlyMessages: define({
    parameter: 'lineMonthlyMessages',
    env: 'LINE_MONTHLY_MESSAGES',
    default: '200',
    functions: ['deliverySender'],
    parse: decimal({ min: 1, max: 100_000, integer: true }),
  }),
  lineApiUrl: define({
    parameter: 'lineApiUrl',
    env: 'LINE_API_URL',
    default: 'https://api.line.me',
    functions: ['deliverySender'],
    parse: (raw) =>
      /^https:\/\/[\w.-]+(:\d+)?\/?$/.test(raw) || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/?$/.test(raw)
        ? raw.replace(/\/$/, '')
        : problem(`"${raw}" is not an https:// base URL such as https://api.line.me`),
  }),
  emailFrom: define({
    parameter: 'emailFrom',
    env: 'EMAIL_FROM',
    default: '',
    functions: FUNCTION_NAMES,
    parse: (raw) =>
      raw === '' || /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(raw)
        ? raw || undefined
        : problem(`"${raw}" is not an email address`),
  }),
  chatbotTopicArn: define({
    parameter: 'chatbotTopicArn',
    env: 'CHATBOT_TOPIC_ARN',
    default: '',
    functions: NOTIFYING_FUNCTIONS,
    parse: (raw) =>
      raw === '' || /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/.test(raw)
        ? raw || undefined
        : problem(`"${raw}" is not an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME)`),
  }),
  locale: define({
    parameter: 'locale',
    env: 'LOCALE',
    default: 'en',
    functions: FUNCTION_NAMES,
    parse: (raw) => (isLocale(raw) ? raw : oneOf(LOCALES)(raw)),
  }),
  timeZone: define({
    parameter: 'timeZone',
    env: 'TIME_ZONE',
    default: 'UTC',
    functions: FUNCTION_NAMES,
    parse: parseTimeZone,
    serialize: (value) => value,
  }),
  minSeverity: define({
    parameter: 'minSeverity',
    env: 'MIN_SEVERITY',
    default: 'low',
    functions: ['signinAlert', 'apiCallAlert'],
    parse: (raw) => (isSeverity(raw) ? raw : oneOf(SEVERITIES)(raw)),
  }),
  trustedCidrs: define({
    parameter: 'trustedCidrs',
    env: 'TRUSTED_CIDRS',
    default: '',
    functions: ['signinAlert'],
    parse: parseCidrs,
    serialize: (value) => value.cidrs.join(','),
  }),
  trustedPrincipals: define({
    parameter: 'trustedPrincipals',
    env: 'TRUSTED_PRINCIPALS',
    default: '',
    functions: ['signinAlert'],
    parse: parsePrincipalPatterns,
    serialize: (value) => value.patterns.join(','),
  }),
  trustedAction: define({
    parameter: 'trustedAction',
    env: 'TRUSTED_ACTION',
    default: 'lower',
    functions: ['signinAlert'],
    parse: oneOf(['lower', 'silence'] as const),
  }),
  historyDays: define({
    parameter: 'historyDays',
    env: 'HISTORY_DAYS',
    default: '400',
    // alertActions: a sign-in's "this was me" writes the principal's facts with the history's life.
    functions: ['signinAlert', 'alertActions'],
    parse: decimal({ min: 30, max: 1000, integer: true }),
    serialize: String,
  }),
  learningDays: define({
    parameter: 'learningDays',
    env: 'LEARNING_DAYS',
    default: '7',
    functions: ['signinAlert'],
    parse: decimal({ min: 0, max: 90, integer: true }),
    serialize: String,
  }),
  learningSignIns: define({
    parameter: 'learningSignIns',
    env: 'LEARNING_SIGN_INS',
    default: '5',
    functions: ['signinAlert'],
    parse: decimal({ min: 0, max: 100, integer: true }),
    serialize: String,
  }),
  travelHours: define({
    parameter: 'travelHours',
    env: 'TRAVEL_HOURS',
    default: '2',
    functions: ['signinAlert'],
    parse: decimal({ min: 0.25, max: 24 }),
    serialize: String,
  }),
  failedSignInThreshold: define({
    parameter: 'failedSignInThreshold',
    env: 'FAILED_SIGN_IN_THRESHOLD',
    default: '5',
    functions: ['signinAlert'],
    parse: decimal({ min: 2, max: 100, integer: true }),
    serialize: String,
  }),
  failedSignInWindowMinutes: define({
    parameter: 'failedSignInWindowMinutes',
    env: 'FAILED_SIGN_IN_WINDOW_MINUTES',
    default: '15',
    functions: ['signinAlert'],
    parse: decimal({ min: 1, max: 1440, integer: true }),
    serialize: String,
  }),
  detectionAllowlist: define({
    parameter: 'detectionAllowlist',
    env: 'DETECTION_ALLOWLIST',
    default: '',
    functions: ['apiCallAlert'],
    parse: parseDetectionAllowlist,
    serialize: (value) => value.entries.map((entry) => `${entry.detection}:${entry.pattern}`).join(','),
  }),
  actions: define({
    parameter: 'actions',
    default: 'false',
    // Read by the stack, which then gives apiCallAlert the links' base and key (ACTIONS_URL, ACTIONS_SECRET_ARN).
    functions: [],
    parse: oneOf(['false', 'true'] as const),
  }),
  apiCallReads: define({
    parameter: 'apiCallReads',
    env: 'API_CALL_READS',
    default: 'false',
    functions: ['apiCallAlert'],
    parse: oneOf(['false', 'true'] as const),
  }),
  burstWindowMinutes: define({
    parameter: 'burstWindowMinutes',
    env: 'BURST_WINDOW_MINUTES',
    default: '10',
    functions: ['apiCallAlert'],
    parse: decimal({ min: 1, max: 1440, integer: true }),
    serialize: String,
  }),
  costlyHourlyUsd: define({
    parameter: 'costlyHourlyUsd',
    env: 'COSTLY_HOURLY_USD',
    default: '1',
    functions: ['apiCallAlert'],
    parse: decimal({ min: 0, minExclusive: true, max: 100000 }),
    serialize: String,
  }),
  logRetentionDays: define({
    parameter: 'logRetentionDays',
    default: '30',
    functions: [],
    parse: (raw) => {
      const days = Number(raw);
      return /^\d+$/.test(raw) && (LOG_RETENTION_DAYS as readonly number[]).includes(days)
        ? days
        : problem(`"${raw}" is not a CloudWatch Logs retention period: one of ${LOG_RETENTION_DAYS.join(', ')}`);
    },
    serialize: String,
  }),
  digestTime: define({
    parameter: 'digestTime',
    default: '09:00',
    functions: [],
    parse: parseTimeOfDay,
    serialize: formatTimeOfDay,
  }),
  monthlyBudget: define({
    parameter: 'monthlyBudget',
    env: 'MONTHLY_BUDGET',
    default: '',
    functions: ['costDigest', 'hygieneReport'],
    // AWS Budgets accepts ([0-9]*\.)?[0-9]+ and a budget of 0 would alert on the first cent.
    parse: optionalDecimal({ min: 0, minExclusive: true }),
  }),
  costMetric: define({
    parameter: 'costMetric',
    env: 'COST_METRIC',
    default: 'UnblendedCost',
    functions: ['costDigest'],
    parse: oneOf(COST_METRICS),
  }),
  excludedRecordTypes: define({
    parameter: 'excludedRecordTypes',
    env: 'COST_EXCLUDED_RECORD_TYPES',
    default: 'Credit,Refund,Upfront,Support',
    functions: ['costDigest'],
    parse: parseRecordTypes,
    serialize: (value) => (value.length === 0 ? 'none' : value.join(',')),
  }),
  forecastSource: define({
    parameter: 'forecastSource',
    env: 'FORECAST_SOURCE',
    default: 'costExplorer',
    functions: ['costDigest'],
    parse: oneOf(['costExplorer', 'trend'] as const),
  }),
  topServices: define({
    parameter: 'topServices',
    env: 'TOP_SERVICES',
    default: '5',
    functions: ['costDigest'],
    parse: decimal({ min: 1, max: 20, integer: true }),
    serialize: String,
  }),
  anomalyStdDevs: define({
    parameter: 'anomalyStdDevs',
    env: 'ANOMALY_STDDEVS',
    default: '3',
    functions: ['costDigest'],
    parse: decimal({ min: 0.5, max: 10 }),
    serialize: String,
  }),
  anomalyMinAmount: define({
    parameter: 'anomalyMinAmount',
    env: 'ANOMALY_MIN_AMOUNT',
    default: '1',
    functions: ['costDigest'],
    parse: decimal({ min: 0 }),
    serialize: String,
  }),
  displayCurrency: define({
    parameter: 'displayCurrency',
    env: 'DISPLAY_CURRENCY',
    default: '',
    functions: ['costDigest'],
    parse: (raw) => {
      if (raw === '') return undefined;
      const code = raw.toUpperCase();
      return Intl.supportedValuesOf('currency').includes(code)
        ? code
        : problem(`"${raw}" is not an ISO 4217 currency code such as JPY or EUR`);
    },
    serialize: (value) => value ?? '',
  }),
  displayRate: define({
    parameter: 'displayRate',
    env: 'DISPLAY_RATE',
    default: '',
    functions: ['costDigest'],
    parse: optionalDecimal({ min: 0, minExclusive: true }),
  }),
  securityDigestTime: define({
    parameter: 'securityDigestTime',
    env: 'SECURITY_DIGEST_TIME',
    default: '08:30',
    functions: ['securityDigest'],
    parse: parseTimeOfDay,
    serialize: formatTimeOfDay,
  }),
  hygieneDay: define({
    parameter: 'hygieneDay',
    default: 'MON',
    functions: [],
    parse: (raw) => oneOf(WEEKDAYS)(raw.toUpperCase()),
  }),
  hygieneTime: define({
    parameter: 'hygieneTime',
    default: '09:00',
    functions: [],
    parse: parseTimeOfDay,
    serialize: formatTimeOfDay,
  }),
  forwardingScope: define({
    parameter: 'forwardingScope',
    env: 'FORWARDING_SCOPE',
    default: 'all',
    functions: ['hygieneReport'],
    // The scope given to `npm run forwarding` (forwarding-plan.ts); none: no forwarding stacks are expected.
    parse: oneOf(['all', 'signin', 'none'] as const),
  }),
  queryDeliveryLagMinutes: define({
    parameter: 'queryDeliveryLagMinutes',
    env: 'QUERY_DELIVERY_LAG_MINUTES',
    default: '20',
    functions: ['securityDigest'],
    parse: decimal({ min: 0, max: 180, integer: true }),
    serialize: String,
  }),
  allowedRegions: define({
    parameter: 'allowedRegions',
    env: 'ALLOWED_REGIONS',
    default: ({ region }) => [...new Set([region, 'us-east-1'])].join(','),
    functions: ['securityDigest', 'apiCallAlert'],
    parse: regionList,
    serialize: (value) => value.join(','),
  }),
  trailBucket: define({
    parameter: 'trailBucket',
    default: '',
    functions: [],
    parse: (raw) =>
      raw === '' || /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(raw) ? raw : problem(`"${raw}" is not an S3 bucket name`),
  }),
  trailPrefix: define({
    parameter: 'trailPrefix',
    default: '',
    functions: [],
    parse: (raw) => {
      const prefix = raw.replace(/^\/+|\/+$/g, '');
      // CloudTrail prefixes are plain key paths: a wildcard would point the table where no log is written.
      if (raw !== '' && !/^[\w!\-.'()/]+$/.test(prefix)) {
        return problem(`"${raw}" is not an S3 key prefix such as security/cloudtrail (no wildcards)`);
      }
      return prefix;
    },
  }),
  organizationId: define({
    parameter: 'organizationId',
    default: '',
    functions: [],
    parse: (raw) =>
      raw === '' || /^o-[a-z0-9]{10,32}$/.test(raw)
        ? raw
        : problem(`"${raw}" is not an organization ID such as o-a1b2c3d4e5`),
  }),
  organizationAccounts: define({
    parameter: 'organizationAccounts',
    // Also the accounts a resource policy may name without an alert (they are the organization's own).
    env: 'ORGANIZATION_ACCOUNTS',
    default: '',
    functions: ['apiCallAlert'],
    parse: (raw) => {
      const accounts = splitList(raw);
      for (const account of accounts) {
        if (!/^\d{12}$/.test(account)) problem(`"${account}" is not a 12-digit account ID`);
      }
      return accounts;
    },
    serialize: (value) => value.join(','),
  }),
  trailRetentionDays: define({
    parameter: 'trailRetentionDays',
    default: '365',
    functions: [],
    parse: decimal({ min: 1, integer: true }),
    serialize: String,
  }),
  queryRegions: define({
    parameter: 'queryRegions',
    default: DEFAULT_QUERY_REGIONS.join(','),
    functions: [],
    parse: regionList,
    serialize: (value) => value.join(','),
  }),
  queryStartDate: define({
    parameter: 'queryStartDate',
    default: '2024/01/01',
    functions: [],
    parse: parseStartDate,
  }),
  queryScanLimitMb: define({
    parameter: 'queryScanLimitMb',
    default: '1024',
    functions: [],
    parse: decimal({ min: 10, integer: true }),
    serialize: String,
  }),
};

export type SettingName = keyof typeof SETTINGS;
export type SettingValue<K extends SettingName> = ReturnType<(typeof SETTINGS)[K]['parse']>;
export type SettingValues = { [K in SettingName]: SettingValue<K> };

export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

/** A rule across settings: returns the setting to blame and why, or undefined when the combination is fine. */
export interface SettingRule {
  settings: readonly SettingName[];
  check(values: Partial<SettingValues>): { setting: SettingName; problem: string } | undefined;
}

export const SETTING_RULES: readonly SettingRule[] = [
  {
    settings: ['lineChannelTokenParameter', 'lineTo'],
    check: ({ lineChannelTokenParameter, lineTo }) =>
      (lineChannelTokenParameter === undefined) === (lineTo === undefined)
        ? undefined
        : {
            setting: lineTo === undefined ? 'lineTo' : 'lineChannelTokenParameter',
            problem:
              'lineChannelTokenParameter and lineTo go together: the token says which LINE channel, lineTo whom it pushes to',
          },
  },
  {
    settings: ['slackBotTokenParameter', 'slackChannel'],
    check: ({ slackBotTokenParameter, slackChannel }) =>
      (slackBotTokenParameter === undefined) === (slackChannel === undefined)
        ? undefined
        : {
            setting: slackChannel === undefined ? 'slackChannel' : 'slackBotTokenParameter',
            problem:
              'slackBotTokenParameter and slackChannel go together: the bot token says which Slack app, slackChannel where it posts',
          },
  },
  {
    settings: ['slackBotTokenParameter', 'slackWebhookParameter'],
    check: ({ slackBotTokenParameter, slackWebhookParameter }) =>
      slackBotTokenParameter && slackWebhookParameter
        ? {
            setting: 'slackWebhookParameter',
            problem:
              'choose one way to Slack: the app (slackBotTokenParameter) or the webhook (slackWebhookParameter); with both every alert would arrive twice',
          }
        : undefined,
  },
  {
    settings: ['slackSigningSecretParameter', 'slackBotTokenParameter', 'actions'],
    check: ({ slackSigningSecretParameter, slackBotTokenParameter, actions }) =>
      slackSigningSecretParameter && (!slackBotTokenParameter || actions !== 'true')
        ? {
            setting: 'slackSigningSecretParameter',
            problem:
              'buttons that act in Slack need the app and the action links: set slackBotTokenParameter and actions=true too',
          }
        : undefined,
  },
  {
    settings: ['displayCurrency', 'displayRate'],
    check: ({ displayCurrency, displayRate }) =>
      (displayCurrency === undefined) === (displayRate === undefined)
        ? undefined
        : {
            setting: displayCurrency === undefined ? 'displayCurrency' : 'displayRate',
            problem: 'displayCurrency and displayRate go together: set both or neither',
          },
  },
  {
    settings: ['trailPrefix', 'trailBucket'],
    check: ({ trailPrefix, trailBucket }) =>
      trailPrefix && !trailBucket
        ? {
            setting: 'trailPrefix',
            problem:
              'a prefix belongs to an existing trail: set trailBucket too (the trail this stack creates has none)',
          }
        : undefined,
  },
  {
    settings: ['organizationId', 'trailBucket'],
    check: ({ organizationId, trailBucket }) =>
      organizationId && !trailBucket
        ? {
            setting: 'organizationId',
            problem: 'an organization trail is read from its existing bucket: set trailBucket too',
          }
        : undefined,
  },
];

/** Valid but risky combinations, said at deploy time. */
export function settingWarnings(values: Partial<SettingValues>): string[] {
  const warnings: string[] = [];
  const effect =
    values.trustedAction === 'silence'
      ? 'every matching sign-in except root is silenced'
      : 'every matching sign-in except root is lowered one step';
  const everywhere = (values.trustedCidrs?.cidrs ?? []).filter((cidr) => /\/0$/.test(cidr));
  if (everywhere.length > 0) {
    warnings.push(`trustedCidrs contains ${everywhere.join(', ')}, which trusts every address: ${effect}.`);
  }
  const anyone = (values.trustedPrincipals?.patterns ?? []).filter((pattern) =>
    /^arn:\*$|^arn:[a-z-]*:\*$/.test(pattern),
  );
  if (anyone.length > 0) {
    warnings.push(`trustedPrincipals contains ${anyone.join(', ')}, which trusts every principal: ${effect}.`);
  }
  return warnings;
}

/** The raw default of a setting, in a context. */
export function defaultOf(name: SettingName, context: SettingContext): string {
  const fallback = SETTINGS[name].default;
  return typeof fallback === 'function' ? fallback(context) : fallback;
}

/** The canonical text of a parsed value: what the functions' environment and the stack receive. */
export function serializeSetting<K extends SettingName>(name: K, value: SettingValue<K>, raw: string): string {
  const definition = SETTINGS[name] as SettingDefinition<SettingValue<K>>;
  return definition.serialize ? definition.serialize(value) : raw;
}
