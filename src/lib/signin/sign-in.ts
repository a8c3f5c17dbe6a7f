import type { SourcePlace } from '../geo/locate.js';

/** The normalized sign-in model: one shape for every kind of console sign-in event, built only by normalizeSignIn. */

export type PrincipalKind =
  | 'root'
  | 'iamUser'
  | 'assumedRole'
  | 'identityCenterRole'
  | 'federation'
  | 'identityCenterUser'
  | 'unknown';

export type OutcomeStatus = 'success' | 'failure' | 'notApplicable';

/**
 * - used / notUsed: AWS checked MFA (or saw none) itself.
 * - delegated: an identity provider authenticated the user (SAML, IAM Identity Center); CloudTrail says
 *   MFAUsed "No" even when the provider enforced MFA, so this is never "without MFA".
 * - identityCenter: IAM Identity Center signed the user in with its own directory and checks MFA itself.
 * - notReached: the sign-in failed before any MFA step.
 * - unknown: AWS should have said (root, IAM user) but the event does not say, or says something unexpected;
 *   never read as "with MFA".
 * - required: the event is the MFA prompt itself (CheckMfa).
 */
export type MfaStatus =
  | 'used'
  | 'notUsed'
  | 'delegated'
  | 'identityCenter'
  | 'notReached'
  | 'unknown'
  | 'required'
  | 'notApplicable';
export type MfaMethod = 'virtual' | 'fido' | 'totp' | 'emailOtp' | 'hardware';

export interface SignIn {
  eventName: string;
  principal: {
    kind: PrincipalKind;
    /** A name a person recognises (user name, role/session, permission set); undefined when unknown or hidden. */
    displayName?: string;
    arn?: string;
    userName?: string;
    /** AWS replaced a non-existent user name with HIDDEN_DUE_TO_SECURITY_REASONS. */
    userNameHidden: boolean;
    roleName?: string;
    sessionName?: string;
    /** IAM Identity Center permission set name, from an AWSReservedSSO_<name>_<id> role. */
    permissionSet?: string;
    /** SAML provider name, from additionalEventData.SamlProviderArn. */
    identityProvider?: string;
  };
  accountId?: string;
  outcome: { status: OutcomeStatus; reason?: string };
  mfa: { status: MfaStatus; method?: MfaMethod };
  /** IAM Identity Center credential types, e.g. ["PASSWORD", "TOTP"]. */
  credentialTypes: string[];
  sourceIp?: string;
  /** What sourceIp is: a public address with its country and network, a private one, AWS itself… */
  source: SourcePlace;
  userAgent?: { raw: string; summary: string };
  /** awsRegion as recorded, including the legacy value "global" for the global sign-in endpoint. */
  region?: string;
  /** The region whose EventBridge bus received the event (from the envelope), when known. */
  deliveredRegion?: string;
  /** ISO 8601 UTC. */
  eventTime?: string;
  eventId?: string;
  /** The event in the CloudTrail console's event history. */
  consoleUrl?: string;
  /** Role ARN switched to (SwitchRole) or from (ExitRole). */
  switchTarget?: string;
}
