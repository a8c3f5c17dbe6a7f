import { freeTierUrl } from '../console-urls.js';
import { COST_MESSAGES } from '../i18n/cost.js';
import { messagesFor } from '../i18n/index.js';
import type { Notification } from '../notify/notification.js';
import type { Severity } from '../notify/severity.js';
import type { PlanSummary } from './account-plan.js';
import type { PlanWarning, PlanWarningKind } from './plan-warnings.js';
import type { CostSettings } from './settings.js';

/** How serious each warning is: the last day and the credits gone are the cliff itself. */
const SEVERITY: Record<PlanWarningKind, Severity> = {
  creditsRunOut14Days: 'medium',
  creditsUsed50: 'low',
  creditsUsed80: 'medium',
  creditsUsed100: 'high',
  planEnds30Days: 'low',
  planEnds7Days: 'medium',
  planEnds1Day: 'high',
};

/** One warning before a plan's cliff, with what to do. Pure. */
export function buildPlanWarningNotification(
  warning: PlanWarning,
  plan: PlanSummary,
  settings: CostSettings,
): Notification {
  const m = messagesFor(settings.locale);
  const w = COST_MESSAGES[settings.locale].planWarning;
  const money = (amount: number, unit = 'USD') => {
    try {
      return new Intl.NumberFormat(m.intlLocale, { style: 'currency', currency: unit }).format(amount);
    } catch {
      return `${amount.toFixed(2)} ${unit}`;
    }
  };
  const titleOf = (messages: typeof w) => {
    const title = messages.title[warning.kind];
    return typeof title === 'function' ? title(warning.daysLeft ?? 0) : title;
  };
  const title = titleOf(w);
  const severity = SEVERITY[warning.kind];
  const fields = [
    ...(plan.credits ? [{ label: w.field.credits, value: money(plan.credits.amount, plan.credits.unit) }] : []),
    ...(warning.usedPercent !== undefined
      ? [{ label: w.field.used, value: `${warning.usedPercent.toFixed(0)}%` }]
      : []),
    {
      label: w.field.lastUntil,
      value: plan.creditsLastUntil ? (plan.outlastsPlan ? w.outlasts : w.lastsUntil(plan.creditsLastUntil)) : w.unused,
    },
    { label: w.field.pace, value: money(plan.dailyPace, plan.credits?.unit) },
    ...(plan.expires ? [{ label: w.field.planEnds, value: plan.expires }] : []),
  ];
  const actions = plan.type === 'free' ? [w.actionUpgrade, w.actionStop] : [w.actionPaid];
  return {
    severity,
    severityLabel: m.severity[severity],
    title,
    // Subjects are ASCII English in every language.
    subject: w.subject(titleOf(COST_MESSAGES.en.planWarning)),
    summary: plan.type === 'free' ? w.summaryFree : w.summaryPaid,
    fields,
    actions,
    actionsHeading: m.whatToDo,
    link: { label: w.openFreeTier, url: freeTierUrl() },
    footer: [`Free Tier API GetAccountPlanState · ${warning.kind}`],
    shortText: title,
    data: { type: 'planWarning', warning, plan },
  };
}
