import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { type QueryWindow, renderQuery, type SavedQuery } from './catalog.js';
import type { QueryOutcome, Row } from './outcome.js';

/**
 * The local engine: DuckDB over CloudTrail log files on disk. Used by `npm run query`, the preview and
 * the tests; never imported by a Lambda handler, so DuckDB never enters a bundle.
 */

export interface LocalTrail {
  /** Log files read. */
  files: string[];
  /** Records loaded (before any de-duplication: the queries count distinct events themselves). */
  records: number;
  run(sql: string): Promise<Row[]>;
  close(): void;
}

/** Every CloudTrail log file below a folder, in any layout: *.json or *.json.gz. */
export function findLogFiles(folder: string): string[] {
  if (statSync(folder).isFile()) return [folder];
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.json(\.gz)?$/.test(file))
    .map((file) => join(folder, file))
    .sort();
}

/**
 * The one place where Athena's SQL (Trino) and DuckDB's differ: DuckDB gets the Trino functions the
 * saved queries use, with Trino's meaning, and a view shaped like the Athena table (same lower-case
 * columns, JSON fields as text, the "region" and "date" partition columns).
 */
const TRINO_FUNCTIONS = [
  `SET TimeZone = 'UTC'`,
  'CREATE MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)',
  'CREATE MACRO date_format(ts, fmt) AS strftime(ts, fmt)',
  'CREATE MACRO json_extract_scalar(j, path) AS json_extract_string(j, path)',
  'CREATE MACRO regexp_like(s, pattern) AS regexp_matches(s, pattern)',
  // Athena declares requestParameters and friends as STRING: the JSON text, or NULL for JSON null.
  `CREATE MACRO json_text(j) AS CASE WHEN j IS NULL OR json_type(j) = 'NULL' THEN NULL ELSE CAST(j AS VARCHAR) END`,
];

const str = (path: string) => `json_extract_string(r, '$.${path}')`;

const CLOUDTRAIL_VIEW = `
CREATE VIEW cloudtrail AS SELECT
  ${str('eventVersion')} AS eventversion,
  struct_pack(
    type := ${str('userIdentity.type')},
    principalid := ${str('userIdentity.principalId')},
    arn := ${str('userIdentity.arn')},
    accountid := ${str('userIdentity.accountId')},
    invokedby := ${str('userIdentity.invokedBy')},
    accesskeyid := ${str('userIdentity.accessKeyId')},
    username := ${str('userIdentity.userName')},
    sessioncontext := struct_pack(
      attributes := struct_pack(
        mfaauthenticated := ${str('userIdentity.sessionContext.attributes.mfaAuthenticated')},
        creationdate := ${str('userIdentity.sessionContext.attributes.creationDate')}),
      sessionissuer := struct_pack(
        type := ${str('userIdentity.sessionContext.sessionIssuer.type')},
        principalid := ${str('userIdentity.sessionContext.sessionIssuer.principalId')},
        arn := ${str('userIdentity.sessionContext.sessionIssuer.arn')},
        accountid := ${str('userIdentity.sessionContext.sessionIssuer.accountId')},
        username := ${str('userIdentity.sessionContext.sessionIssuer.userName')}))
  ) AS useridentity,
  ${str('eventTime')} AS eventtime,
  ${str('eventSource')} AS eventsource,
  ${str('eventName')} AS eventname,
  ${str('awsRegion')} AS awsregion,
  ${str('sourceIPAddress')} AS sourceipaddress,
  ${str('userAgent')} AS useragent,
  ${str('errorCode')} AS errorcode,
  ${str('errorMessage')} AS errormessage,
  json_text(json_extract(r, '$.requestParameters')) AS requestparameters,
  json_text(json_extract(r, '$.responseElements')) AS responseelements,
  json_text(json_extract(r, '$.additionalEventData')) AS additionaleventdata,
  ${str('requestID')} AS requestid,
  ${str('eventID')} AS eventid,
  ${str('readOnly')} AS readonly,
  ${str('eventType')} AS eventtype,
  ${str('apiVersion')} AS apiversion,
  ${str('recipientAccountId')} AS recipientaccountid,
  json_text(json_extract(r, '$.serviceEventDetails')) AS serviceeventdetails,
  ${str('sharedEventID')} AS sharedeventid,
  ${str('vpcEndpointId')} AS vpcendpointid,
  ${str('recipientAccountId')} AS account,
  ${str('awsRegion')} AS region,
  strftime(CAST(${str('eventTime')} AS TIMESTAMPTZ), '%Y/%m/%d') AS "date"
FROM records`;

function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Opens an in-memory DuckDB over every log file below `folder`. */
export async function openLocalTrail(folder: string): Promise<LocalTrail> {
  const files = findLogFiles(folder);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  for (const statement of TRINO_FUNCTIONS) await connection.run(statement);
  if (files.length === 0) {
    await connection.run('CREATE TABLE records (r JSON)');
  } else {
    // A log file is {"Records": [...]} as CloudTrail writes it to S3, or a plain JSON array of records.
    await connection.run(`
      CREATE TABLE records AS
      SELECT unnest(CASE WHEN json_type(json) = 'ARRAY' THEN CAST(json AS JSON[]) ELSE CAST(json_extract(json, '$.Records') AS JSON[]) END) AS r
      FROM read_json_objects([${files.map(sqlString).join(', ')}], format = 'unstructured', maximum_object_size = 536870912)`);
  }
  await connection.run(CLOUDTRAIL_VIEW);
  const count = await connection.runAndReadAll('SELECT count(*) AS n FROM records');
  const records = Number(count.getRowObjectsJS()[0]?.n ?? 0);
  return {
    files,
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
