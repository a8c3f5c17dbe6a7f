import {
  AthenaClient,
  GetQueryExecutionCommand,
  type GetQueryExecutionCommandOutput,
  GetQueryResultsCommand,
  type GetQueryResultsCommandOutput,
  type QueryExecutionState,
  type QueryExecutionStatus,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AthenaRunSettings, MAX_RESULT_PAGES, runSavedQueries } from '../../../src/lib/security-digest/athena.js';
import { parseSavedQuery, type SavedQuery } from '../../../src/lib/security-digest/catalog.js';

const athena = mockClient(AthenaClient);
const client = new AthenaClient({ region: 'ap-northeast-1' });
const SETTINGS: AthenaRunSettings = {
  workGroup: 'account-watch-prod',
  database: 'account_watch_prod',
  table: 'cloudtrail',
  allowedRegions: ['ap-northeast-1', 'us-east-1'],
  region: 'ap-northeast-1',
};
const WINDOW = { start: new Date('2026-11-27T00:00:00Z'), end: new Date('2026-11-28T00:00:00Z') };

function savedQuery(name: string): SavedQuery {
  return parseSavedQuery(
    name,
    `-- title: ${name}\n-- finds: test\n-- severity: high\n-- alert: true\nSELECT eventname FROM {{table}}\nWHERE {{in_window}}`,
  );
}

function execution(
  id: string | undefined,
  state: QueryExecutionState,
  extra: Partial<QueryExecutionStatus> = {},
): GetQueryExecutionCommandOutput {
  return {
    $metadata: {},
    QueryExecution: {
      QueryExecutionId: id,
      Status: { State: state, ...extra },
      Statistics: { DataScannedInBytes: 52_428_800 },
    },
  };
}

function resultsPage(rows: string[][], header: boolean, token?: string): GetQueryResultsCommandOutput {
  return {
    $metadata: {},
    ResultSet: {
      ResultSetMetadata: { ColumnInfo: [{ Name: 'eventname', Type: 'varchar' } as never] },
      Rows: [...(header ? [['eventname']] : []), ...rows].map((row) => ({
        Data: row.map((value) => ({ VarCharValue: value })),
      })),
    },
    ...(token ? { NextToken: token } : {}),
  };
}

let sleeps: number[];
const deps = (remaining = () => 600_000) => ({
  remainingTimeMs: remaining,
  sleep: async (ms: number) => {
    sleeps.push(ms);
  },
});

beforeEach(() => {
  athena.reset();
  sleeps = [];
});
afterEach(() => athena.reset());

describe('runSavedQueries against Athena (client mocks)', () => {
  it('follows QUEUED → RUNNING → SUCCEEDED with growing poll delays and reads the rows without the header', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce(execution('q-1', 'QUEUED'))
      .resolvesOnce(execution('q-1', 'RUNNING'))
      .resolvesOnce(execution('q-1', 'RUNNING'))
      .resolves(execution('q-1', 'SUCCEEDED'));
    athena.on(GetQueryResultsCommand).resolves(resultsPage([['ConsoleLogin'], ['CreateUser']], true));

    const [outcome] = await runSavedQueries(client, [savedQuery('iam')], WINDOW, SETTINGS, deps());
    expect(outcome).toMatchObject({
      status: 'succeeded',
      executionId: 'q-1',
      columns: ['eventname'],
      rows: [{ eventname: 'ConsoleLogin' }, { eventname: 'CreateUser' }],
      rowCount: 2,
      scannedBytes: 52_428_800,
      consoleUrl:
        'https://ap-northeast-1.console.aws.amazon.com/athena/home?region=ap-northeast-1#/query-editor/history/q-1',
    });
    expect(sleeps).toEqual([500, 1000, 2000]);
    expect(athena).toHaveReceivedCommandWith(StartQueryExecutionCommand, {
      WorkGroup: 'account-watch-prod',
      QueryExecutionContext: { Database: 'account_watch_prod' },
      QueryString: `SELECT eventname FROM "account_watch_prod"."cloudtrail"\nWHERE "date" BETWEEN date_format(from_iso8601_timestamp('2026-11-27T00:00:00.000Z'), '%Y/%m/%d') AND date_format(from_iso8601_timestamp('2026-11-28T00:00:00.000Z'), '%Y/%m/%d')\n  AND from_iso8601_timestamp(eventtime) BETWEEN from_iso8601_timestamp('2026-11-27T00:00:00.000Z') AND from_iso8601_timestamp('2026-11-28T00:00:00.000Z')`,
    });
  });

  it("reports FAILED with Athena's reason", async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-2' });
    athena.on(GetQueryExecutionCommand).resolves(
      execution('q-2', 'FAILED', {
        StateChangeReason: 'Query exhausted resources',
        AthenaError: { ErrorMessage: 'Bytes scanned limit was exceeded' },
      }),
    );
    const [outcome] = await runSavedQueries(client, [savedQuery('big')], WINDOW, SETTINGS, deps());
    expect(outcome).toMatchObject({ status: 'failed', executionId: 'q-2', reason: 'Bytes scanned limit was exceeded' });
    expect(athena).toHaveReceivedCommandTimes(GetQueryResultsCommand, 0);
  });

  it('reports CANCELLED', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-3' });
    athena
      .on(GetQueryExecutionCommand)
      .resolves(execution('q-3', 'CANCELLED', { StateChangeReason: 'Query cancelled by user' }));
    const [outcome] = await runSavedQueries(client, [savedQuery('c')], WINDOW, SETTINGS, deps());
    expect(outcome).toMatchObject({ status: 'cancelled', reason: 'Query cancelled by user' });
  });

  it('stops a query that would outlive the Lambda, and says so', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-4' });
    athena.on(GetQueryExecutionCommand).resolves(execution('q-4', 'RUNNING'));
    athena.on(StopQueryExecutionCommand).resolves({});
    let remaining = 30_000;
    const outcomes = await runSavedQueries(client, [savedQuery('slow')], WINDOW, SETTINGS, {
      remainingTimeMs: () => remaining,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        remaining -= ms;
      },
    });
    expect(outcomes[0]).toMatchObject({ status: 'timedOut', executionId: 'q-4' });
    expect(athena).toHaveReceivedCommandWith(StopQueryExecutionCommand, { QueryExecutionId: 'q-4' });
    expect(remaining).toBeGreaterThanOrEqual(15_000);
  });

  it('pages through 2,500 rows in three pages, passing NextToken and skipping only the first header', async () => {
    const rows = (from: number, count: number) => Array.from({ length: count }, (_, i) => [`event-${from + i}`]);
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-5' });
    athena.on(GetQueryExecutionCommand).resolves(execution('q-5', 'SUCCEEDED'));
    athena
      .on(GetQueryResultsCommand, { QueryExecutionId: 'q-5', MaxResults: 1000 })
      .resolves(resultsPage(rows(0, 999), true, 'page-2'))
      .on(GetQueryResultsCommand, { QueryExecutionId: 'q-5', MaxResults: 1000, NextToken: 'page-2' })
      .resolves(resultsPage(rows(999, 1000), false, 'page-3'))
      .on(GetQueryResultsCommand, { QueryExecutionId: 'q-5', MaxResults: 1000, NextToken: 'page-3' })
      .resolves(resultsPage(rows(1999, 501), false));
    const [outcome] = await runSavedQueries(client, [savedQuery('many')], WINDOW, { ...SETTINGS, rowsKept: 3 }, deps());
    expect(athena).toHaveReceivedCommandTimes(GetQueryResultsCommand, 3);
    expect(outcome).toMatchObject({
      status: 'succeeded',
      rowCount: 2500,
      rows: [{ eventname: 'event-0' }, { eventname: 'event-1' }, { eventname: 'event-2' }],
    });
  });

  it('stops reading result pages when the invocation runs short of time, and says the results were cut', async () => {
    let remaining = 60_000;
    let page = 0;
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-6' });
    athena.on(GetQueryExecutionCommand).resolves(execution('q-6', 'SUCCEEDED'));
    athena.on(GetQueryResultsCommand).callsFake(async () => {
      remaining -= 10_000;
      page++;
      return resultsPage([[`event-${page}`]], page === 1, `page-${page + 1}`);
    });
    const [outcome] = await runSavedQueries(
      client,
      [savedQuery('endless')],
      WINDOW,
      SETTINGS,
      deps(() => remaining),
    );
    expect(athena).toHaveReceivedCommandTimes(GetQueryResultsCommand, 5);
    expect(outcome).toMatchObject({ status: 'succeeded', rowCount: 5, cut: 'time ran out after 5 page(s) of results' });
  });

  it(`reads at most ${MAX_RESULT_PAGES} result pages of one query`, async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-7' });
    athena.on(GetQueryExecutionCommand).resolves(execution('q-7', 'SUCCEEDED'));
    athena.on(GetQueryResultsCommand).resolves(resultsPage([['event']], false, 'again'));
    const [outcome] = await runSavedQueries(client, [savedQuery('runaway')], WINDOW, SETTINGS, deps());
    expect(athena).toHaveReceivedCommandTimes(GetQueryResultsCommand, MAX_RESULT_PAGES);
    expect(outcome).toMatchObject({ status: 'succeeded', cut: `stopped after ${MAX_RESULT_PAGES} pages of results` });
  });

  it('starts no query that could not finish before the end of the invocation, and says which', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-8' });
    const outcomes = await runSavedQueries(
      client,
      [savedQuery('late-1'), savedQuery('late-2')],
      WINDOW,
      SETTINGS,
      deps(() => 18_000),
    );
    expect(athena).toHaveReceivedCommandTimes(StartQueryExecutionCommand, 0);
    expect(outcomes.map((outcome) => [outcome.query.name, outcome.status])).toEqual([
      ['late-1', 'timedOut'],
      ['late-2', 'timedOut'],
    ]);
    expect(outcomes[0]).toMatchObject({ reason: 'not started: the run ran out of time' });
  });

  it('never lets a failing query hide the others', async () => {
    athena
      .on(StartQueryExecutionCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' }))
      .resolves({ QueryExecutionId: 'q-7' });
    athena.on(GetQueryExecutionCommand).resolves(execution('q-7', 'SUCCEEDED'));
    athena.on(GetQueryResultsCommand).resolves(resultsPage([['ConsoleLogin']], true));
    const outcomes = await runSavedQueries(
      client,
      [savedQuery('first'), savedQuery('second')],
      WINDOW,
      { ...SETTINGS, concurrency: 1 },
      deps(),
    );
    expect(outcomes.map((outcome) => [outcome.query.name, outcome.status])).toEqual([
      ['first', 'failed'],
      ['second', 'succeeded'],
    ]);
    expect(outcomes[0]).toMatchObject({ reason: 'TooManyRequestsException: Rate exceeded' });
  });

  it('runs no more queries at once than its concurrency', async () => {
    let running = 0;
    let peak = 0;
    athena.on(StartQueryExecutionCommand).callsFake(async () => {
      running++;
      peak = Math.max(peak, running);
      return { QueryExecutionId: `q-${running}` };
    });
    athena.on(GetQueryExecutionCommand).callsFake(async ({ QueryExecutionId }) => {
      running--;
      return execution(QueryExecutionId, 'SUCCEEDED');
    });
    athena.on(GetQueryResultsCommand).resolves(resultsPage([], true));
    const many = Array.from({ length: 9 }, (_, i) => savedQuery(`q${i}`));
    const outcomes = await runSavedQueries(client, many, WINDOW, { ...SETTINGS, concurrency: 3 }, deps());
    expect(outcomes).toHaveLength(9);
    expect(peak).toBeLessThanOrEqual(3);
  });
});
