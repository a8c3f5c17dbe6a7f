import type { Severity } from '../notify/severity.js';
import { type CredentialReportRow, ROOT_ROW_USER } from './credential-report.js';

/**
 * The tutorial's checklist as checks: each one reads facts the inspection gathered (inspect.ts) and
 * says passed, failed, could not check, or (for the optional services) for your information. Pure: the
 * facts come in, results go out, so every rule is tested on plain values.
 */

export const CHECK_IDS = [
  'root-mfa',
  'root-access-keys',
  'root-recent-use',
  'users-mfa',
  'identity-center',
  'access-key-age',
  'unused-credentials',
  'admin-users',
  'password-policy',
  'trail-logging',
  'trail-validation',
  'trail-delivery',
  'budget',
  'anomaly-monitor',
  's3-block-public-access',
  'ebs-default-encryption',
  'guardduty',
  'access-analyzer',
  'email-subscription',
  'dead-letters',
  'forwarding-stacks',
  'watch-rules',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export type CheckGroup = 'root' | 'users' | 'logging' | 'cost' | 'exposure' | 'detection' | 'stack';

/** Each check's group and the severity of its failure; `info` checks never fail (optional, paid services). */
export const CHECKS: Record<CheckId, { group: CheckGroup; severity: Severity }> = {
  'root-mfa': { group: 'root', severity: 'critical' },
  'root-access-keys': { group: 'root', severity: 'critical' },
  'root-recent-use': { group: 'root', severity: 'medium' },
  'users-mfa': { group: 'users', severity: 'high' },
  'identity-center': { group: 'users', severity: 'low' },
  'access-key-age': { group: 'users', severity: 'medium' },
  'unused-credentials': { group: 'users', severity: 'medium' },
  'admin-users': { group: 'users', severity: 'info' },
  'password-policy': { group: 'users', severity: 'low' },
  'trail-logging': { group: 'logging', severity: 'high' },
  'trail-validation': { group: 'logging', severity: 'low' },
  'trail-delivery': { group: 'logging', severity: 'high' },
  budget: { group: 'cost', severity: 'medium' },
  'anomaly-monitor': { group: 'cost', severity: 'low' },
  's3-block-public-access': { group: 'exposure', severity: 'high' },
  'ebs-default-encryption': { group: 'exposure', severity: 'medium' },
  guardduty: { group: 'detection', severity: 'info' },
  'access-analyzer': { group: 'detection', severity: 'info' },
  'email-subscription': { group: 'stack', severity: 'high' },
  'dead-letters': { group: 'stack', severity: 'high' },
  'forwarding-stacks': { group: 'stack', severity: 'medium' },
  'watch-rules': { group: 'stack', severity: 'high' },
};

/** Why a fact could not be read: the role or an SCP refused, AWS kept throttling, or something else failed. */
export interface ProbeProblem {
  kind: 'accessDenied' | 'throttled' | 'failed';
  /** The API call, e.g. iam:GetAccountSummary. */
  action: string;
  /** The error's code or message, one line. */
  message: string;
}

export type Probe<T> = { ok: true; value: T } | { ok: false; problem: ProbeProblem };

export interface TrailFacts {
  name: string;
  arn: string;
  homeRegion?: string;
  multiRegion: boolean;
  organizationTrail: boolean;
  logFileValidation: boolean;
  /** GetTrailStatus: undefined when it could not be called (e.g. an organization trail from a member account). */
  status?: { logging: boolean; latestDeliveryError?: string; latestDeliveryTime?: string };
}

export interface StackFacts {
  /** Email subscriptions of the notification topic. */
  subscriptions: Probe<{ confirmed: number; pending: number }>;
  /** Whether Slack is configured: a topic with no confirmed email is fine when Slack carries the messages. */
  chatConfigured: boolean;
  /** Messages waiting in each of the stack's dead-letter queues, by queue name. */
  deadLetters: Probe<Array<{ queue: string; messages: number }>>;
  /** The regions the forwarding plan expects, and those without a forwarding stack. */
  forwarding: Probe<{ expected: string[]; missing: string[] }>;
  /** The watch's EventBridge rules at home and in the forwarding regions, and those disabled ("region name"). */
  rules: Probe<{ rules: number; disabled: string[] }>;
}

/** Everything the checks read, as the inspection found it. */
export interface HygieneFacts {
  /** When the facts were gathered (ISO). */
  checkedAt: string;
  homeRegion: string;
  accountSummary: Probe<{ rootMfa: boolean; rootAccessKeys: boolean }>;
  /** The root user's MFA: a virtual device, or another kind (hardware TOTP, security key or passkey). */
  rootMfaKind: Probe<'virtual' | 'other' | 'none'>;
  credentialReport: Probe<CredentialReportRow[]>;
  /** IAM users with AdministratorAccess attached, directly or through a group. */
  adminUsers: Probe<string[]>;
  passwordPolicy: Probe<boolean>;
  trails: Probe<TrailFacts[]>;
  budgets: Probe<string[]>;
  anomalyMonitors: Probe<string[]>;
  /** The account-level S3 Block Public Access settings that are off (all four when none is configured). */
  s3PublicAccessBlockOff: Probe<string[]>;
  ebsDefaultEncryption: Probe<boolean>;
  guardDuty: Probe<'enabled' | 'suspended' | 'none'>;
  /** IAM Identity Center instances in the home region (their ARNs). */
  identityCenter: Probe<string[]>;
  accessAnalyzers: Probe<string[]>;
  /** Absent for `npm run doctor` without a deployed stack. */
  stack?: StackFacts;
}

/** The values a result's sentence is built from (the dictionaries turn them into words). */
export interface CheckFacts {
  names?: string[];
  count?: number;
  /** A date (ISO), e.g. the root user's last sign-in. */
  date?: string;
  /** A variant of the sentence, e.g. 'virtual' MFA, 'organization' trail, 'budgetSetting'. */
  variant?: string;
  /** A message AWS wrote, e.g. a trail's delivery error. */
  detail?: string;
}

export type CheckStatus = 'pass' | 'fail' | 'unknown' | 'info';

export interface CheckResult {
  id: CheckId;
  status: CheckStatus;
  /** The severity of this check failing (CHECKS), carried so a reader needs no table. */
  severity: Severity;
  facts: CheckFacts;
  /** Set when the status is unknown. */
  problem?: ProbeProblem;
}

export interface CheckOptions {
  /** The stack's monthlyBudget setting: a budget the stack itself creates. */
  monthlyBudget?: number;
}

const DAY_MS = 86_400_000;
/** Days after which a key is old and an unused credential is stale, as AWS and CIS advise (the messages say 90). */
const STALE_DAYS = 90;
/** Root use within this many days is flagged: since the last weekly report. */
const ROOT_USE_DAYS = 7;

/** Runs every check on the facts, in CHECK_IDS order. */
export function evaluateChecks(facts: HygieneFacts, options: CheckOptions = {}): CheckResult[] {
  const now = Date.parse(facts.checkedAt);
  const olderThan = (iso: string | undefined, days: number) =>
    iso !== undefined && now - Date.parse(iso) > days * DAY_MS;

  const result = (id: CheckId, status: CheckStatus, checkFacts: CheckFacts = {}): CheckResult => ({
    id,
    status,
    severity: CHECKS[id].severity,
    facts: checkFacts,
  });
  /** A check on one probe: its problem makes the check unknown, its value decides. */
  const on = <T>(id: CheckId, probe: Probe<T>, decide: (value: T) => CheckResult): CheckResult =>
    probe.ok ? decide(probe.value) : { ...result(id, 'unknown'), problem: probe.problem };

  const report = facts.credentialReport;
  const users = report.ok ? report.value.filter((row) => row.user !== ROOT_ROW_USER) : [];
  const root = report.ok ? report.value.find((row) => row.user === ROOT_ROW_USER) : undefined;

  const results: Record<CheckId, CheckResult> = {
    'root-mfa': on('root-mfa', facts.accountSummary, (summary) => {
      if (!summary.rootMfa) return result('root-mfa', 'fail');
      const kind = facts.rootMfaKind.ok ? facts.rootMfaKind.value : undefined;
      return result('root-mfa', 'pass', { variant: kind === 'virtual' ? 'virtual' : kind ? 'other' : 'unknownKind' });
    }),
    'root-access-keys': on('root-access-keys', facts.accountSummary, (summary) =>
      result('root-access-keys', summary.rootAccessKeys ? 'fail' : 'pass'),
    ),
    'root-recent-use': on('root-recent-use', report, () => {
      const uses = [root?.passwordLastUsed, ...(root?.accessKeys.map((key) => key.lastUsed) ?? [])]
        .filter((date): date is string => date !== undefined)
        .sort();
      const last = uses.at(-1);
      if (last === undefined) return result('root-recent-use', 'pass', { variant: 'never' });
      return result('root-recent-use', olderThan(last, ROOT_USE_DAYS) ? 'pass' : 'fail', { date: last });
    }),
    'users-mfa': on('users-mfa', report, () => {
      const consoleUsers = users.filter((row) => row.passwordEnabled === true);
      const without = consoleUsers.filter((row) => !row.mfaActive).map((row) => row.user);
      if (consoleUsers.length === 0) return result('users-mfa', 'pass', { variant: 'noConsoleUsers' });
      return without.length > 0
        ? result('users-mfa', 'fail', { names: without, count: without.length })
        : result('users-mfa', 'pass', { count: consoleUsers.length });
    }),
    // Since the tutorial: people sign in through IAM Identity Center, not as IAM users with passwords.
    'identity-center': on('identity-center', report, () =>
      on('identity-center', facts.identityCenter, (instances) => {
        const consoleUsers = users.filter((row) => row.passwordEnabled === true).map((row) => row.user);
        if (instances.length > 0) return result('identity-center', 'pass', { count: instances.length });
        if (consoleUsers.length === 0) return result('identity-center', 'pass', { variant: 'noConsoleUsers' });
        return result('identity-center', 'fail', { names: consoleUsers, count: consoleUsers.length });
      }),
    ),
    'access-key-age': on('access-key-age', report, () => {
      const old = users
        .filter((row) => row.accessKeys.some((key) => olderThan(key.lastRotated, STALE_DAYS)))
        .map((row) => row.user);
      return old.length > 0
        ? result('access-key-age', 'fail', { names: old, count: old.length })
        : result('access-key-age', 'pass');
    }),
    'unused-credentials': on('unused-credentials', report, () => {
      const stale = users
        .filter((row) => {
          // A credential never used counts from when it was made: the key's rotation, the user's creation.
          const keyStale = row.accessKeys.some((key) => olderThan(key.lastUsed ?? key.lastRotated, STALE_DAYS));
          const passwordStale =
            row.passwordEnabled === true && olderThan(row.passwordLastUsed ?? row.created, STALE_DAYS);
          return keyStale || passwordStale;
        })
        .map((row) => row.user);
      return stale.length > 0
        ? result('unused-credentials', 'fail', { names: stale, count: stale.length })
        : result('unused-credentials', 'pass');
    }),
    'admin-users': on('admin-users', facts.adminUsers, (names) =>
      result('admin-users', 'info', { names, count: names.length }),
    ),
    'password-policy': on('password-policy', facts.passwordPolicy, (exists) =>
      result('password-policy', exists ? 'pass' : 'fail'),
    ),
    'trail-logging': on('trail-logging', facts.trails, (trails) => {
      const logging = trails.filter((trail) => trail.multiRegion && trail.status?.logging === true);
      const first = logging[0];
      if (first) {
        return result('trail-logging', 'pass', {
          names: [first.name],
          variant: first.organizationTrail ? 'organization' : undefined,
        });
      }
      // An organization trail's status is the management account's to read; a member account cannot.
      const organization = trails.find((trail) => trail.multiRegion && trail.organizationTrail && !trail.status);
      if (organization) {
        return {
          ...result('trail-logging', 'unknown', { names: [organization.name], variant: 'organization' }),
          problem: {
            kind: 'accessDenied',
            action: 'cloudtrail:GetTrailStatus',
            message: 'the organization trail belongs to the management account',
          },
        };
      }
      const stopped = trails.filter((trail) => trail.multiRegion).map((trail) => trail.name);
      return result('trail-logging', 'fail', stopped.length > 0 ? { names: stopped, variant: 'stopped' } : {});
    }),
    'trail-validation': on('trail-validation', facts.trails, (trails) => {
      // Every multi-region trail, logging or not: a stopped trail is the logging check's to report.
      const multiRegion = trails.filter((trail) => trail.multiRegion);
      if (multiRegion.length === 0) return result('trail-validation', 'fail', { variant: 'noTrail' });
      const validated = multiRegion.find((trail) => trail.logFileValidation);
      return validated
        ? result('trail-validation', 'pass', { names: [validated.name] })
        : result('trail-validation', 'fail', { names: multiRegion.map((trail) => trail.name) });
    }),
    'trail-delivery': on('trail-delivery', facts.trails, (trails) => {
      const logging = trails.filter((trail) => trail.status?.logging);
      const failing = logging.find((trail) => trail.status?.latestDeliveryError);
      if (failing) {
        return result('trail-delivery', 'fail', {
          names: [failing.name],
          detail: failing.status?.latestDeliveryError,
        });
      }
      // Nothing logging delivers nothing: the logging check reports that, not this one.
      if (logging.length === 0) return result('trail-delivery', 'pass', { variant: 'noTrail' });
      const delivered = logging.find((trail) => trail.status?.latestDeliveryTime);
      return result('trail-delivery', 'pass', delivered ? { date: delivered.status?.latestDeliveryTime } : {});
    }),
    budget: on('budget', facts.budgets, (names) => {
      if (names.length > 0) return result('budget', 'pass', { names, count: names.length });
      // The stack creates the budget when monthlyBudget is set; it shows up once deployed.
      return options.monthlyBudget !== undefined
        ? result('budget', 'pass', { variant: 'budgetSetting', count: options.monthlyBudget })
        : result('budget', 'fail');
    }),
    'anomaly-monitor': on('anomaly-monitor', facts.anomalyMonitors, (names) =>
      result('anomaly-monitor', names.length > 0 ? 'pass' : 'fail', { names, count: names.length }),
    ),
    's3-block-public-access': on('s3-block-public-access', facts.s3PublicAccessBlockOff, (off) =>
      result('s3-block-public-access', off.length === 0 ? 'pass' : 'fail', { names: off }),
    ),
    'ebs-default-encryption': on('ebs-default-encryption', facts.ebsDefaultEncryption, (enabled) =>
      result('ebs-default-encryption', enabled ? 'pass' : 'fail', { names: [facts.homeRegion] }),
    ),
    guardduty: on('guardduty', facts.guardDuty, (state) =>
      result('guardduty', 'info', { variant: state, names: [facts.homeRegion] }),
    ),
    'access-analyzer': on('access-analyzer', facts.accessAnalyzers, (names) =>
      result('access-analyzer', 'info', { variant: names.length > 0 ? 'enabled' : 'none', names }),
    ),
    'email-subscription': stackCheck(facts.stack, 'email-subscription', (stack) =>
      on('email-subscription', stack.subscriptions, ({ confirmed, pending }) => {
        if (pending > 0) return result('email-subscription', 'fail', { variant: 'pending', count: pending });
        if (confirmed > 0) return result('email-subscription', 'pass', { count: confirmed });
        return stack.chatConfigured
          ? result('email-subscription', 'pass', { variant: 'chatOnly' })
          : result('email-subscription', 'fail', { variant: 'nobody' });
      }),
    ),
    'dead-letters': stackCheck(facts.stack, 'dead-letters', (stack) =>
      on('dead-letters', stack.deadLetters, (queues) => {
        const waiting = queues.filter((queue) => queue.messages > 0);
        const count = waiting.reduce((sum, queue) => sum + queue.messages, 0);
        return waiting.length > 0
          ? result('dead-letters', 'fail', { names: waiting.map((queue) => queue.queue), count })
          : result('dead-letters', 'pass', { count: queues.length });
      }),
    ),
    'forwarding-stacks': stackCheck(facts.stack, 'forwarding-stacks', (stack) =>
      on('forwarding-stacks', stack.forwarding, ({ expected, missing }) =>
        missing.length > 0
          ? result('forwarding-stacks', 'fail', { names: missing, count: expected.length })
          : result('forwarding-stacks', 'pass', { count: expected.length }),
      ),
    ),
    'watch-rules': stackCheck(facts.stack, 'watch-rules', (stack) =>
      on('watch-rules', stack.rules, ({ rules, disabled }) =>
        disabled.length > 0
          ? result('watch-rules', 'fail', { names: disabled, count: disabled.length })
          : result('watch-rules', 'pass', { count: rules }),
      ),
    ),
  };
  return CHECK_IDS.map((id) => results[id]);
}

/** A check of the stack itself, unknown (not failed) when there is no stack to check. */
function stackCheck(
  stack: StackFacts | undefined,
  id: CheckId,
  decide: (stack: StackFacts) => CheckResult,
): CheckResult {
  if (stack) return decide(stack);
  return {
    id,
    status: 'unknown',
    severity: CHECKS[id].severity,
    facts: {},
    problem: { kind: 'failed', action: 'cloudformation:DescribeStacks', message: 'no deployed stack was found' },
  };
}

/** The failed checks, most severe first (then in catalogue order). */
export function failuresOf(results: readonly CheckResult[]): CheckResult[] {
  const rank: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
  return results
    .filter((entry) => entry.status === 'fail')
    .sort((a, b) => rank[a.severity] - rank[b.severity] || CHECK_IDS.indexOf(a.id) - CHECK_IDS.indexOf(b.id));
}

/** True when a critical or high check failed: what makes `npm run doctor` exit non-zero. */
export function hasSeriousFailure(results: readonly CheckResult[]): boolean {
  return results.some(
    (entry) => entry.status === 'fail' && (entry.severity === 'critical' || entry.severity === 'high'),
  );
}
