import { DeliveryError } from '../errors.js';
import { logger } from '../logger.js';

/**
 * One retry policy for every webhook and chat API: 429 waits for the server's Retry-After, 5xx and network
 * errors back off with jitter, both only while the Lambda has time left; anything else the server refuses is
 * permanent (retrying cannot help, and the message goes to the dead-letter queue with the reason).
 */

export interface DeliveryOptions {
  /** Milliseconds left before the Lambda deadline (context.getRemainingTimeInMillis). */
  remainingTimeMs: () => number;
  /** Attempts in this invocation, first included. */
  maxAttempts?: number;
  /** First backoff delay for 5xx and network errors; doubles each attempt, with jitter. */
  baseDelayMs?: number;
  /** Time kept back for the rest of the invocation (other channels, logging). */
  reserveMs?: number;
  requestTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** The longest Retry-After honoured: a longer one is a server's mistake, and waiting it out would hold the function. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** Retry-After is seconds or an HTTP date, clamped to 0–60 s; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  const text = header?.trim();
  if (!text) return undefined;
  // Seconds (RFC 9110 says a whole number; fractions and signs are read kindly), or an HTTP date.
  const milliseconds = /^[+-]?\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now;
  if (Number.isNaN(milliseconds)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.round(milliseconds)));
}

/** What one attempt came to: delivered, or refused with what the server said. */
export type AttemptOutcome =
  | { delivered: true }
  | {
      delivered: false;
      /** The HTTP status; undefined for a network error or a timeout. */
      status?: number;
      /** The server's own words (an error code or a short body), one line, never the URL. */
      detail?: string;
      /** How long the server asked to wait (Retry-After, or a JSON retry_after). */
      retryAfterMs?: number;
      /** Overrides the rule by status: a refusal that says it is for good (LINE's monthly limit is a 429). */
      permanent?: boolean;
    };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `attempt` until it delivers, gives up for good, or the time or the attempts run out; throws DeliveryError then. */
export async function deliverWithRetries(
  channel: string,
  attempt: (timeoutMs: number) => Promise<AttemptOutcome>,
  options: DeliveryOptions,
): Promise<void> {
  const {
    remainingTimeMs,
    maxAttempts = 4,
    baseDelayMs = 500,
    reserveMs = 2000,
    requestTimeoutMs = 5000,
    sleep = defaultSleep,
  } = options;
  const name = channel.charAt(0).toUpperCase() + channel.slice(1);
  for (let attempts = 1; ; attempts++) {
    const timeout = Math.max(1000, Math.min(requestTimeoutMs, remainingTimeMs() - reserveMs));
    const outcome = await attempt(timeout);
    if (outcome.delivered) return;
    const { status, detail: said } = outcome;
    const detail = status ? `HTTP ${status} ${said ?? ''}`.trim() : (said ?? 'network error or timeout');
    const permanent = outcome.permanent ?? (status !== undefined && status < 500 && status !== 429);
    if (permanent) {
      logger.error(`${name} rejected the message`, { channel, status, detail: said });
      throw new DeliveryError(channel, `${name} rejected the message permanently: ${detail}`, { permanent: true });
    }
    const delayMs =
      (status === 429 ? outcome.retryAfterMs : undefined) ??
      baseDelayMs * 2 ** (attempts - 1) * (0.75 + Math.random() * 0.5);
    const timeLeft = remainingTimeMs() - reserveMs - delayMs;
    if (attempts >= maxAttempts || timeLeft < timeout) {
      logger.error(`${name} delivery gave up`, {
        channel,
        status,
        detail: said,
        attempts,
        delayMs: Math.round(delayMs),
      });
      throw new DeliveryError(channel, `${name} delivery failed after ${attempts} attempt(s): ${detail}`);
    }
    logger.warn(`${name} delivery failed, retrying`, {
      channel,
      status,
      detail: said,
      attempts,
      delayMs: Math.round(delayMs),
    });
    await sleep(delayMs);
  }
}
