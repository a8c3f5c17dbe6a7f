import { type ActionLink, noLinks, withActionLinks } from '../actions/links.js';
import { NotificationFailedError } from '../errors.js';
import type { CountryLookup } from '../geo/locate.js';
import type { HistoryTable } from '../history/table.js';
import { logger } from '../logger.js';
import type { Channel } from '../notify/channel.js';
import { deliverNotification } from '../notify/deliver.js';
import type { Notification } from '../notify/notification.js';
import type { Severity } from '../notify/severity.js';
import { type Assessment, classifySignIn } from './classify.js';
import { applyMemory, type MemoryReason, readHistory, rememberSignIn, type SignInMemory } from './history/remember.js';
import { buildSignInNotification } from './message.js';
import { normalizeSignIn } from './normalize.js';
import { extractSignInRecords } from './records.js';
import type { SigninSettings } from './settings.js';
import type { SignIn } from './sign-in.js';

export interface SignInRunSummary {
  received: number;
  skipped: number;
  notified: number;
  quiet: number;
  /** Records whose event ID was already notified (EventBridge delivers at least once). */
  duplicates: number;
  /** Records judged without the history because the table failed: sent anyway, and counted here. */
  historyUnavailable: number;
}

/** One sign-in record of an event, judged, with the message it gets (sent only when `assessment.notify`). */
export interface AssessedSignIn {
  signIn: SignIn;
  assessment: Assessment;
  notification: Notification;
}

/**
 * The pure part of the sign-in pipeline: extract records → normalize (with the source's country) →
 * classify → build. The handler, the preview and the tests all go through here, so what they show is
 * what is sent; the history, when there is one, is added by processSignInEvent.
 */
export function assessSignInEvent(
  input: unknown,
  settings: SigninSettings,
  country: CountryLookup = () => undefined,
): { assessed: AssessedSignIn[]; skipped: number } {
  const { records, skipped } = extractSignInRecords(input);
  const assessed = records.map(({ record, envelope }) => {
    const signIn = normalizeSignIn(record, envelope, country);
    const assessment = classifySignIn(signIn, settings);
    return { signIn, assessment, notification: buildSignInNotification(signIn, assessment, settings) };
  });
  return { assessed, skipped };
}

/** What the sign-in pipeline reads besides the event: the country database and the history table. */
export interface SignInDependencies {
  country?: CountryLookup;
  history?: HistoryTable;
  /** The clock, for leases and expiry (event times come from the events). */
  now?: () => number;
  /** actions=true: the signed links a notifying sign-in alert carries (actions/links.ts). */
  actions?: {
    links(
      signIn: SignIn,
      alert: { detection: string; severity: Severity; travelCountry?: string },
    ): Promise<ActionLink[]>;
  };
}

/** A delivery of an event another invocation is notifying now; this one fails so that Lambda tries again. */
export class EventInProgressError extends Error {
  override name = 'EventInProgressError';
}

interface Remembered {
  memory: SignInMemory;
  claim?: { eventId: string; token: string };
  duplicate?: boolean;
  inProgress?: boolean;
}

function historyFailed(step: string, signIn: SignIn, error: unknown): SignInMemory {
  // Logged with a field the stack's metric filter counts; the alert still goes out, without the history.
  logger.error('Sign-in history unavailable', { historyUnavailable: true, step, eventId: signIn.eventId, error });
  return { status: 'unavailable' };
}

/**
 * Claims the event (exactly once) and asks the history what it adds; never throws for the store's sake.
 * The reads start with the claim; the writes wait for it, so a duplicate delivery changes nothing.
 */
async function rememberOnce(
  signIn: SignIn,
  table: HistoryTable,
  settings: SigninSettings,
  nowMs: number,
): Promise<Remembered> {
  const reads = readHistory(signIn, table, settings.memory, nowMs);
  // Read failures are reported where the reads are awaited; this only keeps an unawaited one quiet.
  reads?.catch(() => undefined);
  let claim: Remembered['claim'];
  if (signIn.eventId) {
    try {
      const result = await table.claimEvent(signIn.eventId, nowMs);
      if (result.state === 'alreadySent') return { memory: { status: 'notTracked' }, duplicate: true };
      if (result.state === 'inProgress') return { memory: { status: 'notTracked' }, inProgress: true };
      claim = { eventId: signIn.eventId, token: result.token };
      // A retry says what the failed attempt learnt: the facts it recorded are no longer new to the table.
      if (result.facts) return { memory: JSON.parse(result.facts) as SignInMemory, claim };
    } catch (error) {
      return { memory: historyFailed('claim', signIn, error) };
    }
  }
  try {
    return { memory: await rememberSignIn(signIn, table, settings.memory, nowMs, reads), claim };
  } catch (error) {
    return { memory: historyFailed('remember', signIn, error), claim };
  }
}

/**
 * The sign-in pipeline for one incoming event: assess every record, add what the history knows, then
 * deliver those that notify, each event ID once. Every record is attempted; if any delivery failed the
 * whole run throws afterwards, so Lambda retries (and the retry sends only what was not sent).
 */
export async function processSignInEvent(
  input: unknown,
  settings: SigninSettings,
  channels: Channel[],
  dependencies: SignInDependencies = {},
): Promise<SignInRunSummary> {
  const { history, now = Date.now } = dependencies;
  const { assessed, skipped } = assessSignInEvent(input, settings, dependencies.country);
  const summary: SignInRunSummary = {
    received: assessed.length,
    skipped,
    notified: 0,
    quiet: 0,
    duplicates: 0,
    historyUnavailable: 0,
  };
  const failures: unknown[] = [];
  if (assessed.length === 0) logger.warn('No sign-in record in the event', { skipped });

  for (const item of assessed) {
    const { signIn } = item;
    let assessment: Assessment & { memoryReason?: MemoryReason } = item.assessment;
    let notification = item.notification;
    let claim: Remembered['claim'];
    let memory: SignInMemory | undefined;
    if (history) {
      const remembered = await rememberOnce(signIn, history, settings, now());
      if (remembered.duplicate) {
        summary.duplicates++;
        logger.info('Sign-in already notified: duplicate delivery skipped', { eventId: signIn.eventId });
        continue;
      }
      if (remembered.inProgress) {
        failures.push(new EventInProgressError(`Event ${signIn.eventId} is being notified by another invocation`));
        continue;
      }
      if (remembered.memory.status === 'unavailable') summary.historyUnavailable++;
      claim = remembered.claim;
      memory = remembered.memory;
      assessment = applyMemory(item.assessment, remembered.memory, settings.minSeverity);
      notification = buildSignInNotification(signIn, assessment, settings, {
        memory: remembered.memory,
        settings: settings.memory,
      });
    }
    const context = {
      eventName: signIn.eventName,
      eventId: signIn.eventId,
      principalKind: signIn.principal.kind,
      severity: assessment.severity,
      reason: assessment.reason,
      memoryReason: assessment.memoryReason,
      lowered: assessment.lowered,
    };
    if (!assessment.notify) {
      summary.quiet++;
      logger.info('Sign-in below the notification threshold, silenced or folded', context);
    } else {
      logger.info('Sign-in notifying', context);
      if (dependencies.actions) {
        const travelCountry = memory?.status === 'success' ? memory.travel?.country : undefined;
        const links = await dependencies.actions
          .links(signIn, {
            detection: `signin-${assessment.memoryReason ?? assessment.reason}`,
            severity: assessment.severity,
            ...(travelCountry ? { travelCountry } : {}),
          })
          .catch(noLinks);
        notification = withActionLinks(notification, links, settings.locale);
      }
      try {
        await deliverNotification(notification, channels);
        summary.notified++;
      } catch (error) {
        failures.push(error);
        // Give the event back, so Lambda's retry of this invocation sends it.
        if (claim && history) {
          await history.settle(claim.eventId, claim.token, {
            sent: false,
            facts: JSON.stringify(memory ?? { status: 'notTracked' }),
          });
        }
        continue;
      }
    }
    if (claim && history) await history.settle(claim.eventId, claim.token, { sent: true });
  }
  if (failures.length > 0) {
    throw new NotificationFailedError(
      failures,
      `${failures.length} of ${assessed.length} sign-in notification(s) failed`,
    );
  }
  return summary;
}
