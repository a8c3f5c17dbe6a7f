import type { DisplaySettings } from '../display.js';
import type { TimeOfDay } from '../settings.js';

/** The security digest's settings; config.ts loads them from the environment (loadSecurityDigestSettings). */

/** Settings of the saved CloudTrail queries and the security digest. */
export interface SecurityDigestSettings extends DisplaySettings {
  workGroup: string;
  database: string;
  table: string;
  allowedRegions: string[];
  /** The daily run's local time, and how far before it each window ends. */
  digestTime: TimeOfDay;
  deliveryLagMinutes: number;
  region: string;
}
