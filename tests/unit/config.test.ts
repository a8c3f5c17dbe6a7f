import { describe, expect, it } from 'vitest';
import { loadChannelSettings, loadSigninSettings } from '../../src/lib/config.js';
import { ConfigError } from '../../src/lib/errors.js';

describe('loadSigninSettings', () => {
  it('has documented defaults', () => {
    const settings = loadSigninSettings({});
    expect(settings).toMatchObject({ locale: 'en', timeZone: 'UTC', minSeverity: 'low', trustedAction: 'lower' });
    expect(settings.trustedNetworks.cidrs).toEqual([]);
  });

  it('accepts an IANA time zone and Japanese', () => {
    expect(loadSigninSettings({ TIME_ZONE: 'Asia/Tokyo', LOCALE: 'ja' })).toMatchObject({
      timeZone: 'Asia/Tokyo',
      locale: 'ja',
    });
  });

  it.each([
    ['TIME_ZONE', 'Asia/Tokio', 'timeZone'],
    ['LOCALE', 'fr', 'locale'],
    ['MIN_SEVERITY', 'urgent', 'minSeverity'],
    ['TRUSTED_CIDRS', '10.0.0.0/33', 'trustedCidrs'],
    ['TRUSTED_CIDRS', '10.0.0.0', 'trustedCidrs'],
    ['TRUSTED_CIDRS', 'office', 'trustedCidrs'],
    ['TRUSTED_PRINCIPALS', 'user/alice', 'trustedPrincipals'],
    ['TRUSTED_ACTION', 'ignore', 'trustedAction'],
  ])('rejects %s=%s with an error naming the setting and its deploy parameter', (name, value, parameter) => {
    let error: unknown;
    try {
      loadSigninSettings({ [name]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).setting).toBe(name);
    expect((error as Error).message).toContain(name);
    expect((error as Error).message).toContain(`deploy parameter ${parameter}`);
    expect((error as Error).message).toContain(value);
  });
});

describe('loadChannelSettings', () => {
  const topicArn = 'arn:aws:sns:us-east-1:123456789012:account-watch-prod-notifications';

  it('requires the topic in Lambda', () => {
    expect(() => loadChannelSettings({})).toThrow('Environment variable NOTIFY_TOPIC_ARN is required');
  });

  it('lets a local run go without destinations', () => {
    expect(loadChannelSettings({ IS_LOCAL: 'true' })).toEqual({
      topicArn: undefined,
      slackWebhookParameter: undefined,
      slackWebhookUrl: undefined,
      isLocal: true,
    });
  });

  it('honours a webhook URL from the environment only in a local run', () => {
    const url = 'https://hooks.slack.com/services/T000/B000/XXXX';
    expect(loadChannelSettings({ NOTIFY_TOPIC_ARN: topicArn, SLACK_WEBHOOK_URL: url }).slackWebhookUrl).toBeUndefined();
    expect(loadChannelSettings({ IS_LOCAL: 'true', SLACK_WEBHOOK_URL: url }).slackWebhookUrl).toBe(url);
  });

  it('rejects a parameter name that does not start with a slash, naming the deploy parameter', () => {
    expect(() => loadChannelSettings({ NOTIFY_TOPIC_ARN: topicArn, SLACK_WEBHOOK_PARAMETER: 'slack-url' })).toThrow(
      /SLACK_WEBHOOK_PARAMETER \(deploy parameter slackWebhookParameter\)/,
    );
  });

  it('rejects a topic ARN that is not one', () => {
    expect(() => loadChannelSettings({ NOTIFY_TOPIC_ARN: 'my-topic' })).toThrow(/NOTIFY_TOPIC_ARN/);
  });
});
