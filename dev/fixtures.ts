import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GetCostAndUsageCommandOutput, ResultByTime } from '@aws-sdk/client-cost-explorer';

export const FIXTURES = join(import.meta.dirname, '..', 'tests', 'fixtures');

/** A recorded public sign-in event (see tests/fixtures/signin-events/SOURCES.md), freshly parsed so tests can change it. */
export function loadSignInFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(FIXTURES, 'signin-events', name), 'utf8')) as Record<string, unknown>;
}

export function signInFixtureNames(): string[] {
  return readdirSync(join(FIXTURES, 'signin-events'))
    .filter((name) => name.endsWith('.json'))
    .sort();
}

/** A recorded Cost Explorer response (see tests/fixtures/cost-explorer/SOURCES.md). */
export function loadCostFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, 'cost-explorer', name), 'utf8')) as T;
}

/** A Free Tier API response written to the API reference's shape (tests/fixtures/free-tier/SOURCES.md). */
export function loadFreeTierFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, 'free-tier', name), 'utf8')) as T;
}

/** The two recorded daily-by-service responses (2021-08-16 … 2021-08-28), which overlap by a day, with each day once. */
export function loadRecordedDailyResults(): ResultByTime[] {
  const seen = new Set<string>();
  return [
    'getCostAndUsage_groupby_service_daily_iandees_1.json',
    'getCostAndUsage_groupby_service_daily_iandees_2.json',
  ]
    .flatMap((name) => loadCostFixture<GetCostAndUsageCommandOutput>(name).ResultsByTime ?? [])
    .filter((result) => {
      const start = result.TimePeriod?.Start ?? '';
      if (seen.has(start)) return false;
      seen.add(start);
      return true;
    });
}

/** A health event: a CloudWatch alarm state change or an AWS Budgets SNS record (see tests/fixtures/health-events/SOURCES.md). */
export function loadHealthFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(FIXTURES, 'health-events', name), 'utf8')) as Record<string, unknown>;
}
