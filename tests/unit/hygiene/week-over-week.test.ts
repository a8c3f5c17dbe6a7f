import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../src/lib/hygiene/checks.js';
import { compareWithLastWeek, rememberedFrom } from '../../../src/lib/hygiene/week-over-week.js';

const entry = (id: CheckResult['id'], status: CheckResult['status']): CheckResult => ({
  id,
  status,
  severity: 'high',
  facts: {},
});

describe('compareWithLastWeek', () => {
  it('names what was fixed and what is new; a check that could not be read last week and fails now is new', () => {
    const now = [
      entry('root-mfa', 'pass'),
      entry('budget', 'fail'),
      entry('trail-logging', 'fail'),
      entry('guardduty', 'info'),
    ];
    const previous = {
      checkedAt: '2026-11-23T00:00:00.000Z',
      statuses: { 'root-mfa': 'fail', budget: 'unknown', 'trail-logging': 'fail' } as const,
    };
    expect(compareWithLastWeek(now, previous)).toEqual({
      memory: 'compared',
      previousAt: '2026-11-23T00:00:00.000Z',
      fixed: ['root-mfa'],
      added: ['budget'],
    });
  });

  it('says first when nothing is remembered and unavailable when the memory could not be read, with no changes', () => {
    const now = [entry('budget', 'fail')];
    expect(compareWithLastWeek(now, undefined)).toEqual({ memory: 'first', fixed: [], added: [] });
    expect(compareWithLastWeek(now, 'unavailable')).toEqual({ memory: 'unavailable', fixed: [], added: [] });
  });

  it('remembers each check by its status', () => {
    expect(rememberedFrom([entry('budget', 'fail'), entry('root-mfa', 'pass')], 'T')).toEqual({
      checkedAt: 'T',
      statuses: { budget: 'fail', 'root-mfa': 'pass' },
    });
  });
});
