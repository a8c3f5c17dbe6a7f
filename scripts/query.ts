/**
 * Runs the saved CloudTrail queries (queries/*.sql) locally with DuckDB over log files on disk.
 *
 *   npm run query -- <name|all> --logs <dir> [--from <time>] [--to <time>] [--json] [--allowed-regions a,b]
 *
 * <dir> may hold CloudTrail log files in any layout: *.json or *.json.gz, each {"Records": [...]} as
 * CloudTrail writes them to S3 (e.g. `aws s3 sync s3://<bucket>/AWSLogs/ <dir>`), or a JSON array of records.
 * The window defaults to the last 24 hours; times are ISO 8601 (2023-07-10T11:00:00Z) or dates (2023-07-10, UTC).
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { readSetting } from '../src/lib/config.js';
import { loadSavedQueries } from '../src/lib/security-digest/catalog.js';
import { type CollectProgress, openLocalTrail, runSavedQueriesLocally } from '../src/lib/security-digest/local.js';
import { formatCell, formatRows } from '../src/lib/security-digest/message.js';
import type { Row } from '../src/lib/security-digest/outcome.js';
import type { SettingName, SettingValue } from '../src/lib/settings.js';
import { commandLine, fail, runTool, timeOption } from './cli.js';
import { pullLogs, stackLogsLocation } from './pull-logs.js';

const USAGE = `Usage: npm run query -- <name|all> --logs <dir> [--from <time>] [--to <time>] [--json] [--allowed-regions a,b]
       npm run query -- sql "<SELECT … FROM cloudtrail …>" --logs <dir> [--json]
       npm run query -- pull --logs <dir> [--since 7d | --from D --to D] [--regions a,b] [--region R] [--stage S]
                             [--bucket B [--prefix P] [--account ID] [--organization-id o-…]]
  Runs the saved CloudTrail queries (queries/*.sql), or any SQL over the table "cloudtrail" (the Athena
  table's columns), on DuckDB over the log files in <dir>. Files that are not CloudTrail logs are skipped, and said.
  --from, --to        the window: ISO 8601 times or dates (UTC); default the last 24 hours
  --json              one JSON object per row
  --allowed-regions   the regions you use (default: ALLOWED_REGIONS, else your region and us-east-1)
  --database <file>   where the records are collected, so later runs read only new files
                      (default .account-watch-query.duckdb in <dir>)
  --in-memory         collect nothing: read every file, keep nothing
  --csv               CSV instead of tables (a "query" column first when several queries run)
  --time-zone <zone>  times in this IANA zone, UTC beside them (default: TIME_ZONE, else this computer's)
  pull copies the trail's files for those UTC days from its bucket into <dir>, with your AWS credentials,
  skipping the files already there (run it again to resume). Where the logs are comes from the deployed
  stack (account-watch-<stage> in --region), or from --bucket and --prefix (the account: your credentials').`;

function usage(message: string): never {
  return fail(message, USAGE);
}

const { values, positionals } = commandLine(USAGE, () =>
  parseArgs({
    allowPositionals: true,
    options: {
      logs: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean', default: false },
      csv: { type: 'boolean', default: false },
      'time-zone': { type: 'string' },
      'allowed-regions': { type: 'string' },
      database: { type: 'string' },
      'in-memory': { type: 'boolean', default: false },
      bucket: { type: 'string' },
      prefix: { type: 'string' },
      since: { type: 'string' },
      regions: { type: 'string' },
      account: { type: 'string' },
      'organization-id': { type: 'string' },
      region: { type: 'string', default: process.env.AWS_REGION ?? 'us-east-1' },
      stage: { type: 'string', default: 'prod' },
    },
  }),
);

const name = positionals[0];
if (!name) usage('Name a saved query, or all.');
if (!values.logs) usage('--logs is required: the folder with CloudTrail log files.');
if (name === 'pull') {
  await pull(values.logs);
  process.exit(process.exitCode ?? 0);
}
if (!existsSync(values.logs)) usage(`--logs ${values.logs}: no such file or folder`);
const all = loadSavedQueries(join(import.meta.dirname, '..', 'queries'));
const adHoc = name === 'sql' ? positionals[1] : undefined;
if (name === 'sql' && !adHoc)
  usage('Give the SQL after sql, in quotes: npm run query -- sql "SELECT count(*) FROM cloudtrail" --logs <dir>');
const queries = name === 'all' ? all : all.filter((query) => query.name === name);
if (!adHoc && queries.length === 0) {
  usage(`No saved query "${name}". Known: ${all.map((query) => query.name).join(', ')}, or sql "<SELECT …>"`);
}

const end = timeOption(values.to, 'to', USAGE) ?? new Date();
const start = timeOption(values.from, 'from', USAGE) ?? new Date(end.getTime() - 24 * 3_600_000);
if (start >= end) usage('--from must be before --to.');
// The same setting, parser and default as the deployed function: --allowed-regions, else ALLOWED_REGIONS, else the home region and us-east-1.
/** A setting read and checked as the deployed functions read it; a bad value ends in the usage text. */
function settingOrUsage<K extends SettingName>(env: Record<string, string | undefined>, name: K): SettingValue<K> {
  try {
    return readSetting(env, name);
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error));
  }
}
const allowedRegions = settingOrUsage(
  { ...process.env, ...(values['allowed-regions'] ? { ALLOWED_REGIONS: values['allowed-regions'] } : {}) },
  'allowedRegions',
);
const timeZone = settingOrUsage(
  { TIME_ZONE: values['time-zone'] ?? process.env.TIME_ZONE ?? Intl.DateTimeFormat().resolvedOptions().timeZone },
  'timeZone',
);
/** Rows for a person: times in the chosen zone with UTC beside them, long values cut. */
const readable = (rows: Row[]) =>
  rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, formatCell(value, timeZone)])));
const csvCell = (value: string | null) =>
  value === null ? '' : /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
const csv = (columns: string[], rows: Row[], query?: string) =>
  rows.map((row) =>
    [...(query ? [query] : []), ...columns.map((column) => row[column] ?? null)].map(csvCell).join(','),
  );

/**
 * A progress line on stderr once collecting takes more than a second (a few files are done before it would
 * show): files and megabytes done of all, records, rate and time left; rewritten in place at most 4 times a second.
 */
function collectProgress(): (progress: CollectProgress) => void {
  const started = Date.now();
  let shown = 0;
  return (progress) => {
    const now = Date.now();
    const done = progress.files === progress.totalFiles;
    if (now - started < 1_000 || (!done && now - shown < 250)) return;
    shown = now;
    const seconds = (now - started) / 1000;
    const rate = progress.bytes / seconds;
    const left = rate > 0 ? Math.round((progress.totalBytes - progress.bytes) / rate) : undefined;
    const mb = (bytes: number) => (bytes / 1_048_576).toFixed(1);
    process.stderr.write(
      `\rcollecting: files ${progress.files}/${progress.totalFiles} · ${mb(progress.bytes)}/${mb(progress.totalBytes)} MB · ${progress.records.toLocaleString('en-US')} records · ${Math.round(progress.records / seconds).toLocaleString('en-US')} records/s${done ? '' : ` · ~${left ?? '?'} s left`}   `,
    );
    if (done) process.stderr.write('\n');
  };
}

const logsFolder = statSync(values.logs).isDirectory() ? values.logs : dirname(values.logs);
const database = values['in-memory'] ? undefined : (values.database ?? join(logsFolder, '.account-watch-query.duckdb'));
if (!values.json) console.error(database ? `Collecting new log files into ${database} …` : 'Reading every log file …');
const trail = await openLocalTrail(values.logs, {
  ...(database ? { database } : {}),
  ...(values.json ? {} : { onProgress: collectProgress() }),
});
if (!values.json) console.error(`${trail.loadedNow} file(s) read now, ${trail.collectedBefore} collected before.`);
try {
  for (const { file, reason } of trail.skipped) console.error(`skipped ${file}: ${reason}`);
  if (trail.skipped.length > 0) console.error(`${trail.skipped.length} file(s) skipped; the rest is loaded.`);
  if (adHoc) {
    try {
      const rows = await trail.run(adHoc);
      const columns = Object.keys(rows[0] ?? {});
      if (values.json) for (const row of rows) console.log(JSON.stringify(row));
      else if (values.csv) console.log([columns.join(','), ...csv(columns, rows)].join('\n'));
      else console.log(formatRows(columns, readable(rows), 100).join('\n') || '(no rows)');
    } catch (error) {
      console.error(`The SQL failed: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
      process.exitCode = 1;
    }
  } else {
    await runSaved();
  }
} finally {
  trail.close();
}

async function runSaved(): Promise<void> {
  const outcomes = await runSavedQueriesLocally(
    trail,
    queries,
    { start, end },
    allowedRegions,
    Number.POSITIVE_INFINITY,
  );
  if (values.csv) {
    const columns = [
      ...new Set(outcomes.flatMap((outcome) => (outcome.status === 'succeeded' ? outcome.columns : []))),
    ];
    console.log(['query', ...columns].join(','));
    for (const outcome of outcomes) {
      if (outcome.status === 'succeeded') console.log(csv(columns, outcome.rows, outcome.query.name).join('\n'));
      else console.error(`${outcome.query.name}: ${outcome.reason}`);
    }
    return;
  }
  if (!values.json) {
    const [span] = await trail.run('SELECT min(eventtime) AS first, max(eventtime) AS last FROM cloudtrail');
    const covered = span?.first ? `; the logs cover ${span.first} to ${span.last}` : '';
    console.log(
      `${trail.records} records from ${trail.files.length} file(s)${covered}; window ${start.toISOString()} to ${end.toISOString()}\n`,
    );
  }
  let failed = false;
  for (const outcome of outcomes) {
    if (outcome.status !== 'succeeded') {
      failed = true;
      console.error(`${outcome.query.name}: ${outcome.reason}`);
      continue;
    }
    if (values.json) {
      for (const row of outcome.rows) console.log(JSON.stringify({ query: outcome.query.name, ...row }));
      continue;
    }
    console.log(
      `== ${outcome.query.title} (${outcome.query.name}, ${outcome.query.severity}): ${outcome.rowCount} row(s)`,
    );
    if (outcome.rowCount > 0) console.log(formatRows(outcome.columns, readable(outcome.rows), 100).join('\n'));
    console.log('');
  }
  if (failed) process.exitCode = 1;
}

/** The pull subcommand: the trail's files for the days asked, from its bucket into the logs folder. */
async function pull(folder: string): Promise<void> {
  const today = new Date().toISOString().slice(0, 10);
  const sinceDays = values.since ? /^(\d{1,4})d$/.exec(values.since)?.[1] : undefined;
  if (values.since && !sinceDays) usage(`--since "${values.since}" is not a number of days such as 7d`);
  const day = (value: string | undefined, label: string) =>
    value === undefined ? undefined : (timeOption(value, label, USAGE)?.toISOString().slice(0, 10) ?? undefined);
  const to = day(values.to, 'to') ?? today;
  const from =
    day(values.from, 'from') ??
    new Date(Date.parse(`${to}T00:00:00Z`) - Number(sinceDays ?? 1) * 86_400_000).toISOString().slice(0, 10);
  const region = values.region ?? 'us-east-1';
  await runTool(async () => {
    // Without --bucket, the deployed stack says where its table reads the logs.
    const location = values.bucket
      ? await (async () => {
          const account =
            values.account ?? (await new STSClient({ region }).send(new GetCallerIdentityCommand({}))).Account ?? '';
          if (!/^\d{12}$/.test(account)) usage(`--account "${account}" is not a 12-digit account ID`);
          const organization = values['organization-id'] ? `${values['organization-id']}/` : '';
          const prefix = values.prefix ? `${values.prefix.replace(/^\/+|\/+$/g, '')}/` : '';
          return { bucket: values.bucket ?? '', logsPrefix: `${prefix}AWSLogs/${organization}${account}/CloudTrail/` };
        })()
      : await stackLogsLocation(new CloudFormationClient({ region }), `account-watch-${values.stage ?? 'prod'}`);
    const regions = (values.regions ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    mkdirSync(folder, { recursive: true });
    const summary = await pullLogs(new S3Client({ region }), {
      ...location,
      from,
      to,
      regions,
      folder,
      progress: (line) => process.stderr.write(`\r${line}`),
    });
    process.stderr.write('\n');
    console.log(
      `${summary.downloaded} file(s) pulled (${(summary.bytes / 1_048_576).toFixed(1)} MB), ${summary.skipped} already here, for ${from} to ${to} (UTC).`,
    );
  });
}
