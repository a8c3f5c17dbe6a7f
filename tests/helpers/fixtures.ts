import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/** A recorded public sign-in event (see tests/fixtures/signin-events/SOURCES.md), freshly parsed so tests can change it. */
export function loadSignInFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(FIXTURES, 'signin-events', name), 'utf8')) as Record<string, unknown>;
}

export function signInFixtureNames(): string[] {
  return readdirSync(join(FIXTURES, 'signin-events'))
    .filter((name) => name.endsWith('.json'))
    .sort();
}
