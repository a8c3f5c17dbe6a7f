import { describe, expect, it } from 'vitest';
import { doctorExitCode, doctorOrder, supportsColor } from '../../../scripts/doctor-report.js';
import type { CheckResult } from '../../../src/lib/hygiene/checks.js';

const entry = (
  id: CheckResult['id'],
  status: CheckResult['status'],
  severity: CheckResult['severity'],
): CheckResult => ({
  id,
  status,
  severity,
  facts: {},
});

describe('doctor output', () => {
  it('colours only a terminal, never with NO_COLOR or TERM=dumb, and always with FORCE_COLOR', () => {
    expect(supportsColor({ isTTY: true }, {})).toBe(true);
    expect(supportsColor({ isTTY: false }, {})).toBe(false);
    expect(supportsColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(supportsColor({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
    expect(supportsColor({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(supportsColor({ isTTY: true }, { FORCE_COLOR: '1', NO_COLOR: 'x' })).toBe(false);
  });

  it('lists failures most severe first, then what could not be checked, information, and passes', () => {
    const ordered = doctorOrder([
      entry('root-mfa', 'pass', 'critical'),
      entry('password-policy', 'fail', 'low'),
      entry('guardduty', 'info', 'info'),
      entry('budget', 'unknown', 'medium'),
      entry('trail-logging', 'fail', 'high'),
    ]);
    expect(ordered.map((result) => result.id)).toEqual([
      'trail-logging',
      'password-policy',
      'budget',
      'guardduty',
      'root-mfa',
    ]);
  });

  it('exits 1 only for a failed critical or high check; medium failures and could-not-check exit 0', () => {
    expect(doctorExitCode([entry('budget', 'fail', 'medium'), entry('root-mfa', 'unknown', 'critical')])).toBe(0);
    expect(doctorExitCode([entry('trail-logging', 'fail', 'high')])).toBe(1);
    expect(doctorExitCode([entry('root-access-keys', 'fail', 'critical')])).toBe(1);
  });
});
