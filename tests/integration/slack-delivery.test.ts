import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inSequence, type Loopback, startLoopback } from '../../dev/loopback.js';
import { DeliveryError } from '../../src/lib/errors.js';
import { renderSlack, sendToSlack } from '../../src/lib/notify/slack.js';
import { notificationFor } from '../helpers/notifications.js';

const SECRET_PATH = '/services/T0000/B0000/s3cr3tT0k3n';
const payload = renderSlack(notificationFor('root-success-mfa-01.json'));

let slack: Loopback;
let sleeps: number[];
const recordSleep = async (ms: number) => {
  sleeps.push(ms);
};

beforeEach(async () => {
  slack = await startLoopback();
  sleeps = [];
});
afterEach(async () => {
  await slack.close();
});

async function failureOf(promise: Promise<unknown>): Promise<DeliveryError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DeliveryError);
    return error as DeliveryError;
  }
  throw new Error('expected the delivery to fail');
}

describe('sendToSlack against a local HTTP server', () => {
  it('posts the Block Kit payload as JSON to the webhook', async () => {
    await sendToSlack(slack.url + SECRET_PATH, payload, { remainingTimeMs: () => 60_000, sleep: recordSleep });
    expect(slack.requests).toHaveLength(1);
    const [request] = slack.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(SECRET_PATH);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual(payload);
  });

  it('waits as long as Retry-After says after a 429, then delivers', async () => {
    slack.respondWith(
      inSequence({ status: 429, body: 'rate_limited', headers: { 'retry-after': '3' } }, { status: 200, body: 'ok' }),
    );
    await sendToSlack(slack.url + SECRET_PATH, payload, { remainingTimeMs: () => 60_000, sleep: recordSleep });
    expect(slack.requests).toHaveLength(2);
    expect(sleeps).toEqual([3000]);
  });

  it('gives up at once when Retry-After would outlast the Lambda, leaving the retry to Lambda', async () => {
    slack.respondWith(inSequence({ status: 429, body: 'rate_limited', headers: { 'retry-after': '120' } }));
    const error = await failureOf(
      sendToSlack(slack.url + SECRET_PATH, payload, { remainingTimeMs: () => 30_000, sleep: recordSleep }),
    );
    expect(error.message).not.toContain('permanently');
    expect(error.message).toContain('HTTP 429 rate_limited');
    expect(slack.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('retries 5xx with growing backoff and delivers when Slack recovers', async () => {
    slack.respondWith(
      inSequence(
        { status: 500, body: 'internal_error' },
        { status: 503, body: 'service_unavailable' },
        { status: 200 },
      ),
    );
    await sendToSlack(slack.url + SECRET_PATH, payload, { remainingTimeMs: () => 60_000, sleep: recordSleep });
    expect(slack.requests).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeGreaterThanOrEqual(375);
    expect(sleeps[0]).toBeLessThanOrEqual(625);
    expect(sleeps[1]).toBeGreaterThanOrEqual(750);
    expect(sleeps[1]).toBeLessThanOrEqual(1250);
  });

  it('fails, retryable, after the last attempt when 5xx persists', async () => {
    slack.respondWith(() => ({ status: 500, body: 'internal_error' }));
    const error = await failureOf(
      sendToSlack(slack.url + SECRET_PATH, payload, {
        remainingTimeMs: () => 60_000,
        sleep: recordSleep,
        maxAttempts: 4,
      }),
    );
    expect(error.message).not.toContain('permanently');
    expect(slack.requests).toHaveLength(4);
    expect(error.message).toBe('Slack delivery failed after 4 attempt(s): HTTP 500 internal_error');
  });

  it('treats 404 no_service as permanent: one request, Slack error string kept', async () => {
    slack.respondWith(() => ({ status: 404, body: 'no_service' }));
    const error = await failureOf(
      sendToSlack(slack.url + SECRET_PATH, payload, { remainingTimeMs: () => 60_000, sleep: recordSleep }),
    );
    expect(error.message).toBe('Slack rejected the message permanently: HTTP 404 no_service');
    expect(slack.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('retries a refused connection and never puts the webhook URL in the error', async () => {
    const url = slack.url + SECRET_PATH;
    await slack.close();
    const error = await failureOf(sendToSlack(url, payload, { remainingTimeMs: () => 60_000, sleep: recordSleep }));
    expect(error.message).not.toContain('permanently');
    expect(sleeps).toHaveLength(3);
    expect(error.message).toContain('network error');
    expect(JSON.stringify({ message: error.message, stack: error.stack })).not.toContain('s3cr3tT0k3n');
    slack = await startLoopback();
  });
});
