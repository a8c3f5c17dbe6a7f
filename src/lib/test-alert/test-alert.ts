import type { DisplaySettings } from '../display.js';
import { messagesFor } from '../i18n/index.js';
import { TEST_ALERT_MESSAGES, TEST_ALERT_SUBJECT } from '../i18n/test-alert.js';
import type { Channel } from '../notify/channel.js';
import { deliveryKey, isQueuedChannel } from '../notify/delivery-queue.js';
import type { Notification } from '../notify/notification.js';
import { toOneLine, truncate } from '../notify/text.js';
import { formatLocalAndUtc } from '../time.js';

/**
 * `npm run test-alert`: the deployed signinAlert, invoked directly with this marker, sends one clearly
 * marked test message on each of its channels, as a sign-in alert would go (SNS and the chat topic; the chats
 * and the HTML email through the delivery queue and deliverySender), and answers what each channel did, so the command can say it per channel.
 */
export const TEST_ALERT_MARKER = 'account-watch-test-alert';

export interface TestAlertRequest {
  requestedAt: Date;
  requestedBy?: string;
  stage?: string;
}

/** The request, when the event is one (`{"type": "account-watch-test-alert", …}`); anything else is not. */
export function parseTestAlertRequest(event: unknown): TestAlertRequest | undefined {
  if (!event || typeof event !== 'object' || (event as { type?: unknown }).type !== TEST_ALERT_MARKER) return undefined;
  const { requestedAt, requestedBy, stage } = event as Record<string, unknown>;
  const at = typeof requestedAt === 'string' ? new Date(requestedAt) : new Date(Number.NaN);
  // Values from the invoker are shown in the message: one short line each, escaped by each channel.
  const line = (value: unknown) => (typeof value === 'string' && value ? truncate(toOneLine(value), 200) : undefined);
  return {
    requestedAt: Number.isNaN(at.getTime()) ? new Date() : at,
    ...(line(requestedBy) ? { requestedBy: line(requestedBy) } : {}),
    ...(line(stage) ? { stage: line(stage) } : {}),
  };
}

/** The test message. Pure. */
export function buildTestAlertNotification(request: TestAlertRequest, display: DisplaySettings): Notification {
  const m = messagesFor(display.locale);
  const t = TEST_ALERT_MESSAGES[display.locale];
  return {
    severity: 'info',
    severityLabel: m.severity.info,
    title: t.title,
    subject: TEST_ALERT_SUBJECT,
    summary: t.summary,
    fields: [
      { label: t.field.requestedAt, value: formatLocalAndUtc(request.requestedAt, display.timeZone) },
      { label: t.field.requestedBy, value: request.requestedBy ?? t.unknownRequester },
      ...(request.stage ? [{ label: t.field.stage, value: request.stage }] : []),
    ],
    actions: [t.action],
    actionsHeading: m.whatToDo,
    footer: [t.footer],
    shortText: t.title,
    data: { type: 'testAlert', requestedAt: request.requestedAt.toISOString() },
  };
}

/** What one channel did with the test message. */
export interface TestAlertChannelResult {
  channel: string;
  outcome: 'published' | 'queued' | 'posted' | 'failed';
  detail?: string;
  /** For a queued message: its claim's key in the history table (`<channel>#<key>`), which says when deliverySender delivered it. */
  claimKey?: string;
}

export interface TestAlertResult {
  type: typeof TEST_ALERT_MARKER;
  channels: TestAlertChannelResult[];
  /** Where to look next: the topic (its subscriptions) and the history table (the queued messages' claims). */
  topicArn?: string;
  historyTable?: string;
}

/**
 * Sends the test message on every channel, each on its own: one failing never stops another, and nothing
 * is dead-lettered (the command reports the failure instead). `channels` are the function's own.
 */
export async function sendTestAlert(
  request: TestAlertRequest,
  display: DisplaySettings,
  channels: Channel[],
  where: { topicArn?: string; historyTable?: string; queued: boolean },
): Promise<TestAlertResult> {
  const notification = buildTestAlertNotification(request, display);
  const results: TestAlertChannelResult[] = [];
  for (const channel of channels) {
    const queued = where.queued && isQueuedChannel(channel.name);
    try {
      await channel.send(notification);
      results.push({
        channel: channel.name,
        outcome: channel.name === 'sns' || channel.name === 'chatbot' ? 'published' : queued ? 'queued' : 'posted',
        ...(queued && isQueuedChannel(channel.name)
          ? { claimKey: `${channel.name}#${deliveryKey(channel.name, channel.payload(notification))}` }
          : {}),
      });
    } catch (error) {
      results.push({
        channel: channel.name,
        outcome: 'failed',
        detail: truncate(toOneLine(error instanceof Error ? error.message : String(error)), 300),
      });
    }
  }
  return {
    type: TEST_ALERT_MARKER,
    channels: results,
    ...(where.topicArn ? { topicArn: where.topicArn } : {}),
    ...(where.historyTable ? { historyTable: where.historyTable } : {}),
  };
}
