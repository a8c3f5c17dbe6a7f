import { type CheckResult, type CheckStatus, failuresOf, hasSeriousFailure } from '../src/lib/hygiene/checks.js';
import { checkConsoleUrl, describeResult, type ReportContext } from '../src/lib/hygiene/message.js';
import { HYGIENE_MESSAGES } from '../src/lib/i18n/hygiene.js';
import type { Locale } from '../src/lib/i18n/index.js';
import { messagesFor } from '../src/lib/i18n/index.js';
import { formatLocalAndUtc } from '../src/lib/time.js';

/**
 * `npm run doctor`'s output, apart from the calls that gather it: the table for a terminal (with colour
 * when it supports it), the JSON for scripts, and the exit code. Pure, so each is tested on plain results.
 */

export interface DoctorOutputOptions {
  locale: Locale;
  timeZone: string;
  color: boolean;
}

const ANSI = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, bold: 1, dim: 2 } as const;
type Style = keyof typeof ANSI;

function painter(color: boolean) {
  return (text: string, ...styles: Style[]) =>
    color && styles.length > 0 ? `\u001b[${styles.map((style) => ANSI[style]).join(';')}m${text}\u001b[0m` : text;
}

/** Columns are padded by what a terminal shows: a CJK character takes two cells. */
function cells(text: string): number {
  let width = 0;
  for (const char of text)
    width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(char)
      ? 2
      : 1;
  return width;
}
const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - cells(text)));

const ORDER: Record<CheckStatus, number> = { fail: 0, unknown: 1, info: 2, pass: 3 };

/** Failures first (most severe first), then what could not be checked, then information, then passes. */
export function doctorOrder(results: readonly CheckResult[]): CheckResult[] {
  const failures = failuresOf(results);
  const rest = results.filter((entry) => entry.status !== 'fail').sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  return [...failures, ...rest];
}

/** The table a person reads, one check a row, then how to fix each failure. */
export function doctorTable(
  results: readonly CheckResult[],
  context: ReportContext,
  options: DoctorOutputOptions,
): string {
  const paint = painter(options.color);
  const h = HYGIENE_MESSAGES[options.locale];
  const m = messagesFor(options.locale);
  const rows = doctorOrder(results).map((entry) => {
    const status = h.status[entry.status];
    const symbol = { fail: '\u2717', pass: '\u2713', unknown: '?', info: 'i' }[entry.status];
    const serious = entry.severity === 'critical' || entry.severity === 'high';
    const styles: Style[] =
      entry.status === 'fail'
        ? serious
          ? ['red', 'bold']
          : ['yellow']
        : entry.status === 'pass'
          ? ['green']
          : entry.status === 'unknown'
            ? ['magenta']
            : ['blue'];
    return {
      status: `${symbol} ${status}`,
      styles,
      severity: entry.status === 'fail' ? m.severity[entry.severity] : '',
      check: h.checks[entry.id].title,
      result: describeResult(entry, options),
    };
  });
  const widths = {
    status: Math.max(...rows.map((row) => cells(row.status))),
    severity: Math.max(0, ...rows.map((row) => cells(row.severity))),
    check: Math.max(...rows.map((row) => cells(row.check))),
  };
  const lines = [
    `${h.field.account} ${context.accountId} \u00b7 ${h.field.region} ${context.homeRegion} \u00b7 ${h.field.checked} ${formatLocalAndUtc(new Date(context.checkedAt), options.timeZone)}`,
    '',
    ...rows.map(
      (row) =>
        `${paint(pad(row.status, widths.status), ...row.styles)}  ${pad(row.severity, widths.severity)}  ${pad(row.check, widths.check)}  ${row.result}`,
    ),
  ];
  const failures = failuresOf(results);
  const count = (status: CheckStatus) => results.filter((entry) => entry.status === status).length;
  lines.push('', paint(h.result(count('pass') + count('info'), count('fail'), count('unknown')), 'bold'));
  if (failures.length > 0) {
    lines.push('', paint(h.fixLabel, 'bold'));
    for (const failure of failures) {
      lines.push(
        `- [${m.severity[failure.severity]}] ${h.checks[failure.id].title}: ${h.checks[failure.id].fix}`,
        `  ${paint(checkConsoleUrl(failure.id, context, failure), 'dim')}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The same for scripts: every result with its status, severity, facts and, when it could not be checked, why. */
export function doctorJson(
  results: readonly CheckResult[],
  context: ReportContext,
  options: Pick<DoctorOutputOptions, 'locale' | 'timeZone'>,
) {
  return {
    accountId: context.accountId,
    homeRegion: context.homeRegion,
    checkedAt: context.checkedAt,
    seriousFailure: hasSeriousFailure(results),
    results: results.map((entry) => ({
      id: entry.id,
      status: entry.status,
      severity: entry.severity,
      title: HYGIENE_MESSAGES[options.locale].checks[entry.id].title,
      result: describeResult(entry, options),
      facts: entry.facts,
      ...(entry.problem ? { problem: entry.problem } : {}),
      ...(entry.status === 'fail'
        ? { fix: HYGIENE_MESSAGES[options.locale].checks[entry.id].fix, url: checkConsoleUrl(entry.id, context, entry) }
        : {}),
    })),
  };
}

/** 1 when a critical or high check failed, so a script or CI step can stop on it; 0 otherwise. */
export function doctorExitCode(results: readonly CheckResult[]): number {
  return hasSeriousFailure(results) ? 1 : 0;
}

/** Colour only for a terminal that shows it, and never when NO_COLOR is set (no-color.org) or TERM is dumb. */
export function supportsColor(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}
