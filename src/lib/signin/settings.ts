import type { DisplaySettings } from '../display.js';
import type { Severity } from '../notify/severity.js';
import type { PrincipalPatterns, TrustedNetworks } from '../settings.js';

/** The sign-in alerts' settings; config.ts loads them from the environment (loadSigninSettings). */

/** The settings of the sign-in memory (see the settings registry for their parameters and defaults). */
export interface MemorySettings {
  /** A principal is learnt once it has both this many days and this many sign-ins of history. */
  learningDays: number;
  learningSignIns: number;
  /** Two successful sign-ins from different countries within this span are "too fast". */
  travelHours: number;
  /** Failed sign-ins in the window, from one address or for one principal, that make a guessing alert. */
  failureThreshold: number;
  failureWindowMinutes: number;
}

export interface SigninSettings extends DisplaySettings {
  minSeverity: Severity;
  trustedNetworks: TrustedNetworks;
  trustedPrincipals: PrincipalPatterns;
  /** What a trusted sign-in gets: one step lower severity, or no notification at all. */
  trustedAction: 'lower' | 'silence';
  memory: MemorySettings;
  /** How long the history keeps a principal's facts, in days. */
  historyDays: number;
}
