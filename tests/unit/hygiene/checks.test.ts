import { describe, expect, it } from 'vitest';
import {
  CHECK_IDS,
  type CheckResult,
  evaluateChecks,
  failuresOf,
  type HygieneFacts,
  hasSeriousFailure,
  type Probe,
} from '../../../src/lib/hygiene/checks.js';
import type { CredentialReportRow } from '../../../src/lib/hygiene/credential-report.js';

const NOW = '2026-11-30T00:00:00.000Z';
const ok = <T>(value: T): Probe<T> => ({ ok: true, value });
const daysAgo = (days: number) => new Date(Date.parse(NOW) - days * 86_400_000).toISOString();
const root: CredentialReportRow = {
  user: '<root_account>',
  arn: 'arn:aws:iam::1:root',
  mfaActive: true,
  accessKeys: [],
};

/** A healthy account's facts; each test changes one. */
function facts(change: Partial<HygieneFacts> = {}): HygieneFacts {
  return {
    checkedAt: NOW,
    homeRegion: 'ap-northeast-1',
    accountSummary: ok({ rootMfa: true, rootAccessKeys: false }),
    rootMfaKind: ok('virtual'),
    credentialReport: ok([root]),
    adminUsers: ok([]),
    identityCenter: ok([]),
    passwordPolicy: ok(true),
    trails: ok([
      {
        name: 'main',
        arn: 'arn:aws:cloudtrail:us-east-1:1:trail/main',
        multiRegion: true,
        organizationTrail: false,
        logFileValidation: true,
        status: { logging: true },
      },
    ]),
    budgets: ok(['monthly']),
    anomalyMonitors: ok(['services']),
    s3PublicAccessBlockOff: ok([]),
    ebsDefaultEncryption: ok(true),
    guardDuty: ok('none'),
    accessAnalyzers: ok([]),
    stack: {
      subscriptions: ok({ confirmed: 1, pending: 0 }),
      chatConfigured: false,
      deadLetters: ok([{ queue: 'dlq', messages: 0 }]),
      forwarding: ok({ expected: ['us-east-2'], missing: [] }),
      rules: ok({ rules: 5, disabled: [] }),
    },
    ...change,
  };
}

const HEALTHY_STACK = facts().stack as NonNullable<HygieneFacts['stack']>;
const result = (all: CheckResult[], id: string) => all.find((entry) => entry.id === id);
const user = (name: string, change: Partial<CredentialReportRow>): CredentialReportRow => ({
  user: name,
  arn: `arn:aws:iam::1:user/${name}`,
  created: daysAgo(400),
  mfaActive: true,
  accessKeys: [],
  ...change,
});

describe('evaluateChecks', () => {
  it('passes every check of a healthy account, one result per check in catalogue order; the optional services are info', () => {
    const results = evaluateChecks(facts());
    expect(results.map((entry) => entry.id)).toEqual([...CHECK_IDS]);
    expect(results.filter((entry) => entry.status !== 'pass').map((entry) => [entry.id, entry.status])).toEqual([
      ['admin-users', 'info'],
      ['guardduty', 'info'],
      ['access-analyzer', 'info'],
    ]);
    expect(result(results, 'root-mfa')?.facts.variant).toBe('virtual');
    expect(hasSeriousFailure(results)).toBe(false);
  });

  it('counts a key as old only after 90 days, and a credential never used from when it was made', () => {
    const report = ok([
      root,
      user('fresh', { accessKeys: [{ active: true, lastRotated: daysAgo(89), lastUsed: daysAgo(1) }] }),
      user('old', { accessKeys: [{ active: true, lastRotated: daysAgo(91), lastUsed: daysAgo(1) }] }),
      user('never-used-key', { accessKeys: [{ active: true, lastRotated: daysAgo(100) }] }),
      user('new-never-used', { accessKeys: [{ active: true, lastRotated: daysAgo(10) }] }),
      user('idle-password', { passwordEnabled: true, passwordLastUsed: daysAgo(120) }),
      user('new-password', { passwordEnabled: true, created: daysAgo(5) }),
    ]);
    const results = evaluateChecks(facts({ credentialReport: report }));
    expect(result(results, 'access-key-age')?.facts.names).toEqual(['old', 'never-used-key']);
    expect(result(results, 'unused-credentials')?.facts.names).toEqual(['never-used-key', 'idle-password']);
  });

  it('flags root used in the last week, by password or by key, with the latest date', () => {
    const recent = ok([
      { ...root, passwordLastUsed: daysAgo(30), accessKeys: [{ active: true, lastUsed: daysAgo(2) }] },
    ]);
    expect(result(evaluateChecks(facts({ credentialReport: recent })), 'root-recent-use')).toMatchObject({
      status: 'fail',
      severity: 'medium',
      facts: { date: daysAgo(2) },
    });
    const old = ok([{ ...root, passwordLastUsed: daysAgo(8) }]);
    expect(result(evaluateChecks(facts({ credentialReport: old })), 'root-recent-use')?.status).toBe('pass');
    expect(result(evaluateChecks(facts()), 'root-recent-use')?.facts.variant).toBe('never');
  });

  it('passes users-mfa when nobody has a console password, and names those without MFA otherwise', () => {
    const noConsole = ok([root, user('ci', { passwordEnabled: false, mfaActive: false })]);
    expect(result(evaluateChecks(facts({ credentialReport: noConsole })), 'users-mfa')?.facts.variant).toBe(
      'noConsoleUsers',
    );
    const mixed = ok([
      root,
      user('a', { passwordEnabled: true }),
      user('b', { passwordEnabled: true, mfaActive: false }),
    ]);
    expect(result(evaluateChecks(facts({ credentialReport: mixed })), 'users-mfa')).toMatchObject({
      status: 'fail',
      facts: { names: ['b'], count: 1 },
    });
  });

  it('passes the budget check when the stack creates the budget, and the email check when Slack carries the messages', () => {
    const results = evaluateChecks(
      facts({
        budgets: ok([]),
        stack: { ...HEALTHY_STACK, subscriptions: ok({ confirmed: 0, pending: 0 }), chatConfigured: true },
      }),
      { monthlyBudget: 20 },
    );
    expect(result(results, 'budget')).toMatchObject({ status: 'pass', facts: { variant: 'budgetSetting', count: 20 } });
    expect(result(results, 'email-subscription')?.facts.variant).toBe('chatOnly');
    const nobody = evaluateChecks(
      facts({ stack: { ...HEALTHY_STACK, subscriptions: ok({ confirmed: 0, pending: 0 }), chatConfigured: false } }),
    );
    expect(result(nobody, 'email-subscription')).toMatchObject({ status: 'fail', facts: { variant: 'nobody' } });
  });

  it('turns a probe that failed into could not check on every check that reads it, keeping the reason', () => {
    const denied: Probe<never> = {
      ok: false,
      problem: { kind: 'accessDenied', action: 'iam:GetCredentialReport', message: 'explicit deny' },
    };
    const results = evaluateChecks(facts({ credentialReport: denied }));
    const unknown = results.filter((entry) => entry.status === 'unknown').map((entry) => entry.id);
    expect(unknown).toEqual([
      'root-recent-use',
      'users-mfa',
      'identity-center',
      'access-key-age',
      'unused-credentials',
    ]);
    expect(result(results, 'users-mfa')?.problem).toEqual(denied.problem);
  });

  it('fails logging when the only multi-region trail is stopped, and when only a single-region trail exists', () => {
    const stopped = facts({
      trails: ok([
        {
          name: 'main',
          arn: 'a',
          multiRegion: true,
          organizationTrail: false,
          logFileValidation: false,
          status: { logging: false },
        },
      ]),
    });
    expect(result(evaluateChecks(stopped), 'trail-logging')).toMatchObject({
      status: 'fail',
      facts: { variant: 'stopped' },
    });
    expect(result(evaluateChecks(stopped), 'trail-validation')).toMatchObject({
      status: 'fail',
      facts: { names: ['main'] },
    });
    const single = facts({
      trails: ok([
        {
          name: 'one',
          arn: 'b',
          multiRegion: false,
          organizationTrail: false,
          logFileValidation: true,
          status: { logging: true },
        },
      ]),
    });
    expect(result(evaluateChecks(single), 'trail-logging')).toMatchObject({ status: 'fail', facts: {} });
  });

  it('orders failures most severe first, and calls a high or critical failure serious', () => {
    const results = evaluateChecks(
      facts({
        passwordPolicy: ok(false),
        accountSummary: ok({ rootMfa: true, rootAccessKeys: true }),
        ebsDefaultEncryption: ok(false),
      }),
    );
    expect(failuresOf(results).map((entry) => [entry.id, entry.severity])).toEqual([
      ['root-access-keys', 'critical'],
      ['ebs-default-encryption', 'medium'],
      ['password-policy', 'low'],
    ]);
    expect(hasSeriousFailure(results)).toBe(true);
    expect(hasSeriousFailure(evaluateChecks(facts({ passwordPolicy: ok(false) })))).toBe(false);
  });
});

describe('the IAM Identity Center suggestion', () => {
  const consoleUser = (user: string): CredentialReportRow => ({
    user,
    arn: `arn:aws:iam::1:user/${user}`,
    mfaActive: true,
    passwordEnabled: true,
    accessKeys: [],
  });
  const of = (change: Partial<HygieneFacts>) =>
    evaluateChecks(facts(change)).find((entry) => entry.id === 'identity-center');

  it('suggests it when IAM users sign in with passwords and no instance exists', () => {
    expect(of({ credentialReport: ok([root, consoleUser('admin')]) })).toMatchObject({
      status: 'fail',
      severity: 'low',
      facts: { names: ['admin'], count: 1 },
    });
  });

  it('passes with an instance, or with no console user', () => {
    expect(
      of({
        credentialReport: ok([root, consoleUser('admin')]),
        identityCenter: ok(['arn:aws:sso:::instance/ssoins-1']),
      }),
    ).toMatchObject({ status: 'pass', facts: { count: 1 } });
    expect(of({})).toMatchObject({ status: 'pass', facts: { variant: 'noConsoleUsers' } });
  });
});
