import type { SourcePlace } from '../../geo/locate.js';
import {
  type FactKind,
  type FailureRecord,
  type FailureScope,
  factKey,
  type HistoryTable,
  type PrincipalHistory,
} from '../../history/table.js';
import { isAtLeast, raiseSeverity, type Severity, severityRank } from '../../notify/severity.js';
import type { Assessment } from '../classify.js';
import type { MemorySettings } from '../settings.js';
import type { SignIn } from '../sign-in.js';
import { userAgentFamily } from '../user-agent.js';

/** A success after at least this many failures from its address is high; one or two typos are not. */
export const FAILURES_BEFORE_SUCCESS_ALERT = 3;

/** What the history adds to one sign-in. Plain data: it is saved with the event's claim and reused by a retry. */
export type SignInMemory = { status: 'notTracked' } | { status: 'unavailable' } | SuccessMemory | FailureMemory;

export interface SuccessMemory {
  status: 'success';
  /** The principal has too little history: facts are shown, nothing is raised. */
  learning: boolean;
  /** The principal's history before this sign-in; undefined for its first. */
  before?: { since: string; signIns: number; usualCountry?: string };
  firstSeen: Array<{ kind: FactKind; value: string }>;
  /** The other country the principal signed in from, too short a time before or after this one. */
  travel?: { country: string; ip?: string; at: string };
  /** Failed sign-ins from this sign-in's address within the window before it. */
  failuresBefore: number;
}

export interface FailureMemory {
  status: 'failure';
  sourceFailures: number;
  principalFailures: number;
  /** Set when this failure sends the guessing alert (or its one follow-up). */
  guessing?: {
    scope: FailureScope;
    key: string;
    count: number;
    followUp: boolean;
    /** Users tried (source scope) or addresses tried from (principal scope), most frequent first. */
    targets: string[];
    countries: string[];
    firstAt: string;
    lastAt: string;
  };
  /** Folded into a guessing alert already sent, or into the one the threshold will send: not sent alone. */
  folded: boolean;
}

const SIGN_IN_EVENTS = new Set(['ConsoleLogin', 'UserAuthentication']);
const FAILURE_EVENTS = new Set(['ConsoleLogin', 'UserAuthentication', 'CredentialVerification']);

/** The principal a history is kept for: its ARN, or account and user name when AWS left the ARN out. */
export function principalKey(signIn: SignIn): string | undefined {
  const { principal } = signIn;
  if (principal.userNameHidden) return undefined;
  if (principal.arn) return principal.arn;
  if (principal.userName) return `${signIn.accountId ?? 'unknown-account'}:${principal.kind}:${principal.userName}`;
  return undefined;
}

function shiftIso(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}

/** The most frequent values first, each once. */
function byFrequency(values: Array<string | undefined>): string[] {
  const counts = new Map<string, number>();
  for (const value of values) if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([value]) => value);
}

/** What the memory learns of a sign-in: its country, its network (/24 or /48), its browser and OS family. */
export function observedFacts(signIn: SignIn): Array<{ kind: FactKind; value: string }> {
  const place = signIn.source;
  const observed: Array<{ kind: FactKind; value: string }> = [];
  if (place.kind === 'public' && place.country) observed.push({ kind: 'country', value: place.country });
  if (place.kind === 'public') observed.push({ kind: 'network', value: place.network });
  if (signIn.userAgent) observed.push({ kind: 'agent', value: userAgentFamily(signIn.userAgent.raw) });
  return observed;
}

/** The reads a successful sign-in's judgement needs, started before the event is claimed. */
export interface HistoryReads {
  history: PrincipalHistory;
  failuresBefore: number;
}

function sourceIp(place: SourcePlace): string | undefined {
  return place.kind === 'public' || place.kind === 'private' || place.kind === 'reserved' ? place.ip : undefined;
}

export function isSuccessfulSignIn(signIn: SignIn): boolean {
  return signIn.outcome.status === 'success' && SIGN_IN_EVENTS.has(signIn.eventName);
}

/**
 * Starts the reads of a successful sign-in (the principal's history, the address's recent failures), so
 * they run while the event is being claimed; undefined when the sign-in needs none.
 */
export function readHistory(
  signIn: SignIn,
  store: HistoryTable,
  settings: MemorySettings,
  nowMs: number,
): Promise<HistoryReads> | undefined {
  const principal = principalKey(signIn);
  const eventTime = signIn.eventTime;
  if (!principal || !eventTime || !isSuccessfulSignIn(signIn)) return undefined;
  const ip = sourceIp(signIn.source);
  const windowMs = settings.failureWindowMinutes * 60_000;
  return Promise.all([
    store.principalHistory(principal, nowMs),
    ip ? store.failures('source', ip, { from: shiftIso(eventTime, -windowMs), to: eventTime }) : [],
  ]).then(([history, failures]) => ({ history, failuresBefore: failures.length }));
}

/**
 * Reads and updates the history for one sign-in and says what it adds. Writes go first where a race
 * matters (a new fact is a conditional put), so two invocations never both call the same thing new.
 * The writes of one sign-in run together: a sign-in costs three round trips to the table, not eight.
 */
export async function rememberSignIn(
  signIn: SignIn,
  store: HistoryTable,
  settings: MemorySettings,
  nowMs: number,
  reads: Promise<HistoryReads> | undefined = readHistory(signIn, store, settings, nowMs),
): Promise<SignInMemory> {
  const place = signIn.source;
  const principal = principalKey(signIn);
  const eventTime = signIn.eventTime;
  if (!eventTime || Number.isNaN(Date.parse(eventTime))) return { status: 'notTracked' };
  const windowMs = settings.failureWindowMinutes * 60_000;
  const ip = sourceIp(place);
  const country = place.kind === 'public' ? place.country : undefined;

  if (signIn.outcome.status === 'failure' && FAILURE_EVENTS.has(signIn.eventName)) {
    return rememberFailure(signIn, { principal, ip, country, eventTime }, store, settings, windowMs);
  }
  if (!principal || !reads) return { status: 'notTracked' };

  const { history, failuresBefore } = await reads;
  const before = history.profile
    ? {
        since: history.profile.firstSeen,
        signIns: history.profile.signIns,
        usualCountry: [...history.facts]
          .filter((fact) => fact.kind === 'country')
          .sort((a, b) => b.signIns - a.signIns)[0]?.value,
      }
    : undefined;
  const learnt =
    !!before &&
    before.signIns >= settings.learningSignIns &&
    Date.parse(eventTime) - Date.parse(before.since) >= settings.learningDays * 86_400_000;

  // Too fast: another country within the span, before or after this one (events can arrive out of order).
  // Two countries the owner confirmed from an alert ("this was me": a VPN, a second office) are not travel.
  const travelMs = settings.travelHours * 3_600_000;
  const confirmedHere = history.facts.some(
    (fact) => fact.kind === 'country' && fact.value === country && fact.confirmedAt,
  );
  const travelFact = country
    ? history.facts.find(
        (fact) =>
          fact.kind === 'country' &&
          fact.value !== country &&
          !(confirmedHere && fact.confirmedAt) &&
          Math.abs(Date.parse(fact.lastSeen) - Date.parse(eventTime)) <= travelMs,
      )
    : undefined;

  const observed = observedFacts(signIn);
  const known = new Set(history.facts.map(factKey));

  const [results] = await Promise.all([
    Promise.all(
      observed.map((fact) =>
        store.recordFact(principal, fact.kind, fact.value, { eventTime, ip }, nowMs, known.has(factKey(fact))),
      ),
    ),
    store.recordSignIn(principal, eventTime, nowMs),
  ]);
  const firstSeen = observed.filter((_, index) => results[index] === 'new');

  return {
    status: 'success',
    learning: !learnt,
    before,
    firstSeen,
    travel: travelFact ? { country: travelFact.value, ip: travelFact.lastIp, at: travelFact.lastSeen } : undefined,
    failuresBefore,
  };
}

async function rememberFailure(
  signIn: SignIn,
  at: { principal?: string; ip?: string; country?: string; eventTime: string },
  store: HistoryTable,
  settings: MemorySettings,
  windowMs: number,
): Promise<FailureMemory> {
  const window = {
    from: shiftIso(at.eventTime, -windowMs),
    to: at.eventTime,
    expiresAtMs: Date.parse(at.eventTime) + windowMs + 86_400_000,
  };
  // Without an event ID two failures in one millisecond could not be told apart; the time stands in.
  const eventId = signIn.eventId ?? at.eventTime;
  const who =
    signIn.principal.displayName ?? (signIn.principal.userNameHidden ? 'HIDDEN_DUE_TO_SECURITY_REASONS' : undefined);
  const [sourceRecords = [], principalRecords = []] = await Promise.all<FailureRecord[]>([
    at.ip
      ? store.recordFailure(
          'source',
          at.ip,
          { eventTime: at.eventTime, eventId, target: who, country: at.country },
          window,
        )
      : [],
    at.principal
      ? store.recordFailure(
          'principal',
          at.principal,
          { eventTime: at.eventTime, eventId, target: at.ip, country: at.country },
          window,
        )
      : [],
  ]);

  const memory: FailureMemory = {
    status: 'failure',
    sourceFailures: sourceRecords.length,
    principalFailures: principalRecords.length,
    folded: false,
  };
  // The address first: one guesser trying many users is the common case, and its alert names them all.
  const scopes: Array<[FailureScope, string | undefined, FailureRecord[]]> = [
    ['source', at.ip, sourceRecords],
    ['principal', at.principal, principalRecords],
  ];
  let overThreshold = false;
  for (const [scope, key, records] of scopes) {
    if (!key || records.length < settings.failureThreshold) continue;
    // A principal's failures from a single address are the address's alert already; the principal's own
    // alert is for guessing spread over many addresses.
    if (scope === 'principal' && new Set(records.map((record) => record.target)).size < 2) continue;
    overThreshold = true;
    const claim = await store.claimGuessingAlert(scope, key, {
      count: records.length,
      followUpAt: settings.failureThreshold * 2,
      eventTime: at.eventTime,
      windowEnd: shiftIso(at.eventTime, windowMs),
      expiresAtMs: window.expiresAtMs,
    });
    if (claim === 'folded') continue;
    const times = records.map((record) => record.eventTime).sort();
    memory.guessing = {
      scope,
      key,
      count: records.length,
      followUp: claim === 'followUp',
      targets: byFrequency(records.map((record) => record.target)),
      countries: byFrequency(records.map((record) => record.country)),
      firstAt: times[0] ?? at.eventTime,
      lastAt: times[times.length - 1] ?? at.eventTime,
    };
    return memory;
  }
  // Over the threshold with the alert already sent: folded. Below it, the first failure from an address
  // alerts as before; the next ones wait for the threshold's single alert. The root user's are never held back.
  const firstFromSource = !at.ip || sourceRecords.length <= 1;
  memory.folded = overThreshold || (!firstFromSource && signIn.principal.kind !== 'root');
  return memory;
}

export type MemoryReason = 'newCountry' | 'impossibleTravel' | 'successAfterFailures' | 'passwordGuessing';

/**
 * The assessment with what the history adds: memory only ever raises a severity (the root user's is
 * never lowered), a folded failure is not sent alone, and a silenced trusted sign-in stays silent.
 */
export function applyMemory(
  assessment: Assessment,
  memory: SignInMemory,
  minSeverity: Severity,
): Assessment & { memoryReason?: MemoryReason } {
  let floor: { severity: Severity; reason: MemoryReason } | undefined;
  if (memory.status === 'success') {
    if (memory.travel) floor = { severity: 'high', reason: 'impossibleTravel' };
    else if (memory.failuresBefore >= FAILURES_BEFORE_SUCCESS_ALERT)
      floor = { severity: 'high', reason: 'successAfterFailures' };
    else if (!memory.learning && memory.firstSeen.some((fact) => fact.kind === 'country')) {
      const raised = raiseSeverity(assessment.severity);
      floor = { severity: severityRank(raised) < severityRank('medium') ? 'medium' : raised, reason: 'newCountry' };
    }
  } else if (memory.status === 'failure') {
    if (memory.guessing) floor = { severity: 'high', reason: 'passwordGuessing' };
    else if (memory.folded) return { ...assessment, notify: false };
  }
  if (!floor || severityRank(floor.severity) <= severityRank(assessment.severity)) {
    // The guessing alert is its own message even when the failure was already high (the root user's).
    return memory.status === 'failure' && memory.guessing
      ? { ...assessment, notify: true, memoryReason: 'passwordGuessing' }
      : assessment;
  }
  if (assessment.silenced) return assessment;
  return {
    ...assessment,
    severity: floor.severity,
    lowered: false,
    notify: isAtLeast(floor.severity, minSeverity),
    memoryReason: floor.reason,
  };
}
