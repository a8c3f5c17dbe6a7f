import type { DisplaySettings } from '../display.js';
import { en } from '../i18n/en.js';
import { messagesFor } from '../i18n/index.js';
import { SECURITY_MESSAGES, SECURITY_SUBJECT } from '../i18n/security.js';
import type { Notification, NotificationDetail } from '../notify/notification.js';
import { isAtLeast, type Severity, severityRank } from '../notify/severity.js';
import { displayWidth, padToWidth } from '../notify/text.js';
import { formatClock, formatLocalAndUtc } from '../time.js';
import { scanCostUsd } from './athena-pricing.js';
import { queryTitle } from './catalog.js';
import { cutMiddle, mostCommonAccount, shortArn } from './cells.js';
import type { QueryOutcome, Row } from './outcome.js';

const ROWS_SHOWN = 5;
/**
 * The longest a cell is shown in the digest: email and Slack wrap long lines, so a cell keeps its meaning
 * (an assumed role's role and session); only a value longer than any name AWS allows is cut, in the middle.
 */
const CELL_MAX = 160;

/**
 * An aligned text table of the rows with the column headings given (translated) or the column names. Cells
 * are whole; with `maxWidth` (a terminal's columns) the widest columns give way first, each cut in the middle
 * so both ends stay. Widths are display columns: a full-width Japanese character takes two.
 */
export function formatRows(
  columns: string[],
  rows: Row[],
  options: { maxWidth?: number; heading?: (column: string) => string } = {},
): string[] {
  const heading = options.heading ?? ((column: string) => column);
  const oneLine = (value: string | null) => (value ?? '').replace(/\s+/g, ' ');
  const table = [
    columns.map((column) => oneLine(heading(column))),
    ...rows.map((row) => columns.map((column) => oneLine(row[column] ?? null))),
  ];
  const widths = columns.map((_, index) => Math.max(...table.map((line) => displayWidth(line[index] ?? ''))));
  const gap = 2;
  if (options.maxWidth) {
    const total = () => widths.reduce((sum, width) => sum + width, 0) + gap * Math.max(0, widths.length - 1);
    // Narrow the widest column, one character at a time, down to 12: short columns (counts, times) stay whole.
    while (total() > options.maxWidth) {
      const widest = widths.indexOf(Math.max(...widths));
      if ((widths[widest] ?? 0) <= 12) break;
      widths[widest] = (widths[widest] ?? 0) - 1;
    }
  }
  return table.map((line) =>
    line
      .map((value, index) => {
        const width = widths[index] ?? 0;
        return padToWidth(displayWidth(value) > width ? cutMiddle(value, width) : value, width);
      })
      .join(' '.repeat(gap))
      .trimEnd(),
  );
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * One result cell: a time in the reader's time zone with UTC beside it, an ARN by meaning (without
 * `homeAccount`, which the header names once), anything else whole up to CELL_MAX.
 */
export function formatCell(value: string | null, timeZone: string, homeAccount?: string): string {
  const text = (value ?? '').replace(/\s+/g, ' ');
  if (!ISO_INSTANT.test(text)) return cutMiddle(shortArn(text, homeAccount), CELL_MAX);
  const instant = new Date(text);
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return `${formatClock(instant, 'UTC')} UTC`;
  return `${formatClock(instant, timeZone)} (${formatClock(instant, 'UTC').slice(11, 16)} UTC)`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024).toFixed(0)} KB`;
}

export interface SecurityDigestInput {
  outcomes: QueryOutcome[];
  window: { start: Date; end: Date };
  /** The Athena console for the workgroup's saved queries; absent for a local run. */
  athenaConsoleUrl?: string;
}

/** Builds the security digest from the outcomes of one run. Pure: no I/O, no clock. */
export function buildSecurityDigestNotification(input: SecurityDigestInput, display: DisplaySettings): Notification {
  const m = messagesFor(display.locale);
  const s = SECURITY_MESSAGES[display.locale];
  const title = (outcome: QueryOutcome) => queryTitle(outcome.query, display.locale);
  const { outcomes, window } = input;
  const succeeded = outcomes.filter((outcome) => outcome.status === 'succeeded');
  const findings = succeeded
    .filter((outcome) => outcome.rowCount > 0)
    .sort((a, b) => severityRank(b.query.severity) - severityRank(a.query.severity));
  const quiet = succeeded.filter((outcome) => outcome.rowCount === 0);
  const failed = outcomes.filter((outcome) => outcome.status !== 'succeeded');
  const alerting = findings.filter((outcome) => outcome.query.alert);
  const cut = succeeded.filter((outcome) => outcome.cut);

  let severity: Severity = 'info';
  for (const outcome of alerting) if (isAtLeast(outcome.query.severity, severity)) severity = outcome.query.severity;
  if (failed.length > 0 && !isAtLeast(severity, 'medium')) severity = 'medium';

  const scannedBytes = outcomes.reduce(
    (total, outcome) => total + (('scannedBytes' in outcome && outcome.scannedBytes) || 0),
    0,
  );
  const scanCost = outcomes.reduce(
    (total, outcome) =>
      total + ('scannedBytes' in outcome && outcome.executionId ? scanCostUsd(outcome.scannedBytes ?? 0) : 0),
    0,
  );

  const heading = (column: string) => (s.column as Record<string, string | undefined>)[column] ?? column;
  // The account the rows' ARNs name: once in the fields, not in every cell.
  const account = mostCommonAccount(
    findings.flatMap((outcome) => outcome.rows.slice(0, ROWS_SHOWN).flatMap((row) => Object.values(row))),
  );
  const details: NotificationDetail[] = findings.map((outcome) => {
    // One line a row, "heading: value" pairs: it reads the same in a proportional font, in email and in Slack.
    const lines = outcome.rows
      .slice(0, ROWS_SHOWN)
      .map((row) =>
        outcome.columns
          .map((column) => `${heading(column)}: ${formatCell(row[column] ?? null, display.timeZone, account)}`)
          .join(' · '),
      );
    if (outcome.rowCount > ROWS_SHOWN) lines.push(s.moreRows(outcome.rowCount - ROWS_SHOWN));
    if (outcome.cut) lines.push(s.cutShort(outcome.cut));
    return {
      heading:
        s.findingHeading(m.severity[outcome.query.severity], title(outcome), outcome.rowCount) +
        // Only Athena scans and bills; the local engine reports nothing here.
        (outcome.executionId
          ? ` · ${s.scannedByQuery(formatBytes(outcome.scannedBytes), `$${scanCostUsd(outcome.scannedBytes).toFixed(5)}`)}`
          : ''),
      lines,
      ...(outcome.consoleUrl ? { link: { label: s.openQuery, url: outcome.consoleUrl } } : {}),
    };
  });
  if (quiet.length > 0)
    details.push({ heading: s.noFindings, lines: [quiet.map((outcome) => title(outcome)).join(' · ')] });
  if (failed.length > 0) {
    details.push({
      heading: s.failed,
      lines: failed.map((outcome) => s.failure(title(outcome), 'reason' in outcome ? outcome.reason : '')),
    });
  }

  const summary = [
    findings.length > 0
      ? s.findingsSummary(findings.length, findings.map((outcome) => title(outcome)).join(' · '))
      : s.quietSummary,
    ...(failed.length > 0 ? [s.failedSummary(failed.length)] : []),
    ...(cut.length > 0 ? [s.cutSummary(cut.map((outcome) => title(outcome)).join(' · '))] : []),
  ].join(' ');
  const actions = [...(findings.length > 0 ? [s.actionReview] : []), ...(failed.length > 0 ? [s.actionFailed] : [])];
  const day = window.end.toISOString().slice(0, 10);

  return {
    severity,
    severityLabel: m.severity[severity],
    title: s.title,
    subject: SECURITY_SUBJECT.security(
      severity === 'info' ? undefined : en.severity[severity],
      findings.length,
      outcomes.length,
      failed.length,
      day,
    ),
    summary,
    fields: [
      {
        label: s.field.window,
        value: `${formatLocalAndUtc(window.start, display.timeZone)} – ${formatLocalAndUtc(window.end, display.timeZone)}`,
      },
      { label: s.field.queries, value: s.queriesLine(outcomes.length, findings.length, failed.length) },
      ...(account ? [{ label: s.field.account, value: account }] : []),
      ...(scanCost > 0
        ? [{ label: s.field.scanned, value: s.scannedLine(formatBytes(scannedBytes), `$${scanCost.toFixed(4)}`) }]
        : []),
    ],
    details,
    actionsHeading: m.whatToDo,
    actions,
    ...(input.athenaConsoleUrl ? { link: { label: s.openAthena, url: input.athenaConsoleUrl } } : {}),
    footer: [s.footerDistinct, s.footerWindow(window.start.toISOString(), window.end.toISOString())],
    shortText: s.sms(findings.length, failed.length),
    data: {
      type: 'securityDigest',
      window: { start: window.start.toISOString(), end: window.end.toISOString() },
      queries: outcomes.map((outcome) => ({
        name: outcome.query.name,
        status: outcome.status,
        rowCount: outcome.status === 'succeeded' ? outcome.rowCount : undefined,
        executionId: outcome.executionId,
      })),
    },
  };
}
