/** Severities from least to most serious; the order is the array order. */
export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Position of a severity in SEVERITIES, for comparisons. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** True when `severity` is at least `threshold`. */
export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) >= severityRank(threshold);
}

/** One step less serious, never below info. */
export function lowerSeverity(severity: Severity): Severity {
  return SEVERITIES[Math.max(0, severityRank(severity) - 1)] ?? 'info';
}

/** One step more serious, never above critical. */
export function raiseSeverity(severity: Severity): Severity {
  return SEVERITIES[Math.min(SEVERITIES.length - 1, severityRank(severity) + 1)] ?? 'critical';
}

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

/** Each severity's colour, the same on every channel (Slack's bar, the email's band, Discord's embed, LINE's header). */
export const SEVERITY_COLOURS: Record<Severity, string> = {
  critical: '#B71C1C',
  high: '#E65100',
  medium: '#F9A825',
  low: '#1565C0',
  info: '#9E9E9E',
};
