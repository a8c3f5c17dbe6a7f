import {
  type AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { athenaExecutionUrl, athenaSavedQueriesUrl } from '../console-urls.js';
import { logger } from '../logger.js';
import { type QueryWindow, renderQuery, type SavedQuery } from './catalog.js';
import type { SavedQueryEngine } from './digest.js';
import type { QueryOutcome, Row } from './outcome.js';

export interface AthenaRunSettings {
  workGroup: string;
  database: string;
  table: string;
  allowedRegions: string[];
  /** Region of the workgroup, for console links. */
  region: string;
  /** Queries running at once: well under Athena's default of 20 active queries per account. */
  concurrency?: number;
  firstPollMs?: number;
  maxPollMs?: number;
  /** Time kept back at the end of the Lambda for stopping queries and sending the digest. */
  reserveMs?: number;
  rowsKept?: number;
}

export interface AthenaRunDeps {
  remainingTimeMs: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const PAGE_SIZE = 1000;
/** Time kept back at the end of the invocation to stop what still runs and send the digest. */
const DEFAULT_RESERVE_MS = 15_000;
/** A query is started only with at least this long left beyond the reserve. */
const MIN_START_MS = 5_000;

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The most result pages read for one query: the saved queries aggregate, so more is a runaway, not a finding. */
export const MAX_RESULT_PAGES = 20;

/**
 * Reads a finished query's rows, keeping the first `keep`, page by page while the invocation has time
 * (and at most MAX_RESULT_PAGES); `cut` says why it stopped early, and rowCount then counts what was read.
 */
async function readResults(
  athena: AthenaClient,
  executionId: string,
  keep: number,
  hasTime: () => boolean,
): Promise<{ columns: string[]; rows: Row[]; rowCount: number; cut?: string }> {
  const rows: Row[] = [];
  let columns: string[] = [];
  let rowCount = 0;
  let token: string | undefined;
  let pages = 0;
  do {
    if (pages > 0 && !hasTime())
      return { columns, rows, rowCount, cut: `time ran out after ${pages} page(s) of results` };
    if (pages >= MAX_RESULT_PAGES)
      return { columns, rows, rowCount, cut: `stopped after ${MAX_RESULT_PAGES} pages of results` };
    const page = await athena.send(
      new GetQueryResultsCommand({
        QueryExecutionId: executionId,
        MaxResults: PAGE_SIZE,
        ...(token ? { NextToken: token } : {}),
      }),
    );
    if (pages === 0) columns = (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((column) => column.Name ?? '');
    // The first row of the first page repeats the column names.
    const data = (page.ResultSet?.Rows ?? []).slice(pages === 0 ? 1 : 0);
    pages++;
    rowCount += data.length;
    for (const row of data) {
      if (rows.length >= keep) break;
      rows.push(Object.fromEntries(columns.map((name, index) => [name, row.Data?.[index]?.VarCharValue ?? null])));
    }
    token = page.NextToken;
  } while (token);
  return { columns, rows, rowCount };
}

/** Starts one query and follows it to the end: QUEUED → RUNNING → SUCCEEDED, FAILED or CANCELLED, or stops it in time. */
async function runOne(
  athena: AthenaClient,
  query: SavedQuery,
  window: QueryWindow,
  settings: AthenaRunSettings,
  deps: Required<AthenaRunDeps>,
): Promise<QueryOutcome> {
  const { firstPollMs = 500, maxPollMs = 5000, reserveMs = DEFAULT_RESERVE_MS, rowsKept = 10 } = settings;
  let executionId: string | undefined;
  try {
    const started = await athena.send(
      new StartQueryExecutionCommand({
        QueryString: renderQuery(query, {
          table: `"${settings.database}"."${settings.table}"`,
          window,
          allowedRegions: settings.allowedRegions,
        }),
        WorkGroup: settings.workGroup,
        QueryExecutionContext: { Database: settings.database },
      }),
    );
    executionId = started.QueryExecutionId;
    if (!executionId) return { query, status: 'failed', reason: 'Athena returned no query execution ID' };
    const consoleUrl = athenaExecutionUrl(settings.region, executionId);
    let delay = firstPollMs;
    for (;;) {
      const { QueryExecution: execution } = await athena.send(
        new GetQueryExecutionCommand({ QueryExecutionId: executionId }),
      );
      const state = execution?.Status?.State;
      const scannedBytes = execution?.Statistics?.DataScannedInBytes ?? 0;
      if (state === 'SUCCEEDED') {
        const results = await readResults(athena, executionId, rowsKept, () => deps.remainingTimeMs() - reserveMs > 0);
        if (results.cut)
          logger.warn('Saved query results cut short', { query: query.name, executionId, cut: results.cut });
        return { query, status: 'succeeded', executionId, consoleUrl, scannedBytes, ...results };
      }
      if (state === 'FAILED' || state === 'CANCELLED') {
        const reason =
          execution?.Status?.AthenaError?.ErrorMessage ??
          execution?.Status?.StateChangeReason ??
          `query ${state.toLowerCase()}`;
        return {
          query,
          status: state === 'FAILED' ? 'failed' : 'cancelled',
          executionId,
          consoleUrl,
          reason,
          scannedBytes,
        };
      }
      if (deps.remainingTimeMs() - reserveMs < delay) {
        await athena.send(new StopQueryExecutionCommand({ QueryExecutionId: executionId })).catch((error: unknown) => {
          logger.warn('Could not stop a query', { query: query.name, executionId, error: describe(error) });
        });
        return {
          query,
          status: 'timedOut',
          executionId,
          consoleUrl,
          reason: `still ${state ?? 'running'} when time ran out; stopped`,
        };
      }
      await deps.sleep(delay);
      delay = Math.min(delay * 2, maxPollMs);
    }
  } catch (error) {
    logger.error('Saved query failed', { query: query.name, executionId, error: describe(error) });
    return {
      query,
      status: 'failed',
      reason: describe(error),
      ...(executionId ? { executionId, consoleUrl: athenaExecutionUrl(settings.region, executionId) } : {}),
    };
  }
}

/**
 * Runs every saved query in the workgroup, a few at a time, and returns one outcome per query in
 * the catalogue's order. A failing or slow query never hides the others' results.
 */
export async function runSavedQueries(
  athena: AthenaClient,
  queries: SavedQuery[],
  window: QueryWindow,
  settings: AthenaRunSettings,
  deps: AthenaRunDeps,
): Promise<QueryOutcome[]> {
  const full = { remainingTimeMs: deps.remainingTimeMs, sleep: deps.sleep ?? defaultSleep };
  const outcomes: QueryOutcome[] = new Array(queries.length);
  const reserveMs = settings.reserveMs ?? DEFAULT_RESERVE_MS;
  let next = 0;
  const worker = async () => {
    while (next < queries.length) {
      const index = next++;
      const query = queries[index];
      if (!query) continue;
      // A query started now could not finish: say so instead of starting it.
      outcomes[index] =
        full.remainingTimeMs() - reserveMs < MIN_START_MS
          ? { query, status: 'timedOut', reason: 'not started: the run ran out of time' }
          : await runOne(athena, query, window, settings, full);
    }
  };
  await Promise.all(Array.from({ length: Math.min(settings.concurrency ?? 4, queries.length) }, worker));
  return outcomes;
}

/** The deployed engine: the saved queries in the stack's Athena workgroup, within the invocation's time. */
export function athenaEngine(athena: AthenaClient, settings: AthenaRunSettings, deps: AthenaRunDeps): SavedQueryEngine {
  return {
    run: (queries, window) => runSavedQueries(athena, queries, window, settings, deps),
    consoleUrl: athenaSavedQueriesUrl(settings.region),
  };
}
