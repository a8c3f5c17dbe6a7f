/**
 * What the stack tells its owner about itself and about money, read from what AWS sends: a CloudWatch
 * alarm's state change (EventBridge) or an AWS Budgets notification (SNS, plain text). Never throws;
 * an SNS message it cannot read is still passed on, as a plain notice, so nothing is lost.
 */

export type HealthEvent =
  | {
      kind: 'alarm';
      alarmName: string;
      region?: string;
      account?: string;
      time?: string;
      state: string;
      reason?: string;
      description?: string;
      /** The dead-letter queue the alarm watches, from its metric's dimensions. */
      queueName?: string;
    }
  | {
      kind: 'budget';
      budgetName: string;
      /** "ACTUAL" or "FORECASTED" today; any other word AWS adds later is shown as it is. */
      alertType: string;
      budgetedAmount?: string;
      threshold?: string;
      amount?: string;
      time?: string;
      account?: string;
    }
  | { kind: 'notice'; subject?: string; message: string; time?: string };

type Fields = Record<string, unknown>;

const asFields = (value: unknown): Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : {};
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

function parseAlarm(event: Fields): HealthEvent | undefined {
  const detail = asFields(event.detail);
  const alarmName = text(detail.alarmName);
  if (!alarmName) return undefined;
  const state = asFields(detail.state);
  const configuration = asFields(detail.configuration);
  const metrics = Array.isArray(configuration.metrics) ? configuration.metrics : [];
  const dimensions = asFields(asFields(asFields(asFields(metrics[0]).metricStat).metric).dimensions);
  return {
    kind: 'alarm',
    alarmName,
    region: text(event.region),
    account: text(event.account),
    time: text(state.timestamp) ?? text(event.time),
    state: text(state.value) ?? 'UNKNOWN',
    reason: text(state.reason),
    description: text(configuration.description),
    queueName: text(dimensions.QueueName),
  };
}

/** The "Name: value" lines of an AWS Budgets notification. */
function parseBudget(message: string, time: string | undefined): HealthEvent | undefined {
  const lines = new Map<string, string>();
  for (const line of message.split('\n')) {
    const match = /^([A-Za-z ]+):\s*(.+)$/.exec(line.trim());
    if (match?.[1] && match[2]) lines.set(match[1].trim().toLowerCase(), match[2].trim());
  }
  const budgetName = lines.get('budget name');
  const alertType = lines.get('alert type');
  if (!budgetName || !alertType) return undefined;
  return {
    kind: 'budget',
    budgetName,
    alertType,
    budgetedAmount: lines.get('budgeted amount'),
    threshold: lines.get('alert threshold'),
    amount: lines.get(`${alertType.toLowerCase()} amount`),
    time,
    account: /AWS Account (\d{12})/.exec(message)?.[1],
  };
}

/** Every health event in what the function received. */
export function parseHealthEvents(input: unknown): HealthEvent[] {
  const event = asFields(input);
  if (event['detail-type'] === 'CloudWatch Alarm State Change') {
    const alarm = parseAlarm(event);
    return alarm ? [alarm] : [];
  }
  const records = Array.isArray(event.Records) ? event.Records : [];
  return records.flatMap((record): HealthEvent[] => {
    const sns = asFields(asFields(record).Sns);
    const message = typeof sns.Message === 'string' ? sns.Message : '';
    if (!message) return [];
    const subject = text(sns.Subject);
    const time = text(sns.Timestamp);
    return [parseBudget(message, time) ?? { kind: 'notice', subject, message, time }];
  });
}
