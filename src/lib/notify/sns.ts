import { PublishCommand, type PublishCommandInput, type SNSClient } from '@aws-sdk/client-sns';
import type { Notification } from './notification.js';
import { cutLongStrings, cutLongValue, toOneLine, truncate } from './text.js';

/** SNS rejects a subject of 100 characters or more. */
export const MAX_SUBJECT_LENGTH = 99;
const MAX_SMS_LENGTH = 140;

/** One line of printable ASCII, at most 99 characters: what SNS and every mail client accept as a subject. */
export function toSafeSubject(subject: string): string {
  const ascii = toOneLine(subject.normalize('NFKD').replace(/[\u0300-\u036f]/g, ''))
    .replace(/[^\x20-\x7e]/g, '?')
    .trim();
  return truncate(ascii || 'AWS account notification', MAX_SUBJECT_LENGTH, '...');
}

/** The plain-text email body: heading, why it matters, the facts, what to do, the link, small print. */
export function renderEmailBody(notification: Notification): string {
  // One line each, and no single value longer than MAX_VALUE_CHARS, whatever the event held.
  const line = (value: string) => cutLongValue(toOneLine(value));
  const lines = [`[${notification.severityLabel}] ${line(notification.title)}`, '', line(notification.summary), ''];
  for (const field of notification.fields) lines.push(`${field.label}: ${line(field.value)}`);
  for (const detail of notification.details ?? []) {
    lines.push('', detail.heading, ...detail.lines.map(line));
    if (detail.link) lines.push(`${detail.link.label}: ${detail.link.url}`);
  }
  if (notification.actions.length > 0) {
    lines.push('', notification.actionsHeading, ...notification.actions.map((action) => `- ${line(action)}`));
  }
  if (notification.link) lines.push('', `${notification.link.label}:`, notification.link.url);
  lines.push('', '--', ...notification.footer.map((value) => line(value)));
  return `${lines.join('\n')}\n`;
}

/**
 * The SNS Publish request (MessageStructure json): the plain-text email, one SMS line, and for every
 * other protocol (email-json, HTTPS, Lambda, SQS, …) the machine-readable form, once, as `default`.
 * Long event values are cut with a marker, so the whole stays well under SNS's 256 KB.
 */
export function renderSnsPublish(notification: Notification, topicArn: string): PublishCommandInput {
  const message = {
    default: JSON.stringify(cutLongStrings(notification.data)),
    email: renderEmailBody(notification),
    sms: truncate(toOneLine(notification.shortText), MAX_SMS_LENGTH),
  };
  return {
    TopicArn: topicArn,
    Subject: toSafeSubject(notification.subject),
    MessageStructure: 'json',
    Message: JSON.stringify(message),
  };
}

/** Publishes to the topic; the SDK retries throttling and 5xx itself, anything left propagates. Returns the MessageId. */
export async function publishToSns(
  sns: SNSClient,
  topicArn: string,
  notification: Notification,
): Promise<string | undefined> {
  const output = await sns.send(new PublishCommand(renderSnsPublish(notification, topicArn)));
  return output.MessageId;
}
