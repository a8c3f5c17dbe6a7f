import { budgetsUrl, sqsQueueUrl } from '../console-urls.js';
import type { DisplaySettings } from '../display.js';
import { asciiSubject, en } from '../i18n/en.js';
import { HEALTH_MESSAGES, HEALTH_SUBJECT } from '../i18n/health.js';
import { messagesFor } from '../i18n/index.js';
import type { Notification, NotificationField } from '../notify/notification.js';
import type { Severity } from '../notify/severity.js';
import { formatLocalAndUtc, parseEventTime } from '../time.js';
import type { HealthEvent } from './parse.js';

function when(time: string | undefined, display: DisplaySettings, notRecorded: string): string {
  // CloudWatch writes "2026-11-28T03:05:40.397+0000" and SNS "2026-11-28T01:01:38.638Z"; parseEventTime reads both.
  const parsed = parseEventTime(time);
  return parsed ? formatLocalAndUtc(parsed, display.timeZone) : notRecorded;
}

/** The notification for one health event: the stack's own alarms, and AWS Budgets alerts. Pure. */
export function buildHealthNotification(event: HealthEvent, display: DisplaySettings): Notification {
  const m = messagesFor(display.locale);
  const h = HEALTH_MESSAGES[display.locale];
  const base = { actionsHeading: m.whatToDo, footer: [] as string[] };

  if (event.kind === 'alarm') {
    const forwarding = /-forwarding-dead-letters-/.test(event.alarmName);
    const region = event.region ?? m.notRecorded;
    const severity: Severity = event.state === 'ALARM' ? 'high' : 'info';
    const title = forwarding
      ? h.forwardingTitle(region)
      : /-undelivered-notifications$/.test(event.alarmName)
        ? h.undeliveredTitle
        : h.alarmTitle(event.alarmName, event.state);
    const fields: NotificationField[] = [
      { label: h.field.alarm, value: event.alarmName },
      { label: h.field.region, value: region },
      { label: h.field.when, value: when(event.time, display, m.notRecorded) },
      ...(event.queueName ? [{ label: h.field.queue, value: event.queueName }] : []),
      ...(event.reason ? [{ label: h.field.reason, value: event.reason }] : []),
    ];
    const link =
      event.queueName && event.region && event.account
        ? { label: h.openQueue, url: sqsQueueUrl(event.region, event.account, event.queueName) }
        : undefined;
    return {
      ...base,
      severity,
      severityLabel: m.severity[severity],
      title,
      subject: HEALTH_SUBJECT.undelivered(
        en.severity[severity],
        forwarding ? HEALTH_MESSAGES.en.forwardingTitle(region) : HEALTH_MESSAGES.en.undeliveredTitle,
      ),
      summary: forwarding ? h.forwardingSummary : (event.description ?? h.undeliveredSummary),
      fields,
      actions: forwarding
        ? [h.actionForwarding(region), h.actionReadQueue]
        : [h.actionReadQueue, h.actionReadLogs, h.actionRedrive],
      ...(link ? { link } : {}),
      footer: [h.footer(`CloudWatch alarm ${event.alarmName}`)],
      shortText: title,
      data: { type: 'healthAlarm', event },
    };
  }

  if (event.kind === 'budget') {
    const forecast = event.alertType === 'FORECASTED';
    const severity: Severity = forecast ? 'medium' : 'high';
    const title = h.budgetTitle(event.budgetName, forecast);
    const unknown = m.notRecorded;
    return {
      ...base,
      severity,
      severityLabel: m.severity[severity],
      title,
      subject: HEALTH_SUBJECT.budget(
        en.severity[severity],
        event.budgetName,
        event.alertType,
        event.amount ?? asciiSubject.unknown,
        event.threshold ?? asciiSubject.unknown,
      ),
      summary: h.budgetSummary(event.amount ?? unknown, event.threshold ?? unknown, event.budgetedAmount ?? unknown),
      fields: [
        { label: h.field.budget, value: event.budgetName },
        { label: h.field.alertType, value: h.alertType(event.alertType) },
        { label: h.field.amount, value: event.amount ?? unknown },
        { label: h.field.threshold, value: event.threshold ?? unknown },
        { label: h.field.budgeted, value: event.budgetedAmount ?? unknown },
        { label: h.field.when, value: when(event.time, display, unknown) },
      ],
      actions: [h.actionBudget],
      link: { label: h.openBudgets, url: budgetsUrl() },
      footer: [h.footer('AWS Budgets')],
      shortText: title,
      data: { type: 'budgetAlert', event },
    };
  }

  return {
    ...base,
    severity: 'medium',
    severityLabel: m.severity.medium,
    title: event.subject ?? h.noticeTitle,
    subject: `[${en.severity.medium}] ${event.subject ?? HEALTH_MESSAGES.en.noticeTitle}`,
    summary: event.message,
    fields: [{ label: h.field.when, value: when(event.time, display, m.notRecorded) }],
    actions: [],
    footer: [h.footer('Amazon SNS')],
    shortText: event.subject ?? h.noticeTitle,
    data: { type: 'notice', event },
  };
}
