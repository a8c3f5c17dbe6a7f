import type { DisplaySettings } from '../display.js';
import type { Severity } from '../notify/severity.js';
import type { DetectionAllowlist } from '../settings.js';

/** The real-time API-call alerts' settings; config.ts loads them from the environment (loadApiCallSettings). */

/** Settings of the real-time API-call alerts. */
export interface ApiCallSettings extends DisplaySettings {
  minSeverity: Severity;
  allowedRegions: string[];
  allowlist: DetectionAllowlist;
  burstWindowMinutes: number;
  /** The trail's bucket (set by the stack), whose policy and lifecycle belong to the logging. */
  trailBucket?: string;
  /** The organization's other accounts: a resource policy naming them is not "shared outside". */
  trustedAccounts: string[];
  /** What an hour of capacity started by one call must cost (USD, on demand) for `costly-launch` to alert. */
  costlyHourlyUsd: number;
  /** Read-only calls reach the function too (apiCallReads), so the detections that need them run. */
  reads: boolean;
}
