import { describe, expect, it } from 'vitest';
import { planForwarding } from '../../../scripts/forwarding-plan.js';

describe('planForwarding', () => {
  it('forwards from the four global-endpoint regions, leaving out the home region', () => {
    expect(planForwarding('us-east-1').regions).toEqual(['us-east-2', 'eu-north-1', 'ap-southeast-2']);
  });

  it('adds the regions a user names, once each, and all four defaults when home is elsewhere', () => {
    expect(planForwarding('ap-northeast-1', ['ap-northeast-1', 'eu-west-1', 'eu-west-1']).regions).toEqual([
      'us-east-1',
      'us-east-2',
      'eu-north-1',
      'ap-southeast-2',
      'eu-west-1',
    ]);
  });

  it('rejects a malformed region with its name', () => {
    expect(() => planForwarding('us-east-1', ['tokyo'])).toThrow('"tokyo" is not an AWS region name');
  });
});
