import { anomalyDetectionUrl, budgetsUrl, iamConsoleUrl, regionalConsoleUrl, sqsQueueUrl } from '../console-urls.js';
import type { DisplaySettings } from '../display.js';
import { en } from '../i18n/en.js';
import { HYGIENE_MESSAGES, HYGIENE_SUBJECT, type HygieneMessages, type ShownFacts } from '../i18n/hygiene.js';
import { messagesFor } from '../i18n/index.js';
import type { Notification, NotificationDetail } from '../notify/notification.js';
import type { Severity } from '../notify/severity.js';
import { formatLocalAndUtc } from '../time.js';
import { type CheckId, type CheckResult, failuresOf } from './checks.js';
import type { WeekChanges } from './week-over-week.js';

/** The account the report is about, for its fields and links. */
export interface ReportContext {
  accountId: string;
  homeRegion: string;
  checkedAt: string;
  /** The stack's notification topic, for the subscription link. */
  topicArn?: string;
}

/** At most this many names in a sentence; the rest are counted. */
const MAX_NAMES = 10;

/** Where each check is fixed, in the console. */
export function checkConsoleUrl(id: CheckId, context: ReportContext, result?: CheckResult): string {
  const region = context.homeRegion;
  switch (id) {
    case 'root-mfa':
    case 'root-access-keys':
    case 'root-recent-use':
      return iamConsoleUrl(region, 'rootCredentials');
    case 'identity-center':
      return regionalConsoleUrl(region, { service: 'singlesignon', fragment: '/dashboard' });
    case 'users-mfa':
    case 'access-key-age':
    case 'unused-credentials':
    case 'admin-users':
      return iamConsoleUrl(region, 'users');
    case 'password-policy':
      return iamConsoleUrl(region, 'accountSettings');
    case 'trail-logging':
    case 'trail-validation':
    case 'trail-delivery':
      return regionalConsoleUrl(region, { trails: true });
    case 'budget':
      return budgetsUrl();
    case 'anomaly-monitor':
      return anomalyDetectionUrl();
    case 's3-block-public-access':
      return regionalConsoleUrl(region, { s3AccountSettings: true });
    case 'ebs-default-encryption':
      return regionalConsoleUrl(region, { ebsEncryption: true });
    case 'guardduty':
      return regionalConsoleUrl(region, { guardDuty: true });
    case 'access-analyzer':
      return iamConsoleUrl(region, 'accessAnalyzer');
    case 'email-subscription':
      // The topic lives in the stack's region, which its ARN names (arn:aws:sns:<region>:<account>:<name>).
      return context.topicArn
        ? regionalConsoleUrl(context.topicArn.split(':')[3] || region, { snsTopic: context.topicArn })
        : regionalConsoleUrl(region, { stacks: true });
    case 'dead-letters': {
      const queue = result?.facts.names?.[0];
      return queue ? sqsQueueUrl(region, context.accountId, queue) : regionalConsoleUrl(region, { stacks: true });
    }
    case 'forwarding-stacks':
      return regionalConsoleUrl(result?.facts.names?.[0] ?? region, { stacks: true });
    case 'watch-rules': {
      // The first disabled rule's region ("eu-west-1 account-watch-prod-forward-signin").
      const where = result?.facts.names?.[0]?.split(' ')[0] ?? region;
      return regionalConsoleUrl(where, { service: 'events', fragment: '/rules' });
    }
  }
}

function shown(result: CheckResult, display: DisplaySettings, h: HygieneMessages): ShownFacts {
  const names = result.facts.names ?? [];
  const listed = names.slice(0, MAX_NAMES).join(', ');
  const date = result.facts.date ? new Date(result.facts.date) : undefined;
  return {
    names:
      names.length === 0 ? h.none : names.length > MAX_NAMES ? `${listed} ${h.more(names.length - MAX_NAMES)}` : listed,
    count: result.facts.count ?? names.length,
    date: date && !Number.isNaN(date.getTime()) ? formatLocalAndUtc(date, display.timeZone) : '',
    variant: result.facts.variant,
    detail: result.facts.detail ?? '',
  };
}

/** One result as a sentence: what was found, or why it could not be checked. */
export function describeResult(result: CheckResult, display: DisplaySettings): string {
  const h = HYGIENE_MESSAGES[display.locale];
  if (result.status === 'unknown') {
    const problem = result.problem;
    if (!problem) return h.status.unknown;
    if (problem.kind === 'accessDenied') return h.problem.accessDenied(problem.action);
    if (problem.kind === 'throttled') return h.problem.throttled(problem.action);
    return h.problem.failed(problem.action, problem.message);
  }
  const text = h.checks[result.id];
  return result.status === 'fail' ? text.fail(shown(result, display, h)) : text.pass(shown(result, display, h));
}

/** The weekly report: what changed first, then each failure with why and how to fix, then the rest. Pure. */
export function buildHygieneNotification(
  results: readonly CheckResult[],
  changes: WeekChanges,
  context: ReportContext,
  display: DisplaySettings,
): Notification {
  const m = messagesFor(display.locale);
  const h = HYGIENE_MESSAGES[display.locale];
  const title = (id: CheckId) => h.checks[id].title;
  const failures = failuresOf(results);
  const unknown = results.filter((entry) => entry.status === 'unknown');
  const passed = results.filter((entry) => entry.status === 'pass');
  const info = results.filter((entry) => entry.status === 'info');
  const severity: Severity = failures[0]?.severity ?? 'info';
  const byId = new Map(results.map((entry) => [entry.id, entry]));

  const headline =
    failures.length === 0 ? h.title.allPassed(results.length) : h.title.failed(failures.length, results.length);
  const summary =
    (changes.memory === 'compared'
      ? changes.fixed.length + changes.added.length > 0
        ? h.summary.changed(changes.fixed.length, changes.added.length)
        : h.summary.unchanged(formatLocalAndUtc(new Date(changes.previousAt ?? context.checkedAt), display.timeZone))
      : changes.memory === 'first'
        ? h.summary.first
        : '') + (unknown.length > 0 ? h.summary.unknown(unknown.length) : '');

  const details: NotificationDetail[] = [];
  if (changes.fixed.length + changes.added.length > 0) {
    details.push({
      heading: h.heading.changed,
      lines: [
        ...changes.fixed.map((id) => h.fixedLine(title(id))),
        ...changes.added.map((id) => {
          const entry = byId.get(id);
          return h.newLine(title(id), entry ? describeResult(entry, display) : '');
        }),
      ],
    });
  }
  for (const failure of failures) {
    const text = h.checks[failure.id];
    details.push({
      heading: `[${m.severity[failure.severity]}] ${text.title}`,
      lines: [describeResult(failure, display), `${h.whyLabel}: ${text.why}`, `${h.fixLabel}: ${text.fix}`],
      link: { label: text.title, url: checkConsoleUrl(failure.id, context, failure) },
    });
  }
  const listOf = (heading: string, entries: CheckResult[]) =>
    entries.length > 0
      ? [{ heading, lines: entries.map((entry) => `${title(entry.id)}: ${describeResult(entry, display)}`) }]
      : [];
  details.push(
    ...listOf(h.heading.unknown, unknown),
    ...listOf(h.heading.info, info),
    ...listOf(h.heading.passed, passed),
  );

  return {
    severity,
    severityLabel: m.severity[severity],
    title: headline,
    subject: HYGIENE_SUBJECT(
      en.severity[severity],
      failures.length,
      results.length,
      changes.fixed.length,
      changes.added.length,
    ),
    summary: summary.trim() || headline,
    fields: [
      { label: h.field.account, value: context.accountId },
      { label: h.field.region, value: context.homeRegion },
      { label: h.field.checked, value: formatLocalAndUtc(new Date(context.checkedAt), display.timeZone) },
      { label: h.field.result, value: h.result(passed.length + info.length, failures.length, unknown.length) },
    ],
    actionsHeading: m.whatToDo,
    actions:
      failures.length === 0
        ? [h.actionAllGood]
        : [...failures.slice(0, 3).map((failure) => h.checks[failure.id].fix), h.actionDoctor],
    details,
    link: { label: h.openIam, url: iamConsoleUrl(context.homeRegion, 'users') },
    footer: [h.footer],
    shortText: headline,
    data: {
      type: 'hygieneReport',
      accountId: context.accountId,
      checkedAt: context.checkedAt,
      changes,
      results: results.map(({ id, status, severity: checkSeverity, facts, problem }) => ({
        id,
        status,
        severity: checkSeverity,
        facts,
        ...(problem ? { problem } : {}),
      })),
    },
  };
}
