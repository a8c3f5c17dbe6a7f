import { loadSignInFixture } from '../../dev/fixtures.js';
import type { Notification } from '../../src/lib/notify/notification.js';
import { assessSignInEvent } from '../../src/lib/signin/process.js';
import type { SigninSettings } from '../../src/lib/signin/settings.js';
import { signinSettings } from './settings.js';

/** The notification the sign-in pipeline builds for an event's first record (a fixture name or an event object). */
export function notificationFor(event: string | unknown, settings: SigninSettings = signinSettings()): Notification {
  const input = typeof event === 'string' ? loadSignInFixture(event) : event;
  const [first] = assessSignInEvent(input, settings).assessed;
  if (!first) throw new Error('no sign-in record');
  return first.notification;
}
