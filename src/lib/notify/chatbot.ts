import { createHash } from 'node:crypto';
import { PublishCommand, type PublishCommandInput, type SNSClient } from '@aws-sdk/client-sns';
import type { Channel } from './channel.js';
import type { Notification } from './notification.js';
import { escapeMrkdwn } from './slack.js';
import { toSafeSubject } from './sns.js';
import { cutLongValue, isHttpsLink, toOneLine, truncate } from './text.js';

/**
 * AWS's own chat integration (Amazon Q Developer in chat applications, formerly AWS Chatbot): for owners who
 * already have it in Slack or Teams, the notification is published to their chat topic in its custom
 * notification format (version 1.0, source "custom"). The text is "client-markdown" (Slack's mrkdwn), so
 * event values are escaped as for Slack. Published straight to SNS rather than queued: SNS is the queue,
 * and the chat application paces its own posts.
 */

export interface ChatbotCustomNotification {
  version: '1.0';
  source: 'custom';
  id: string;
  content: {
    textType: 'client-markdown';
    title: string;
    description: string;
    nextSteps?: string[];
    keywords?: string[];
  };
  metadata: {
    summary: string;
    eventType: string;
    threadId?: string;
    additionalContext?: Record<string, string>;
  };
}

/** What this project keeps the description to (the integration's own limit is larger). */
const DESCRIPTION_MAX = 3500;

const shown = (value: string, max = 1000) => escapeMrkdwn(cutLongValue(toOneLine(value), max));

export function renderChatbotNotification(notification: Notification): ChatbotCustomNotification {
  const description = [
    shown(notification.summary),
    ...notification.fields.map((field) => `*${escapeMrkdwn(field.label)}*: ${shown(field.value, 500)}`),
  ];
  if (notification.link?.url.startsWith('https://')) {
    description.push(`<${notification.link.url}|${escapeMrkdwn(notification.link.label)}>`);
  }
  // The action links, each whole or not at all: the description is cut at its limit, and a cut URL is broken.
  for (const detail of notification.details ?? []) {
    const links = (detail.buttons ?? []).filter((link) => isHttpsLink(link.url));
    if (links.length === 0) continue;
    const lines = [`*${shown(detail.heading)}*`];
    for (const link of links) lines.push(`<${link.url}|${escapeMrkdwn(toOneLine(link.label))}>`);
    while (lines.length > 1 && [...description, ...lines].join('\n').length > DESCRIPTION_MAX) lines.pop();
    if (lines.length > 1) description.push(...lines);
  }
  const type = (notification.data as { type?: unknown } | undefined)?.type;
  const id = createHash('sha256')
    .update(JSON.stringify(notification.data ?? notification.title))
    .digest('hex');
  return {
    version: '1.0',
    source: 'custom',
    id: id.slice(0, 32),
    content: {
      textType: 'client-markdown',
      title: truncate(`${notification.severityLabel}: ${shown(notification.title, 200)}`, 250),
      description: truncate(description.join('\n'), DESCRIPTION_MAX),
      ...(notification.actions.length > 0
        ? { nextSteps: notification.actions.slice(0, 5).map((action) => shown(action, 300)) }
        : {}),
      keywords: [notification.severity, ...(typeof type === 'string' ? [type] : [])],
    },
    metadata: {
      summary: escapeMrkdwn(toSafeSubject(notification.subject)),
      eventType: typeof type === 'string' ? type : 'notification',
      // Bursts of one detection by one principal share a thread in the chat.
      ...(notification.thread
        ? { threadId: createHash('sha256').update(notification.thread).digest('hex').slice(0, 32) }
        : {}),
      additionalContext: { severity: notification.severity },
    },
  };
}

export function renderChatbotPublish(notification: Notification, topicArn: string): PublishCommandInput {
  return { TopicArn: topicArn, Message: JSON.stringify(renderChatbotNotification(notification)) };
}

/** The chat topic's channel; the topic may be in another region than the stack, so the client is the caller's. */
export function chatbotChannel(sns: SNSClient, topicArn: string): Channel {
  return {
    name: 'chatbot',
    async send(notification) {
      await sns.send(new PublishCommand(renderChatbotPublish(notification, topicArn)));
    },
    payload: (notification) => renderChatbotPublish(notification, topicArn),
  };
}
