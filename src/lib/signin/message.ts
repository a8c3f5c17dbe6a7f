import type { DisplaySettings } from '../display.js';
import { countryName, placeText } from '../geo/place-text.js';
import { asciiSubject, en } from '../i18n/en.js';
import { HISTORY_MESSAGES, type HistoryMessages } from '../i18n/history.js';
import type { Locale } from '../i18n/index.js';
import { type Messages, messagesFor } from '../i18n/index.js';
import type { Notification, NotificationDetail, NotificationField } from '../notify/notification.js';
import { isAtLeast } from '../notify/severity.js';
import { formatClock, formatLocalAndUtc } from '../time.js';
import type { Assessment } from './classify.js';
import type { FailureMemory, MemoryReason, SignInMemory, SuccessMemory } from './history/remember.js';
import type { MemorySettings } from './settings.js';
import type { SignIn } from './sign-in.js';
import { summarizeUserAgent } from './user-agent.js';

/** The shared dictionary and the sign-in alerts' own strings (where from, what the history adds). */
type SigninMessages = Messages & HistoryMessages;

function signinMessagesFor(locale: Locale): SigninMessages {
  return { ...messagesFor(locale), ...HISTORY_MESSAGES[locale] };
}

function who(signIn: SignIn, m: SigninMessages): string {
  const { principal } = signIn;
  if (principal.displayName) return principal.displayName;
  return principal.userNameHidden ? m.hiddenUserName : m.unknownPrincipal;
}

function credentialName(signIn: SignIn, m: SigninMessages): string {
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

function headlineFacts(signIn: SignIn, m: SigninMessages): HeadlineFacts {
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

function title(f: HeadlineFacts, m: SigninMessages): string {
  const entry = HEADLINES[f.eventName];
  return entry ? entry.title(f, m.signinTitle) : m.signinTitle.other(f.who, f.eventName);
}

/** The email subject before the SNS channel makes it one safe ASCII line: a failure or the root user says so first. */
function subject(f: HeadlineFacts, signIn: SignIn, assessment: Assessment & { memoryReason?: MemoryReason }): string {
  const s = asciiSubject;
  const entry = HEADLINES[f.eventName];
  const country = signIn.source.kind === 'public' ? signIn.source.country : undefined;
  let phrase: string;
  if (f.root && entry?.rootSubject) phrase = entry.rootSubject(f, s);
  else if (f.failed) phrase = s.failure(f.root ? 'root' : f.asciiWho);
  else if (f.root) phrase = s.rootOther(f.eventName);
  else if (assessment.memoryReason === 'impossibleTravel') phrase = s.travel(f.asciiWho);
  else if (assessment.memoryReason === 'successAfterFailures') phrase = s.afterFailures(f.asciiWho);
  else if (assessment.memoryReason === 'newCountry' && country) phrase = s.newCountry(f.asciiWho, country);
  else phrase = entry?.subject?.(f, s) ?? s.other(f.asciiWho, f.eventName);
  const ip = signIn.sourceIp ? (country ? `${signIn.sourceIp} (${country})` : signIn.sourceIp) : s.unknown;
  const place = (entry?.inAccount ? s.placeIn : s.place)(signIn.accountId ?? s.unknown, ip);
  return `[${en.severity[assessment.severity]}] ${phrase}${place}`;
}

function mfaText(signIn: SignIn, m: SigninMessages): string {
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

function outcomeText(signIn: SignIn, m: SigninMessages): string {
  const { outcome } = signIn;
  if (outcome.status === 'success') return m.outcome.success;
  if (outcome.status === 'failure') return m.outcome.failure(outcome.reason);
  return m.outcome.notApplicable;
}

/** "arn:aws:iam::234567890123:role/STSRole" → "STSRole in account 234567890123"; anything else as given. */
function roleText(arn: string, m: SigninMessages): string {
  const match = /^arn:[\w-]+:(?:iam|sts)::(\d{12}):(?:role|assumed-role)\/(?:.*\/)?([^/]+?)(?:\/[^/]+)?$/.exec(arn);
  if (!match?.[1] || !match[2]) return arn;
  return m.roleInAccount(arn.includes(':assumed-role/') ? (arn.split('/')[1] ?? match[2]) : match[2], match[1]);
}

function regionText(signIn: SignIn, m: SigninMessages): string {
  const recorded = signIn.region === 'global' ? m.globalRegion : signIn.region;
  const delivered = signIn.deliveredRegion;
  if (recorded && delivered && delivered !== signIn.region) return `${recorded} → ${delivered}`;
  return recorded ?? delivered ?? m.notRecorded;
}

function fields(signIn: SignIn, m: SigninMessages, display: DisplaySettings): NotificationField[] {
  const f = m.field;
  const time = signIn.eventTime ? formatLocalAndUtc(new Date(signIn.eventTime), display.timeZone) : m.notRecorded;
  const list: NotificationField[] = [
    { label: f.who, value: who(signIn, m) },
    { label: f.principalKind, value: m.principalKind[signIn.principal.kind] },
    { label: f.account, value: signIn.accountId ?? m.notRecorded },
    { label: f.sourceIp, value: placeText(signIn.source, m, display.locale, m.notRecorded) },
    { label: f.time, value: time },
    { label: f.mfa, value: mfaText(signIn, m) },
    { label: f.outcome, value: outcomeText(signIn, m) },
    {
      label: f.browser,
      value: signIn.userAgent ? summarizeUserAgent(signIn.userAgent.raw, m.userAgent) : m.notRecorded,
    },
    { label: f.region, value: regionText(signIn, m) },
  ];
  if (signIn.switchTarget) list.push({ label: f.switchTarget, value: signIn.switchTarget });
  else if (signIn.principal.arn) list.push({ label: f.arn, value: signIn.principal.arn });
  return list;
}

function actions(signIn: SignIn, assessment: Assessment, m: SigninMessages): string[] {
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

function day(iso: string, timeZone: string): string {
  return formatClock(new Date(iso), timeZone).slice(0, 10);
}

/** What the history says about a successful sign-in, one fact a line, the most telling first. */
function successMemoryLines(
  signIn: SignIn,
  memory: SuccessMemory,
  settings: MemorySettings,
  m: SigninMessages,
  display: DisplaySettings,
): string[] {
  const { locale, timeZone } = display;
  const mm = m.memory;
  const lines: string[] = [];
  const name = who(signIn, m);
  if (memory.travel && signIn.eventTime) {
    const time = (iso: string) => formatClock(new Date(iso), timeZone).slice(0, 16);
    const other = {
      place: memory.travel.ip
        ? m.place.withCountry(memory.travel.ip, countryName(memory.travel.country, locale))
        : countryName(memory.travel.country, locale),
      at: memory.travel.at,
    };
    const here = { place: placeText(signIn.source, m, locale, m.notRecorded), at: signIn.eventTime };
    const [first, second] = Date.parse(other.at) <= Date.parse(here.at) ? [other, here] : [here, other];
    lines.push(`${mm.travel(first.place, time(first.at), second.place, time(second.at))} (${timeZone})`);
  }
  if (memory.failuresBefore > 0) lines.push(mm.failuresBefore(memory.failuresBefore, settings.failureWindowMinutes));
  if (!memory.before) return [...lines, mm.firstEver(name)];
  const history = mm.since(memory.before.signIns, day(memory.before.since, timeZone));
  const newCountry = memory.firstSeen.find((fact) => fact.kind === 'country');
  if (newCountry) {
    const usual =
      memory.before.usualCountry && memory.before.usualCountry !== newCountry.value
        ? countryName(memory.before.usualCountry, locale)
        : undefined;
    lines.push(mm.firstCountry(name, countryName(newCountry.value, locale), usual, history));
  }
  for (const fact of memory.firstSeen) {
    if (fact.kind === 'network') lines.push(mm.firstNetwork(fact.value));
    if (fact.kind === 'agent') lines.push(mm.firstAgent(fact.value));
  }
  if (memory.firstSeen.length === 0) lines.push(mm.known(memory.before.signIns, day(memory.before.since, timeZone)));
  else if (memory.learning) lines.push(mm.learning(settings.learningDays, settings.learningSignIns));
  return lines;
}

/** What the history adds to a sign-in, as the message's "Sign-in history" block. */
export interface RememberedSignIn {
  memory: SignInMemory;
  settings: MemorySettings;
}

function memoryDetails(
  signIn: SignIn,
  remembered: RememberedSignIn | undefined,
  m: SigninMessages,
  display: DisplaySettings,
): NotificationDetail[] {
  const memory = remembered?.memory;
  if (!remembered || !memory || memory.status === 'notTracked' || memory.status === 'failure') return [];
  if (memory.status === 'unavailable') return [{ heading: m.memory.heading, lines: [m.memory.unavailable] }];
  return [{ heading: m.memory.heading, lines: successMemoryLines(signIn, memory, remembered.settings, m, display) }];
}

/** Builds the channel-neutral notification for one assessed sign-in. Pure: no I/O, no clock. */
export function buildSignInNotification(
  signIn: SignIn,
  assessment: Assessment & { memoryReason?: MemoryReason },
  display: DisplaySettings,
  remembered?: RememberedSignIn,
): Notification {
  const m = signinMessagesFor(display.locale);
  const memory = remembered?.memory;
  if (memory?.status === 'failure' && memory.guessing && remembered) {
    return buildGuessingNotification(signIn, assessment, memory.guessing, remembered.settings, display);
  }
  const severityLabel = m.severity[assessment.severity];
  const facts = headlineFacts(signIn, m);
  const heading = title(facts, m);
  const base = assessment.lowered
    ? `${m.reason[assessment.reason]} ${m.reason.trustedLowered}`
    : m.reason[assessment.reason];
  const summary = assessment.memoryReason ? `${m.memory.reason[assessment.memoryReason]} ${base}` : base;
  const footer = [m.footer.event(signIn.eventName, signIn.eventId ?? '-')];
  if (assessment.lowered) footer.push(m.footer.lowered);
  const steps = actions(signIn, assessment, m);
  return {
    severity: assessment.severity,
    severityLabel,
    title: heading,
    subject: subject(facts, signIn, assessment),
    summary,
    fields: fields(signIn, m, display),
    actions: assessment.memoryReason && !facts.root ? [m.memory.notThem(who(signIn, m)), ...steps] : steps,
    actionsHeading: m.whatToDo,
    details: memoryDetails(signIn, remembered, m, display),
    link: signIn.consoleUrl ? { label: m.openInCloudTrail, url: signIn.consoleUrl } : undefined,
    footer,
    shortText: m.sms(severityLabel, heading, signIn.sourceIp ?? m.notRecorded),
    data: {
      type: 'signin',
      severity: assessment.severity,
      reason: assessment.reason,
      memoryReason: assessment.memoryReason,
      lowered: assessment.lowered,
      signIn,
      memory,
    },
  };
}

/** The one alert for many failed sign-ins: from one address (the users it tried) or as one principal (from where). */
function buildGuessingNotification(
  signIn: SignIn,
  assessment: Assessment,
  g: NonNullable<FailureMemory['guessing']>,
  settings: MemorySettings,
  display: DisplaySettings,
): Notification {
  const m = signinMessagesFor(display.locale);
  const gm = m.guessing;
  const severity = isAtLeast(assessment.severity, 'high') ? assessment.severity : 'high';
  const severityLabel = m.severity[severity];
  const bySource = g.scope === 'source';
  const place = bySource ? placeText(signIn.source, m, display.locale, m.notRecorded) : who(signIn, m);
  const base = bySource ? gm.sourceTitle(g.count, place) : gm.principalTitle(g.count, place);
  const heading = g.followUp ? gm.followUp(base) : base;
  const country = signIn.source.kind === 'public' ? signIn.source.country : undefined;
  const asciiIp = `${signIn.sourceIp ?? asciiSubject.unknown}${country ? ` (${country})` : ''}`;
  const asciiWho = signIn.principal.displayName ?? asciiSubject.unknown;
  const phrase = bySource
    ? asciiSubject.guessingSource(g.count, asciiIp)
    : asciiSubject.guessingPrincipal(g.count, asciiWho);
  const targets = g.targets.map((target) => (target === 'HIDDEN_DUE_TO_SECURITY_REASONS' ? m.hiddenUserName : target));
  const fieldsList: NotificationField[] = [
    { label: gm.field.failures, value: String(g.count) },
    {
      label: gm.field.window,
      value: gm.between(
        formatLocalAndUtc(new Date(g.firstAt), display.timeZone),
        formatLocalAndUtc(new Date(g.lastAt), display.timeZone),
      ),
    },
    { label: bySource ? gm.field.users : gm.field.sources, value: targets.join(', ') || m.notRecorded },
    { label: m.field.account, value: signIn.accountId ?? m.notRecorded },
  ];
  if (bySource) fieldsList.unshift({ label: m.field.sourceIp, value: place });
  if (!bySource && g.countries.length > 0) {
    fieldsList.push({
      label: gm.field.countries,
      value: g.countries.map((code) => countryName(code, display.locale)).join(', '),
    });
  }
  const steps = [gm.actions.mfa];
  if (signIn.principal.kind === 'root' || targets.includes('root')) steps.push(gm.actions.rootMfa);
  steps.push(gm.actions.passwords);
  if (g.targets.includes('HIDDEN_DUE_TO_SECURITY_REASONS')) steps.push(gm.actions.unknownUsers);
  if (bySource) steps.push(gm.actions.successWatch);
  return {
    severity,
    severityLabel,
    title: heading,
    subject: `[${en.severity[severity]}] ${g.followUp ? 'Still going: ' : ''}${phrase} to ${signIn.accountId ?? asciiSubject.unknown}`,
    summary: gm.summary(settings.failureWindowMinutes),
    fields: fieldsList,
    actions: steps,
    actionsHeading: m.whatToDo,
    link: signIn.consoleUrl ? { label: m.openInCloudTrail, url: signIn.consoleUrl } : undefined,
    footer: [m.footer.event(signIn.eventName, signIn.eventId ?? '-')],
    shortText: m.sms(severityLabel, heading, signIn.sourceIp ?? m.notRecorded),
    data: { type: 'signinGuessing', severity, guessing: g, signIn },
  };
}
