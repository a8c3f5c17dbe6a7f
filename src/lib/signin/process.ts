import type { SigninSettings } from '../config.js';
import { NotificationFailedError } from '../errors.js';
import { logger } from '../logger.js';
import type { Channel } from '../notify/channels.js';
import { deliverNotification } from '../notify/deliver.js';
import type { Notification } from '../notify/notification.js';
import { type Assessment, classifySignIn } from './classify.js';
import { buildSignInNotification } from './message.js';
import { normalizeSignIn } from './normalize.js';
import { extractSignInRecords } from './records.js';
import type { SignIn } from './sign-in.js';

export interface SignInRunSummary {
  received: number;
  skipped: number;
  notified: number;
  quiet: number;
}

/** One sign-in record of an event, judged, with the message it gets (sent only when `assessment.notify`). */
export interface AssessedSignIn {
  signIn: SignIn;
  assessment: Assessment;
  notification: Notification;
}

/**
 * The pure part of the sign-in pipeline: extract records → normalize → classify → build. The handler,
 * the preview and the tests all go through here, so what they show is what is sent.
 */
export function assessSignInEvent(
  input: unknown,
  settings: SigninSettings,
): { assessed: AssessedSignIn[]; skipped: number } {
  const { records, skipped } = extractSignInRecords(input);
  const assessed = records.map(({ record, envelope }) => {
    const signIn = normalizeSignIn(record, envelope);
    const assessment = classifySignIn(signIn, settings);
    return { signIn, assessment, notification: buildSignInNotification(signIn, assessment, settings) };
  });
  return { assessed, skipped };
}

/**
 * The sign-in pipeline for one incoming event: assess every record, then deliver those that notify.
 * Every record is attempted; if any delivery failed the whole run throws afterwards, so Lambda retries.
 */
export async function processSignInEvent(
  input: unknown,
  settings: SigninSettings,
  channels: Channel[],
): Promise<SignInRunSummary> {
  const { assessed, skipped } = assessSignInEvent(input, settings);
  const summary: SignInRunSummary = { received: assessed.length, skipped, notified: 0, quiet: 0 };
  const failures: unknown[] = [];
  if (assessed.length === 0) logger.warn('No sign-in record in the event', { skipped });

  for (const { signIn, assessment, notification } of assessed) {
    const context = {
      eventName: signIn.eventName,
      eventId: signIn.eventId,
      principalKind: signIn.principal.kind,
      severity: assessment.severity,
      reason: assessment.reason,
      lowered: assessment.lowered,
    };
    if (!assessment.notify) {
      summary.quiet++;
      logger.info('Sign-in below the notification threshold', context);
      continue;
    }
    logger.info('Sign-in notifying', context);
    try {
      await deliverNotification(notification, channels);
      summary.notified++;
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) {
    throw new NotificationFailedError(
      failures,
      `${failures.length} of ${assessed.length} sign-in notification(s) failed`,
    );
  }
  return summary;
}
