import { describe, expect, it } from 'vitest';
import {
  loadChannelSettings,
  loadCostSettings,
  loadHygieneSettings,
  loadSigninSettings,
} from '../../src/lib/config.js';
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
      teamsWebhookParameter: undefined,
      discordWebhookParameter: undefined,
      lineChannelTokenParameter: undefined,
      lineTo: undefined,
      lineMonthlyMessages: 200,
      lineApiUrl: 'https://api.line.me',
      slackBotTokenParameter: undefined,
      slackChannel: undefined,
      slackApiUrl: 'https://slack.com/api/',
      slackSigningSecretParameter: undefined,
      emailFrom: undefined,
      chatbotTopicArn: undefined,
      local: {
        slackWebhookUrl: undefined,
        teamsWebhookUrl: undefined,
        discordWebhookUrl: undefined,
        lineChannelToken: undefined,
      },
      deadLetterQueueUrl: undefined,
      deliveryQueueUrl: undefined,
      isLocal: true,
    });
  });

  it('honours webhook URLs and the LINE token from the environment only in a local run', () => {
    const url = 'https://hooks.slack.com/services/T000/B000/XXXX';
    const env = {
      SLACK_WEBHOOK_URL: url,
      TEAMS_WEBHOOK_URL: 'https://prod.westus.logic.azure.com/workflows/1',
      DISCORD_WEBHOOK_URL: 'https://discord.com/api/webhooks/1/abc',
      LINE_CHANNEL_TOKEN: 'token',
    };
    expect(Object.values(loadChannelSettings({ NOTIFY_TOPIC_ARN: topicArn, ...env }).local).filter(Boolean)).toEqual(
      [],
    );
    expect(loadChannelSettings({ IS_LOCAL: 'true', ...env }).local).toEqual({
      slackWebhookUrl: url,
      teamsWebhookUrl: env.TEAMS_WEBHOOK_URL,
      discordWebhookUrl: env.DISCORD_WEBHOOK_URL,
      lineChannelToken: 'token',
    });
    expect(() => loadChannelSettings({ IS_LOCAL: 'true', DISCORD_WEBHOOK_URL: 'http://discord.com/x' })).toThrow(
      'Invalid setting DISCORD_WEBHOOK_URL (local runs only)',
    );
  });

  it('takes LINE\u2019s token and recipient together or not at all', () => {
    expect(() =>
      loadChannelSettings({ NOTIFY_TOPIC_ARN: topicArn, LINE_CHANNEL_TOKEN_PARAMETER: '/account-watch/line' }),
    ).toThrow('Invalid setting LINE_TO (deploy parameter lineTo): lineChannelTokenParameter and lineTo go together');
  });

  it('names the bad setting of a new channel', () => {
    expect(() => loadChannelSettings({ NOTIFY_TOPIC_ARN: topicArn, LINE_TO: 'me' })).toThrow(
      'Invalid setting LINE_TO (deploy parameter lineTo): "me" is not a LINE user, group or room ID',
    );
    expect(() => loadChannelSettings({ NOTIFY_TOPIC_ARN: topicArn, EMAIL_FROM: 'owner' })).toThrow(
      'Invalid setting EMAIL_FROM (deploy parameter emailFrom)',
    );
    expect(() =>
      loadChannelSettings({ NOTIFY_TOPIC_ARN: topicArn, CHATBOT_TOPIC_ARN: 'arn:aws:sqs:us-east-1:1:q' }),
    ).toThrow('Invalid setting CHATBOT_TOPIC_ARN (deploy parameter chatbotTopicArn)');
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

describe('loadCostSettings', () => {
  it('has documented defaults: unblended cost, credits and refunds left out, top 5, 3 deviations and 1 USD', () => {
    expect(loadCostSettings({})).toMatchObject({
      metric: 'UnblendedCost',
      excludedRecordTypes: ['Credit', 'Refund', 'Upfront', 'Support'],
      monthlyBudget: undefined,
      topServices: 5,
      anomalyStdDevs: 3,
      anomalyMinAmount: 1,
      displayCurrency: undefined,
    });
  });

  it('reads a budget, another metric, no exclusions and a display currency', () => {
    expect(
      loadCostSettings({
        MONTHLY_BUDGET: '20',
        COST_METRIC: 'AmortizedCost',
        COST_EXCLUDED_RECORD_TYPES: 'none',
        DISPLAY_CURRENCY: 'jpy',
        DISPLAY_RATE: '150.5',
      }),
    ).toMatchObject({
      monthlyBudget: 20,
      metric: 'AmortizedCost',
      excludedRecordTypes: [],
      displayCurrency: { code: 'JPY', rate: 150.5 },
    });
  });

  it.each([
    ['MONTHLY_BUDGET', 'twenty', 'monthlyBudget'],
    ['COST_METRIC', 'BlendedCost', 'costMetric'],
    ['TOP_SERVICES', '2.5', 'topServices'],
    ['ANOMALY_STDDEVS', '0', 'anomalyStdDevs'],
    ['DISPLAY_CURRENCY', '円', 'displayCurrency'],
  ])('rejects %s=%s naming the deploy parameter', (name, value, parameter) => {
    const env: Record<string, string> = { [name]: value };
    if (name === 'DISPLAY_CURRENCY') env.DISPLAY_RATE = '150';
    expect(() => loadCostSettings(env)).toThrow(`Invalid setting ${name} (deploy parameter ${parameter})`);
  });

  it('wants a display currency and its rate together', () => {
    expect(() => loadCostSettings({ DISPLAY_CURRENCY: 'JPY' })).toThrow(/displayCurrency and displayRate go together/);
  });
});

describe('loadHygieneSettings', () => {
  const base = { FORWARDING_STACK_NAME: 'account-watch-forwarding-prod' };

  it('reads the stack parts it checks: the forwarding stacks, the dead-letter queues (the Slack one is FIFO)', () => {
    const settings = loadHygieneSettings({
      ...base,
      AWS_REGION: 'ap-northeast-1',
      FORWARDING_SCOPE: 'signin',
      WATCHED_DEAD_LETTER_QUEUES:
        'https://sqs.ap-northeast-1.amazonaws.com/123456789012/account-watch-prod-dead-letters,https://sqs.ap-northeast-1.amazonaws.com/123456789012/account-watch-prod-slack-dead-letters.fifo',
    });
    expect(settings).toMatchObject({ region: 'ap-northeast-1', forwardingScope: 'signin', monthlyBudget: undefined });
    expect(settings.deadLetterQueueUrls).toHaveLength(2);
  });

  it('names the variable the stack set wrong, and the deploy parameter of a bad setting', () => {
    expect(() => loadHygieneSettings({})).toThrow('Environment variable FORWARDING_STACK_NAME is required');
    expect(() => loadHygieneSettings({ FORWARDING_STACK_NAME: 'bad name!' })).toThrow(/FORWARDING_STACK_NAME/);
    expect(() => loadHygieneSettings({ ...base, WATCHED_DEAD_LETTER_QUEUES: 'queue-name' })).toThrow(
      'Invalid setting WATCHED_DEAD_LETTER_QUEUES (set by the stack): "queue-name" is not an SQS queue URL',
    );
    expect(() => loadHygieneSettings({ ...base, FORWARDING_SCOPE: 'everywhere' })).toThrow(
      'Invalid setting FORWARDING_SCOPE (deploy parameter forwardingScope)',
    );
  });
});
