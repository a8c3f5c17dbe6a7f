import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { type QueryWindow, renderQuery, type SavedQuery } from './catalog.js';
import { CLOUDTRAIL_COLUMNS, columnName, type FieldType, PARTITION_COLUMNS } from './cloudtrail-schema.js';
import type { SavedQueryEngine } from './digest.js';
import type { QueryOutcome, Row } from './outcome.js';

/**
 * The local engine: DuckDB over CloudTrail log files on disk. Used by `npm run query`, the preview and
 * the tests; never imported by a Lambda handler, so DuckDB never enters a bundle.
 */

export interface LocalTrail {
  /** Log files read. */
  files: string[];
  /** Files left out, each with why: unreadable, truncated, not a CloudTrail log file. The rest still loads. */
  skipped: { file: string; reason: string }[];
  /** Files read in this run; with a database, the ones collected before are not read again. */
  loadedNow: number;
  /** Files collected by an earlier run and unchanged since, not read again. */
  collectedBefore: number;
  /** Records loaded (before any de-duplication: the queries count distinct events themselves). */
  records: number;
  run(sql: string): Promise<Row[]>;
  close(): void;
}

/** Every CloudTrail log file below a folder, in any layout: *.json or *.json.gz. */
export function findLogFiles(folder: string): string[] {
  if (statSync(folder).isFile()) return [folder];
  const found: string[] = [];
  // Each folder is read once, by its real path: a symlink loop (logs/a -> logs) is followed no further.
  const visited = new Set<string>();
  const walk = (directory: string) => {
    const real = realpathSync(directory);
    if (visited.has(real)) return;
    visited.add(real);
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = statSync(path);
          isDirectory = target.isDirectory();
          isFile = target.isFile();
        } catch {
          continue; // a dangling link
        }
      }
      if (isDirectory) walk(path);
      else if (isFile && /\.json(\.gz)?$/.test(entry.name)) found.push(path);
    }
  };
  walk(folder);
  return found.sort();
}

/**
 * The one place where Athena's SQL (Trino) and DuckDB's differ: DuckDB gets the Trino functions the
 * saved queries use, with Trino's meaning; the view below gives the Athena table's columns.
 */
const TRINO_FUNCTIONS = [
  `SET TimeZone = 'UTC'`,
  'CREATE OR REPLACE MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)',
  'CREATE OR REPLACE MACRO date_format(ts, fmt) AS strftime(ts, fmt)',
  'CREATE OR REPLACE MACRO json_extract_scalar(j, path) AS json_extract_string(j, path)',
  'CREATE OR REPLACE MACRO regexp_like(s, pattern) AS regexp_matches(s, pattern)',
  // Athena declares requestParameters and friends as STRING: the JSON text, or NULL for JSON null.
  `CREATE OR REPLACE MACRO json_text(j) AS CASE WHEN j IS NULL OR json_type(j) = 'NULL' THEN NULL ELSE CAST(j AS VARCHAR) END`,
];

/** The DuckDB expression that reads a field of type `type` at `path` (e.g. $.userIdentity.arn) from the JSON value `root`. */
function fieldExpression(root: string, path: string, type: FieldType): string {
  const value = `json_extract(${root}, '${path}')`;
  if (type === 'string') return `json_extract_string(${root}, '${path}')`;
  if (type === 'jsonText') return `json_text(${value})`;
  if ('mapOf' in type) return `CAST(${value} AS MAP(VARCHAR, VARCHAR))`;
  if ('arrayOf' in type) {
    const element = fieldExpression('item', '$', type.arrayOf);
    return `CASE WHEN json_type(${value}) = 'ARRAY' THEN list_transform(CAST(${value} AS JSON[]), item -> ${element}) END`;
  }
  const fields = Object.entries(type.struct).map(
    ([field, inner]) =>
      `${columnName(field)} := ${fieldExpression(root, `${path === '$' ? '$' : path}.${field}`, inner)}`,
  );
  return `struct_pack(${fields.join(', ')})`;
}

/**
 * The columns of the Athena table, generated from the one CloudTrail schema, with its partition columns,
 * computed from a JSON record `r`. Records are stored in these typed columns as they are loaded, so a
 * query reads columns rather than parsing every record's JSON again.
 */
const CLOUDTRAIL_SELECT = `SELECT
  ${CLOUDTRAIL_COLUMNS.map((column) => `${fieldExpression('r', `$.${column.field}`, column.type)} AS ${columnName(column.field)}`).join(',\n  ')},
  json_extract_string(r, '$.${PARTITION_COLUMNS.account}') AS account,
  json_extract_string(r, '$.${PARTITION_COLUMNS.region}') AS region,
  strftime(CAST(json_extract_string(r, '$.${PARTITION_COLUMNS.date}') AS TIMESTAMPTZ), '%Y/%m/%d') AS "date"`;

function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Opens an in-memory DuckDB over every log file below `folder`. */
/** How many files one load statement reads; a batch that fails is loaded again file by file to find the bad one. */
const BATCH_FILES = 1000;

/**
 * Opens DuckDB over every log file below `folder`; a bad file is skipped and said, never fatal. With a
 * `database` file the records are collected there once: a later run reads only the files that are new or
 * changed since (by size and modification time), so a year collected once is queried in seconds.
 */
export async function openLocalTrail(folder: string, options: { database?: string } = {}): Promise<LocalTrail> {
  const all = findLogFiles(folder);
  const instance = await DuckDBInstance.create(options.database ?? ':memory:');
  const connection = await instance.connect();
  for (const statement of TRINO_FUNCTIONS) await connection.run(statement);
  await connection.run(
    `CREATE TABLE IF NOT EXISTS cloudtrail AS ${CLOUDTRAIL_SELECT} FROM (SELECT NULL::JSON AS r) WHERE false`,
  );
  await connection.run(
    'CREATE TABLE IF NOT EXISTS collected_files (file VARCHAR PRIMARY KEY, size BIGINT, modified DOUBLE)',
  );
  const collected = new Map(
    (await connection.runAndReadAll('SELECT file, size, modified FROM collected_files'))
      .getRowObjectsJS()
      .map((row) => [String(row.file), `${row.size}:${row.modified}`]),
  );
  const stamp = (file: string) => {
    const stats = statSync(file);
    return `${stats.size}:${stats.mtimeMs}`;
  };
  const files = all.filter((file) => collected.get(file) !== stamp(file));
  const skipped: { file: string; reason: string }[] = [];

  // A log file is {"Records": [...]} as CloudTrail writes it to S3, or a plain JSON array of records.
  // Anything else (a digest file, a bare record, "Records" that is not a list) is not a log file.
  // One streaming INSERT per batch keeps memory near DuckDB's own; a second, lighter pass names the refused files.
  const valid = `(json_type(json) = 'ARRAY' OR coalesce(json_type(json_extract(json, '$.Records')), '') = 'ARRAY')`;
  const load = async (batch: string[]) => {
    const objects = (withName: boolean) =>
      `read_json_objects([${batch.map(sqlString).join(', ')}], format = 'unstructured'${withName ? ', filename = true' : ''}, maximum_object_size = 536870912)`;
    await connection.run(`
      INSERT INTO cloudtrail ${CLOUDTRAIL_SELECT} FROM (
        SELECT unnest(CASE WHEN json_type(json) = 'ARRAY' THEN CAST(json AS JSON[]) ELSE CAST(json_extract(json, '$.Records') AS JSON[]) END) AS r
        FROM ${objects(false)} WHERE ${valid})`);
    const refused = await connection.runAndReadAll(`SELECT DISTINCT filename FROM ${objects(true)} WHERE NOT ${valid}`);
    for (const row of refused.getRowObjectsJS()) {
      skipped.push({ file: String(row.filename), reason: 'not a CloudTrail log file (no "Records" list)' });
    }
  };
  for (let start = 0; start < files.length; start += BATCH_FILES) {
    const batch = files.slice(start, start + BATCH_FILES);
    try {
      await load(batch);
    } catch {
      for (const file of batch) {
        try {
          await load([file]);
        } catch (error) {
          const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unreadable';
          skipped.push({ file, reason });
        }
      }
    }
  }
  const refused = new Set(skipped.map(({ file }) => file));
  const loaded = files.filter((candidate) => !refused.has(candidate));
  for (let start = 0; start < loaded.length; start += 500) {
    const values = loaded.slice(start, start + 500).map((file) => {
      const stats = statSync(file);
      return `(${sqlString(file)}, ${stats.size}, ${stats.mtimeMs})`;
    });
    await connection.run(`INSERT OR REPLACE INTO collected_files VALUES ${values.join(', ')}`);
  }
  const count = await connection.runAndReadAll('SELECT count(*) AS n FROM cloudtrail');
  const records = Number(count.getRowObjectsJS()[0]?.n ?? 0);
  return {
    files: all,
    skipped,
    loadedNow: loaded.length,
    collectedBefore: all.length - files.length,
    records,
    async run(sql) {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJson() as Row[];
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** Runs saved queries on the local engine, with the same outcomes the Athena runner gives. */
export async function runSavedQueriesLocally(
  trail: LocalTrail,
  queries: SavedQuery[],
  window: QueryWindow,
  allowedRegions: readonly string[],
  rowsKept = 10,
): Promise<QueryOutcome[]> {
  const outcomes: QueryOutcome[] = [];
  for (const query of queries) {
    try {
      const rows = await trail.run(renderQuery(query, { table: 'cloudtrail', window, allowedRegions }));
      const columns = Object.keys(rows[0] ?? {});
      outcomes.push({
        query,
        status: 'succeeded',
        columns,
        rows: rows.slice(0, rowsKept),
        rowCount: rows.length,
        scannedBytes: 0,
      });
    } catch (error) {
      outcomes.push({ query, status: 'failed', reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return outcomes;
}

/** The local engine for the digest pipeline: DuckDB over an opened trail, with the given allowed regions. */
export function localEngine(trail: LocalTrail, allowedRegions: readonly string[]): SavedQueryEngine {
  return { run: (queries, window) => runSavedQueriesLocally(trail, queries, window, allowedRegions) };
}
