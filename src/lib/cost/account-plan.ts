import { addDays } from './dates.js';
import { apiDate, type FreeTierFacts } from './free-tier.js';
import type { CostReport } from './report.js';

/**
 * What the digest says of a new account's plan (since July 2025: credits on a free or a paid plan), its
 * Free Tier offers and the credits still to earn, from the Free Tier API's answers and the report. Pure.
 */

export interface PlanSummary {
  type: 'free' | 'paid';
  status: 'active' | 'notStarted' | 'expired';
  credits?: { amount: number; unit: string };
  /** When the plan ends (a free plan closes the account; a paid plan's credits expire). */
  expires?: string;
  /** Usage before credits a day, the last 7 days' average. */
  dailyPace: number;
  /** When the credits run out at that pace; undefined when nothing used them. */
  creditsLastUntil?: string;
  /** The credits last beyond the plan's end at that pace. */
  outlastsPlan: boolean;
}

export interface OfferSummary {
  name: string;
  used: number;
  limit: number;
  unit: string;
  percent: number;
  forecast?: number;
  forecastPercent?: number;
}

export interface ActivitySummary {
  title: string;
  credit?: { amount: number; unit: string };
  status: string;
}

export interface AccountPlanFacts {
  plan?: PlanSummary;
  /** Offers past OFFER_WARN_PERCENT of their monthly limit, most used first. */
  offers: OfferSummary[];
  /** The credit-earning first steps not completed yet. */
  activities: ActivitySummary[];
  /**
   * Whether this digest lists them: once for each list of steps still to earn (the history table remembers
   * it), so the first digest shows them and the next one after a step is done; without the table, weekly.
   */
  showActivities?: boolean;
}

/** An offer is named in the digest once this much of its monthly limit is used (the 80%). */
export const OFFER_WARN_PERCENT = 80;

export function summarizeAccountPlan(facts: FreeTierFacts, report: CostReport): AccountPlanFacts {
  const lastWeek = report.sparkline.amounts.slice(-7);
  const dailyPace = lastWeek.length > 0 ? lastWeek.reduce((total, value) => total + value, 0) / lastWeek.length : 0;
  let plan: PlanSummary | undefined;
  const state = facts.plan;
  if (state?.accountPlanType === 'FREE' || state?.accountPlanType === 'PAID') {
    const amount = Number(state.accountPlanRemainingCredits?.amount);
    const credits = Number.isFinite(amount)
      ? { amount, unit: state.accountPlanRemainingCredits?.unit ?? 'USD' }
      : undefined;
    const expires = apiDate(state.accountPlanExpirationDate);
    const daysLeft = credits && dailyPace > 0.005 ? Math.floor(credits.amount / dailyPace) : undefined;
    const creditsLastUntil = daysLeft !== undefined ? addDays(report.reportDay, daysLeft) : undefined;
    plan = {
      type: state.accountPlanType === 'FREE' ? 'free' : 'paid',
      status:
        state.accountPlanStatus === 'EXPIRED'
          ? 'expired'
          : state.accountPlanStatus === 'NOT_STARTED'
            ? 'notStarted'
            : 'active',
      ...(credits ? { credits } : {}),
      ...(expires ? { expires } : {}),
      dailyPace,
      ...(creditsLastUntil ? { creditsLastUntil } : {}),
      outlastsPlan: Boolean(expires && (creditsLastUntil === undefined || creditsLastUntil >= expires)),
    };
  }
  const offers = (facts.usages ?? [])
    .map((usage): OfferSummary | undefined => {
      const limit = Number(usage.limit);
      const used = Number(usage.actualUsageAmount);
      if (!Number.isFinite(limit) || limit <= 0 || !Number.isFinite(used)) return undefined;
      const forecast = Number(usage.forecastedUsageAmount);
      return {
        name: usage.description || [usage.service, usage.usageType].filter(Boolean).join(' ') || 'Free Tier offer',
        used,
        limit,
        unit: usage.unit ?? '',
        percent: (used / limit) * 100,
        ...(Number.isFinite(forecast) ? { forecast, forecastPercent: (forecast / limit) * 100 } : {}),
      };
    })
    .filter((offer): offer is OfferSummary => offer !== undefined && offer.percent >= OFFER_WARN_PERCENT)
    .sort((a, b) => b.percent - a.percent);
  const activities = (facts.activities ?? [])
    .filter((activity) => activity.title && activity.status !== 'COMPLETED')
    .map((activity) => {
      const amount = Number(activity.reward?.credit?.amount);
      return {
        title: activity.title ?? '',
        status: activity.status ?? 'NOT_STARTED',
        ...(Number.isFinite(amount) ? { credit: { amount, unit: activity.reward?.credit?.unit ?? 'USD' } } : {}),
      };
    });
  return { ...(plan ? { plan } : {}), offers, activities };
}

/** Without the history table, the credit-earning steps are listed once a week (the digest of a Sunday's costs). */
export function showsActivities(reportDay: string): boolean {
  return new Date(`${reportDay}T00:00:00Z`).getUTCDay() === 0;
}
