import { fetchOverNodeHttp } from './node-fetch.js';
import { type AttemptOutcome, type DeliveryOptions, deliverWithRetries, parseRetryAfter } from './retry.js';
import { toOneLine } from './text.js';

/** A JSON POST to a chat service (a Teams or Discord webhook, LINE's push API), retried by the shared policy. */
export interface JsonPostOptions extends DeliveryOptions {
  headers?: Record<string, string>;
  /**
   * Reads a refusal the status alone does not explain: Discord's retry_after in the body, LINE's 409 for a
   * retry key already accepted (delivered), LINE's monthly limit (a 429 that no retry cures).
   */
  interpret?: (status: number, body: string) => Partial<AttemptOutcome> | undefined;
}

/**
 * Posts `body` as JSON to `url`. The URL (a webhook URL is a secret) is never logged or put in an error:
 * only the status and the start of what the server said are.
 */
export async function postJson(channel: string, url: string, body: unknown, options: JsonPostOptions): Promise<void> {
  const text = JSON.stringify(body);
  await deliverWithRetries(
    channel,
    async (timeoutMs) => {
      let response: Awaited<ReturnType<typeof fetchOverNodeHttp>>;
      try {
        response = await fetchOverNodeHttp(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...options.headers },
          body: text,
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch {
        return { delivered: false };
      }
      const said = await response.text();
      const interpreted = options.interpret?.(response.status, said);
      if (interpreted?.delivered || response.ok) return { delivered: true };
      return {
        delivered: false,
        status: response.status,
        detail: toOneLine(said).slice(0, 200),
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
        ...interpreted,
      } as AttemptOutcome;
    },
    options,
  );
}
