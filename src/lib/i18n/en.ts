import type { Severity } from '../notify/severity.js';

/** Every user-facing English string. ja.ts has the same keys; the compiler checks it. */
export const en = {
  /** The BCP 47 tag Intl formats numbers, currencies and month names with. */
  intlLocale: 'en-US',
  severity: {
    info: 'INFO',
    low: 'LOW',
    medium: 'MEDIUM',
    high: 'HIGH',
    critical: 'CRITICAL',
  } satisfies Record<Severity, string>,
  principalKind: {
    root: 'Root user',
    iamUser: 'IAM user',
    assumedRole: 'IAM role',
    identityCenterRole: 'IAM Identity Center permission set',
    federation: 'Federated user (SAML or other identity provider)',
    identityCenterUser: 'IAM Identity Center user',
    unknown: 'Unknown principal',
  },
  hiddenUserName: 'a user name that does not exist (AWS hides it)',
  unknownPrincipal: 'an unknown principal',
  signinTitle: {
    consoleLoginSuccess: (who: string) => `${who} signed in to the AWS console`,
    consoleLoginFailure: (who: string) => `Failed console sign-in as ${who}`,
    rootLoginSuccess: 'Root user signed in to the AWS console',
    rootLoginNoMfa: 'Root user signed in to the AWS console WITHOUT MFA',
    rootLoginFailure: 'Failed console sign-in as the root user',
    checkMfa: (who: string) => `${who} passed the password step and was asked for MFA`,
    switchRole: (who: string, target: string) => `${who} switched to role ${target}`,
    exitRole: (who: string, from: string) => `${who} left role ${from}`,
    passwordUpdated: (who: string) => `${who} changed the console password`,
    rootPasswordUpdated: 'The root user password was changed',
    identityCenterSuccess: (who: string) => `${who} signed in to IAM Identity Center`,
    identityCenterFailure: (who: string) => `Failed IAM Identity Center sign-in as ${who}`,
    credentialChallenge: (who: string, credential: string) => `IAM Identity Center asked ${who} for ${credential}`,
    credentialVerificationSuccess: (who: string, credential: string) =>
      `IAM Identity Center accepted ${credential} from ${who}`,
    credentialVerificationFailure: (who: string, credential: string) =>
      `IAM Identity Center rejected ${credential} from ${who}`,
    getSigninToken: (who: string) => `${who} requested a console sign-in token (federation)`,
    other: (who: string, eventName: string) => `Sign-in event ${eventName} by ${who}`,
  },
  field: {
    who: 'Who',
    principalKind: 'Principal type',
    arn: 'ARN',
    account: 'Account',
    sourceIp: 'Source IP',
    browser: 'Browser or program',
    region: 'Recorded in',
    time: 'When',
    mfa: 'MFA',
    outcome: 'Outcome',
    switchTarget: 'Role',
  },
  notRecorded: 'not recorded',
  /** How a user agent reads: "Chrome 91 on macOS", "AWS CLI 2 (a program, not a browser)". */
  userAgent: {
    on: (browser: string, system: string) => `${browser} on ${system}`,
    program: (name: string) => `${name} (a program, not a browser)`,
  },
  globalRegion: 'global sign-in endpoint',
  roleInAccount: (role: string, account: string) => `${role} in account ${account}`,
  mfaMethod: {
    virtual: 'virtual authenticator app',
    fido: 'FIDO security key or passkey',
    totp: 'one-time code (TOTP)',
    emailOtp: 'one-time code by email',
    hardware: 'hardware token',
  },
  mfa: {
    used: (method?: string) => (method ? `used (${method})` : 'used'),
    notUsed: 'NOT used',
    notApplicable: 'not applicable',
    delegated: 'checked by the identity provider, not by AWS',
    identityCenter: 'checked by IAM Identity Center when the user signed in there',
    notReached: 'not reached (the sign-in failed before any MFA step)',
    unknown: 'UNKNOWN (the event does not say whether MFA was used)',
    required: (method?: string) => (method ? `requested (${method})` : 'requested'),
  },
  credential: {
    password: 'a password',
    generic: 'a credential',
  },
  outcome: {
    success: 'success',
    failure: (reason?: string) => (reason ? `FAILED: ${reason}` : 'FAILED'),
    notApplicable: 'not applicable',
  },
  reason: {
    rootSignIn: 'The root user can do anything in the account, including closing it.',
    rootFailure: 'Someone tried to sign in as the root user and failed.',
    rootPasswordChange:
      'Only someone who knew the root password, or could reset it through its email address, can do this.',
    rootOther: 'The root user is being used.',
    noMfa: 'This IAM user signed in with a password alone, without MFA.',
    identityCenterNoMfa: 'This IAM Identity Center user signed in with a password alone.',
    failure: 'A sign-in attempt failed.',
    withMfa: 'A normal sign-in with MFA.',
    federated: 'A sign-in through an identity provider, which is responsible for MFA.',
    federationTokenConsole:
      'A console session made from a GetFederationToken session: how a leaked long-term access key opens the console, without a password or MFA.',
    identityCenter: 'A sign-in through IAM Identity Center, which checks MFA at its own sign-in.',
    mfaUnknown: 'The event does not say whether MFA was used, so this sign-in is treated as possibly without MFA.',
    unknownIdentity: 'A sign-in by an identity type this service does not recognise.',
    roleSwitch: 'A role switch inside the console.',
    intermediateStep: 'An intermediate step of a sign-in; the sign-in itself is reported separately.',
    passwordChange: 'A user changed their own console password.',
    unknownEvent: 'A sign-in event this service does not know yet.',
    trustedLowered: 'Lowered one step: the source matches your trusted networks or principals.',
  },
  action: {
    notYouRoot:
      'If this was not you: reset the root password now, check the root MFA devices, and review what this session did in CloudTrail.',
    rootDaily:
      'Use the root user only for the few tasks that need it; work day to day as an IAM Identity Center or IAM user.',
    enableRootMfa:
      'The root user signed in WITHOUT MFA: add an MFA device now (account menu > Security credentials > Assign MFA device).',
    enableMfa: (user: string) =>
      `Turn on MFA for ${user}: IAM console > Users > ${user} > Security credentials > Assign MFA device.`,
    enableIdentityCenterMfa:
      'Require MFA in IAM Identity Center: Settings > Authentication > Multi-factor authentication.',
    failureOnce: 'One failure is usually a typo. Several from an unfamiliar address suggest password guessing.',
    failureRoot:
      'Make sure the root user has MFA and a strong, unique password. Nobody should need the root user routinely.',
    hiddenUser: 'The user name typed does not exist in this account, so no user is at risk from this attempt.',
    rootPasswordNotYou:
      'If you did not change it, recover the account now with "Forgot password" on the root sign-in page and contact AWS Support.',
    recognise: 'No action needed if you recognise this sign-in.',
    reviewUnknown: 'If you do not recognise this activity, open the event in CloudTrail and review it.',
    checkMfaUnknown: (user: string) =>
      `Check that ${user} has an MFA device: IAM console > Users > ${user} > Security credentials.`,
  },
  whatToDo: 'What to do next',
  openInCloudTrail: 'Open the event in CloudTrail',
  footer: {
    event: (eventName: string, eventId: string) => `Event ${eventName} · ID ${eventId}`,
    lowered: 'Severity lowered: trusted source.',
  },
  sms: (severity: string, title: string, ip: string) => `[${severity}] ${title} from ${ip}`,
} as const;

/** The same shape with every literal widened to string: what every language file must provide. */
type Widen<T> = T extends (...args: infer A) => string
  ? (...args: A) => string
  : T extends string
    ? string
    : { [K in keyof T]: Widen<T[K]> };

export type Messages = Widen<typeof en>;

/**
 * Email subjects stay English in every language: the project keeps them to printable ASCII,
 * which some mail clients and SNS subscribers still require.
 */
export const asciiSubject = {
  rootLoginSuccess: 'Root sign-in',
  rootLoginNoMfa: 'Root sign-in WITHOUT MFA',
  rootLoginFailure: 'Failed root sign-in',
  rootPasswordUpdated: 'Root password changed',
  rootOther: (eventName: string) => `Root ${eventName}`,
  consoleLoginSuccess: (who: string) => `Sign-in by ${who}`,
  consoleLoginNoMfa: (who: string) => `Sign-in WITHOUT MFA by ${who}`,
  failure: (who: string) => `Failed sign-in as ${who}`,
  identityCenterSuccess: (who: string) => `Identity Center sign-in by ${who}`,
  switchRole: (who: string) => `Role switch by ${who}`,
  exitRole: (who: string) => `Role exit by ${who}`,
  checkMfa: (who: string) => `MFA prompt for ${who}`,
  passwordUpdated: (who: string) => `Password changed by ${who}`,
  other: (who: string, eventName: string) => `${eventName} by ${who}`,
  place: (account: string, ip: string) => ` to ${account} from ${ip}`,
  placeIn: (account: string, ip: string) => ` in account ${account} from ${ip}`,
  unknown: 'unknown',
  guessingSource: (count: number, ip: string) => `${count} failed sign-ins from ${ip}`,
  guessingPrincipal: (count: number, who: string) => `${count} failed sign-ins as ${who}`,
  newCountry: (who: string, country: string) => `First sign-in from ${country} by ${who}`,
  travel: (who: string) => `Sign-ins from two countries by ${who}`,
  afterFailures: (who: string) => `Sign-in after failures by ${who}`,
} as const;
