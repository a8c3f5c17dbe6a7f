import { DEFAULT_QUERY_REGIONS, isKnownRegion } from './settings.js';

/**
 * Regions where AWS records console sign-ins away from a given home region:
 * root sign-ins land in us-east-1; IAM users through the global endpoint in us-east-1, us-east-2,
 * eu-north-1 or ap-southeast-2 (whichever is nearest to them); regional endpoints in their own region.
 */
export const DEFAULT_FORWARD_REGIONS = ['us-east-1', 'us-east-2', 'eu-north-1', 'ap-southeast-2'] as const;

/**
 * `all` (the default): every region an account has without opting in, because stolen keys launch
 * instances wherever nobody looks; `signin`: only the four regions where console sign-ins are recorded.
 */
export type ForwardingScope = 'all' | 'signin';

export interface ForwardingPlan {
  homeRegion: string;
  scope: ForwardingScope;
  /** Regions that get a forwarding stack, without the home region, without repeats. */
  regions: string[];
}

/** Works out which regions forward to the home region; throws an error naming a region the SDK does not know (xx-yy-1). */
export function planForwarding(
  homeRegion: string,
  extraRegions: readonly string[] = [],
  scope: ForwardingScope = 'all',
): ForwardingPlan {
  for (const region of [homeRegion, ...extraRegions]) {
    if (!isKnownRegion(region)) throw new Error(`"${region}" is not an AWS region such as ap-northeast-1`);
  }
  const base = scope === 'all' ? DEFAULT_QUERY_REGIONS : DEFAULT_FORWARD_REGIONS;
  const regions = [...new Set([...base, ...extraRegions])].filter((region) => region !== homeRegion);
  return { homeRegion, scope, regions };
}

/** Prices in us-east-1 (2026): CloudWatch alarms beyond the free 10, and events sent to another region. */
const ALARM_MONTHLY_USD = 0.1;
const FREE_ALARMS = 10;
const CROSS_REGION_EVENT_USD = 1 / 1_000_000;

/** The CloudWatch alarms of the built templates: the main stack's, and one forwarding stack's. */
export interface StackAlarms {
  home: number;
  perForwardingRegion: number;
}

/** The number of AWS::CloudWatch::Alarm resources in a CloudFormation template. */
export function countAlarms(template: { Resources?: Record<string, { Type?: unknown }> }): number {
  return Object.values(template.Resources ?? {}).filter((resource) => resource.Type === 'AWS::CloudWatch::Alarm')
    .length;
}

/**
 * The monthly cost of a plan: rules are free; the alarms of the main stack and of every forwarding stack
 * (counted in the built templates) cost $0.10 a month each beyond CloudWatch's free 10 (the account's
 * allowance, shared by every region); every forwarded event costs $1 per million.
 */
export function forwardingMonthlyCost(
  plan: ForwardingPlan,
  forwardedEventsPerMonth: number,
  stackAlarms: StackAlarms,
): {
  alarms: number;
  alarmsUsd: number;
  eventsUsd: number;
  totalUsd: number;
} {
  const alarms = stackAlarms.home + stackAlarms.perForwardingRegion * plan.regions.length;
  const alarmsUsd = Math.max(0, alarms - FREE_ALARMS) * ALARM_MONTHLY_USD;
  const eventsUsd = forwardedEventsPerMonth * CROSS_REGION_EVENT_USD;
  return { alarms, alarmsUsd, eventsUsd, totalUsd: alarmsUsd + eventsUsd };
}
