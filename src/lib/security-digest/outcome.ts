import type { SavedQuery } from './catalog.js';

/** One result row, every value as text (Athena returns text; the local engine is read the same way). */
export type Row = Record<string, string | null>;

interface OutcomeBase {
  query: SavedQuery;
  executionId?: string;
  consoleUrl?: string;
}

/** What became of one saved query in one run, whichever engine ran it. */
export type QueryOutcome =
  | (OutcomeBase & {
      status: 'succeeded';
      columns: string[];
      /** The first rows, for the digest. */
      rows: Row[];
      rowCount: number;
      scannedBytes: number;
      /** Why the rows stopped being read before the end (time ran out, page cap); rowCount then counts what was read. */
      cut?: string;
    })
  | (OutcomeBase & { status: 'failed' | 'cancelled'; reason: string; scannedBytes?: number })
  | (OutcomeBase & { status: 'timedOut'; reason: string });
