import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { DeliveryError, NotificationFailedError } from '../../../src/lib/errors.js';
import { type Channel, channelsFor, emailChannel } from '../../../src/lib/notify/channels.js';
import { deliverNotification } from '../../../src/lib/notify/deliver.js';
import { notificationFor } from '../../helpers/notifications.js';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:account-watch-prod-notifications';
const notification = notificationFor('root-success-mfa-01.json');

function recordingChannel(name: string, fail?: Error): Channel & { sent: number } {
  const channel = {
    name,
    sent: 0,
    async send() {
      channel.sent++;
      if (fail) throw fail;
    },
  };
  return channel;
}

describe('emailChannel', () => {
  it('publishes once to the topic with the subject and the json message structure', async () => {
    const sns = mockClient(SNSClient);
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    await emailChannel(new SNSClient({}), TOPIC).send(notification);
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
    await expect(emailChannel(new SNSClient({}), TOPIC).send(notification)).rejects.toThrow('AuthorizationError');
    sns.restore();
  });
});

describe('deliverNotification', () => {
  it('tries every channel even when the first fails, then reports the failure', async () => {
    const slack = recordingChannel('slack', new DeliveryError('slack', 'Slack rejected', true));
    const email = recordingChannel('email');
    const delivery = deliverNotification(notification, [slack, email]);
    await expect(delivery).rejects.toBeInstanceOf(NotificationFailedError);
    await expect(delivery).rejects.toThrow('Delivery failed on slack');
    expect([slack.sent, email.sent]).toEqual([1, 1]);
  });

  it('reports every failed channel', async () => {
    const delivery = deliverNotification(notification, [
      recordingChannel('email', new Error('throttled')),
      recordingChannel('slack', new Error('down')),
    ]);
    await expect(delivery).rejects.toThrow('Delivery failed on email, slack');
  });

  it('resolves when every channel delivered', async () => {
    await expect(
      deliverNotification(notification, [recordingChannel('email'), recordingChannel('slack')]),
    ).resolves.toBe(undefined);
  });
});

describe('channelsFor', () => {
  const deps = {
    sns: new SNSClient({ region: 'us-east-1' }),
    ssm: new SSMProvider({ awsSdkV3Client: new SSMClient({ region: 'us-east-1' }) }),
    remainingTimeMs: () => 60_000,
    write: () => undefined,
  };

  it('uses email and Slack when both are configured', () => {
    const channels = channelsFor({ topicArn: TOPIC, slackWebhookParameter: '/watch/slack', isLocal: false }, deps);
    expect(channels.map((channel) => channel.name)).toEqual(['email', 'slack']);
  });

  it('previews in a local run without a topic, and posts to Slack when a URL is given', () => {
    expect(channelsFor({ isLocal: true }, deps).map((channel) => channel.name)).toEqual(['preview']);
    expect(
      channelsFor({ isLocal: true, slackWebhookUrl: 'https://hooks.slack.com/services/T/B/X' }, deps).map(
        (channel) => channel.name,
      ),
    ).toEqual(['slack', 'preview']);
  });
});
