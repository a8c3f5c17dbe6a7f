import { severityRank } from '../notify/severity.js';
import type { ApiCall } from './api-call.js';
import { DETECTIONS, type Detection, type DetectionContext } from './catalogue.js';
import { compiledPattern, type EventPattern, matchesPattern } from './pattern.js';
import { resourceOf } from './resource.js';
import type { ApiCallSettings } from './settings.js';

/** The detections one call triggers, most severe first (the first names the alert). */
export interface DetectionResult {
  hits: Detection[];
  /** Detections that matched but were quieted by the allowlist, for the log. */
  allowlisted: string[];
  /** Detections that matched a call that failed without effect (not refused: TrailNotFound, a dry run …). */
  withoutEffect: string[];
}

/**
 * Errors that mean the caller was refused: an attempt worth reporting. Any other error (TrailNotFoundException,
 * ValidationError, DryRunOperation, NoSuchBucket …) means the call changed nothing and was allowed to try, so a
 * detection of a change is not a finding.
 */
const REFUSED =
  /AccessDenied|Unauthorized|NotAuthorized|AuthFailure|Forbidden|InvalidClientTokenId|UnrecognizedClient|SignatureDoesNotMatch|ExpiredToken|OptInRequired|InsufficientPrivileges|AuthorizationError/i;

export function isRefusal(errorCode: string): boolean {
  return REFUSED.test(errorCode);
}

/**
 * The catalogue indexed by the event source and name its pattern requires, so a call is tried only against the
 * detections that could match it (a few of about a hundred). Patterns that do not fix the source and name (the
 * root user's writes, refused calls, attack tools by user agent) are tried on every call.
 */
export interface DetectionIndex {
  candidates(eventSource: unknown, eventName: unknown): readonly Detection[];
  /** True when any detection's pattern matches the record: what the deployed rules would deliver. */
  delivers(record: { eventSource?: unknown; eventName?: unknown }): boolean;
}

/** The event sources and names a pattern requires, or undefined when it matches calls of any. */
function requiredCalls(
  pattern: EventPattern,
): Array<{ sources: string[]; names: Array<string | { prefix: string }> }> | undefined {
  const branches = pattern.$or ? pattern.$or : [pattern];
  const result: Array<{ sources: string[]; names: Array<string | { prefix: string }> }> = [];
  for (const branch of branches) {
    const sources = branch.eventSource;
    const names = branch.eventName;
    if (!Array.isArray(sources) || !Array.isArray(names)) return undefined;
    if (!sources.every((source) => typeof source === 'string')) return undefined;
    const indexable = names.every(
      (name) => typeof name === 'string' || (typeof name === 'object' && name !== null && 'prefix' in name),
    );
    if (!indexable) return undefined;
    result.push({ sources: sources as string[], names: names as Array<string | { prefix: string }> });
  }
  return result;
}

export function indexDetections(catalogue: readonly Detection[]): DetectionIndex {
  const exact = new Map<string, Detection[]>();
  const prefixes = new Map<string, Array<{ prefix: string; detection: Detection }>>();
  const everywhere: Detection[] = [];
  const add = <T>(map: Map<string, T[]>, key: string, value: T) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const detection of catalogue) {
    const calls = requiredCalls(detection.pattern);
    if (!calls) {
      everywhere.push(detection);
      continue;
    }
    for (const { sources, names } of calls) {
      for (const source of sources) {
        for (const name of names) {
          if (typeof name === 'string') add(exact, `${source} ${name}`, detection);
          else add(prefixes, source, { prefix: name.prefix, detection });
        }
      }
    }
  }
  // By source, then name: no key to build per record. Bounded: a log of unusual calls must not grow it without end.
  type Entry = { detections: readonly Detection[]; tests: Array<(event: unknown) => boolean> };
  const cache = new Map<string, Map<string, Entry>>();
  let cached = 0;
  const everywhereEntry: Entry = {
    detections: everywhere,
    tests: everywhere.map((detection) => compiledPattern(detection.pattern)),
  };
  const entryOf = (eventSource: unknown, eventName: unknown): Entry => {
    if (typeof eventSource !== 'string' || typeof eventName !== 'string') return everywhereEntry;
    const names = cache.get(eventSource);
    const hit = names?.get(eventName);
    if (hit) return hit;
    const found = new Set<Detection>([
      ...(exact.get(`${eventSource} ${eventName}`) ?? []),
      ...(prefixes.get(eventSource) ?? [])
        .filter((entry) => eventName.startsWith(entry.prefix))
        .map((entry) => entry.detection),
      ...everywhere,
    ]);
    // Catalogue order, so the result does not depend on how the index was built.
    const detections = catalogue.filter((detection) => found.has(detection));
    const entry = { detections, tests: detections.map((detection) => compiledPattern(detection.pattern)) };
    if (cached < 10_000) {
      cached++;
      if (names) names.set(eventName, entry);
      else cache.set(eventSource, new Map([[eventName, entry]]));
    }
    return entry;
  };
  return {
    candidates: (eventSource, eventName) => entryOf(eventSource, eventName).detections,
    delivers(record) {
      for (const test of entryOf(record.eventSource, record.eventName).tests) if (test(record)) return true;
      return false;
    },
  };
}

/** The whole catalogue, indexed once: with the read-only detections (apiCallReads), and without them. */
export const CATALOGUE_INDEX = indexDetections(DETECTIONS);
const WITHOUT_READS_INDEX = indexDetections(DETECTIONS.filter((detection) => !detection.optIn));

/** The catalogue the rules deploy and the function runs: the opt-in detections only when opted in. */
export function catalogueIndex(reads: boolean | undefined): DetectionIndex {
  return reads ? CATALOGUE_INDEX : WITHOUT_READS_INDEX;
}

/** What a detection says the call acted on, or else the resource its request names. */
export function targetOf(detection: Detection, call: ApiCall, context: DetectionContext): string | undefined {
  return detection.target?.(call, context) || resourceOf(call);
}

export function detectionContext(
  settings: Pick<ApiCallSettings, 'allowedRegions' | 'trailBucket' | 'trustedAccounts'>,
): DetectionContext {
  return {
    allowedRegions: settings.allowedRegions,
    trailBucket: settings.trailBucket,
    trustedAccounts: settings.trustedAccounts,
  };
}

/**
 * Runs the catalogue over one call: its EventBridge pattern (replayed here exactly as the rule applies it, on
 * the record as the event's `detail`), then its predicate, then the allowlist, which never quiets the root
 * user. A call made by an AWS service itself, or one that failed without being refused, is no finding, except
 * for the detections that say otherwise.
 */
export function detectApiCall(
  call: ApiCall,
  detail: unknown,
  settings: Pick<ApiCallSettings, 'allowedRegions' | 'allowlist' | 'trailBucket' | 'trustedAccounts'> &
    Partial<Pick<ApiCallSettings, 'reads'>>,
  catalogue: readonly Detection[] | DetectionIndex = catalogueIndex(settings.reads),
): DetectionResult {
  const context = detectionContext(settings);
  const fields = (detail ?? {}) as { eventSource?: unknown; eventName?: unknown };
  const candidates = Array.isArray(catalogue)
    ? catalogue
    : (catalogue as DetectionIndex).candidates(fields.eventSource, fields.eventName);
  const byService = call.principal.type === 'AWSService';
  const withoutEffect = call.outcome.status === 'failed' && !isRefusal(call.outcome.errorCode);
  const matched = candidates.filter(
    (detection) =>
      (!byService || detection.byAwsService) &&
      matchesPattern(detection.pattern, detail) &&
      (detection.matches?.(call, context) ?? true),
  );
  const quietFailures = withoutEffect ? matched.filter((detection) => !detection.evenWhenFailed) : [];
  const root = call.principal.type === 'Root';
  const allowlisted = matched
    .filter((detection) => !quietFailures.includes(detection))
    .filter((detection) => !root && settings.allowlist.allows(detection.id, call.principal.arn))
    .map((detection) => detection.id);
  const hits = matched
    .filter((detection) => !quietFailures.includes(detection) && !allowlisted.includes(detection.id))
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  return { hits, allowlisted, withoutEffect: quietFailures.map((detection) => detection.id) };
}
