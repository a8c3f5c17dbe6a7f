import { type DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CHECK_IDS, type CheckId, type CheckResult, type CheckStatus } from './checks.js';

/**
 * Last week's results, remembered in the history table as one item (pk `HYGIENE`, sk `LATEST`), so the
 * report can lead with what changed. Comparing is pure; reading and writing are the store's.
 */

export interface RememberedReport {
  checkedAt: string;
  statuses: Partial<Record<CheckId, CheckStatus>>;
}

export interface WeekChanges {
  /** compared: last week's results were read; first: none exist yet; unavailable: they could not be read. */
  memory: 'compared' | 'first' | 'unavailable';
  previousAt?: string;
  /** Failed last week, passed now. */
  fixed: CheckId[];
  /** Fails now and did not last week (passed, could not be checked, or was not a check yet). */
  added: CheckId[];
}

/** What changed since the remembered report. Pure. */
export function compareWithLastWeek(
  results: readonly CheckResult[],
  previous: RememberedReport | undefined | 'unavailable',
): WeekChanges {
  if (previous === undefined || previous === 'unavailable') {
    return { memory: previous === undefined ? 'first' : 'unavailable', fixed: [], added: [] };
  }
  const fixed = results
    .filter((entry) => entry.status === 'pass' && previous.statuses[entry.id] === 'fail')
    .map((entry) => entry.id);
  const added = results
    .filter((entry) => entry.status === 'fail' && previous.statuses[entry.id] !== 'fail')
    .map((entry) => entry.id);
  return { memory: 'compared', previousAt: previous.checkedAt, fixed, added };
}

/** This week's results in the form remembered. */
export function rememberedFrom(results: readonly CheckResult[], checkedAt: string): RememberedReport {
  return { checkedAt, statuses: Object.fromEntries(results.map((entry) => [entry.id, entry.status])) };
}

export interface HygieneMemory {
  read(): Promise<RememberedReport | undefined>;
  save(report: RememberedReport): Promise<void>;
}

export const HYGIENE_KEY = { pk: 'HYGIENE', sk: 'LATEST' } as const;
/** Kept long enough to survive a few missed weeks, then gone like everything else in the table. */
const KEEP_DAYS = 60;

/** The report's memory in the history table. */
export function hygieneMemory(dynamodb: DynamoDBClient, tableName: string): HygieneMemory {
  const Key = { pk: { S: HYGIENE_KEY.pk }, sk: { S: HYGIENE_KEY.sk } };
  return {
    async read() {
      const { Item } = await dynamodb.send(new GetItemCommand({ TableName: tableName, Key, ConsistentRead: true }));
      const checkedAt = Item?.checkedAt?.S;
      const raw = Item?.statuses?.S;
      if (!checkedAt || !raw) return undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        return undefined;
      }
      const statuses: Partial<Record<CheckId, CheckStatus>> = {};
      for (const id of CHECK_IDS) {
        const status = (parsed as Record<string, unknown>)?.[id];
        if (status === 'pass' || status === 'fail' || status === 'unknown' || status === 'info') statuses[id] = status;
      }
      return { checkedAt, statuses };
    },
    async save(report) {
      const expiresAt = Math.floor(Date.parse(report.checkedAt) / 1000) + KEEP_DAYS * 86_400;
      await dynamodb.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            ...Key,
            checkedAt: { S: report.checkedAt },
            statuses: { S: JSON.stringify(report.statuses) },
            expiresAt: { N: String(expiresAt) },
          },
        }),
      );
    },
  };
}
