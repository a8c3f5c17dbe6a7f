import { type ActionLink, noLinks, withActionLinks } from '../actions/links.js';
import { extractRecords, type Fields } from '../cloudtrail/records.js';
import { type CapacityQuote, quoteCapacity } from '../cost/prices.js';
import { NotificationFailedError } from '../errors.js';
import type { CountryLookup } from '../geo/locate.js';
import type { HistoryTable } from '../history/table.js';
import { logger } from '../logger.js';
import type { Channel } from '../notify/channel.js';
import { deliverNotification } from '../notify/deliver.js';
import type { Notification } from '../notify/notification.js';
import { isAtLeast, type Severity } from '../notify/severity.js';
import { type ApiCall, normalizeApiCall } from './api-call.js';
import { type BurstCounter, burstDecision, memoryBurstCounter } from './burst.js';
import { type BilledCapacity, billedCapacityOf, looksLarge } from './capacity.js';
import type { Detection } from './catalogue.js';
import { detectApiCall, detectionContext, targetOf } from './detect.js';
import type { DetectionReaders } from './detection.js';
import { type FirstSeen, memoryFirstSeen } from './first-seen.js';
import { buildApiCallNotification } from './message.js';
import type { ApiCallSettings } from './settings.js';

export interface ApiCallRunSummary {
  received: number;
  skipped: number;
  detected: number;
  notified: number;
  /** Detected, but below minSeverity, allowlisted, or folded into a burst already alerted. */
  quiet: number;
  duplicates: number;
  historyUnavailable: number;
}

/** One call with what the catalogue found in it and the message it gets (sent when `notify`). */
export interface AssessedApiCall {
  call: ApiCall;
  hits: Detection[];
  allowlisted: string[];
  notify: boolean;
  /** The message, built only when it is sent (`notify`). */
  notification?: Notification;
}

export interface ApiCallDependencies {
  country?: CountryLookup;
  /** Claims each event ID (exactly once); absent locally. */
  claims?: HistoryTable;
  /** Counts bursts; in memory when absent. */
  bursts?: BurstCounter;
  /** Remembers first times (detections with firstTimeOnly); in memory when absent. */
  firstSeen?: FirstSeen;
  /** What the detections may read of the account at alert time (a group's rights); nothing when absent. */
  readers?: DetectionReaders;
  /**
   * Acting from the alert (actions=true): whether a detection was muted, or the principal said "this was me",
   * from an earlier alert; and the signed links this alert carries.
   */
  actions?: {
    quieted(detection: string, principal: string | undefined): Promise<boolean>;
    links(call: ApiCall, detection: string, severity: Severity): Promise<ActionLink[]>;
  };
  now?: () => number;
}

/**
 * The severity of a detection the price decides: its own at costlyHourlyUsd an hour and more, info below. Without
 * a whole price (the Price List silent, a local run), what is large on its face is medium and the rest info: a
 * silent Price List must not hide thirty big instances.
 */
function severityByPrice(
  severity: Severity,
  capacity: readonly BilledCapacity[],
  quote: CapacityQuote | undefined,
  threshold: number,
): Severity {
  if (quote?.usdPerHour !== undefined && (quote.complete || quote.usdPerHour >= threshold)) {
    return quote.usdPerHour >= threshold ? severity : 'info';
  }
  return looksLarge(capacity) ? 'medium' : 'info';
}

/** What `npm run detect` and the tests take: API call records only (the sign-in function has the rest). */
function isApiCallRecord(record: Fields): boolean {
  return (
    typeof record.eventSource === 'string' && record.eventSource !== 'signin.amazonaws.com' && 'eventName' in record
  );
}

/** Reads the calls of an input: an EventBridge event, a record, a log file or an array of records. */
export function extractApiCalls(input: unknown, country?: CountryLookup): Array<{ call: ApiCall; detail: Fields }> {
  const { records } = extractRecords(input, isApiCallRecord);
  return records.map(({ record, envelope }) => ({ call: normalizeApiCall(record, envelope, country), detail: record }));
}

/**
 * The API-call pipeline: extract → normalize → detect (pattern, predicate, allowlist) → burst → build →
 * deliver, each event ID once. The handler, `npm run detect` and the tests all go through here. A store
 * that fails never stops an alert: it is sent without the burst count or the claim, and counted.
 */
export async function processApiCallEvent(
  input: unknown,
  settings: ApiCallSettings,
  channels: Channel[],
  dependencies: ApiCallDependencies = {},
): Promise<ApiCallRunSummary & { assessed: AssessedApiCall[] }> {
  const { claims, now = Date.now } = dependencies;
  const bursts = dependencies.bursts ?? memoryBurstCounter();
  const firstSeen = dependencies.firstSeen ?? memoryFirstSeen();
  const context = detectionContext(settings);
  const { records, skipped } = extractRecords(input, isApiCallRecord);
  const summary: ApiCallRunSummary = {
    received: records.length,
    skipped,
    detected: 0,
    notified: 0,
    quiet: 0,
    duplicates: 0,
    historyUnavailable: 0,
  };
  const assessed: AssessedApiCall[] = [];
  const failures: unknown[] = [];
  const windowMs = settings.burstWindowMinutes * 60_000;

  for (const { record, envelope } of records) {
    const call = normalizeApiCall(record, envelope, dependencies.country);
    const { hits, allowlisted, withoutEffect } = detectApiCall(call, record, settings);
    if (allowlisted.length > 0) logger.info('Detection allowlisted', { eventId: call.eventId, allowlisted });
    if (withoutEffect.length > 0) {
      logger.info('Detection not raised: the call failed without effect', { eventId: call.eventId, withoutEffect });
    }
    if (hits.length === 0) {
      assessed.push({ call, hits, allowlisted, notify: false });
      continue;
    }
    summary.detected++;
    // A call can be an alert of its own and also one more in a count (a refused GPU launch is both): each is
    // judged, claimed and sent on its own, the single-call detections first.
    // A detection that remembers (first times, what is usual for a key) decides alone whether its call is news, so
    // it is a group of its own; it never quiets, nor is quieted by, the detections that alert on every call.
    const remembering = (hit: Detection) => !!hit.firstTimeOnly || !!hit.remembers;
    const groups = [
      hits.filter((hit) => !hit.countFrom && !remembering(hit)),
      hits.filter((hit) => hit.countFrom),
      ...hits.filter(remembering).map((hit) => [hit]),
    ].filter((group) => group.length > 0);
    for (const group of groups) {
      const primary = group[0] as Detection;
      const claimId = `api#${call.eventId}${primary.countFrom ? '#count' : remembering(primary) ? `#${primary.id}` : ''}`;
      let claim: { eventId: string; token: string } | undefined;
      if (claims && call.eventId) {
        try {
          const result = await claims.claimEvent(claimId, now());
          if (result.state === 'alreadySent') {
            summary.duplicates++;
            continue;
          }
          if (result.state === 'inProgress') {
            failures.push(new Error(`Event ${call.eventId} is being notified by another invocation`));
            continue;
          }
          claim = { eventId: claimId, token: result.token };
        } catch (error) {
          summary.historyUnavailable++;
          logger.error('History unavailable: claim', { historyUnavailable: true, eventId: call.eventId, error });
        }
      }

      let burst: { count: number; since: string; examples: string[] } | undefined;
      let decision: ReturnType<typeof burstDecision> = 'alert';
      const countFrom = primary.countFrom ?? 1;
      const principalKey = call.principal.arn ?? call.principal.displayName;
      const target = targetOf(primary, call, context);
      // A detection of first times alerts once per principal; its later calls are routine for that principal.
      let firstKey: string | undefined;
      const memory = primary.remembers?.(call);
      if (primary.remembers && !memory) decision = 'folded';
      if (memory && call.eventTime) {
        // The first sighting of the subject is learnt; a fact new to a known subject alerts, once.
        try {
          const factKey = `${primary.id}#${memory.subject}#${memory.fact}`;
          const newFact = await firstSeen.firstTime(factKey, call.eventTime);
          const newSubject = await firstSeen.firstTime(`${primary.id}#${memory.subject}`, call.eventTime);
          if (newFact && !newSubject) firstKey = factKey;
          else decision = 'folded';
        } catch (error) {
          summary.historyUnavailable++;
          // Without the memory nothing is known to be new: quiet, rather than an alert on every call of the key.
          decision = 'folded';
          logger.error('History unavailable: memory', { historyUnavailable: true, eventId: call.eventId, error });
        }
      }
      if (primary.firstTimeOnly && call.eventTime) {
        try {
          const key = `${primary.id}#${principalKey}`;
          if (await firstSeen.firstTime(key, call.eventTime)) firstKey = key;
          else decision = 'folded';
        } catch (error) {
          summary.historyUnavailable++;
          logger.error('History unavailable: first time', { historyUnavailable: true, eventId: call.eventId, error });
        }
      }
      // What the call started, priced (Price List, cached): shown in the alert, and, for a detection the price
      // decides, whether it is news at all; decided before the burst count, so cheap launches never fold a dear one.
      let quote: CapacityQuote | undefined;
      let pricedSeverity: Severity | undefined;
      if (decision !== 'folded' && group.some((hit) => hit.priced)) {
        const capacity = billedCapacityOf(call);
        const prices = dependencies.readers?.prices;
        // A refused or failed call started nothing: it has no price.
        if (capacity.length > 0 && prices && call.outcome.status === 'succeeded') {
          quote = await quoteCapacity(capacity, prices);
        }
        if (primary.priced === 'decides') {
          pricedSeverity = severityByPrice(primary.severity, capacity, quote, settings.costlyHourlyUsd);
          if (!isAtLeast(pricedSeverity, settings.minSeverity)) decision = 'folded';
        }
      }
      if (call.eventTime && decision !== 'folded') {
        try {
          const by =
            primary.burstBy === 'accessKey' && call.principal.accessKeyId ? call.principal.accessKeyId : principalKey;
          const key = `${primary.id}#${by}`;
          // A detection of many calls shows which calls; one of single calls, what they acted on.
          const example = countFrom > 1 ? `${call.service}:${call.eventName}` : (target ?? call.eventName);
          const state = await bursts.record(key, { eventTime: call.eventTime, example }, windowMs);
          decision = burstDecision(state.count, countFrom);
          if (decision === 'followUp' || (decision === 'alert' && countFrom > 1)) burst = state;
        } catch (error) {
          summary.historyUnavailable++;
          logger.error('History unavailable: burst', { historyUnavailable: true, eventId: call.eventId, error });
          // Without a count, a detection of many calls cannot tell the tenth from the first: it stays quiet
          // rather than alerting on every refused call. Single-call detections alert as they always do.
          if (countFrom > 1) decision = 'folded';
        }
      } else if (countFrom > 1) {
        decision = 'folded';
      }

      // Muted from an earlier alert, or "this was me" for this principal: quiet, like the allowlist (never root).
      if (decision !== 'folded' && dependencies.actions && call.principal.type !== 'Root') {
        try {
          if (await dependencies.actions.quieted(primary.id, call.principal.arn)) {
            decision = 'folded';
            logger.info('Detection quieted from an alert', { eventId: call.eventId, detection: primary.id });
          }
        } catch (error) {
          summary.historyUnavailable++;
          logger.error('History unavailable: mutes', { historyUnavailable: true, eventId: call.eventId, error });
        }
      }
      // A look at the account where the call alone cannot say how serious it is (the group's rights).
      const assessment =
        decision !== 'folded' && primary.assess ? await primary.assess(call, dependencies.readers ?? {}) : undefined;
      const severity = assessment?.severity ?? pricedSeverity ?? primary.severity;
      const shownTarget = assessment ? [target, assessment.note].filter(Boolean).join(': ') : target;
      const notify = decision !== 'folded' && isAtLeast(severity, settings.minSeverity);
      // Built only for what is sent: a replay folds thousands of calls into bursts.
      const built = notify
        ? buildApiCallNotification(call, group, severity, settings, burst, shownTarget, quote)
        : undefined;
      const links =
        built && dependencies.actions
          ? await dependencies.actions.links(call, primary.id, severity).catch(noLinks)
          : [];
      // A follow-up says so, for a channel that threads by itself (Slack app mode: a reply, and "× N" on the first).
      const counted =
        built && decision === 'followUp' && burst ? { ...built, followUp: { count: burst.count } } : built;
      const notification = counted && withActionLinks(counted, links, settings.locale);
      assessed.push({ call, hits: group, allowlisted, notify, notification });
      const logContext = { eventId: call.eventId, detections: group.map((hit) => hit.id), severity, decision };
      if (!notify) {
        summary.quiet++;
        logger.info('Detection not sent: below minSeverity, seen before, or folded into a burst', logContext);
      } else {
        logger.info('Detection notifying', logContext);
        try {
          if (notification) await deliverNotification(notification, channels);
          summary.notified++;
        } catch (error) {
          failures.push(error);
          if (claim && claims) await claims.settle(claim.eventId, claim.token, { sent: false });
          if (firstKey) {
            await firstSeen.release(firstKey).catch((releaseError: unknown) => {
              logger.error('History unavailable: first time not released', {
                eventId: call.eventId,
                error: releaseError,
              });
            });
          }
          continue;
        }
      }
      if (claim && claims) await claims.settle(claim.eventId, claim.token, { sent: true });
    }
  }
  if (failures.length > 0) {
    throw new NotificationFailedError(failures, `${failures.length} API-call notification(s) failed`);
  }
  return { ...summary, assessed };
}
