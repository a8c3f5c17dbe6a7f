import type { ApiCallSettings } from '../config.js';
import { severityRank } from '../notify/severity.js';
import type { ApiCall } from './api-call.js';
import { DETECTIONS, type Detection } from './catalogue.js';
import { matchesPattern } from './pattern.js';

/** The detections one call triggers, most severe first (the first names the alert). */
export interface DetectionResult {
  hits: Detection[];
  /** Detections that matched but were quieted by the allowlist, for the log. */
  allowlisted: string[];
}

/**
 * Runs the catalogue over one call: its EventBridge pattern (replayed here exactly as the rule applies
 * it, on the record as the event's `detail`), then its predicate, then the allowlist, which never
 * quiets the root user.
 */
export function detectApiCall(
  call: ApiCall,
  detail: unknown,
  settings: Pick<ApiCallSettings, 'allowedRegions' | 'allowlist' | 'trailBucket'>,
  catalogue: readonly Detection[] = DETECTIONS,
): DetectionResult {
  const context = { allowedRegions: settings.allowedRegions, trailBucket: settings.trailBucket };
  const matched = catalogue.filter(
    (detection) => matchesPattern(detection.pattern, detail) && (detection.matches?.(call, context) ?? true),
  );
  const root = call.principal.type === 'Root';
  const allowlisted = matched
    .filter((detection) => !root && settings.allowlist.allows(detection.id, call.principal.arn))
    .map((detection) => detection.id);
  const hits = matched
    .filter((detection) => !allowlisted.includes(detection.id))
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  return { hits, allowlisted };
}
