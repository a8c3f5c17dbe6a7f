import { anomalyDetectionUrl, costExplorerUrl } from '../console-urls.js';
import { COST_MESSAGES, COST_SUBJECT, type CostMessages } from '../i18n/cost.js';
import { en } from '../i18n/en.js';
import { type Locale, messagesFor } from '../i18n/index.js';
import type { Notification, NotificationDetail, NotificationField } from '../notify/notification.js';
import { type AccountPlanFacts, OFFER_WARN_PERCENT, showsActivities } from './account-plan.js';
import type { AwsAnomaly } from './cost-explorer.js';
import { addDays } from './dates.js';
import type { MonthComparison } from './month-comparison.js';
import type { CostReport } from './report.js';
import type { CostSettings } from './settings.js';
import type { BillMove } from './why.js';

/** Money in the bill's currency, with the optional approximate second currency beside it. */
function moneyFormatter(report: CostReport, settings: CostSettings) {
  const locale = messagesFor(settings.locale).intlLocale;
  const format = (amount: number, currency: string, digits?: number) => {
    try {
      return new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        ...(digits !== undefined ? { minimumFractionDigits: digits, maximumFractionDigits: digits } : {}),
      }).format(amount);
    } catch {
      return `${amount.toFixed(digits ?? 2)} ${currency}`;
    }
  };
  const money = (amount: number) => {
    const main = format(amount, report.unit);
    const second = settings.displayCurrency;
    return second ? `${main} (≈ ${format(amount * second.rate, second.code)})` : main;
  };
  const signed = (amount: number, base: number, c: CostMessages) => {
    if (Math.abs(amount) < 0.005) return c.noChange;
    const sign = amount > 0 ? '+' : '-';
    const percent = base >= 0.005 ? ` (${sign}${Math.abs((amount / base) * 100).toFixed(0)}%)` : '';
    return `${sign}${format(Math.abs(amount), report.unit)}${percent}`;
  };
  /** ASCII only, for the subject: "$3.42", or "3.42 EUR" for other currencies. */
  const ascii = (amount: number, digits = 2) => {
    const sign = amount < 0 && Math.abs(amount).toFixed(digits) !== (0).toFixed(digits) ? '-' : '';
    const text = Math.abs(amount).toFixed(digits);
    return report.unit === 'USD' ? `${sign}$${text}` : `${sign}${text} ${report.unit}`;
  };
  return { money, signed, ascii };
}

function monthName(date: string, locale: Locale, style: 'long' | 'short' = 'long'): string {
  return new Intl.DateTimeFormat(messagesFor(locale).intlLocale, {
    month: style,
    year: style === 'long' ? 'numeric' : undefined,
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}

function forecastText(report: CostReport, c: CostMessages, money: (amount: number) => string): string {
  const forecast = report.forecast;
  switch (forecast.status) {
    case 'forecast':
      return money(forecast.monthEnd);
    case 'final':
      return c.forecastFinal(money(forecast.monthEnd));
    case 'estimate':
      return c.forecastEstimate(money(forecast.monthEnd));
    case 'insufficientHistory':
      return c.forecastInsufficient;
    default:
      return c.forecastUnavailable;
  }
}

function subject(report: CostReport, ascii: (amount: number, digits?: number) => string): string {
  const month = monthName(report.monthStart, 'en', 'short');
  const budget = report.budget ? ascii(report.budget.amount, 0) : undefined;
  const toDate = report.monthComplete
    ? COST_SUBJECT.costTotal(ascii(report.monthToDate))
    : COST_SUBJECT.costToDate(ascii(report.monthToDate));
  const forecast =
    'monthEnd' in report.forecast && !report.monthComplete
      ? COST_SUBJECT.costForecast(ascii(report.forecast.monthEnd, 0), budget)
      : report.monthComplete && budget
        ? `budget ${budget}`
        : report.forecast.status === 'unavailable'
          ? COST_SUBJECT.costForecastUnavailable(budget)
          : COST_SUBJECT.costNoForecast(budget);
  const severity = report.severity === 'info' ? undefined : en.severity[report.severity];
  const day = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${report.reportDay}T00:00:00Z`),
  );
  return COST_SUBJECT.cost(severity, day, ascii(report.yesterday.amount), month, toDate, forecast);
}

/** The account's plan as facts at the top of the digest, and its offers and credits to earn as blocks. */
function planParts(
  account: AccountPlanFacts | undefined,
  report: CostReport,
  c: CostMessages,
  money: (amount: number) => string,
): { fields: NotificationField[]; details: NotificationDetail[]; actions: string[] } {
  const fields: NotificationField[] = [];
  const details: NotificationDetail[] = [];
  const actions: string[] = [];
  if (!account) return { fields, details, actions };
  const p = c.plan;
  const { plan } = account;
  if (plan) {
    const credits = plan.credits && plan.credits.amount > 0 ? plan.credits : undefined;
    let text: string;
    if (plan.status === 'expired') text = p.expired(plan.expires);
    else if (plan.status === 'notStarted') text = p.notStarted;
    else if (!credits) text = `${p.noCredits} ${plan.type === 'free' ? p.freeThen : p.paidThen}`;
    else {
      const pace = plan.creditsLastUntil
        ? plan.outlastsPlan
          ? p.outlast
          : p.lastUntil(plan.creditsLastUntil)
        : p.unused;
      text = `${p.credits(money(credits.amount), plan.expires)} ${pace} ${plan.type === 'free' ? p.freeThen : p.paidThen}`;
    }
    fields.push({ label: p.label[plan.type], value: text });
    if (plan.status === 'active' && credits && report.monthToDate > 0.005) {
      fields.push({ label: p.usageBeforeCredits, value: p.creditsCover(money(report.monthToDate)) });
    }
    // A free plan near its end (credits within 14 days at this pace, or the plan within 30): say what to do.
    const soon = (date: string | undefined, days: number) =>
      date !== undefined && date <= addDays(report.reportDay, days);
    if (plan.type === 'free' && plan.status === 'active') {
      if (soon(plan.outlastsPlan ? undefined : plan.creditsLastUntil, 14) || soon(plan.expires, 30)) {
        actions.push(p.actionUpgrade);
      }
    }
  }
  if (account.offers.length > 0) {
    const number = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2));
    details.push({
      heading: p.offersHeading(OFFER_WARN_PERCENT),
      lines: account.offers.map((offer) =>
        p.offerLine(
          offer.name,
          number(offer.used),
          number(offer.limit),
          offer.unit,
          offer.percent.toFixed(0),
          offer.forecast !== undefined
            ? `${number(offer.forecast)} (${(offer.forecastPercent ?? 0).toFixed(0)}%)`
            : undefined,
        ),
      ),
    });
    actions.push(p.actionOffer);
  }
  if (account.activities.length > 0 && (account.showActivities ?? showsActivities(report.reportDay))) {
    details.push({
      heading: p.activitiesHeading,
      lines: account.activities.map((activity) =>
        p.activityLine(
          activity.title,
          activity.credit ? money(activity.credit.amount) : undefined,
          activity.status === 'IN_PROGRESS',
        ),
      ),
    });
  }
  return { fields, details, actions };
}

/**
 * Builds the digest notification from a cost report and, for a new account, its plan (account-plan.ts).
 * Pure: no I/O, no clock.
 */
export function buildCostDigestNotification(
  report: CostReport,
  settings: CostSettings,
  requests: number,
  extras: {
    account?: AccountPlanFacts;
    awsAnomalies?: AwsAnomaly[];
    billMove?: BillMove;
    monthComparison?: MonthComparison;
  } = {},
): Notification {
  const { account } = extras;
  const m = messagesFor(settings.locale);
  const c = COST_MESSAGES[settings.locale];
  const { money, signed, ascii } = moneyFormatter(report, settings);
  const month = monthName(report.monthStart, settings.locale);
  const y = report.yesterday;

  const reasons = report.anomalies.map((anomaly) => {
    if (anomaly.kind === 'spike') return c.spike(money(anomaly.amount), money(anomaly.mean));
    if (anomaly.kind === 'overBudget') return c.overBudget(money(anomaly.monthToDate), money(anomaly.budget));
    return c.projectedOverrun(money(anomaly.projected), money(anomaly.budget));
  });

  const footer = [c.footerUtc];
  if (settings.excludedRecordTypes.length > 0) footer.push(c.footerExcluded(settings.excludedRecordTypes.join(', ')));
  footer.push(c.footerMetric(settings.metric, requests));
  if (settings.displayCurrency) {
    footer.push(c.footerCurrency(settings.displayCurrency.code, String(settings.displayCurrency.rate), report.unit));
  }
  const base = {
    severity: report.severity,
    severityLabel: m.severity[report.severity],
    subject: subject(report, ascii),
    actionsHeading: m.whatToDo,
    link: { label: c.openCostExplorer, url: costExplorerUrl() },
    footer,
    shortText: c.sms(report.reportDay, money(y.amount), money(report.monthToDate)),
    chart: {
      caption: c.field.trend(report.sparkline.start, report.sparkline.end),
      values: report.sparkline.amounts,
      unit: report.unit,
    },
    data: { type: 'costDigest', requests, report },
  };

  const planned = planParts(account, report, c, money);
  if (report.zeroSpend && report.anomalies.length === 0) {
    return {
      ...base,
      title: c.zeroTitle(month),
      summary: c.zeroSummary,
      fields: [
        ...planned.fields,
        { label: c.field.trend(report.sparkline.start, report.sparkline.end), value: report.sparkline.bars },
      ],
      ...(planned.details.length > 0 ? { details: planned.details } : {}),
      actions: planned.actions,
    };
  }

  const fields: NotificationField[] = [
    ...planned.fields,
    { label: c.field.yesterday(report.reportDay), value: `${money(y.amount)}${y.estimated ? ` ${c.estimated}` : ''}` },
    { label: c.field.vsDayBefore, value: signed(y.changeVsDayBefore, y.dayBefore, c) },
    { label: c.field.vsSevenDays, value: signed(y.changeVsSevenDayAverage, y.sevenDayAverage, c) },
    {
      label: report.monthComplete ? c.field.monthTotal(month) : c.field.monthToDate(month),
      value: `${money(report.monthToDate)}${report.monthToDateEstimated ? ` ${c.estimated}` : ''}`,
    },
  ];
  if (report.creditsApplied !== undefined) {
    const left = Math.max(0, report.monthToDate - report.creditsApplied);
    fields.push({ label: c.creditsAppliedLabel, value: c.creditsApplied(money(report.creditsApplied), money(left)) });
  }
  if (!report.monthComplete) fields.push({ label: c.field.forecast, value: forecastText(report, c, money) });
  if (report.budget) {
    const { budget } = report;
    const projected = budget.projectedPercent !== undefined ? `${budget.projectedPercent.toFixed(0)}%` : undefined;
    fields.push({
      label: c.field.budget,
      value: c.budgetLine(`${budget.usedPercent.toFixed(0)}%`, money(budget.amount), projected),
    });
    if (budget.crossing) {
      fields.push({
        label: c.field.budgetCrossing,
        value: budget.crossing.already ? c.crossedOn(budget.crossing.date) : c.wouldCross(budget.crossing.date),
      });
    }
  }
  fields.push({ label: c.field.trend(report.sparkline.start, report.sparkline.end), value: report.sparkline.bars });

  const details: NotificationDetail[] = [...planned.details];
  if (extras.awsAnomalies && extras.awsAnomalies.length > 0) {
    details.push({
      heading: c.awsAnomaliesHeading(extras.awsAnomalies.length),
      lines: extras.awsAnomalies.slice(0, 5).map((anomaly) => {
        const cause = [
          anomaly.rootCause?.service ?? anomaly.service,
          anomaly.rootCause?.region,
          anomaly.rootCause?.usageType,
        ]
          .filter(Boolean)
          .join(', ');
        return c.awsAnomalyLine(cause || c.awsAnomalyUnknown, money(anomaly.impact), anomaly.start);
      }),
      link: { label: c.openAnomalies, url: anomalyDetectionUrl() },
    });
  }
  const plus = (amount: number) => `${amount < 0 ? '-' : '+'}${money(Math.abs(amount))}`;
  if (extras.billMove) {
    const { service, movers, starters, unavailable } = extras.billMove;
    const lines = [c.whyService(money(service.amount), money(service.usual))];
    for (const mover of movers) {
      const what = mover.detail ?? mover.kind;
      const started = mover.startedBy.map((starter) =>
        c.whyStartedBy(principalName(starter.principal), starter.firstSeen.slice(5, 10), starter.sourceIp),
      );
      lines.push(c.whyMover(plus(mover.change), what, mover.region || '-', mover.kind, started));
    }
    if (unavailable) lines.push(c.whyUnavailable);
    else if (starters === 'none') lines.push(c.whyNoStarter);
    else if (starters === 'unavailable') lines.push(c.whyTrailUnavailable);
    details.push({ heading: c.whyHeading(service.name, plus(service.change)), lines });
  }
  if (extras.monthComparison) {
    const comparison = extras.monthComparison;
    const lines: string[] = [];
    if (comparison.total) {
      const { before, after, difference } = comparison.total;
      lines.push(c.monthTotal(money(after), money(before), signed(difference, before, c)));
    }
    for (const line of comparison.services) {
      lines.push(
        c.monthService(line.name, money(line.after), money(line.before), signed(line.difference, line.before, c)),
      );
    }
    for (const driver of comparison.drivers) {
      const what = [driver.service, driver.type.toLowerCase().replaceAll('_', ' '), driver.name]
        .filter(Boolean)
        .join(', ');
      lines.push(c.monthDriver(what, plus(driver.difference)));
    }
    if (lines.length > 0) {
      details.push({
        heading: c.monthHeading(
          monthName(`${comparison.month}-01`, settings.locale),
          monthName(`${comparison.baselineMonth}-01`, settings.locale),
        ),
        lines,
      });
    }
  }
  if (report.topServices.length > 0) {
    const rows = report.topServices.map((line) => ({
      name: line.name,
      amount: money(line.amount),
      share: `${(line.share * 100).toFixed(0)}%`,
      change: signed(line.change, line.amount - line.change, c),
    }));
    if (report.others) {
      rows.push({
        name: c.others(report.others.count),
        amount: money(report.others.amount),
        share: `${(report.others.share * 100).toFixed(0)}%`,
        change: '',
      });
    }
    // One line a service: it reads the same in a proportional font, in email and in Slack.
    details.push({
      heading: c.topServices(report.topServices.length, report.reportDay),
      lines: rows.map((row) => `${row.name}: ${row.amount} (${row.share})${row.change ? `, ${row.change}` : ''}`),
    });
  }
  if (report.newServices.length > 0) {
    details.push({
      heading: c.newServices,
      lines: report.newServices.map((service) => `${service.name}: ${money(service.amount)}`),
    });
  }

  const actions: string[] = [];
  if (report.anomalies.some((anomaly) => anomaly.kind === 'spike')) actions.push(c.actionSpike);
  if (report.newServices.length > 0) actions.push(c.actionNewService);
  if (report.anomalies.some((anomaly) => anomaly.kind !== 'spike')) actions.push(c.actionBudget);
  actions.push(...planned.actions);

  return {
    ...base,
    title: report.monthComplete ? c.titleMonthEnded(month) : c.title(report.reportDay),
    summary: reasons.length > 0 ? reasons.join(' ') : c.normalSummary,
    fields,
    details,
    actions,
  };
}

/** "alice" for arn:aws:iam::…:user/alice, "role/session" for an assumed role: who, as a person reads it. */
function principalName(principal: string): string {
  const resource = principal.split(':').slice(5).join(':');
  if (!resource) return principal;
  return resource.replace(/^(user|assumed-role|federated-user|role)\//, '') || principal;
}
