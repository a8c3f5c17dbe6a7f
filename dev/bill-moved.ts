import type { ResultByTime } from '@aws-sdk/client-cost-explorer';
import { addDays, dateRange } from '../src/lib/cost/dates.js';

/**
 * A day the bill moved, as Cost Explorer would answer it: EC2 at about a dollar a day through November 2026, a
 * g5.xlarge started in us-west-2 on the evening of the 27th (six hours billed), then a whole day of it on the
 * 28th; S3 steady. The digest of the 29th reports the 28th.
 */

export const SPIKE_TODAY = '2026-11-29';
export const SPIKE_DAY = '2026-11-28';
export const EC2 = 'Amazon Elastic Compute Cloud - Compute';

const g5 = (date: string) => (date === SPIKE_DAY ? 24.14 : date === addDays(SPIKE_DAY, -1) ? 6.04 : 0);

/** The digest's own request: daily cost by service. */
export function spikeDailyResults(): ResultByTime[] {
  return dateRange('2026-11-01', SPIKE_TODAY).map((date) => ({
    TimePeriod: { Start: date, End: addDays(date, 1) },
    Total: {},
    Groups: [
      { Keys: [EC2], Metrics: { UnblendedCost: { Amount: String(1 + g5(date)), Unit: 'USD' } } },
      { Keys: ['Amazon Simple Storage Service'], Metrics: { UnblendedCost: { Amount: '0.5', Unit: 'USD' } } },
    ],
    Estimated: date === SPIKE_DAY,
  }));
}

/** What the trail's saved query capacity-started answers for that week: alice's launch on the 27th. */
export const ALICE_STARTED = {
  region: 'us-west-2',
  event_name: 'RunInstances',
  resource_type: 'g5.xlarge',
  principal: 'arn:aws:iam::218007301253:user/alice',
  source_ip: '203.0.113.5',
  first_seen: '2026-11-27T18:02:11Z',
  calls: '1',
};

/** The breakdown request: EC2 of the report day and the seven before, by usage type and region. */
export function spikeBreakdown(): { ResultsByTime: ResultByTime[] } {
  return {
    ResultsByTime: dateRange(addDays(SPIKE_DAY, -7), SPIKE_TODAY).map((date) => ({
      TimePeriod: { Start: date, End: addDays(date, 1) },
      Total: {},
      Groups: [
        { Keys: ['USW2-BoxUsage:t3.micro', 'us-west-2'], Metrics: { UnblendedCost: { Amount: '1.0', Unit: 'USD' } } },
        ...(g5(date) > 0
          ? [
              {
                Keys: ['USW2-BoxUsage:g5.xlarge', 'us-west-2'],
                Metrics: { UnblendedCost: { Amount: String(g5(date)), Unit: 'USD' } },
              },
            ]
          : []),
      ],
      Estimated: date === SPIKE_DAY,
    })),
  };
}
