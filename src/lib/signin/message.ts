import type { DisplaySettings } from '../config.js';
import { asciiSubject, en } from '../i18n/en.js';
import { type Messages, messagesFor } from '../i18n/index.js';
import type { Notification, NotificationField } from '../notify/notification.js';
import { formatLocalAndUtc } from '../time.js';
import type { Assessment } from './classify.js';
import type { SignIn } from './sign-in.js';

function who(signIn: SignIn, m: Messages): string {
  const { principal } = signIn;
  if (principal.displayName) return principal.displayName;
  return principal.userNameHidden ? m.hiddenUserName : m.unknownPrincipal;
}

function credentialName(signIn: SignIn, m: Messages): string {
  const types = signIn.credentialTypes;
  if (types.length === 1 && types[0] === 'PASSWORD') return m.credential.password;
  return types.length > 0 ? types.join(' + ') : m.credential.generic;
}

/** What a sign-in's headline depends on, decided once for its title and its subject. */
interface HeadlineFacts {
  eventName: string;
  root: boolean;
  failed: boolean;
  withoutMfa: boolean;
  /** The principal in the reader's language, and in ASCII for the subject. */
  who: string;
  asciiWho: string;
  /** The role switched to or from, in the reader's language. */
  target: string;
  /** The credential an Identity Center step asked for, in the reader's language. */
  credential: string;
}

type Titles = Messages['signinTitle'];
type Subjects = typeof asciiSubject;

/**
 * One entry per sign-in event: its title in the reader's language and, where the event has its own,
 * the phrase of its ASCII subject (`rootSubject` for the root user's own wording). Events without an
 * entry get the generic "Sign-in event X by Y". A sign-in is "to" an account; an event that changes
 * something is `inAccount` ("Root password changed in account 111122223333").
 */
const HEADLINES: Record<
  string,
  {
    title(f: HeadlineFacts, t: Titles): string;
    subject?(f: HeadlineFacts, s: Subjects): string;
    rootSubject?(f: HeadlineFacts, s: Subjects): string;
    inAccount?: true;
  }
> = {
  ConsoleLogin: {
    title: (f, t) =>
      f.root
        ? f.failed
          ? t.rootLoginFailure
          : f.withoutMfa
            ? t.rootLoginNoMfa
            : t.rootLoginSuccess
        : f.failed
          ? t.consoleLoginFailure(f.who)
          : t.consoleLoginSuccess(f.who),
    rootSubject: (f, s) => (f.failed ? s.rootLoginFailure : f.withoutMfa ? s.rootLoginNoMfa : s.rootLoginSuccess),
    subject: (f, s) => (f.withoutMfa ? s.consoleLoginNoMfa(f.asciiWho) : s.consoleLoginSuccess(f.asciiWho)),
  },
  PasswordUpdated: {
    title: (f, t) => (f.root ? t.rootPasswordUpdated : t.passwordUpdated(f.who)),
    rootSubject: (_, s) => s.rootPasswordUpdated,
    subject: (f, s) => s.passwordUpdated(f.asciiWho),
    inAccount: true,
  },
  CheckMfa: { title: (f, t) => t.checkMfa(f.who), subject: (f, s) => s.checkMfa(f.asciiWho) },
  SwitchRole: { title: (f, t) => t.switchRole(f.who, f.target), subject: (f, s) => s.switchRole(f.asciiWho) },
  ExitRole: { title: (f, t) => t.exitRole(f.who, f.target), subject: (f, s) => s.exitRole(f.asciiWho) },
  UserAuthentication: {
    title: (f, t) => (f.failed ? t.identityCenterFailure(f.who) : t.identityCenterSuccess(f.who)),
    subject: (f, s) => (f.withoutMfa ? s.consoleLoginNoMfa(f.asciiWho) : s.identityCenterSuccess(f.asciiWho)),
  },
  CredentialChallenge: { title: (f, t) => t.credentialChallenge(f.who, f.credential) },
  CredentialVerification: {
    title: (f, t) =>
      f.failed
        ? t.credentialVerificationFailure(f.who, f.credential)
        : t.credentialVerificationSuccess(f.who, f.credential),
  },
  GetSigninToken: { title: (f, t) => t.getSigninToken(f.who) },
};

function headlineFacts(signIn: SignIn, m: Messages): HeadlineFacts {
  const { principal } = signIn;
  return {
    eventName: signIn.eventName,
    root: principal.kind === 'root',
    failed: signIn.outcome.status === 'failure',
    withoutMfa: signIn.mfa.status === 'notUsed',
    who: who(signIn, m),
    asciiWho: principal.displayName ?? (principal.userNameHidden ? 'a hidden user name' : asciiSubject.unknown),
    target: signIn.switchTarget ? roleText(signIn.switchTarget, m) : '?',
    credential: credentialName(signIn, m),
  };
}

function title(f: HeadlineFacts, m: Messages): string {
  const entry = HEADLINES[f.eventName];
  return entry ? entry.title(f, m.signinTitle) : m.signinTitle.other(f.who, f.eventName);
}

/** The email subject before the SNS channel makes it one safe ASCII line: a failure or the root user says so first. */
function subject(f: HeadlineFacts, signIn: SignIn, assessment: Assessment): string {
  const s = asciiSubject;
  const entry = HEADLINES[f.eventName];
  let phrase: string;
  if (f.root && entry?.rootSubject) phrase = entry.rootSubject(f, s);
  else if (f.failed) phrase = s.failure(f.root ? 'root' : f.asciiWho);
  else if (f.root) phrase = s.rootOther(f.eventName);
  else phrase = entry?.subject?.(f, s) ?? s.other(f.asciiWho, f.eventName);
  const place = (entry?.inAccount ? s.placeIn : s.place)(signIn.accountId ?? s.unknown, signIn.sourceIp ?? s.unknown);
  return `[${en.severity[assessment.severity]}] ${phrase}${place}`;
}

function mfaText(signIn: SignIn, m: Messages): string {
  const method = signIn.mfa.method ? m.mfaMethod[signIn.mfa.method] : undefined;
  switch (signIn.mfa.status) {
    case 'used':
      return m.mfa.used(method);
    case 'notUsed':
      return m.mfa.notUsed;
    case 'delegated':
      return m.mfa.delegated;
    case 'identityCenter':
      return m.mfa.identityCenter;
    case 'notReached':
      return m.mfa.notReached;
    case 'unknown':
      return m.mfa.unknown;
    case 'required':
      return m.mfa.required(method);
    default:
      return m.mfa.notApplicable;
  }
}

function outcomeText(signIn: SignIn, m: Messages): string {
  const { outcome } = signIn;
  if (outcome.status === 'success') return m.outcome.success;
  if (outcome.status === 'failure') return m.outcome.failure(outcome.reason);
  return m.outcome.notApplicable;
}

/** "arn:aws:iam::234567890123:role/STSRole" → "STSRole in account 234567890123"; anything else as given. */
function roleText(arn: string, m: Messages): string {
  const match = /^arn:[\w-]+:(?:iam|sts)::(\d{12}):(?:role|assumed-role)\/(?:.*\/)?([^/]+?)(?:\/[^/]+)?$/.exec(arn);
  if (!match?.[1] || !match[2]) return arn;
  return m.roleInAccount(arn.includes(':assumed-role/') ? (arn.split('/')[1] ?? match[2]) : match[2], match[1]);
}

function regionText(signIn: SignIn, m: Messages): string {
  const recorded = signIn.region === 'global' ? m.globalRegion : signIn.region;
  const delivered = signIn.deliveredRegion;
  if (recorded && delivered && delivered !== signIn.region) return `${recorded} → ${delivered}`;
  return recorded ?? delivered ?? m.notRecorded;
}

function fields(signIn: SignIn, m: Messages, display: DisplaySettings): NotificationField[] {
  const f = m.field;
  const time = signIn.eventTime ? formatLocalAndUtc(new Date(signIn.eventTime), display.timeZone) : m.notRecorded;
  const list: NotificationField[] = [
    { label: f.who, value: who(signIn, m) },
    { label: f.principalKind, value: m.principalKind[signIn.principal.kind] },
    { label: f.account, value: signIn.accountId ?? m.notRecorded },
    { label: f.sourceIp, value: signIn.sourceIp ?? m.notRecorded },
    { label: f.time, value: time },
    { label: f.mfa, value: mfaText(signIn, m) },
    { label: f.outcome, value: outcomeText(signIn, m) },
    { label: f.browser, value: signIn.userAgent?.summary ?? m.notRecorded },
    { label: f.region, value: regionText(signIn, m) },
  ];
  if (signIn.switchTarget) list.push({ label: f.switchTarget, value: signIn.switchTarget });
  else if (signIn.principal.arn) list.push({ label: f.arn, value: signIn.principal.arn });
  return list;
}

function actions(signIn: SignIn, assessment: Assessment, m: Messages): string[] {
  const a = m.action;
  switch (assessment.reason) {
    case 'rootSignIn':
    case 'rootOther':
      return signIn.mfa.status === 'notUsed'
        ? [a.notYouRoot, a.enableRootMfa, a.rootDaily]
        : [a.notYouRoot, a.rootDaily];
    case 'rootFailure':
      return [a.failureRoot, a.reviewUnknown];
    case 'rootPasswordChange':
      return [a.rootPasswordNotYou];
    case 'noMfa':
      return [a.enableMfa(who(signIn, m)), a.reviewUnknown];
    case 'identityCenterNoMfa':
      return [a.enableIdentityCenterMfa, a.reviewUnknown];
    case 'failure':
      return signIn.principal.userNameHidden ? [a.hiddenUser] : [a.failureOnce, a.reviewUnknown];
    case 'mfaUnknown':
      return [a.checkMfaUnknown(who(signIn, m)), a.reviewUnknown];
    case 'unknownIdentity':
      return [a.reviewUnknown];
    default:
      return [a.recognise, a.reviewUnknown];
  }
}

/** Builds the channel-neutral notification for one assessed sign-in. Pure: no I/O, no clock. */
export function buildSignInNotification(
  signIn: SignIn,
  assessment: Assessment,
  display: DisplaySettings,
): Notification {
  const m = messagesFor(display.locale);
  const severityLabel = m.severity[assessment.severity];
  const facts = headlineFacts(signIn, m);
  const heading = title(facts, m);
  const summary = assessment.lowered
    ? `${m.reason[assessment.reason]} ${m.reason.trustedLowered}`
    : m.reason[assessment.reason];
  const footer = [m.footer.event(signIn.eventName, signIn.eventId ?? '-')];
  if (assessment.lowered) footer.push(m.footer.lowered);
  return {
    severity: assessment.severity,
    severityLabel,
    title: heading,
    subject: subject(facts, signIn, assessment),
    summary,
    fields: fields(signIn, m, display),
    actions: actions(signIn, assessment, m),
    actionsHeading: m.whatToDo,
    link: signIn.consoleUrl ? { label: m.openInCloudTrail, url: signIn.consoleUrl } : undefined,
    footer,
    shortText: m.sms(severityLabel, heading, signIn.sourceIp ?? m.notRecorded),
    data: {
      type: 'signin',
      severity: assessment.severity,
      reason: assessment.reason,
      lowered: assessment.lowered,
      signIn,
    },
  };
}
