import { describe, expect, it } from 'vitest';
import { loadCostSettings } from '../../../src/lib/config.js';
import { buildCostDigestNotification } from '../../../src/lib/cost/message.js';
import { renderSlack } from '../../../src/lib/notify/slack.js';
import { renderSnsPublish } from '../../../src/lib/notify/sns.js';
import { REPORT_SETTINGS, reportFor } from '../../helpers/cost.js';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:account-watch-prod-notifications';

function emailOf(notification: ReturnType<typeof buildCostDigestNotification>) {
  const input = renderSnsPublish(notification, TOPIC);
  return { subject: input.Subject, body: (JSON.parse(input.Message ?? '{}') as { email: string }).email };
}

describe('buildCostDigestNotification', () => {
  const spike = reportFor('2026-11-20', (date) =>
    date === '2026-11-19'
      ? { 'Amazon EC2': 40, 'Amazon S3': 1, 'Amazon SageMaker': 3 }
      : { 'Amazon EC2': 2, 'Amazon S3': 1 },
  ).report;

  it('puts yesterday, month to date and the forecast against the budget in the subject', () => {
    const { report } = reportFor(
      '2026-11-11',
      () => ({ 'Amazon S3': 1 }),
      { status: 'ok', remainder: 20 },
      {
        ...REPORT_SETTINGS,
        monthlyBudget: 20,
      },
    );
    const { subject } = emailOf(buildCostDigestNotification(report, loadCostSettings({ MONTHLY_BUDGET: '20' }), 2));
    expect(subject).toBe('[Cost MEDIUM] Nov 10 $1.00 | Nov to date $10.00 | forecast $30 of $20 budget');
  });

  it('says why a spike raised the severity, lists the new service and what to do', () => {
    const notification = buildCostDigestNotification(spike, loadCostSettings({}), 2);
    const { subject, body } = emailOf(notification);
    expect(subject?.startsWith('[Cost HIGH] Nov 19 $44.00')).toBe(true);
    expect(body).toContain("The last full day's $44.00 is well above the usual $3.00 a day.");
    expect(body).toContain('Last full day (UTC), 2026-11-19: $44.00');
    expect(body).toContain('New services (no spend in the 14 days before)\nAmazon SageMaker: $3.00');
    expect(body).toContain('- Open Cost Explorer, group by service and usage type');
    expect(body).toContain('Left out: Credit, Refund, Upfront, Support (RECORD_TYPE).');
    expect(body).toContain('Cost Explorer requests this run: 2 ($0.01 each).');
    expect(body).toContain('Amazon EC2: $40.00 (91%), +$38.00 (+1900%)\nAmazon SageMaker: $3.00 (7%), +$3.00\n');
  });

  it('shows an approximate second currency, labelled so', () => {
    const settings = loadCostSettings({ DISPLAY_CURRENCY: 'JPY', DISPLAY_RATE: '150', LOCALE: 'ja' });
    const { body } = emailOf(buildCostDigestNotification(spike, settings, 2));
    expect(body).toContain('直近の丸一日（UTC）2026-11-19: $44.00 (≈ ￥6,600)');
    expect(body).toContain('JPY の金額は設定レート 1 USD = 150 JPY による概算です。');
  });

  it('renders the top services as one line each in Slack, readable in a proportional font, coloured by severity', () => {
    const payload = renderSlack(buildCostDigestNotification(spike, loadCostSettings({}), 2));
    const attachment = payload.attachments?.[0];
    expect(attachment?.color).toBe('#E65100');
    const texts = JSON.stringify(attachment?.blocks);
    expect(texts).toContain('*Top 3 services on 2026-11-19*\\nAmazon EC2: $40.00 (91%), +$38.00 (+1900%)');
    expect(texts).not.toContain('```');
  });

  it('writes a decrease and a credit with an ASCII minus, in the body and the subject', () => {
    const falling = reportFor('2026-11-20', (date) =>
      date === '2026-11-19' ? { 'Amazon EC2': -4 } : { 'Amazon EC2': 2 },
    ).report;
    const { subject, body } = emailOf(buildCostDigestNotification(falling, loadCostSettings({}), 2));
    expect(subject).toContain('Nov 19 -$4.00');
    expect(body).toContain('Last full day (UTC), 2026-11-19: -$4.00');
    expect(body).toContain('vs the day before: -$6.00');
    expect(body).not.toContain('\u2212');
  });

  it('tells a forecast that failed from one that does not exist yet, in the subject', () => {
    const failed = reportFor('2026-11-20', () => ({ 'Amazon S3': 1 }), {
      status: 'unavailable',
      reason: 'ThrottlingException',
    }).report;
    expect(emailOf(buildCostDigestNotification(failed, loadCostSettings({}), 2)).subject).toContain(
      'forecast unavailable',
    );
    const young = reportFor('2026-11-20', () => ({ 'Amazon S3': 1 }), { status: 'insufficientHistory' }).report;
    expect(emailOf(buildCostDigestNotification(young, loadCostSettings({}), 2)).subject).toContain('no forecast yet');
  });

  it('keeps the subject ASCII even in Japanese', () => {
    const { subject } = emailOf(buildCostDigestNotification(spike, loadCostSettings({ LOCALE: 'ja' }), 2));
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
  });
});
