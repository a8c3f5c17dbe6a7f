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

type Matcher = (value: unknown) => boolean;

/**
 * A wildcard as a test. The common shapes are plain string searches ("*kali*" is includes, "account-watch-*" a
 * prefix), far faster than a regular expression with a leading ".*", which backtracks over every user agent.
 */
function compileWildcard(wildcard: string): Matcher {
  const parts = wildcard.split('*');
  const [first = '', ...rest] = parts;
  const inner = parts.slice(1, -1);
  if (parts.length === 3 && first === '' && rest[1] === '' && inner[0] !== undefined) {
    const needle = inner[0];
    return (value) => typeof value === 'string' && value.includes(needle);
  }
  if (parts.length === 2 && rest[0] === '') return (value) => typeof value === 'string' && value.startsWith(first);
  if (parts.length === 2 && first === '') {
    const suffix = rest[0] ?? '';
    return (value) => typeof value === 'string' && value.endsWith(suffix);
  }
  const regExp = wildcardRegExp(wildcard);
  return (value) => typeof value === 'string' && regExp.test(value);
}

/** One allowed value as a test on the event's value (a string, number or boolean is an exact match). */
function compileLeaf(allowed: PatternValue): Matcher {
  if (typeof allowed !== 'object') return (value) => value === allowed;
  if ('exists' in allowed) return allowed.exists ? (value) => value !== undefined : (value) => value === undefined;
  if ('prefix' in allowed) {
    const prefix = allowed.prefix;
    return (value) => typeof value === 'string' && value.startsWith(prefix);
  }
  if ('suffix' in allowed) {
    const suffix = allowed.suffix;
    return (value) => typeof value === 'string' && value.endsWith(suffix);
  }
  if ('wildcard' in allowed) return compileWildcard(allowed.wildcard);
  const excluded = allowed['anything-but'];
  return (value) => typeof value === 'string' && !excluded.includes(value);
}

/** A field's list of allowed values: exact values in a set, the rest one test each; an array matches by any element. */
function compileValues(allowed: PatternValue[]): Matcher {
  const exact = new Set(allowed.filter((candidate) => typeof candidate !== 'object'));
  const others = allowed.filter((candidate) => typeof candidate === 'object').map(compileLeaf);
  const one: Matcher = (value) =>
    (exact.size > 0 && exact.has(value as string)) || others.some((matches) => matches(value));
  return (value) => (Array.isArray(value) ? value.some(one) : one(value));
}

/**
 * A pattern compiled once into a test (the catalogue's patterns are tried on every record of a replay): the
 * same rules as EventBridge, field by field, `$or` as any branch.
 */
function compile(pattern: EventPattern): Matcher {
  const tests: Matcher[] = [];
  for (const [key, expected] of Object.entries(pattern)) {
    if (expected === undefined) continue;
    if (key === '$or') {
      const branches = (expected as EventPattern[]).map(compile);
      tests.push((event) => branches.some((branch) => branch(event)));
    } else if (Array.isArray(expected)) {
      const values = compileValues(expected as PatternValue[]);
      tests.push((event) => values(fieldOf(event, key)));
    } else if (isPattern(expected)) {
      const inner = compile(expected);
      tests.push((event) => {
        const value = fieldOf(event, key);
        return Array.isArray(value) ? value.some(inner) : inner(value);
      });
    }
  }
  return (event) => tests.every((test) => test(event));
}

function fieldOf(event: unknown, key: string): unknown {
  return isPattern(event) ? (event as Record<string, unknown>)[key] : undefined;
}

const compiled = new WeakMap<EventPattern, Matcher>();

/** The pattern's test, compiled on first use and kept (patterns are the catalogue's, made once). */
export function compiledPattern(pattern: EventPattern): (event: unknown) => boolean {
  let matcher = compiled.get(pattern);
  if (!matcher) {
    matcher = compile(pattern);
    compiled.set(pattern, matcher);
  }
  return matcher;
}

/** True when `event` matches `pattern` as EventBridge would match it. */
export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  return compiledPattern(pattern)(event);
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
