import { isRegionName } from '../aws-names.js';
import { asFields, type EnvelopeContext, type Fields, text } from '../cloudtrail/records.js';
import { cloudTrailEventUrl } from '../console-urls.js';
import { type CountryLookup, locateSource } from '../geo/locate.js';
import { parseEventTime } from '../time.js';
import type { MfaMethod, MfaStatus, OutcomeStatus, PrincipalKind, SignIn } from './sign-in.js';
import { summarizeUserAgent } from './user-agent.js';

export type { EnvelopeContext };

const HIDDEN_USER_NAME = 'HIDDEN_DUE_TO_SECURITY_REASONS';
const IDENTITY_CENTER_EVENTS = new Set(['UserAuthentication', 'CredentialChallenge', 'CredentialVerification']);

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** "AWSReservedSSO_developer_admin_0123456789abcdef" → "developer_admin". */
function permissionSetName(roleName: string): string {
  const name = roleName.slice('AWSReservedSSO_'.length);
  const cut = name.lastIndexOf('_');
  return cut > 0 ? name.slice(0, cut) : name;
}

function describePrincipal(record: Fields, additional: Fields): SignIn['principal'] {
  const identity = asFields(record.userIdentity);
  const type = text(identity.type);
  const arn = text(identity.arn);
  const rawUserName = text(identity.userName);
  const userNameHidden = rawUserName === HIDDEN_USER_NAME;
  const userName = userNameHidden ? undefined : rawUserName;
  const eventName = text(record.eventName) ?? '';

  const assumed = arn ? /:assumed-role\/([^/]+)\/(.+)$/.exec(arn) : null;
  const issuerRole = text(asFields(asFields(identity.sessionContext).sessionIssuer).userName);
  const roleName = assumed?.[1] ?? issuerRole;
  const sessionName = assumed?.[2];
  const samlProvider = text(additional.SamlProviderArn);
  const identityProvider = samlProvider ? lastSegment(samlProvider) : undefined;
  const base = { arn, userName, userNameHidden };

  let kind: PrincipalKind;
  if (type === 'Root') kind = 'root';
  else if (type === 'IAMUser') kind = 'iamUser';
  else if (type === 'AssumedRole' || assumed) {
    if (roleName?.startsWith('AWSReservedSSO_')) kind = 'identityCenterRole';
    else if (samlProvider) kind = 'federation';
    else kind = 'assumedRole';
  } else if (type === 'SAMLUser' || type === 'WebIdentityUser' || type === 'FederatedUser') kind = 'federation';
  // IAM Identity Center's sign-in events since its 2025 change: no top-level userName, the person in
  // onBehalfOf (an identity-store user ID) and additionalEventData.UserName.
  else if (type === 'IdentityCenterUser') kind = 'identityCenterUser';
  else if (IDENTITY_CENTER_EVENTS.has(eventName) || text(record.eventType) === 'AwsServiceEvent') {
    kind = 'identityCenterUser';
  } else kind = 'unknown';

  switch (kind) {
    case 'root':
      return { ...base, kind, displayName: 'root' };
    case 'iamUser':
      return { ...base, kind, displayName: userName ?? (arn?.includes(':user/') ? lastSegment(arn) : undefined) };
    case 'identityCenterRole': {
      const permissionSet = roleName ? permissionSetName(roleName) : undefined;
      const displayName = [sessionName, permissionSet && `(${permissionSet})`].filter(Boolean).join(' ') || undefined;
      return { ...base, kind, displayName, roleName, sessionName, permissionSet };
    }
    case 'assumedRole':
    case 'federation': {
      const displayName = roleName && sessionName ? `${roleName}/${sessionName}` : (roleName ?? userName);
      return { ...base, kind, displayName, roleName, sessionName, identityProvider };
    }
    case 'identityCenterUser': {
      const named = text(additional.UserName);
      const userId = text(asFields(identity.onBehalfOf).userId);
      return {
        ...base,
        kind,
        displayName: userName ?? named ?? (userId ? `Identity Center user ${userId}` : undefined),
      };
    }
    default:
      return { ...base, kind, displayName: userName };
  }
}

function describeOutcome(record: Fields, eventName: string): SignIn['outcome'] {
  const reported =
    text(asFields(record.responseElements)[eventName]) ?? text(asFields(record.serviceEventDetails)[eventName]);
  const reason = text(record.errorMessage) ?? text(record.errorCode);
  let status: OutcomeStatus = 'notApplicable';
  if (reported && /^success$/i.test(reported)) status = 'success';
  else if ((reported && /^fail(ure|ed)?$/i.test(reported)) || reason) status = 'failure';
  return status === 'failure' && reason ? { status, reason } : { status };
}

function methodFromMfaType(mfaType: string | undefined): MfaMethod | undefined {
  if (!mfaType) return undefined;
  if (/u2f|fido|security key|passkey|webauthn/i.test(mfaType)) return 'fido';
  if (/virtual/i.test(mfaType)) return 'virtual';
  if (/hardware/i.test(mfaType)) return 'hardware';
  if (/totp/i.test(mfaType)) return 'totp';
  return undefined;
}

/** MFAIdentifier is a device ARN: u2f/… for FIDO keys, mfa/… for TOTP devices (authenticator app or hardware token). */
function methodFromDeviceArn(deviceArn: string | undefined): MfaMethod | undefined {
  if (!deviceArn) return undefined;
  if (deviceArn.includes(':u2f/')) return 'fido';
  if (deviceArn.includes(':mfa/')) return 'totp';
  return undefined;
}

function methodFromCredentialTypes(types: string[]): MfaMethod | undefined {
  if (types.includes('WEBAUTHN')) return 'fido';
  if (types.some((type) => type.includes('TOTP'))) return 'totp';
  if (types.includes('EMAIL_OTP')) return 'emailOtp';
  return undefined;
}

function describeMfa(
  eventName: string,
  kind: PrincipalKind,
  additional: Fields,
  credentialTypes: string[],
  failed: boolean,
): SignIn['mfa'] {
  if (eventName === 'CheckMfa') {
    const method = methodFromMfaType(text(additional.MfaType));
    return method ? { status: 'required', method } : { status: 'required' };
  }
  if (eventName === 'UserAuthentication') {
    if (credentialTypes.includes('EXTERNAL_IDP')) return { status: 'delegated' };
    const method = methodFromCredentialTypes(credentialTypes);
    if (method) return { status: 'used', method };
    return credentialTypes.length > 0 ? { status: 'notUsed' } : { status: 'notApplicable' };
  }
  if (eventName !== 'ConsoleLogin') return { status: 'notApplicable' };

  const answer = text(additional.MFAUsed)?.toLowerCase();
  if (answer === 'yes') {
    const method = methodFromDeviceArn(text(additional.MFAIdentifier));
    return method ? { status: 'used', method } : { status: 'used' };
  }
  // An identity type this service does not know: nothing can be said about MFA, and nothing is assumed.
  if (kind === 'unknown') return { status: 'unknown' };
  // IAM Identity Center's permission-set roles: Identity Center signed the user in and checks MFA itself.
  if (kind === 'identityCenterRole') return { status: 'identityCenter' };
  // Only root and IAM users authenticate with AWS itself; everyone else came through an identity provider or broker.
  if (kind !== 'root' && kind !== 'iamUser') return { status: 'delegated' };
  if (failed) return { status: 'notReached' };
  // Root and IAM users: AWS says Yes or No. Anything else (missing, a boolean, a new word) is unknown, never "with MFA".
  const status: MfaStatus = answer === 'no' ? 'notUsed' : 'unknown';
  return { status };
}

function consoleUrl(eventId: string | undefined, region: string | undefined): string | undefined {
  if (!eventId) return undefined;
  return cloudTrailEventUrl(region && isRegionName(region) ? region : 'us-east-1', eventId);
}

/**
 * Builds the SignIn model from one CloudTrail record of signin.amazonaws.com.
 * Never throws: every field is read defensively, and anything missing stays undefined. `country` names the
 * country of a public source address (the offline database in the functions; nothing by default).
 */
export function normalizeSignIn(
  record: unknown,
  envelope: EnvelopeContext = {},
  country: CountryLookup = () => undefined,
): SignIn {
  const fields = asFields(record);
  const additional = asFields(fields.additionalEventData);
  const eventName = text(fields.eventName) ?? 'Unknown';
  const principal = describePrincipal(fields, additional);
  const credentialTypes = (text(additional.CredentialType) ?? '')
    .split(',')
    .map((type) => type.trim().toUpperCase())
    .filter(Boolean);
  const userAgent = text(fields.userAgent);
  const region = text(fields.awsRegion);
  const deliveredRegion = text(envelope.region);
  const eventId = text(fields.eventID);
  const eventTime = parseEventTime(fields.eventTime) ?? parseEventTime(envelope.time);
  const identity = asFields(fields.userIdentity);
  const switchTarget = text(additional.SwitchTo) ?? text(additional.SwitchFrom);
  const outcome = describeOutcome(fields, eventName);

  return {
    eventName,
    principal,
    accountId: text(fields.recipientAccountId) ?? text(identity.accountId) ?? text(envelope.account),
    outcome,
    mfa: describeMfa(eventName, principal.kind, additional, credentialTypes, outcome.status === 'failure'),
    credentialTypes,
    sourceIp: text(fields.sourceIPAddress),
    source: locateSource(text(fields.sourceIPAddress), country),
    userAgent: userAgent ? { raw: userAgent, summary: summarizeUserAgent(userAgent) } : undefined,
    region,
    deliveredRegion,
    eventTime: eventTime?.toISOString(),
    eventId,
    consoleUrl: consoleUrl(eventId, deliveredRegion ?? region),
    switchTarget,
  };
}
