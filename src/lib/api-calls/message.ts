import type { CapacityQuote } from '../cost/prices.js';
import { HOURS_PER_MONTH } from '../cost/prices.js';
import type { DisplaySettings } from '../display.js';
import { placeText } from '../geo/place-text.js';
import { API_CALL_MESSAGES } from '../i18n/api-calls.js';
import { asciiSubject, en } from '../i18n/en.js';
import { HISTORY_MESSAGES } from '../i18n/history.js';
import { type Locale, messagesFor } from '../i18n/index.js';
import type { Notification, NotificationField } from '../notify/notification.js';
import type { Severity } from '../notify/severity.js';
import { truncate } from '../notify/text.js';
import { summarizeUserAgent } from '../signin/user-agent.js';
import { formatLocalAndUtc } from '../time.js';
import type { ApiCall } from './api-call.js';
import type { Detection } from './catalogue.js';

/** A burst the history folded this call into: how many calls of the detection, since when, some examples. */
export interface BurstSummary {
  count: number;
  since: string;
  examples: string[];
}

/**
 * Builds the channel-neutral notification for one API call and the detections it triggered (the first,
 * most severe, names it) and what it acted on (`target`, from targetOf). Pure: no I/O, no clock. A failed call
 * is an attempt, never reported as done.
 */
export function buildApiCallNotification(
  call: ApiCall,
  hits: readonly Detection[],
  severity: Severity,
  display: DisplaySettings,
  burst?: BurstSummary,
  target?: string,
  price?: CapacityQuote,
): Notification {
  const [detection, ...others] = hits;
  if (!detection) throw new Error('buildApiCallNotification needs at least one detection');
  const locale = display.locale;
  const m = messagesFor(locale);
  const l = API_CALL_MESSAGES[locale];
  const place = HISTORY_MESSAGES[locale];
  const failed = call.outcome.status === 'failed' ? call.outcome : undefined;
  const base = detection.title[locale];
  const headline = failed ? l.attempt(base, failed.errorCode) : base;
  const title = burst ? l.burst(burst.count, headline) : headline;
  const time = call.eventTime ? formatLocalAndUtc(new Date(call.eventTime), display.timeZone) : m.notRecorded;
  const fields: NotificationField[] = [
    {
      label: l.who,
      value: call.principal.arn ? `${call.principal.displayName} (${call.principal.arn})` : call.principal.displayName,
    },
    { label: l.action, value: `${call.eventSource} ${call.eventName}` },
  ];
  if (target) fields.push({ label: l.target, value: target });
  const cost = price && costIfLeftRunning(price, locale);
  if (cost) fields.push({ label: l.priceLabel, value: cost.summary });
  fields.push(
    {
      label: l.outcome,
      // Authorization failures carry kilobytes of encoded detail; the first sentence is what helps.
      value: failed
        ? l.failed(failed.errorCode, failed.errorMessage && truncate(failed.errorMessage, 200))
        : l.succeeded,
    },
    { label: m.field.account, value: call.accountId ?? m.notRecorded },
    { label: l.region, value: call.region ?? m.notRecorded },
    { label: m.field.sourceIp, value: placeText(call.source, place, locale, m.notRecorded) },
    { label: m.field.time, value: time },
  );
  if (call.principal.accessKeyId) fields.push({ label: l.accessKey, value: call.principal.accessKeyId });
  if (call.userAgent) fields.push({ label: l.program, value: summarizeUserAgent(call.userAgent, m.userAgent) });
  if (others.length > 0) fields.push({ label: l.also, value: others.map((other) => other.title[locale]).join('; ') });

  const actions = [detection.action[locale]];
  // Long-lived keys (AKIA…) are what leak; temporary ones (ASIA…) expire by themselves.
  if (call.principal.accessKeyId?.startsWith('AKIA') && call.principal.type !== 'Root') {
    actions.push(l.rotateKey(call.principal.accessKeyId));
  }
  actions.push(m.action.reviewUnknown);

  const details = [
    ...(cost ? [{ heading: l.priceLabel, lines: cost.lines }] : []),
    ...(burst
      ? [
          {
            heading: l.burstHeading,
            lines: [
              l.burstLine(burst.count, formatLocalAndUtc(new Date(burst.since), display.timeZone)),
              ...(burst.examples.length > 0 ? [l.examples(burst.examples.join(', '))] : []),
            ],
          },
        ]
      : []),
  ];
  const consoleLink = detection.consoleUrl?.(call);
  const country = call.source.kind === 'public' ? call.source.country : undefined;
  const asciiTitle = `${failed ? `Attempted (${failed.errorCode}): ` : ''}${burst ? `${burst.count}x ` : ''}${detection.title.en}`;
  const subjectWho = call.principal.displayName;
  const subject = `[${en.severity[severity]}] ${asciiTitle} by ${subjectWho} in ${call.accountId ?? asciiSubject.unknown}${
    call.region ? ` ${call.region}` : ''
  }${call.sourceIp ? ` from ${call.sourceIp}${country ? ` (${country})` : ''}` : ''}`;
  const severityLabel = m.severity[severity];
  return {
    severity,
    severityLabel,
    title,
    subject,
    summary: failed ? `${detection.why[locale]} ${l.attemptNote}` : detection.why[locale],
    fields,
    actions,
    actionsHeading: m.whatToDo,
    details: details.length > 0 ? details : undefined,
    link: consoleLink
      ? { label: l.openInConsole, url: consoleLink }
      : call.consoleUrl
        ? { label: m.openInCloudTrail, url: call.consoleUrl }
        : undefined,
    footer: [
      l.footer(detection.id, call.eventName, call.eventId ?? '-'),
      ...(consoleLink && call.consoleUrl ? [`${m.openInCloudTrail}: ${call.consoleUrl}`] : []),
    ],
    // A burst is one detection by one principal: its alerts share a thread where a channel threads.
    thread: `${detection.id}:${call.principal.arn ?? call.principal.displayName}`,
    shortText: m.sms(severityLabel, title, call.sourceIp ?? m.notRecorded),
    data: {
      type: 'apiCall',
      severity,
      detections: hits.map((hit) => hit.id),
      burst,
      ...(price?.usdPerHour !== undefined ? { usdPerHour: Math.round(price.usdPerHour * 1000) / 1000 } : {}),
      call: { ...call, requestParameters: undefined, responseElements: undefined },
    },
  };
}

/**
 * "g5.12xlarge × 4 in eu-west-1: about $22.68 an hour, $16,556 a month": each line of what the call started
 * with its price (or why it has none), the total when there are several, and where the prices come from.
 */
function costIfLeftRunning(quote: CapacityQuote, locale: Locale): { summary: string; lines: string[] } | undefined {
  if (quote.lines.length === 0) return undefined;
  const l = API_CALL_MESSAGES[locale];
  const intl = messagesFor(locale).intlLocale;
  const usd = (amount: number, digits: number) =>
    new Intl.NumberFormat(intl, {
      style: 'currency',
      currency: 'USD',
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(amount);
  const hour = (amount: number) => usd(amount, amount < 1 ? 3 : 2);
  const month = (amount: number) => usd(amount * HOURS_PER_MONTH, amount * HOURS_PER_MONTH < 100 ? 2 : 0);
  const lines = quote.lines.map(({ capacity, unitUsdPerHour, reason, error }) => {
    const what = `${capacity.types.join(' | ')}${capacity.count > 1 ? ` \u00d7 ${capacity.count}` : ''} in ${capacity.region}`;
    if (unitUsdPerHour === undefined) {
      const gap = reason === 'error' ? l.priceGap.error(error ?? 'Error') : l.priceGap[reason ?? 'no-price'];
      return l.priceUnknown(what, gap);
    }
    const total = unitUsdPerHour * capacity.count;
    return l.price(what, hour(total), month(total));
  });
  const total = quote.usdPerHour;
  const summary =
    quote.lines.length === 1 || total === undefined
      ? (lines[0] as string)
      : quote.complete
        ? l.priceTotal(hour(total), month(total))
        : l.priceAtLeast(hour(total), month(total));
  // One line is the field itself; several are listed under it.
  const source = quote.lines.some(({ capacity }) => capacity.kind === 'ec2') ? l.priceSourceEc2 : l.priceSource;
  return { summary, lines: [...(lines.length > 1 ? lines : []), source] };
}
