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

function title(signIn: SignIn, m: Messages): string {
  const name = who(signIn, m);
  const failed = signIn.outcome.status === 'failure';
  const root = signIn.principal.kind === 'root';
  const t = m.signinTitle;
  switch (signIn.eventName) {
    case 'ConsoleLogin':
      if (root) return failed ? t.rootLoginFailure : t.rootLoginSuccess;
      return failed ? t.consoleLoginFailure(name) : t.consoleLoginSuccess(name);
    case 'PasswordUpdated':
      return root ? t.rootPasswordUpdated : t.passwordUpdated(name);
    case 'CheckMfa':
      return t.checkMfa(name);
    case 'SwitchRole':
      return t.switchRole(name, signIn.switchTarget ? roleText(signIn.switchTarget, m) : '?');
    case 'ExitRole':
      return t.exitRole(name, signIn.switchTarget ? roleText(signIn.switchTarget, m) : '?');
    case 'UserAuthentication':
      return failed ? t.identityCenterFailure(name) : t.identityCenterSuccess(name);
    case 'CredentialChallenge':
      return t.credentialChallenge(name, credentialName(signIn, m));
    case 'CredentialVerification':
      return failed
        ? t.credentialVerificationFailure(name, credentialName(signIn, m))
        : t.credentialVerificationSuccess(name, credentialName(signIn, m));
    case 'GetSigninToken':
      return t.getSigninToken(name);
    default:
      return t.other(name, signIn.eventName);
  }
}

/** The email subject before the email channel makes it one safe ASCII line. */
function subject(signIn: SignIn, assessment: Assessment): string {
  const s = asciiSubject;
  const name = signIn.principal.displayName ?? (signIn.principal.userNameHidden ? 'a hidden user name' : s.unknown);
  const failed = signIn.outcome.status === 'failure';
  const root = signIn.principal.kind === 'root';
  let phrase: string;
  if (root && signIn.eventName === 'ConsoleLogin') phrase = failed ? s.rootLoginFailure : s.rootLoginSuccess;
  else if (root && signIn.eventName === 'PasswordUpdated') phrase = s.rootPasswordUpdated;
  else if (failed) phrase = s.failure(root ? 'root' : name);
  else if (root) phrase = s.rootOther(signIn.eventName);
  else if (signIn.eventName === 'ConsoleLogin')
    phrase = signIn.mfa.status === 'notUsed' ? s.consoleLoginNoMfa(name) : s.consoleLoginSuccess(name);
  else if (signIn.eventName === 'UserAuthentication')
    phrase = signIn.mfa.status === 'notUsed' ? s.consoleLoginNoMfa(name) : s.identityCenterSuccess(name);
  else if (signIn.eventName === 'SwitchRole') phrase = s.switchRole(name);
  else if (signIn.eventName === 'ExitRole') phrase = s.exitRole(name);
  else if (signIn.eventName === 'CheckMfa') phrase = s.checkMfa(name);
  else if (signIn.eventName === 'PasswordUpdated') phrase = s.passwordUpdated(name);
  else phrase = s.other(name, signIn.eventName);
  const place = s.place(signIn.accountId ?? s.unknown, signIn.sourceIp ?? s.unknown);
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
  const heading = title(signIn, m);
  const summary = assessment.lowered
    ? `${m.reason[assessment.reason]} ${m.reason.trustedLowered}`
    : m.reason[assessment.reason];
  const footer = [m.footer.event(signIn.eventName, signIn.eventId ?? '-')];
  if (assessment.lowered) footer.push(m.footer.lowered);
  return {
    severity: assessment.severity,
    severityLabel,
    title: heading,
    subject: subject(signIn, assessment),
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
