import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalHistoryTable, startHistoryTable } from '../../dev/history-table.js';
import { HistoryTable } from '../../src/lib/history/table.js';
import { applyMemory } from '../../src/lib/signin/history/remember.js';

/** The history table's own rules, on dynalite with the stack's table definition. */

let local: LocalHistoryTable;
let table: HistoryTable;
const NOW = Date.parse('2026-05-01T00:00:00Z');

beforeAll(async () => {
  local = await startHistoryTable('store');
  table = new HistoryTable(local.client, local.tableName, 30);
});
afterAll(async () => {
  await local.close();
});

describe('HistoryTable (dynalite)', () => {
  it('calls a fact new once, then known, and forgets it when its TTL has passed before DynamoDB deleted it', async () => {
    const at = { eventTime: '2026-05-01T00:00:00Z', ip: '133.242.0.1' };
    expect(await table.recordFact('arn:p1', 'country', 'JP', at, NOW)).toBe('new');
    expect(await table.recordFact('arn:p1', 'country', 'JP', at, NOW)).toBe('known');
    const later = NOW + 31 * 86_400_000;
    expect((await table.principalHistory('arn:p1', later)).facts).toEqual([]);
    expect(await table.recordFact('arn:p1', 'country', 'JP', at, later)).toBe('new');
  });

  it('counts a redelivered failure once, and only the failures inside the window', async () => {
    const window = { from: '2026-05-01T00:00:00Z', to: '2026-05-01T00:15:00Z', expiresAtMs: NOW + 86_400_000 };
    const failure = { eventTime: '2026-05-01T00:05:00Z', eventId: 'e1', target: 'alice', country: 'RU' };
    await table.recordFailure('source', '5.3.0.1', failure, window);
    const records = await table.recordFailure('source', '5.3.0.1', failure, window);
    expect(records).toEqual([{ eventTime: '2026-05-01T00:05:00Z', target: 'alice', country: 'RU' }]);
    await table.recordFailure(
      'source',
      '5.3.0.1',
      { ...failure, eventId: 'e0', eventTime: '2026-04-30T23:00:00Z' },
      window,
    );
    expect(await table.failures('source', '5.3.0.1', window)).toHaveLength(1);
  });

  it('lets one caller send the guessing alert and one the follow-up per window, and opens a new window after it', async () => {
    const claim = (count: number, eventTime: string) =>
      table.claimGuessingAlert('source', '5.3.0.9', {
        count,
        followUpAt: 10,
        eventTime,
        windowEnd: new Date(Date.parse(eventTime) + 15 * 60_000).toISOString(),
        expiresAtMs: NOW + 86_400_000,
      });
    const racing = await Promise.all([claim(5, '2026-05-01T00:05:00Z'), claim(5, '2026-05-01T00:05:00Z')]);
    expect(racing.sort()).toEqual(['alert', 'folded']);
    expect(await claim(9, '2026-05-01T00:09:00Z')).toBe('folded');
    expect(await claim(10, '2026-05-01T00:10:00Z')).toBe('followUp');
    expect(await claim(11, '2026-05-01T00:11:00Z')).toBe('folded');
    expect(await claim(5, '2026-05-01T00:30:00Z')).toBe('alert');
  });

  it('claims an event once, hands it to a retry after a release or an expired lease, and never after it was sent', async () => {
    const first = await table.claimEvent('ev-1', NOW, 90_000);
    expect(first.state).toBe('claimed');
    expect((await table.claimEvent('ev-1', NOW + 1_000, 90_000)).state).toBe('inProgress');
    if (first.state !== 'claimed') throw new Error('unreachable');
    await table.releaseEvent('ev-1', first.token, '{"status":"notTracked"}');
    const retry = await table.claimEvent('ev-1', NOW + 2_000, 90_000);
    expect(retry).toMatchObject({ state: 'claimed', facts: '{"status":"notTracked"}' });
    // A stale claimant (its lease taken over) can no longer mark the event.
    await expect(table.markEventSent('ev-1', first.token)).rejects.toThrow(/conditional/i);
    if (retry.state !== 'claimed') throw new Error('unreachable');
    await table.markEventSent('ev-1', retry.token);
    expect((await table.claimEvent('ev-1', NOW + 999_000, 90_000)).state).toBe('alreadySent');

    const died = await table.claimEvent('ev-2', NOW, 90_000);
    expect(died.state).toBe('claimed');
    expect((await table.claimEvent('ev-2', NOW + 91_000, 90_000)).state).toBe('claimed');
  });
});

describe('applyMemory', () => {
  const base = {
    severity: 'critical' as const,
    reason: 'rootSignIn' as const,
    lowered: false,
    silenced: false,
    notify: true,
  };
  const newCountry = {
    status: 'success' as const,
    learning: false,
    before: { since: '2026-01-01T00:00:00Z', signIns: 40, usualCountry: 'JP' },
    firstSeen: [{ kind: 'country' as const, value: 'TW' }],
    failuresBefore: 0,
  };

  it('never lowers: the root user\u2019s critical stays critical with a new country', () => {
    expect(applyMemory(base, newCountry, 'low')).toMatchObject({ severity: 'critical', notify: true });
  });

  it('raises a low sign-in from a new country to medium, and makes a sign-in below minSeverity notify', () => {
    const low = { ...base, severity: 'low' as const, reason: 'withMfa' as const, notify: false };
    expect(applyMemory(low, newCountry, 'medium')).toMatchObject({
      severity: 'medium',
      memoryReason: 'newCountry',
      notify: true,
    });
  });

  it('keeps a silenced trusted sign-in silent whatever the history says', () => {
    const silenced = { ...base, severity: 'low' as const, reason: 'withMfa' as const, silenced: true, notify: false };
    expect(
      applyMemory(silenced, { ...newCountry, travel: { country: 'JP', at: '2026-05-01T00:00:00Z' } }, 'low').notify,
    ).toBe(false);
  });

  it('raises nothing while learning, and folds a failure the guessing alert covers', () => {
    const low = { ...base, severity: 'low' as const, reason: 'withMfa' as const };
    expect(applyMemory(low, { ...newCountry, learning: true }, 'low')).toMatchObject({ severity: 'low', notify: true });
    const failure = { ...base, severity: 'medium' as const, reason: 'failure' as const };
    expect(
      applyMemory(failure, { status: 'failure', sourceFailures: 7, principalFailures: 7, folded: true }, 'low').notify,
    ).toBe(false);
  });
});

describe('HistoryTable with hostile values', () => {
  it('stores an absurdly long principal, fact and event ID within DynamoDB\u2019s key limits', async () => {
    const long = `arn:aws:iam::123456789012:user/${'\u65e5'.repeat(3000)}`;
    expect(await table.recordFact(long, 'agent', 'x'.repeat(5000), { eventTime: '2026-05-01T00:00:00Z' }, NOW)).toBe(
      'new',
    );
    const window = { from: '2026-05-01T00:00:00Z', to: '2026-05-01T00:15:00Z', expiresAtMs: NOW + 86_400_000 };
    const failure = { eventTime: '2026-05-01T00:01:00Z', eventId: '\u65e5'.repeat(3000), target: long };
    expect(await table.recordFailure('principal', long, failure, window)).toHaveLength(1);
    expect((await table.claimEvent('\u65e5'.repeat(3000), NOW, 90_000)).state).toBe('claimed');
  });
});
