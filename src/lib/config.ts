import { BlockList, isIP } from 'node:net';
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
