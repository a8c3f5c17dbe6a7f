import type { Messages } from '../i18n/index.js';
import { isAtLeast, lowerSeverity, type Severity } from '../notify/severity.js';
import type { PrincipalPatterns, TrustedNetworks } from '../settings.js';
import type { SignIn } from './sign-in.js';

export type SeverityReason = Exclude<keyof Messages['reason'], 'trustedLowered'>;

export interface Assessment {
  severity: Severity;
  reason: SeverityReason;
  /** The source matched the trusted networks and principals, so the severity was lowered. */
  lowered: boolean;
  /** Trusted with trustedAction=silence: nothing the history adds makes it notify. */
  silenced: boolean;
  /** False when the sign-in is below the configured minimum severity, or trusted and silenced. */
  notify: boolean;
}

export interface ClassifySettings {
  minSeverity: Severity;
  trustedNetworks: TrustedNetworks;
  trustedPrincipals: PrincipalPatterns;
  trustedAction: 'lower' | 'silence';
}

const INTERMEDIATE_STEPS = new Set(['CheckMfa', 'CredentialChallenge', 'CredentialVerification']);
const ROLE_SWITCHES = new Set(['SwitchRole', 'ExitRole']);
const KNOWN_EVENTS = new Set([
  'ConsoleLogin',
  'PasswordUpdated',
  'GetSigninToken',
  'UserAuthentication',
  ...INTERMEDIATE_STEPS,
  ...ROLE_SWITCHES,
]);

/** The severity rules of docs/messages.md, before any allowlist. */
export function baseSeverity(signIn: SignIn): { severity: Severity; reason: SeverityReason } {
  const { eventName, principal, outcome, mfa } = signIn;
  const failed = outcome.status === 'failure';

  if (principal.kind === 'root') {
    if (failed) return { severity: 'high', reason: 'rootFailure' };
    if (eventName === 'ConsoleLogin') return { severity: 'critical', reason: 'rootSignIn' };
    if (eventName === 'PasswordUpdated') return { severity: 'high', reason: 'rootPasswordChange' };
    return { severity: 'medium', reason: 'rootOther' };
  }
  if (failed) return { severity: 'medium', reason: 'failure' };
  if (!KNOWN_EVENTS.has(eventName)) return { severity: 'medium', reason: 'unknownEvent' };
  // Fail safe, never open: an identity type or an MFA answer this service does not know is looked at.
  if (principal.kind === 'unknown' && !INTERMEDIATE_STEPS.has(eventName) && !ROLE_SWITCHES.has(eventName)) {
    return { severity: 'medium', reason: 'unknownIdentity' };
  }
  if (INTERMEDIATE_STEPS.has(eventName)) return { severity: 'info', reason: 'intermediateStep' };
  if (ROLE_SWITCHES.has(eventName)) return { severity: 'info', reason: 'roleSwitch' };
  if (eventName === 'PasswordUpdated') return { severity: 'low', reason: 'passwordChange' };
  // A console session from GetFederationToken: the way a leaked long-term key opens the console (the key
  // itself never signs in). The SSO portal's and other brokers' GetSigninToken come from assumed roles.
  if (eventName === 'GetSigninToken' && principal.arn?.includes(':federated-user/')) {
    return { severity: 'high', reason: 'federationTokenConsole' };
  }
  if (eventName === 'GetSigninToken') return { severity: 'info', reason: 'federated' };

  // ConsoleLogin or UserAuthentication that succeeded (or reported no outcome).
  if (mfa.status === 'notUsed') {
    return principal.kind === 'identityCenterUser'
      ? { severity: 'medium', reason: 'identityCenterNoMfa' }
      : { severity: 'high', reason: 'noMfa' };
  }
  if (mfa.status === 'unknown') return { severity: 'medium', reason: 'mfaUnknown' };
  if (mfa.status === 'delegated') return { severity: 'low', reason: 'federated' };
  if (mfa.status === 'identityCenter') return { severity: 'low', reason: 'identityCenter' };
  if (mfa.status === 'used') return { severity: 'low', reason: 'withMfa' };
  // Anything else has not shown MFA: look at it rather than call it normal.
  return { severity: 'medium', reason: 'mfaUnknown' };
}

/** True when every configured allowlist matches; an empty configuration trusts nothing. */
function isTrusted(signIn: SignIn, settings: ClassifySettings): boolean {
  const hasNetworks = settings.trustedNetworks.cidrs.length > 0;
  const hasPrincipals = settings.trustedPrincipals.patterns.length > 0;
  if (!hasNetworks && !hasPrincipals) return false;
  if (hasNetworks && !settings.trustedNetworks.contains(signIn.sourceIp)) return false;
  if (hasPrincipals && !settings.trustedPrincipals.matches(signIn.principal.arn)) return false;
  return true;
}

/**
 * Decides how serious a sign-in is and whether it notifies.
 * Allowlists never apply to the root user: a root sign-in from a "trusted" office is still the root user.
 */
export function classifySignIn(signIn: SignIn, settings: ClassifySettings): Assessment {
  const { severity, reason } = baseSeverity(signIn);
  const trusted = signIn.principal.kind !== 'root' && isTrusted(signIn, settings);
  if (trusted && settings.trustedAction === 'silence') {
    return { severity, reason, lowered: false, silenced: true, notify: false };
  }
  const finalSeverity = trusted ? lowerSeverity(severity) : severity;
  return {
    severity: finalSeverity,
    reason,
    lowered: trusted && finalSeverity !== severity,
    silenced: false,
    notify: isAtLeast(finalSeverity, settings.minSeverity),
  };
}
