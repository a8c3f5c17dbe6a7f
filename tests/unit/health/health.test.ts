import { describe, expect, it } from 'vitest';
import { loadHealthFixture } from '../../../dev/fixtures.js';
import { loadDisplaySettings } from '../../../src/lib/config.js';
import { buildHealthNotification } from '../../../src/lib/health/message.js';
import { parseHealthEvents } from '../../../src/lib/health/parse.js';
import { renderSlack } from '../../../src/lib/notify/slack.js';
import { renderSnsPublish } from '../../../src/lib/notify/sns.js';

const TOPIC = 'arn:aws:sns:ap-northeast-1:123456789012:account-watch-prod-notifications';
const alarm = loadHealthFixture('dead-letter-alarm-state-change.json');
const budget = loadHealthFixture('budget-alert-sns.json');

function emailOf(event: unknown, env: Record<string, string> = {}) {
  const [parsed] = parseHealthEvents(event);
  if (!parsed) throw new Error('nothing parsed');
  const notification = buildHealthNotification(parsed, loadDisplaySettings(env));
  const input = renderSnsPublish(notification, TOPIC);
  return {
    notification,
    subject: input.Subject,
    email: (JSON.parse(input.Message ?? '{}') as { email: string }).email,
  };
}

describe('parseHealthEvents', () => {
  it('reads the dead-letter alarm: name, state, reason and the queue it watches', () => {
    expect(parseHealthEvents(alarm)).toEqual([
      expect.objectContaining({
        kind: 'alarm',
        alarmName: 'account-watch-prod-undelivered-notifications',
        state: 'ALARM',
        region: 'ap-northeast-1',
        account: '123456789012',
        queueName: 'account-watch-prod-dead-letters',
      }),
    ]);
  });

  it('reads the lines of an AWS Budgets notification, which is plain text', () => {
    expect(parseHealthEvents(budget)).toEqual([
      {
        kind: 'budget',
        budgetName: 'account-watch-prod-monthly',
        alertType: 'ACTUAL',
        budgetedAmount: '$20.00',
        threshold: '> $16.00',
        amount: '$17.23',
        time: '2026-11-28T01:01:38.638Z',
        account: '123456789012',
      },
    ]);
  });

  it('passes an SNS message it cannot read on as a notice, and reads nothing from nothing', () => {
    const odd = { Records: [{ Sns: { Subject: 'Hello', Message: 'Something new from AWS' } }] };
    expect(parseHealthEvents(odd)).toEqual([{ kind: 'notice', subject: 'Hello', message: 'Something new from AWS' }]);
    expect(parseHealthEvents(null)).toEqual([]);
    expect(parseHealthEvents({ 'detail-type': 'CloudWatch Alarm State Change', detail: 'x' })).toEqual([]);
  });
});

describe('buildHealthNotification', () => {
  it('says what could not be delivered, where to read it and how to send it again, with a link to the queue', () => {
    const { notification, subject, email } = emailOf(alarm, { TIME_ZONE: 'Asia/Tokyo' });
    expect(subject).toBe('[HIGH] Something the watch sends or runs could not be delivered');
    expect(email).toContain('Queue: account-watch-prod-dead-letters');
    expect(email).toContain('When: 2026-11-28 12:05:40 Asia/Tokyo (2026-11-28 03:05:40 UTC)');
    expect(email).toContain('npm run redrive');
    expect(notification.link?.url).toBe(
      'https://ap-northeast-1.console.aws.amazon.com/sqs/v3/home?region=ap-northeast-1#/queues/https%3A%2F%2Fsqs.ap-northeast-1.amazonaws.com%2F123456789012%2Faccount-watch-prod-dead-letters',
    );
    expect(renderSlack(notification).attachments?.[0]?.color).toBe('#E65100');
  });

  it('names the region a forwarding stack could not forward from', () => {
    const forwarded = structuredClone(alarm) as { region: string; detail: { alarmName: string } };
    forwarded.region = 'us-east-2';
    forwarded.detail.alarmName = 'account-watch-prod-forwarding-dead-letters-us-east-2';
    const { subject, email } = emailOf(forwarded);
    expect(subject).toBe('[HIGH] A console sign-in event from us-east-2 could not be forwarded');
    expect(email).toContain('npm run forwarding -- plan');
  });

  it('renders a budget alert with the amounts, high for actual spend and medium for a forecast, in Japanese too', () => {
    const actual = emailOf(budget);
    expect(actual.subject).toBe('[HIGH] Budget account-watch-prod-monthly: ACTUAL $17.23, threshold > $16.00');
    expect(actual.email).toContain('$17.23 against an alert threshold of > $16.00, of a $20.00 budget.');
    const forecast = structuredClone(budget) as { Records: { Sns: { Message: string } }[] };
    const record = forecast.Records[0];
    if (record) record.Sns.Message = record.Sns.Message.replaceAll('ACTUAL', 'FORECASTED');
    expect(emailOf(forecast).notification.severity).toBe('medium');
    const ja = emailOf(budget, { LOCALE: 'ja' });
    expect(ja.email).toContain('予算 account-watch-prod-monthly: 支出がアラートのしきい値を超えました');
    expect(ja.subject).toMatch(/^[\x20-\x7e]+$/);
  });
});
