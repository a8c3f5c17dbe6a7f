import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiCallRules } from '../deploy/api-calls.js';
import { DETECTIONS, type Detection } from '../src/lib/api-calls/catalogue.js';
import { COVERAGE_NOTES, type CoverageNote, REASONS, type Reason } from './coverage-notes.js';

/**
 * docs/coverage.md: every rule of the five public rule sets (docs/coverage/rule-sets.json, read at the pinned
 * commits), and what covers it here: a real-time detection (found from the CloudTrail event names the rule
 * selects, matched against the catalogue's own patterns), the sign-in alerts, a saved query of the daily
 * security digest, a check of the weekly report, or why nothing does (dev/coverage-notes.ts).
 */

export const COVERAGE_DOC = join(import.meta.dirname, '..', 'docs', 'coverage.md');
const RULE_SETS_FILE = join(import.meta.dirname, '..', 'docs', 'coverage', 'rule-sets.json');

export interface PublicRule {
  set: string;
  id: string;
  title: string;
  events: string[];
  /** The event sources the rule names, when it names any. */
  sources?: string[];
  type?: string;
  enabled?: boolean;
}

interface RuleSets {
  sets: Record<string, { name: string; path: string; commit: string; date: string }>;
  rules: PublicRule[];
}

export function loadRuleSets(): RuleSets {
  return JSON.parse(readFileSync(RULE_SETS_FILE, 'utf8')) as RuleSets;
}

/** The event names the sign-in alerts receive (aws.signin events, every region). */
const SIGN_IN_EVENTS = new Set([
  'ConsoleLogin',
  'CheckMfa',
  'GetSigninToken',
  'PasswordRecoveryRequested',
  'PasswordRecoveryCompleted',
  'SwitchRole',
  'ExitRole',
  'CredentialChallenge',
  'CredentialVerification',
  'UserAuthentication',
]);

/** Every (event source, event name or prefix) each detection's pattern selects, branch by branch. */
function detectionEvents(): Array<{
  detection: Detection;
  calls: Array<{ sources: string[]; name: string; prefix: boolean }>;
}> {
  return DETECTIONS.map((detection) => {
    const calls: Array<{ sources: string[]; name: string; prefix: boolean }> = [];
    const visit = (value: unknown, sources: string[]) => {
      if (Array.isArray(value)) {
        for (const entry of value) visit(entry, sources);
        return;
      }
      if (!value || typeof value !== 'object') return;
      const fields = value as Record<string, unknown>;
      const here = Array.isArray(fields.eventSource)
        ? fields.eventSource.filter((source): source is string => typeof source === 'string')
        : sources;
      for (const [key, inner] of Object.entries(fields)) {
        if (key === 'eventName' && Array.isArray(inner)) {
          for (const name of inner) {
            if (typeof name === 'string') calls.push({ sources: here, name, prefix: false });
            else if (name && typeof name === 'object' && 'prefix' in name) {
              calls.push({ sources: here, name: String(name.prefix), prefix: true });
            }
          }
        } else if (key !== 'eventSource') visit(inner, here);
      }
    };
    visit(detection.pattern, []);
    return { detection, calls };
  });
}

const EVENTS = detectionEvents();

/**
 * The detections whose patterns select this event name ("Invoke*" and "CreateFunction%" as prefixes), from one
 * of the event sources the rule names when it names any (DeleteRule of WAF is not DeleteRule of EventBridge).
 */
export function detectionsForEvent(event: string, sources: readonly string[] = []): string[] {
  const wildcard = /[*%]$/.test(event);
  const stem = event.replace(/[*%]+$/, '');
  return EVENTS.filter(({ calls }) =>
    calls.some(
      (call) =>
        (sources.length === 0 ||
          call.sources.length === 0 ||
          call.sources.some((source) => sources.includes(source))) &&
        (call.prefix
          ? stem.startsWith(call.name) || (wildcard && call.name.startsWith(stem))
          : wildcard
            ? call.name.startsWith(stem)
            : call.name === event),
    ),
  ).map(({ detection }) => detection.id);
}

export type Coverage =
  | { status: 'covered' | 'partly'; by: string[]; note?: string }
  | { status: 'not covered'; reason: Reason; note: string };

/** What covers one public rule here. */
export function coverageOf(rule: PublicRule): Coverage {
  const note: CoverageNote | undefined = COVERAGE_NOTES[`${rule.set}:${rule.id}`];
  const realTime = [...new Set(rule.events.flatMap((event) => detectionsForEvent(event, rule.sources)))];
  const signIn = rule.events.some((event) => SIGN_IN_EVENTS.has(event)) ? ['sign-in alerts'] : [];
  const coveredEvents = rule.events.filter(
    (event) => SIGN_IN_EVENTS.has(event) || detectionsForEvent(event, rule.sources).length > 0,
  );
  if (note && 'reason' in note) return { status: 'not covered', reason: note.reason, note: note.note };
  const by = [...new Set([...(note?.by ?? []), ...realTime, ...signIn])];
  if (by.length === 0) {
    throw new Error(`${rule.set}:${rule.id} (${rule.title}) is covered by nothing and has no note saying why`);
  }
  const whole = note?.partly ? false : (note?.by?.length ?? 0) > 0 || coveredEvents.length === rule.events.length;
  return { status: whole ? 'covered' : 'partly', by, note: note?.note };
}

function cell(value: string): string {
  return value.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function describeBy(by: string[]): string {
  return by
    .map((entry) => {
      if (entry.startsWith('query:')) return `saved query \`${entry.slice(6)}\``;
      if (entry.startsWith('check:')) return `weekly check \`${entry.slice(6)}\``;
      if (entry === 'sign-in alerts') return 'the sign-in alerts';
      return `\`${entry}\``;
    })
    .join(', ');
}

/** Totals per rule set: rules, covered, partly, and not covered by reason. */
export function coverageTotals(): Array<{
  set: string;
  name: string;
  rules: number;
  covered: number;
  partly: number;
  notCovered: number;
}> {
  const { sets, rules } = loadRuleSets();
  return Object.entries(sets).map(([set, pin]) => {
    const mine = rules.filter((rule) => rule.set === set).map(coverageOf);
    return {
      set,
      name: pin.name,
      rules: mine.length,
      covered: mine.filter((coverage) => coverage.status === 'covered').length,
      partly: mine.filter((coverage) => coverage.status === 'partly').length,
      notCovered: mine.filter((coverage) => coverage.status === 'not covered').length,
    };
  });
}

export function renderCoverageDoc(): string {
  const { sets, rules } = loadRuleSets();
  const totals = coverageTotals();
  const lines = [
    '# Coverage of the public rule sets',
    '',
    '<!-- generated by `npm run docs` from docs/coverage/rule-sets.json, the detection catalogue and dev/coverage-notes.ts -->',
    '',
    'Every rule of the five rule sets security teams use for AWS CloudTrail, read at the commit named below, and what',
    'covers it in this project: a real-time detection ([docs/detections.md](detections.md), found by the CloudTrail event',
    'names the rule selects), the sign-in alerts, a saved query of the daily security digest, a check of the weekly',
    'report, or why nothing does. "Covered" means every call the rule selects goes through a detection here, which',
    'alerts when the call is dangerous by its own test (a policy that opens, a type that costs, a principal new to it;',
    'on a quiet change it stays quiet where a rule that alerts on every call would not); "partly" that some of the',
    'calls do, or not every variation the rule looks for.',
    `The catalogue has ${DETECTIONS.length} detections in ${apiCallRules().length} EventBridge rules per region.`,
    '',
    '| Rule set | Rules | Covered | Partly | Not covered |',
    '|---|---|---|---|---|',
    ...totals.map(
      (total) =>
        `| [${total.name}](#${total.set}) | ${total.rules} | ${total.covered} | ${total.partly} | ${total.notCovered} |`,
    ),
    '',
    'Why a rule is not covered:',
    '',
    ...Object.entries(REASONS).map(([reason, text]) => `- **${reason}**: ${text}`),
    '',
  ];
  for (const [set, pin] of Object.entries(sets)) {
    lines.push(
      `## ${set}`,
      '',
      `[${pin.name}](https://github.com/${pin.name}) at \`${pin.commit.slice(0, 12)}\` (${pin.date}), \`${pin.path}\`.`,
      '',
      '| Rule | Events | Here |',
      '|---|---|---|',
    );
    for (const rule of rules.filter((candidate) => candidate.set === set)) {
      const coverage = coverageOf(rule);
      const here =
        coverage.status === 'not covered'
          ? `not covered: ${coverage.reason}. ${coverage.note}`
          : `${coverage.status}: ${describeBy(coverage.by)}${coverage.note ? `. ${coverage.note}` : ''}`;
      const events =
        rule.events.length > 0 ? rule.events.slice(0, 6).join(', ') + (rule.events.length > 6 ? ' …' : '') : '-';
      lines.push(`| ${cell(rule.title)} (\`${cell(rule.id)}\`) | ${cell(events)} | ${cell(here)} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** Rewrites docs/coverage.md; returns whether it changed. */
export function updateCoverageDoc(): boolean {
  let current = '';
  try {
    current = readFileSync(COVERAGE_DOC, 'utf8');
  } catch {
    current = '';
  }
  const next = renderCoverageDoc();
  if (current === next) return false;
  writeFileSync(COVERAGE_DOC, next);
  return true;
}

/** The README's sentence of totals: "Sigma's 57 CloudTrail rules: 42 covered (9 of them partly), …". */
export function coverageSentence(): string {
  const label: Record<string, string> = {
    sigma: 'Sigma',
    elastic: 'Elastic',
    tailpipe: 'Tailpipe',
    falco: 'Falco',
    fivexl: 'fivexl',
  };
  return coverageTotals()
    .map(
      (total) =>
        `${label[total.set] ?? total.set}'s ${total.rules}: ${total.covered + total.partly}${total.partly > 0 ? ` (${total.partly} partly)` : ''}`,
    )
    .join(', ');
}
