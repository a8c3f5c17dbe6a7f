import { PublishCommand, type PublishCommandInput, type SNSClient } from '@aws-sdk/client-sns';
import type { Notification } from './notification.js';
import { toOneLine, truncate, withoutControls } from './text.js';

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
  const lines = [
    `[${notification.severityLabel}] ${toOneLine(notification.title)}`,
    '',
    toOneLine(notification.summary),
    '',
  ];
  for (const field of notification.fields) lines.push(`${field.label}: ${toOneLine(field.value)}`);
  for (const detail of notification.details ?? []) {
    lines.push(
      '',
      detail.heading,
      ...detail.lines.map((line) => (detail.monospace ? withoutControls(line) : toOneLine(line))),
    );
    if (detail.link) lines.push(`${detail.link.label}: ${detail.link.url}`);
  }
  if (notification.actions.length > 0) {
    lines.push('', notification.actionsHeading, ...notification.actions.map((action) => `- ${toOneLine(action)}`));
  }
  if (notification.link) lines.push('', `${notification.link.label}:`, notification.link.url);
  lines.push('', '--', ...notification.footer.map(toOneLine));
  return `${lines.join('\n')}\n`;
}

/** The SNS Publish request: one message per protocol (MessageStructure json), the email body among them. */
export function renderSnsPublish(notification: Notification, topicArn: string): PublishCommandInput {
  const data = JSON.stringify(notification.data);
  const heading = `[${notification.severityLabel}] ${toOneLine(notification.title)}`;
  const message = {
    default: `${heading}\n${toOneLine(notification.summary)}${notification.link ? `\n${notification.link.url}` : ''}`,
    email: renderEmailBody(notification),
    sms: truncate(toOneLine(notification.shortText), MAX_SMS_LENGTH),
    'email-json': data,
    https: data,
    lambda: data,
    sqs: data,
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
