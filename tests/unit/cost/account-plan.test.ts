import { describe, expect, it } from 'vitest';
import { loadFreeTierFixture } from '../../../dev/fixtures.js';
import { loadCostSettings } from '../../../src/lib/config.js';
import { showsActivities, summarizeAccountPlan } from '../../../src/lib/cost/account-plan.js';
import type { AccountPlanState, FreeTierFacts } from '../../../src/lib/cost/free-tier.js';
import { apiDate } from '../../../src/lib/cost/free-tier.js';
import { buildCostDigestNotification } from '../../../src/lib/cost/message.js';
import { renderEmailBody } from '../../../src/lib/notify/sns.js';
import { reportFor } from '../../helpers/cost.js';

/** A new account spending $1.25 a day, on a run of `today`. */
const newAccount = (today: string) =>
  reportFor(today, () => ({ 'Amazon Elastic Compute Cloud - Compute': 1.2, 'Amazon Simple Storage Service': 0.05 }))
    .report;

const epoch = (date: string) => Date.parse(`${date}T00:00:00Z`) / 1000;

function freePlan(credits: number, expires: string, overrides: Partial<AccountPlanState> = {}): FreeTierFacts {
  return {
    plan: {
      accountPlanType: 'FREE',
      accountPlanStatus: 'ACTIVE',
      accountPlanRemainingCredits: { amount: credits, unit: 'USD' },
      accountPlanExpirationDate: epoch(expires),
      ...overrides,
    },
  };
}

function digest(today: string, facts: FreeTierFacts, locale: 'en' | 'ja' = 'en') {
  const report = newAccount(today);
  const notification = buildCostDigestNotification(report, loadCostSettings({ LOCALE: locale }), 2, {
    account: summarizeAccountPlan(facts, report),
  });
  return { notification, email: renderEmailBody(notification) };
}

describe('a new account\u2019s plan in the cost digest', () => {
  it('says how long a free plan\u2019s credits last at the last 7 days\u2019 pace, and what happens then', () => {
    // $10 at $1.25 a day: eight days from 2026-12-06, well before the plan ends.
    const { email } = digest('2026-12-07', freePlan(10, '2027-01-12'));
    expect(email).toContain(
      "Free plan: $10.00 of credits left, until 2027-01-12. At the last 7 days' pace they last until 2026-12-14. When the credits or the plan run out, the account closes unless you upgrade to a paid plan",
    );
    // Within 14 days of running out: what to do.
    expect(email).toContain('upgrade it in the Billing console');
    expect(email).toContain('Usage before credits: $');
  });

  it('says credits outlast the plan, and asks to decide only in the plan\u2019s last 30 days', () => {
    const early = digest('2026-12-07', freePlan(143.2, '2027-03-01')).email;
    expect(early).toContain("At the last 7 days' pace they last beyond that.");
    expect(early).not.toContain('upgrade it in the Billing console');
    const late = digest('2026-12-07', freePlan(143.2, '2026-12-30')).email;
    expect(late).toContain('upgrade it in the Billing console');
  });

  it('tells a paid plan when billing starts, and an expired free plan that the account is closed', () => {
    const paid = digest('2026-12-07', {
      plan: loadFreeTierFixture<AccountPlanState>('getAccountPlanState_paid_plan.json'),
    }).email;
    expect(paid).toContain('Paid plan: $61.50 of credits left, until 2027-06-28.');
    expect(paid).toContain('When they run out, AWS bills your payment method');
    const expired = digest('2026-12-07', freePlan(0, '2026-11-30', { accountPlanStatus: 'EXPIRED' })).email;
    expect(expired).toContain('The free plan ended on 2026-11-30: the account is closed');
  });

  it('says nothing of a plan for an account that has none, and nothing of an offer under 80%', () => {
    const report = newAccount('2026-12-07');
    const settings = loadCostSettings({});
    const without = renderEmailBody(buildCostDigestNotification(report, settings, 2));
    const none = renderEmailBody(
      buildCostDigestNotification(report, settings, 2, {
        account: summarizeAccountPlan({ usages: [] }, report),
      }),
    );
    expect(none).toBe(without);
    const facts = summarizeAccountPlan(
      {
        usages: loadFreeTierFixture<{ freeTierUsages: [] }>('getFreeTierUsage_two_offers.json').freeTierUsages,
      },
      report,
    );
    // The t3.micro hours at 85% are named; S3 at 8% is not.
    expect(facts.offers.map((offer) => offer.name)).toEqual(['750 hours of t3.micro instances in the Free Tier']);
  });

  it('lists the credits still to earn once a week, not every day', () => {
    const activities = loadFreeTierFixture<{ activities: [] }>('listAccountActivities.json').activities;
    const sunday = digest('2026-12-07', { ...freePlan(100, '2027-03-01'), activities }).email;
    expect(sunday).toContain('Credits still to earn');
    expect(sunday).toContain('Launch an instance using EC2: $20.00');
    expect(sunday).not.toContain('Set up a cost budget');
    const monday = digest('2026-12-08', { ...freePlan(100, '2027-03-01'), activities }).email;
    expect(monday).not.toContain('Credits still to earn');
    expect(showsActivities('2026-12-06')).toBe(true);
  });

  it('reads the plan in Japanese too', () => {
    const { email } = digest('2026-12-07', freePlan(10, '2027-01-12'), 'ja');
    expect(email).toContain('無料プラン: クレジット残高 $10.00（2027-01-12 まで）。');
  });

  it('reads the API\u2019s timestamps as epoch seconds or ISO text', () => {
    expect(apiDate(1799712000)).toBe('2027-01-12');
    expect(apiDate('2027-01-12T00:00:00Z')).toBe('2027-01-12');
    expect(apiDate('soon')).toBeUndefined();
  });
});
