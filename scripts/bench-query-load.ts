/**
 * One measurement for `npm run bench`, in its own process so its memory is its own: load a folder of logs
 * into a fresh DuckDB database, run every saved query over it, and run a plain read_json over the same
 * files as the baseline. Prints one JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadSavedQueries } from '../src/lib/security-digest/catalog.js';
import { findLogFiles, openLocalTrail, runSavedQueriesLocally } from '../src/lib/security-digest/local.js';

const folder = process.argv[2] ?? '';
const databaseFolder = mkdtempSync(join(tmpdir(), 'account-watch-bench-db-'));
const database = join(databaseFolder, 'query.duckdb');

const loadStart = performance.now();
const trail = await openLocalTrail(folder, { database });
const loadMs = performance.now() - loadStart;
// Peak memory while collecting, apart from the queries after it.
const loadRssMb = process.resourceUsage().maxRSS / 1024;
const queries = loadSavedQueries(join(import.meta.dirname, '..', 'queries'));
const queryStart = performance.now();
await runSavedQueriesLocally(
  trail,
  queries,
  { start: new Date('2025-01-01T00:00:00Z'), end: new Date('2026-01-01T00:00:00Z') },
  ['us-east-1'],
);
const queryMs = performance.now() - queryStart;
const records = trail.records;
trail.close();
// Peak memory of loading and querying, read before the baseline runs in this same process.
const maxRssMb = process.resourceUsage().maxRSS / 1024;

// The baseline: DuckDB reading the same files once, with nothing around it.
const files = findLogFiles(folder);
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const baselineStart = performance.now();
await connection.run(
  `SELECT count(*) FROM (SELECT unnest(CAST(json_extract(json, '$.Records') AS JSON[])) FROM read_json_objects([${files.map((file) => `'${file}'`).join(', ')}], format = 'unstructured', maximum_object_size = 536870912))`,
);
const baselineMs = performance.now() - baselineStart;
connection.closeSync();
instance.closeSync();
rmSync(databaseFolder, { recursive: true, force: true });

process.stdout.write(
  `${JSON.stringify({ records, files: files.length, loadMs, queryMs, baselineMs, loadRssMb, maxRssMb })}\n`,
);
