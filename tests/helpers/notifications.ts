import { loadSignInFixture } from '../../dev/fixtures.js';
import type { SigninSettings } from '../../src/lib/config.js';
import type { Notification } from '../../src/lib/notify/notification.js';
import { classifySignIn } from '../../src/lib/signin/classify.js';
import { buildSignInNotification } from '../../src/lib/signin/message.js';
import { normalizeSignIn } from '../../src/lib/signin/normalize.js';
import { extractSignInRecords } from '../../src/lib/signin/records.js';
import { signinSettings } from './settings.js';

/** The notification the pipeline builds for a sign-in event (a fixture name or a record object). */
export function notificationFor(event: string | unknown, settings: SigninSettings = signinSettings()): Notification {
  const input = typeof event === 'string' ? loadSignInFixture(event) : event;
  const [first] = extractSignInRecords(input).records;
  if (!first) throw new Error('no sign-in record');
  const signIn = normalizeSignIn(first.record, first.envelope);
  return buildSignInNotification(signIn, classifySignIn(signIn, settings), settings);
}
