import { logger } from '../logger.js';
import { fetchOverNodeHttp } from './node-fetch.js';
import { type AttemptOutcome, type DeliveryOptions, deliverWithRetries } from './retry.js';
import {
  isSlackAppMessage,
  type SlackAppDestination,
  type SlackAppMessage,
  type SlackAppPoster,
  withCount,
} from './slack-app.js';
import { toOneLine } from './text.js';

/**
 * Posting in Slack app mode (deliverySender only): chat.postMessage and chat.update through @slack/web-api, with
 * its own retries off so that the shared policy (retry.ts) waits out a 429's Retry-After and backs off on 5xx,
 * as for the webhook, and the channel's pace (delivery-sender.ts) keeps to Slack's one message a second.
 */

/** Slack's error strings that a later try may cure; every other `ok: false` is the request's fault, for good. */
const TRANSIENT_ERRORS = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'ratelimited',
  'team_added_to_org',
]);

/** The Web API client (loaded on first use: only app mode needs it). */
type WebClient = import('@slack/web-api').WebClient;
let webApi: Promise<typeof import('@slack/web-api')> | undefined;

/**
 * One Web API call under the shared retry policy. The token is a secret: it is never logged, and errors carry
 * only Slack's status and error string.
 */
async function callSlack(
  destination: SlackAppDestination,
  method: 'chat.postMessage' | 'chat.update',
  args: Record<string, unknown>,
  options: DeliveryOptions,
): Promise<Record<string, unknown>> {
  webApi ??= import('@slack/web-api');
  const { WebClient, WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, LogLevel } = await webApi;
  let result: Record<string, unknown> = {};
  await deliverWithRetries(
    'slack',
    async (timeout): Promise<AttemptOutcome> => {
      const client: WebClient = new WebClient(destination.token, {
        slackApiUrl: destination.apiUrl,
        // node:https rather than the global fetch, whose first call loads undici (node-fetch.ts).
        fetch: fetchOverNodeHttp,
        timeout,
        // Ours, not its own: one policy for every channel, and a 429 handed back to it rather than slept on.
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
        logLevel: LogLevel.ERROR,
        allowAbsoluteUrls: false,
      });
      try {
        result = (await client.apiCall(method, args)) as unknown as Record<string, unknown>;
        return { delivered: true };
      } catch (error) {
        if (error instanceof WebAPIRateLimitedError)
          return { delivered: false, status: 429, retryAfterMs: error.retryAfter * 1000 };
        if (error instanceof WebAPIHTTPError)
          return { delivered: false, status: error.statusCode, detail: `${method}: HTTP ${error.statusCode}` };
        if (error instanceof WebAPIPlatformError) {
          const code = toOneLine(String(error.data.error)).slice(0, 100);
          return TRANSIENT_ERRORS.has(code)
            ? { delivered: false, status: 503, detail: `${method}: ${code}` }
            : { delivered: false, status: 400, detail: `${method}: ${code}`, permanent: true };
        }
        return { delivered: false };
      }
    },
    options,
  );
  return result;
}

/**
 * Posts one app message. A thread's first message is remembered; a follow-up goes under it (or, its first
 * message unknown, on its own) and the first message is updated with the count. The follow-up is delivered
 * once posted: a failed update is logged, never a reason to post it again.
 */
export const postToSlackApp: SlackAppPoster = async (destination, payload, options) => {
  const app: SlackAppMessage = isSlackAppMessage(payload) ? payload : { type: 'slackApp', message: payload };
  const { thread } = app;
  const parent =
    thread?.followUp && options.threads
      ? await options.threads.find(thread.key, Date.now()).catch((error: unknown) => {
          logger.error('History unavailable: Slack thread', { historyUnavailable: true, error });
          return undefined;
        })
      : undefined;
  const posted = await callSlack(
    destination,
    'chat.postMessage',
    {
      ...app.message,
      channel: parent?.channel ?? destination.channel,
      ...(parent ? { thread_ts: parent.ts } : {}),
      // Our links are signed and single-use: Slack must not fetch them for a preview.
      unfurl_links: false,
      unfurl_media: false,
    },
    options,
  );
  const ts = typeof posted.ts === 'string' ? posted.ts : undefined;
  const channel = typeof posted.channel === 'string' ? posted.channel : destination.channel;
  if (thread && !thread.followUp && ts && options.threads) {
    await options.threads
      .remember(thread.key, { channel, ts, message: app.message }, Date.now())
      .catch((error: unknown) =>
        logger.error('History unavailable: Slack thread not remembered', { historyUnavailable: true, error }),
      );
  }
  if (parent?.message && thread?.followUp) {
    await callSlack(
      destination,
      'chat.update',
      { ...withCount(parent.message, thread.followUp.count), channel: parent.channel, ts: parent.ts },
      options,
    ).catch((error: unknown) =>
      logger.warn('Slack thread count not updated', { reason: error instanceof Error ? error.message : String(error) }),
    );
  }
};
