/**
 * The part of EventBridge's event-pattern language the detection catalogue uses, and a matcher for it
 * that follows EventBridge's rules: a field's array of allowed values matches when the event's value (or,
 * for an array, any of its elements) is one of them; nested objects match field by field; `$or` matches
 * when any branch does. The same patterns are deployed as rules and replayed here (`npm run detect`, the
 * tests), so a detection can never be tested against events its own rule would not have delivered.
 */

export type PatternValue =
  | string
  | number
  | boolean
  | { prefix: string }
  | { suffix: string }
  | { wildcard: string }
  | { exists: boolean }
  | { 'anything-but': string[] };

export interface EventPattern {
  [field: string]: PatternValue[] | EventPattern | EventPattern[] | undefined;
  $or?: EventPattern[];
}

function isPattern(value: unknown): value is EventPattern {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const wildcards = new Map<string, RegExp>();

/** EventBridge's wildcard: `*` stands for any characters (none included), everything else is literal. */
function wildcardRegExp(wildcard: string): RegExp {
  let regExp = wildcards.get(wildcard);
  if (!regExp) {
    const body = wildcard
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    regExp = new RegExp(`^${body}$`, 's');
    wildcards.set(wildcard, regExp);
  }
  return regExp;
}

function leafMatches(allowed: PatternValue, value: unknown): boolean {
  if (typeof allowed !== 'object') return value === allowed;
  if ('exists' in allowed) return allowed.exists ? value !== undefined : value === undefined;
  if (value === undefined || value === null) return false;
  if ('prefix' in allowed) return typeof value === 'string' && value.startsWith(allowed.prefix);
  if ('suffix' in allowed) return typeof value === 'string' && value.endsWith(allowed.suffix);
  if ('wildcard' in allowed) return typeof value === 'string' && wildcardRegExp(allowed.wildcard).test(value);
  return typeof value === 'string' && !allowed['anything-but'].includes(value);
}

function valuesMatch(allowed: PatternValue[], value: unknown): boolean {
  if (Array.isArray(value)) return value.some((element) => valuesMatch(allowed, element));
  return allowed.some((candidate) => leafMatches(candidate, value));
}

/** True when `event` matches `pattern` as EventBridge would match it. */
export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  const fields = isPattern(event) ? (event as Record<string, unknown>) : {};
  for (const [key, expected] of Object.entries(pattern)) {
    if (expected === undefined) continue;
    if (key === '$or') {
      if (!(expected as EventPattern[]).some((branch) => matchesPattern(branch, event))) return false;
      continue;
    }
    const value = fields[key];
    if (Array.isArray(expected)) {
      if (!valuesMatch(expected as PatternValue[], value)) return false;
    } else if (isPattern(expected)) {
      const candidates = Array.isArray(value) ? value : [value];
      if (!candidates.some((candidate) => matchesPattern(expected, candidate))) return false;
    }
  }
  return true;
}

/** EventBridge's default limit for one rule's pattern, in characters; packing stays under it with a margin. */
export const EVENT_PATTERN_LIMIT = 2048;
const PACKING_LIMIT = 1900;

/** The detail-type every CloudTrail API call event has on the default bus. */
export const API_CALL_DETAIL_TYPE = 'AWS API Call via CloudTrail';

/** A whole rule pattern around `detail` patterns: one, or several under `$or`. */
export function rulePattern(details: EventPattern[]): EventPattern {
  return {
    'detail-type': [API_CALL_DETAIL_TYPE],
    detail: details.length === 1 ? (details[0] as EventPattern) : { $or: details },
  };
}

/**
 * Packs detail patterns into as few rule patterns as fit EventBridge's size limit, in order. Every
 * pattern ends up in exactly one rule; a single pattern too large for a rule is an error, not a silent drop.
 */
export function packRulePatterns(details: EventPattern[]): EventPattern[] {
  const rules: EventPattern[][] = [];
  for (const detail of details) {
    if (JSON.stringify(rulePattern([detail])).length > PACKING_LIMIT) {
      throw new Error(`A detection's pattern is longer than one EventBridge rule allows: ${JSON.stringify(detail)}`);
    }
    const last = rules[rules.length - 1];
    if (last && JSON.stringify(rulePattern([...last, detail])).length <= PACKING_LIMIT) last.push(detail);
    else rules.push([detail]);
  }
  return rules.map(rulePattern);
}
