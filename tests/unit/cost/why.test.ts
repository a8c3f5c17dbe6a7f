import { describe, expect, it } from 'vitest';
import { EC2, SPIKE_DAY, spikeBreakdown, spikeDailyResults } from '../../../dev/bill-moved.js';
import { parseResultsByTime } from '../../../src/lib/cost/cost-explorer.js';
import {
  breakdownRequest,
  movingService,
  parseUsageType,
  type Starter,
  startersFromRows,
  startersOf,
  usageMovers,
} from '../../../src/lib/cost/why.js';

/** Why the bill moved: which service, which usage types, and who started them. */

describe('the service that moved the bill', () => {
  it('is the one furthest above its mean of the seven days before', () => {
    const days = parseResultsByTime(spikeDailyResults(), 'UnblendedCost');
    const service = movingService(days, SPIKE_DAY);
    expect(service?.name).toBe(EC2);
    expect(service?.amount).toBeCloseTo(25.14, 6);
    // The 21st to the 27th: six dollars of g5 on the 27th over seven days of a dollar.
    expect(service?.usual).toBeCloseTo(1 + 6.04 / 7, 6);
    expect(movingService(days, '2026-12-05')).toBeUndefined();
  });

  it('asks Cost Explorer for that service alone, by usage type and region, over eight days', () => {
    expect(breakdownRequest(EC2, SPIKE_DAY, 'UnblendedCost')).toEqual({
      TimePeriod: { Start: '2026-11-21', End: '2026-11-29' },
      Granularity: 'DAILY',
      Metrics: ['UnblendedCost'],
      Filter: { Dimensions: { Key: 'SERVICE', Values: [EC2] } },
      GroupBy: [
        { Type: 'DIMENSION', Key: 'USAGE_TYPE' },
        { Type: 'DIMENSION', Key: 'REGION' },
      ],
    });
  });
});

describe('usage types', () => {
  it('reads the kind and the instance type, without the region prefix', () => {
    expect(parseUsageType('USW2-BoxUsage:g5.xlarge')).toEqual({ kind: 'BoxUsage', detail: 'g5.xlarge' });
    expect(parseUsageType('APN1-InstanceUsage:db.r6g.large')).toEqual({
      kind: 'InstanceUsage',
      detail: 'db.r6g.large',
    });
    expect(parseUsageType('NatGateway-Hours')).toEqual({ kind: 'NatGateway-Hours' });
    expect(parseUsageType('EUC1-NatGateway-Hours')).toEqual({ kind: 'NatGateway-Hours' });
    expect(parseUsageType('BoxUsage:t3.micro')).toEqual({ kind: 'BoxUsage', detail: 't3.micro' });
  });

  it('names what moved, against its own usual, and leaves out what did not move', () => {
    const movers = usageMovers(spikeBreakdown().ResultsByTime, SPIKE_DAY, 'UnblendedCost');
    expect(movers).toHaveLength(1);
    expect(movers[0]).toMatchObject({ usageType: 'USW2-BoxUsage:g5.xlarge', region: 'us-west-2', detail: 'g5.xlarge' });
    expect(movers[0]?.change).toBeCloseTo(24.14 - 6.04 / 7, 6);
  });
});

describe('who started it', () => {
  const starter = (change: Partial<Starter>): Starter => ({
    region: 'us-west-2',
    eventName: 'RunInstances',
    resourceType: 'g5.xlarge',
    principal: 'arn:aws:iam::123456789012:user/alice',
    firstSeen: '2026-11-27T18:02:11Z',
    calls: 1,
    ...change,
  });
  const mover = usageMovers(spikeBreakdown().ResultsByTime, SPIKE_DAY, 'UnblendedCost')[0];

  it('matches the same type in the same region, and NAT gateway hours to CreateNatGateway', () => {
    if (!mover) throw new Error('no mover');
    const list = [
      starter({}),
      starter({ region: 'us-east-1' }),
      starter({ resourceType: 'g5.2xlarge' }),
      starter({ eventName: 'CreateNatGateway', resourceType: 'NAT Gateway' }),
    ];
    expect(startersOf(mover, list)).toEqual([list[0]]);
    const nat = {
      usageType: 'USW2-NatGateway-Hours',
      region: 'us-west-2',
      amount: 1.08,
      change: 1.08,
      kind: 'NatGateway-Hours',
    };
    expect(startersOf(nat, list)).toEqual([list[3]]);
  });

  it('reads the saved query\u2019s rows, and skips a row without who, where or when', () => {
    expect(
      startersFromRows([
        {
          region: 'us-west-2',
          event_name: 'RunInstances',
          resource_type: 'g5.xlarge',
          principal: 'arn:aws:iam::123456789012:user/alice',
          source_ip: '203.0.113.5',
          first_seen: '2026-11-27T18:02:11Z',
          calls: '2',
        },
        {
          region: 'us-west-2',
          event_name: 'RunInstances',
          resource_type: 'g5.xlarge',
          principal: null,
          first_seen: 'x',
        },
      ]),
    ).toEqual([starter({ sourceIp: '203.0.113.5', calls: 2 })]);
  });
});
