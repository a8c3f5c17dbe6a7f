import { loadSignInFixture } from './fixtures.js';

/**
 * A recorded sign-in event (tests/fixtures/signin-events) replayed as another sign-in of a sequence: the
 * same event with its ID, time, source address and, optionally, user agent and user replaced. The sign-in
 * history needs sequences (a principal seen before, then from elsewhere); the public recordings are single
 * events, most with documentation addresses that have no country.
 */
export function replaySignIn(
  fixture: string,
  change: { eventId: string; time: string; ip: string; userAgent?: string; userName?: string },
): Record<string, unknown> {
  const event = loadSignInFixture(fixture) as Record<string, unknown> & { detail: Record<string, unknown> };
  const detail = event.detail;
  const identity = { ...(detail.userIdentity as Record<string, unknown>) };
  if (change.userName) {
    identity.userName = change.userName;
    if (typeof identity.arn === 'string') identity.arn = identity.arn.replace(/[^/]+$/, change.userName);
  }
  return {
    ...event,
    id: `replay-${change.eventId}`,
    time: change.time,
    detail: {
      ...detail,
      userIdentity: identity,
      eventID: change.eventId,
      eventTime: change.time,
      sourceIPAddress: change.ip,
      ...(change.userAgent ? { userAgent: change.userAgent } : {}),
    },
  };
}
