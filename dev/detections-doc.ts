import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiCallRulePatterns } from '../deploy/api-calls.js';
import { DETECTIONS, type DetectionGroup } from '../src/lib/api-calls/catalogue.js';

/** docs/detections.md, generated from the detection catalogue so the two never disagree. */

export const DETECTIONS_DOC = join(import.meta.dirname, '..', 'docs', 'detections.md');

const GROUPS: Record<DetectionGroup, string> = {
  logging: 'Logging turned off or blinded',
  blinding: 'Blinding the other guards',
  watch: 'The watch protects itself',
  root: 'The root user',
  persistence: 'Back doors that outlive a password reset (persistence)',
  escalation: 'Privilege escalation',
  exposure: 'Exposure to the internet or other accounts',
  destruction: 'Destruction and removal of the way back',
  exfiltration: 'Bulk copies out',
  cost: 'Running up the bill',
  recon: 'Stolen keys at work',
};

function events(pattern: unknown): string {
  const names = new Set<string>();
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'eventName' && Array.isArray(inner)) {
          for (const name of inner)
            names.add(typeof name === 'string' ? name : `${(name as { prefix?: string }).prefix ?? '?'}*`);
        } else visit(inner);
      }
    }
  };
  visit(pattern);
  if (names.size > 0) return [...names].map((name) => `\`${name}\``).join(', ');
  const fields = pattern as {
    errorCode?: unknown[];
    userAgent?: unknown[];
    readOnly?: unknown[];
    userIdentity?: Record<string, unknown>;
  };
  if (Array.isArray(fields.errorCode))
    return `any call refused with ${fields.errorCode.map((error) => `\`${error}\``).join(', ')}`;
  if (fields.userAgent) return 'any call whose user agent is an attack tool';
  if (fields.userIdentity?.principalId) return 'any call with an instance\u2019s role credentials';
  if (fields.userIdentity?.accessKeyId)
    return fields.readOnly ? 'any read with a long-term key' : 'any call with a long-term key';
  return 'any write';
}

export function renderDetectionsDoc(): string {
  const lines = [
    '# Real-time detections',
    '',
    '<!-- generated from src/lib/api-calls/catalogue.ts by `npm run docs`; edit the catalogue, not this file -->',
    '',
    'Every API call below reaches `apiCallAlert` within a minute or two of happening, from every region with a',
    'forwarding stack, and becomes an email and Slack message: who (and with which access key), from where, what, on',
    'what, and what to do. A call refused for permission is reported as an attempt; one that failed otherwise',
    '(`TrailNotFoundException`, `ValidationError`, a dry run) changed nothing and raises nothing, and neither does',
    'a call an AWS service made itself. The same detection by the',
    'same principal within `burstWindowMinutes` is one alert, with follow-ups at 10 and 100 calls. Quiet a',
    'principal\u2019s expected changes with `detectionAllowlist` (never the root user\u2019s). `npm run detect -- --logs <dir>`',
    'replays the same catalogue over downloaded CloudTrail logs.',
    '',
    `The catalogue is filtered at the source by ${apiCallRulePatterns().length} EventBridge rule(s) per region (its patterns packed under EventBridge\u2019s`,
    '2,048-character limit), so the function runs only for candidates; "Beyond the rule" marks the detections whose function',
    'checks beyond the rule. "Digest" names the saved query that reports the same calls each morning.',
    '',
  ];
  for (const group of Object.keys(GROUPS) as DetectionGroup[]) {
    lines.push(
      `## ${GROUPS[group]}`,
      '',
      '| Detection | Severity | API calls | Beyond the rule | Digest |',
      '|---|---|---|---|---|',
    );
    for (const detection of DETECTIONS.filter((candidate) => candidate.group === group)) {
      lines.push(
        `| \`${detection.id}\`: ${detection.title.en}${detection.optIn ? ' *(apiCallReads)*' : ''} | ${detection.severity} | ${events(detection.pattern)} | ${
          detection.matches ? 'yes' : ''
        } | ${detection.savedQuery ? `\`${detection.savedQuery}\`` : ''} |`,
      );
    }
    lines.push('');
  }
  lines.push(
    '*(apiCallReads)*: only with `--param="apiCallReads=true"` (and `npm run forwarding -- deploy --reads`), because their',
    'patterns select read-only calls; see docs/alerts.md, "Read-only calls", for what that costs.',
    '',
    '`access-denied-burst` counts refused calls per access key and alerts at the 10th within',
    '`burstWindowMinutes` (and once more at the 100th). Its rule is the one that also receives read-only calls',
    '(EventBridge delivers those only to rules that opt in, at no charge), because probing with a stolen key is',
    'mostly refused List, Get and Describe calls; its pattern matches refused calls only, so the function still',
    'runs only for them.',
    '',
  );
  return lines.join('\n');
}

/** Rewrites docs/detections.md; returns whether it changed. */
export function updateDetectionsDoc(): boolean {
  const current = (() => {
    try {
      return readFileSync(DETECTIONS_DOC, 'utf8');
    } catch {
      return '';
    }
  })();
  const next = renderDetectionsDoc();
  if (current === next) return false;
  writeFileSync(DETECTIONS_DOC, next);
  return true;
}
