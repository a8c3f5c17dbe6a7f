import type { SigninSettings } from '../config.js';
import { NotificationFailedError } from '../errors.js';
import { logger } from '../logger.js';
import type { Channel } from '../notify/channels.js';
import { deliverNotification } from '../notify/deliver.js';
import { classifySignIn } from './classify.js';
import { buildSignInNotification } from './message.js';
import { normalizeSignIn } from './normalize.js';
import { extractSignInRecords } from './records.js';

export interface SignInRunSummary {
  received: number;
  skipped: number;
  notified: number;
  quiet: number;
}

/**
 * The sign-in pipeline for one incoming event: extract records → normalize → classify → build → deliver.
 * Every record is attempted; if any delivery failed the whole run throws afterwards, so Lambda retries.
 */
export async function processSignInEvent(
  input: unknown,
  settings: SigninSettings,
  channels: Channel[],
): Promise<SignInRunSummary> {
  const { records, skipped } = extractSignInRecords(input);
  const summary: SignInRunSummary = { received: records.length, skipped, notified: 0, quiet: 0 };
  const failures: unknown[] = [];
  if (records.length === 0) logger.warn('No sign-in record in the event', { skipped });

  for (const { record, envelope } of records) {
    const signIn = normalizeSignIn(record, envelope);
    const assessment = classifySignIn(signIn, settings);
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
      await deliverNotification(buildSignInNotification(signIn, assessment, settings), channels);
      summary.notified++;
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) {
    throw new NotificationFailedError(
      failures,
      `${failures.length} of ${records.length} sign-in notification(s) failed`,
    );
  }
  return summary;
}
