import { createReadStream, mkdtempSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createGunzip } from 'node:zlib';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import chain from 'stream-chain';
import { parser } from 'stream-json';
import { pick } from 'stream-json/filters/pick.js';
import { streamArray } from 'stream-json/streamers/stream-array.js';
import { firstLine, NotALogFile, readLogFileRecords } from '../cloudtrail/log-file.js';
import { type QueryWindow, renderQuery, type SavedQuery } from './catalog.js';
import { CLOUDTRAIL_COLUMNS, columnName, type FieldType, PARTITION_COLUMNS } from './cloudtrail-schema.js';
import type { SavedQueryEngine } from './digest.js';
import type { QueryOutcome, Row } from './outcome.js';
import { type WrittenSlice, writeSlices } from './slices.js';

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

/** DuckDB's type for a field as the JSON reader reads it, with CloudTrail's own (case-sensitive) key names. */
function readerType(type: FieldType): string {
  if (type === 'string') return 'VARCHAR';
  if (type === 'jsonText') return 'JSON';
  if ('mapOf' in type) return 'MAP(VARCHAR, VARCHAR)';
  if ('arrayOf' in type) return `${readerType(type.arrayOf)}[]`;
  return `STRUCT(${Object.entries(type.struct)
    .map(([field, inner]) => `"${field}" ${readerType(inner)}`)
    .join(', ')})`;
}

/** The Athena column's value from a typed value: the same names (lower case) and the same meaning as CLOUDTRAIL_SELECT. */
function typedExpression(value: string, type: FieldType): string {
  if (type === 'string') return value;
  if (type === 'jsonText') return `json_text(${value})`;
  if ('mapOf' in type) return value;
  if ('arrayOf' in type) return `list_transform(${value}, item -> ${typedExpression('item', type.arrayOf)})`;
  const fields = Object.entries(type.struct).map(
    ([field, inner]) =>
      `${columnName(field)} := ${typedExpression(`struct_extract(${value}, ${sqlString(field)})`, inner)}`,
  );
  return `struct_pack(${fields.join(', ')})`;
}

/**
 * The fast way in: DuckDB's JSON reader parses each record straight into typed columns (the schema's), a
 * few hundred MB of memory whatever the size. A record whose shape differs from the schema (a string where
 * an object is expected) makes it refuse the slice, which is then loaded the slow way, CLOUDTRAIL_SELECT.
 */
function typedLoad(files: string[]): string {
  const columns = CLOUDTRAIL_COLUMNS.map(
    (column) => `${sqlString(column.field)}: ${sqlString(readerType(column.type))}`,
  );
  const source = `read_json([${files.map(sqlString).join(', ')}], format = 'newline_delimited', columns = {${columns.join(', ')}})`;
  const select = CLOUDTRAIL_COLUMNS.map(
    (column) => `${typedExpression(`"${column.field}"`, column.type)} AS ${columnName(column.field)}`,
  );
  return `INSERT INTO cloudtrail SELECT
  ${select.join(',\n  ')},
  "${PARTITION_COLUMNS.account}" AS account,
  "${PARTITION_COLUMNS.region}" AS region,
  strftime(TRY_CAST("${PARTITION_COLUMNS.date}" AS TIMESTAMPTZ), '%Y/%m/%d') AS "date"
FROM ${source}`;
}

/** The slow, lenient way: every field extracted from the record's JSON, whatever its shape. Needs more memory. */
function jsonLoad(files: string[]): string {
  return `INSERT INTO cloudtrail ${CLOUDTRAIL_SELECT} FROM read_json_objects([${files.map(sqlString).join(', ')}], format = 'newline_delimited') AS t(r)`;
}

/**
 * A slice of records, as newline-delimited JSON, is loaded this many records at a time. DuckDB keeps a
 * statement's rows in memory until its next checkpoint: 10,000 keeps 3 million records under 1 GB (20,000 did not).
 */
const SLICE_RECORDS = 10_000;
/**
 * Slices loaded by one statement: DuckDB reads the files of one statement in parallel, so a group of slices
 * uses every core (one slice a statement used one).
 */
const SLICES_PER_LOAD = 4;
/** DuckDB's memory while collecting into a database file (see openLocalTrail). */
const COLLECT_MEMORY_LIMIT = '256MB';
/** From this many ordinary files on, a worker thread writes the slices beside DuckDB's loading. */
const WORKER_FROM_FILES = 2_000;

/**
 * The slices of `files`, written by a worker thread (slice-worker.ts) that stays a few slices ahead of the
 * loads. Run from TypeScript (npm run query, the tests), the worker loads TypeScript the same way, with tsx.
 */
async function* slicesFromWorker(
  files: string[],
  options: { staging: string; sliceRecords: number; sizes: ReadonlyMap<string, number> },
): AsyncGenerator<WrittenSlice> {
  const typescript = import.meta.url.endsWith('.ts');
  const script = new URL(`./slice-worker.${typescript ? 'ts' : 'js'}`, import.meta.url).href;
  const workerData = { files, staging: options.staging, sliceRecords: options.sliceRecords, sizes: [...options.sizes] };
  // The worker makes a slice's worth of garbage a second; a small old generation makes it collect it instead
  // of growing (a slice is about 13 MB of text).
  const resourceLimits = { maxOldGenerationSizeMb: 192 };
  // A worker does not inherit the TypeScript loader (Node 20): it registers tsx's before importing the script.
  const worker = typescript
    ? new Worker(
        `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(script)}); })`,
        { eval: true, workerData, resourceLimits },
      )
    : new Worker(new URL(script), { workerData, resourceLimits });
  const waiting: WrittenSlice[] = [];
  let finished = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  worker.on('message', (message: { type: 'slice'; slice: WrittenSlice } | { type: 'done' }) => {
    if (message.type === 'slice') waiting.push(message.slice);
    else finished = true;
    wake?.();
  });
  worker.on('error', (error) => {
    failure = error;
    wake?.();
  });
  worker.on('exit', () => {
    finished = true;
    wake?.();
  });
  // Two groups ahead: the next group is written while this one loads.
  worker.postMessage({ credit: SLICES_PER_LOAD * 2 });
  try {
    for (;;) {
      const slice = waiting.shift();
      if (slice) {
        worker.postMessage({ credit: 1 });
        yield slice;
        continue;
      }
      if (failure) throw failure;
      if (finished) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    await worker.terminate();
  }
}
/**
 * Files at least this big on disk are streamed record by record instead of parsed whole: CloudTrail writes
 * files of a few hundred KB, but a merged or exported file can hold hundreds of MB in one JSON value.
 */
export const STREAM_FROM_BYTES = 8 * 1024 * 1024;

/** Progress of a collection: files done of those to read, their bytes on disk, records loaded so far. */
export interface CollectProgress {
  files: number;
  totalFiles: number;
  bytes: number;
  totalBytes: number;
  records: number;
}

/** The first non-blank character of a (possibly gzipped) file: { or [ for JSON. */
async function firstCharacter(file: string): Promise<string | undefined> {
  const raw = createReadStream(file, { start: 0, end: 65_535 });
  const source = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  try {
    for await (const chunk of source) {
      const found = /\S/.exec(String(chunk))?.[0];
      if (found) return found;
    }
    return undefined;
  } catch (error) {
    // A gzip stream cut at 64 KB ends early: expected here. Anything else is not.
    if (/unexpected end/i.test(firstLine(error))) return undefined;
    throw new NotALogFile(`not a readable gzip file (truncated or corrupt): ${firstLine(error)}`);
  } finally {
    raw.destroy();
  }
}

/**
 * The records of a large log file as JSON text, a slice at a time: the file is parsed as a stream, so
 * memory holds one slice, never the file. {"Records": [...]} and a plain array of records are both read.
 */
async function* streamRecordSlices(file: string): AsyncGenerator<string[]> {
  const first = await firstCharacter(file);
  if (first !== '{' && first !== '[') throw new NotALogFile('not JSON');
  const input = createReadStream(file);
  const stages = [
    input,
    ...(file.endsWith('.gz') ? [createGunzip()] : []),
    parser(),
    ...(first === '{' ? [pick({ filter: 'Records' })] : []),
    streamArray(),
  ];
  let slice: string[] = [];
  let seen = false;
  try {
    for await (const { value } of chain(stages as never) as unknown as AsyncIterable<{ value: unknown }>) {
      seen = true;
      slice.push(JSON.stringify(value));
      if (slice.length >= SLICE_RECORDS) {
        yield slice;
        slice = [];
      }
    }
  } catch (error) {
    throw new NotALogFile(`truncated or not a CloudTrail log file: ${firstLine(error)}`);
  } finally {
    input.destroy();
  }
  // pick() found no "Records" list: a digest file, a bare record, or "Records" that is not a list.
  if (!seen && first === '{') throw new NotALogFile('not a CloudTrail log file (no "Records" list)');
  if (slice.length > 0) yield slice;
}

/** Loads newline-delimited record files: the typed reader first, the lenient one when the shape differs. */
async function loadSlices(connection: DuckDBConnection, files: string[]): Promise<void> {
  try {
    await connection.run(typedLoad(files));
  } catch {
    await connection.run(jsonLoad(files));
  }
}

/**
 * Opens DuckDB over every log file below `folder`; a bad file is skipped and said, never fatal. With a
 * `database` file the records are collected there once: a later run reads only the files that are new or
 * changed since (by size and modification time), so a year collected once is queried in seconds.
 *
 * Memory is bounded by a slice of records, not by the files: each file is read and checked in Node (a large
 * one as a stream), its records written as newline-delimited JSON beside the others of the slice, and the
 * slices of SLICE_RECORDS records loaded by DuckDB's typed JSON reader, SLICES_PER_LOAD to a statement (which
 * DuckDB reads in parallel). With many files a worker thread writes the slices while DuckDB loads the last
 * ones; a slice DuckDB refuses is loaded again file by file, so one bad record costs only its file.
 */
export async function openLocalTrail(
  folder: string,
  options: {
    database?: string;
    onProgress?: (progress: CollectProgress) => void;
    /** Files at least this big are streamed (default STREAM_FROM_BYTES; the tests make it small). */
    streamFromBytes?: number;
    /** From this many ordinary files on, a worker writes the slices (default WORKER_FROM_FILES; the tests make it 1). */
    workerFromFiles?: number;
  } = {},
): Promise<LocalTrail> {
  const all = findLogFiles(folder);
  const instance = await DuckDBInstance.create(options.database ?? ':memory:');
  const connection = await instance.connect();
  for (const statement of TRINO_FUNCTIONS) await connection.run(statement);
  // Collecting into a file, DuckDB keeps at most this much in memory and writes the rest out: without a
  // limit it held up to 500 MB more while loading 1 million records. (An in-memory database cannot spill its
  // tables, so it keeps DuckDB's default.) The queries afterwards run with the default again.
  if (options.database) await connection.run(`SET memory_limit = '${COLLECT_MEMORY_LIMIT}'`);
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
  // Only the two numbers the stamp needs: a year of a small account is 100,000 files, and a whole fs.Stats
  // each would hold a couple of hundred MB.
  const stats = new Map(
    all.map((file) => {
      const { size, mtimeMs } = statSync(file);
      return [file, { size, mtimeMs }];
    }),
  );
  const stamp = (file: string) => `${stats.get(file)?.size}:${stats.get(file)?.mtimeMs}`;
  const files = all.filter((file) => collected.get(file) !== stamp(file));
  const skipped: { file: string; reason: string }[] = [];
  const progress: CollectProgress = {
    files: 0,
    totalFiles: files.length,
    bytes: 0,
    totalBytes: files.reduce((sum, file) => sum + (stats.get(file)?.size ?? 0), 0),
    records: 0,
  };
  const staging = mkdtempSync(join(tmpdir(), 'account-watch-slices-'));
  const streamFrom = options.streamFromBytes ?? STREAM_FROM_BYTES;
  const sizes = new Map(files.map((file) => [file, stats.get(file)?.size ?? 0]));
  const large = files.filter((file) => (sizes.get(file) ?? 0) >= streamFrom);
  const ordinary = files.filter((file) => (sizes.get(file) ?? 0) < streamFrom);
  let ownSlices = 0;
  const report = () => options.onProgress?.({ ...progress });
  /** Writes records (JSON text) as a slice file of their own and returns its path. */
  const writeOwnSlice = (records: string[]) => {
    const path = join(staging, `own-${++ownSlices}.ndjson`);
    writeFileSync(path, `${records.join('\n')}\n`);
    return path;
  };

  /** A slice DuckDB refused: its files one by one, each read again, to find and skip the one at fault. */
  const loadFileByFile = async (held: string[]) => {
    for (const file of held) {
      let own: string | undefined;
      try {
        const records = readLogFileRecords(file).map((record) => JSON.stringify(record));
        own = writeOwnSlice(records);
        await loadSlices(connection, [own]);
        progress.records += records.length;
      } catch (error) {
        skipped.push({ file, reason: error instanceof NotALogFile ? error.message : firstLine(error) });
      } finally {
        if (own) rmSync(own, { force: true });
      }
    }
  };
  /** A group of slices in one statement, which DuckDB reads in parallel (one thread a slice file). */
  const loadGroup = async (slices: WrittenSlice[]) => {
    const paths = slices.flatMap((slice) => (slice.path ? [slice.path] : []));
    try {
      if (paths.length > 0) await loadSlices(connection, paths);
      for (const slice of slices) progress.records += slice.records;
    } catch {
      for (const slice of slices) {
        try {
          if (slice.path) await loadSlices(connection, [slice.path]);
          progress.records += slice.records;
        } catch {
          await loadFileByFile(slice.files);
        }
      }
    } finally {
      for (const path of paths) rmSync(path, { force: true });
    }
    report();
  };

  try {
    // Large files first, each streamed, read (and so checked) whole before any of it is loaded.
    for (const file of large) {
      const slices: Array<{ path: string; records: number }> = [];
      try {
        for await (const records of streamRecordSlices(file)) {
          slices.push({ path: writeOwnSlice(records), records: records.length });
        }
        for (const { path, records } of slices) {
          await loadSlices(connection, [path]);
          progress.records += records;
          report();
        }
      } catch (error) {
        skipped.push({ file, reason: error instanceof NotALogFile ? error.message : firstLine(error) });
      } finally {
        for (const { path } of slices) rmSync(path, { force: true });
      }
      progress.files++;
      progress.bytes += sizes.get(file) ?? 0;
      report();
    }

    // Ordinary files: slices written by a worker thread beside DuckDB's loading when there are many, here
    // otherwise (a worker costs a few hundred milliseconds to start). One load in flight at a time.
    let loading: Promise<void> = Promise.resolve();
    let group: WrittenSlice[] = [];
    const take = async (slice: WrittenSlice) => {
      skipped.push(...slice.skipped);
      progress.files += slice.filesRead;
      progress.bytes += slice.bytesRead;
      group.push(slice);
      if (group.length >= SLICES_PER_LOAD) {
        const full = group;
        group = [];
        await loading;
        loading = loadGroup(full);
      }
    };
    const slicing = { staging, sliceRecords: SLICE_RECORDS, sizes };
    if (ordinary.length >= (options.workerFromFiles ?? WORKER_FROM_FILES)) {
      for await (const slice of slicesFromWorker(ordinary, slicing)) await take(slice);
    } else {
      for (const slice of writeSlices(ordinary, { ...slicing, prefix: 'slice' })) await take(slice);
    }
    await loading;
    if (group.length > 0) await loadGroup(group);
    report();
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }

  if (options.database) await connection.run('RESET memory_limit');
  const refused = new Set(skipped.map(({ file }) => file));
  const loaded = files.filter((candidate) => !refused.has(candidate));
  for (let start = 0; start < loaded.length; start += 500) {
    const values = loaded.slice(start, start + 500).map((file) => {
      const fileStats = stats.get(file);
      return `(${sqlString(file)}, ${fileStats?.size}, ${fileStats?.mtimeMs})`;
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
