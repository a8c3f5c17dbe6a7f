import { describe, expect, it } from 'vitest';
import { countAlarms, forwardingMonthlyCost, planForwarding } from '../../../src/lib/forwarding-plan.js';
import { DEFAULT_QUERY_REGIONS } from '../../../src/lib/settings.js';

describe('planForwarding', () => {
  it('forwards from every region an account has by default, leaving out the home region', () => {
    const plan = planForwarding('ap-northeast-1');
    expect(plan.regions).toHaveLength(DEFAULT_QUERY_REGIONS.length - 1);
    expect(plan.regions).not.toContain('ap-northeast-1');
    // Global services (IAM, STS, Organizations) are recorded in us-east-1: it must always forward.
    expect(plan.regions).toContain('us-east-1');
  });

  it('with --scope signin, forwards only from the four global-endpoint sign-in regions', () => {
    expect(planForwarding('us-east-1', [], 'signin').regions).toEqual(['us-east-2', 'eu-north-1', 'ap-southeast-2']);
  });

  it('adds the opt-in regions a user names, once each', () => {
    const plan = planForwarding('ap-northeast-1', ['ap-northeast-1', 'ap-east-1', 'ap-east-1'], 'signin');
    expect(plan.regions).toEqual(['us-east-1', 'us-east-2', 'eu-north-1', 'ap-southeast-2', 'ap-east-1']);
  });

  it('rejects a malformed region, and a well-formed one AWS does not have, with its name', () => {
    expect(() => planForwarding('us-east-1', ['tokyo'])).toThrow('"tokyo" is not an AWS region');
    expect(() => planForwarding('us-east-1', ['xx-yy-1'])).toThrow('"xx-yy-1" is not an AWS region');
    expect(() => planForwarding('us-east-9')).toThrow('"us-east-9" is not an AWS region');
  });
});

describe('forwardingMonthlyCost', () => {
  it('prices the alarms the templates hold beyond CloudWatch\u2019s free ten, and the forwarded events', () => {
    const alarms = { home: 3, perForwardingRegion: 1 };
    const all = forwardingMonthlyCost(planForwarding('us-east-1'), 3000, alarms);
    expect(all).toMatchObject({ alarms: 19 });
    expect(all.alarmsUsd).toBeCloseTo(0.9);
    expect(all.eventsUsd).toBeCloseTo(0.003);
    expect(forwardingMonthlyCost(planForwarding('us-east-1', [], 'signin'), 0, alarms).totalUsd).toBe(0);
    expect(
      forwardingMonthlyCost(planForwarding('us-east-1'), 0, { home: 3, perForwardingRegion: 2 }).alarmsUsd,
    ).toBeCloseTo(2.5);
  });

  it('counts the alarms of a template', () => {
    expect(
      countAlarms({
        Resources: {
          A: { Type: 'AWS::CloudWatch::Alarm' },
          B: { Type: 'AWS::SQS::Queue' },
          C: { Type: 'AWS::CloudWatch::Alarm' },
        },
      }),
    ).toBe(2);
    expect(countAlarms({})).toBe(0);
  });
});
