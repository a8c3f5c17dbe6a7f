import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { DeliveryError, NotificationFailedError } from '../../../src/lib/errors.js';
import type { Channel } from '../../../src/lib/notify/channel.js';
import { channelsFor, renderOptionsFor, snsChannel } from '../../../src/lib/notify/channels.js';
import { deadLettering, type UndeliveredNotification } from '../../../src/lib/notify/dead-letters.js';
import { deliverNotification } from '../../../src/lib/notify/deliver.js';
import type { ChannelSettings } from '../../../src/lib/notify/settings.js';
import { notificationFor } from '../../helpers/notifications.js';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:account-watch-prod-notifications';
const notification = notificationFor('root-success-mfa-01.json');

function recordingChannel(name: string, fail?: Error): Channel & { sent: number } {
  const channel = {
    name,
    sent: 0,
    payload: () => ({ for: name }),
    async send() {
      channel.sent++;
      if (fail) throw fail;
    },
  };
  return channel;
}

describe('snsChannel', () => {
  it('publishes once to the topic with the subject and the json message structure', async () => {
    const sns = mockClient(SNSClient);
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    await snsChannel(new SNSClient({}), TOPIC).send(notification);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(sns).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: TOPIC,
      Subject: '[CRITICAL] Root sign-in to 111122223333 from 192.0.2.0',
      MessageStructure: 'json',
    });
    sns.restore();
  });

  it('passes an SNS failure on to the caller', async () => {
    const sns = mockClient(SNSClient);
    sns.on(PublishCommand).rejects(new Error('AuthorizationError: not allowed to publish'));
    await expect(snsChannel(new SNSClient({}), TOPIC).send(notification)).rejects.toThrow('AuthorizationError');
    sns.restore();
  });
});

describe('deliverNotification', () => {
  it('tries every channel even when the first fails, then reports the failure', async () => {
    const slack = recordingChannel('slack', new DeliveryError('slack', 'Slack rejected'));
    const sns = recordingChannel('sns');
    const delivery = deliverNotification(notification, [slack, sns]);
    await expect(delivery).rejects.toBeInstanceOf(NotificationFailedError);
    await expect(delivery).rejects.toThrow('Delivery failed on slack');
    expect([slack.sent, sns.sent]).toEqual([1, 1]);
  });

  it('reports every failed channel', async () => {
    const delivery = deliverNotification(notification, [
      recordingChannel('sns', new Error('throttled')),
      recordingChannel('slack', new Error('down')),
    ]);
    await expect(delivery).rejects.toThrow('Delivery failed on sns, slack');
  });

  it('resolves when every channel delivered', async () => {
    await expect(deliverNotification(notification, [recordingChannel('sns'), recordingChannel('slack')])).resolves.toBe(
      undefined,
    );
  });
});

describe('channelsFor', () => {
  const deps = {
    sns: new SNSClient({ region: 'us-east-1' }),
    ssm: new SSMProvider({ awsSdkV3Client: new SSMClient({ region: 'us-east-1' }) }),
    remainingTimeMs: () => 60_000,
    write: () => undefined,
  };

  const settings = (values: Partial<ChannelSettings> & { isLocal: boolean }): ChannelSettings => ({
    lineMonthlyMessages: 200,
    lineApiUrl: 'https://api.line.me',
    slackApiUrl: 'https://slack.com/api/',
    local: {},
    ...values,
  });
  const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/account-watch-prod-deliveries.fifo';

  it('uses SNS and Slack when both are configured', () => {
    const channels = channelsFor(
      settings({ topicArn: TOPIC, slackWebhookParameter: '/watch/slack', isLocal: false }),
      deps,
    );
    expect(channels.map((channel) => channel.name)).toEqual(['sns', 'slack']);
  });

  it('queues every configured chat and the HTML email, and publishes to the chat topic', () => {
    const channels = channelsFor(
      settings({
        topicArn: TOPIC,
        slackWebhookParameter: '/watch/slack',
        teamsWebhookParameter: '/watch/teams',
        discordWebhookParameter: '/watch/discord',
        lineChannelTokenParameter: '/watch/line',
        lineTo: `U${'a'.repeat(32)}`,
        emailFrom: 'owner@example.com',
        chatbotTopicArn: 'arn:aws:sns:us-west-2:123456789012:chatbot',
        deliveryQueueUrl: QUEUE,
        isLocal: false,
      }),
      { ...deps, sqs: new SQSClient({ region: 'us-east-1' }) },
    );
    expect(channels.map((channel) => channel.name)).toEqual([
      'sns',
      'chatbot',
      'slack',
      'teams',
      'discord',
      'line',
      'email',
    ]);
  });

  it('queues Slack app messages, with buttons that act only once the app’s clicks can be verified', () => {
    const notification = notificationFor('root-success-mfa-01.json');
    const app = { topicArn: TOPIC, deliveryQueueUrl: QUEUE, isLocal: false, slackBotTokenParameter: '/watch/bot' };
    const sqs = new SQSClient({ region: 'us-east-1' });
    const slackOf = (values: Partial<ChannelSettings>) =>
      channelsFor(settings({ ...app, ...values }), { ...deps, sqs }).find((channel) => channel.name === 'slack');
    expect(renderOptionsFor(settings(app))).toEqual({ slack: 'app' });
    expect(slackOf({})?.payload(notification)).toMatchObject({ type: 'slackApp' });
    expect(renderOptionsFor(settings({ ...app, slackSigningSecretParameter: '/watch/signing' }))).toEqual({
      slack: 'appButtons',
    });
    expect(renderOptionsFor(settings({ topicArn: TOPIC, isLocal: false }))).toEqual({ slack: 'webhook' });
    expect(
      slackOf({ slackBotTokenParameter: undefined, slackWebhookParameter: '/watch/slack' })?.payload(notification),
    ).not.toHaveProperty('type');
    // A local run posts with the webhook only: the app is deliverySender's.
    expect(
      channelsFor(settings({ ...app, isLocal: true, deliveryQueueUrl: undefined }), deps).map(
        (channel) => channel.name,
      ),
    ).toEqual(['sns']);
  });

  it('leaves LINE out without a recipient', () => {
    const channels = channelsFor(
      settings({ topicArn: TOPIC, lineChannelTokenParameter: '/watch/line', isLocal: false }),
      deps,
    );
    expect(channels.map((channel) => channel.name)).toEqual(['sns']);
  });

  it('previews in a local run without a topic, and posts to Slack when a URL is given', () => {
    expect(channelsFor(settings({ isLocal: true }), deps).map((channel) => channel.name)).toEqual(['preview']);
    expect(
      channelsFor(
        settings({ isLocal: true, local: { slackWebhookUrl: 'https://hooks.slack.com/services/T/B/X' } }),
        deps,
      ).map((channel) => channel.name),
    ).toEqual(['slack', 'preview']);
  });
});

describe('deadLettering', () => {
  const at = () => new Date('2026-11-28T00:00:00Z');

  it('dead-letters a channel that finally fails, with its payload and reason, and resolves', async () => {
    const letters: UndeliveredNotification[] = [];
    const channel = deadLettering(
      recordingChannel(
        'slack',
        new DeliveryError('slack', 'Slack rejected the message permanently: HTTP 404 no_service'),
      ),
      { send: async (entry) => void letters.push(entry) },
      at,
    );
    await expect(channel.send(notification)).resolves.toBeUndefined();
    expect(letters).toEqual([
      {
        type: 'undeliveredNotification',
        channel: 'slack',
        reason: 'DeliveryError: Slack rejected the message permanently: HTTP 404 no_service',
        failedAt: '2026-11-28T00:00:00.000Z',
        payload: { for: 'slack' },
      },
    ]);
  });

  it('passes a delivered notification through without dead-lettering it', async () => {
    const letters: UndeliveredNotification[] = [];
    const inner = recordingChannel('sns');
    await deadLettering(inner, { send: async (entry) => void letters.push(entry) }).send(notification);
    expect([inner.sent, letters.length]).toEqual([1, 0]);
  });

  it('rejects when the dead-letter queue refuses too, so nothing is lost', async () => {
    const channel = deadLettering(recordingChannel('sns', new Error('throttled')), {
      send: async () => {
        throw new Error('AccessDenied');
      },
    });
    await expect(channel.send(notification)).rejects.toThrow('AccessDenied');
  });
});
