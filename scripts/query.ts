/**
 * Runs the saved CloudTrail queries (queries/*.sql) locally with DuckDB over log files on disk.
 *
 *   npm run query -- <name|all> --logs <dir> [--from <time>] [--to <time>] [--json] [--allowed-regions a,b]
 *
 * <dir> may hold CloudTrail log files in any layout: *.json or *.json.gz, each {"Records": [...]} as
 * CloudTrail writes them to S3 (e.g. `aws s3 sync s3://<bucket>/AWSLogs/ <dir>`), or a JSON array of records.
 * The window defaults to the last 24 hours; times are ISO 8601 (2023-07-10T11:00:00Z) or dates (2023-07-10, UTC).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { readSetting } from '../src/lib/config.js';
import { loadSavedQueries } from '../src/lib/security-digest/catalog.js';
import { mostCommonAccount } from '../src/lib/security-digest/cells.js';
import { type CollectProgress, openLocalTrail, runSavedQueriesLocally } from '../src/lib/security-digest/local.js';
import { formatCell, formatRows } from '../src/lib/security-digest/message.js';
import type { Row } from '../src/lib/security-digest/outcome.js';
import type { SettingName, SettingValue } from '../src/lib/settings.js';
import { whyAwsCallFailed } from './aws-failure.js';
import { cacheFolder, fail, option, parseCommandLine, progressReporter, stageRegion } from './cli.js';
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

const { values, positionals } = parseCommandLine(
  USAGE,
  {
    logs: option.text({ required: true }),
    from: option.time(),
    to: option.time(),
    json: option.flag(),
    csv: option.flag(),
    'time-zone': option.setting('timeZone'),
    'allowed-regions': option.setting('allowedRegions'),
    database: option.text(),
    'in-memory': option.flag(),
    bucket: option.text(),
    prefix: option.text(),
    since: option.text(),
    regions: option.regions(),
    account: option.text(),
    'organization-id': option.text(),
    region: option.region(),
    stage: option.stage(),
  },
  { max: Number.POSITIVE_INFINITY },
);

const [name] = positionals;
if (!name) usage('Name a saved query (or several), or all.');
if (values.json && values.csv) usage('--json and --csv cannot be used together: choose one.');
if (name === 'pull') {
  if (positionals.length > 1)
    usage(
      `Unexpected ${positionals
        .slice(1)
        .map((word) => `"${word}"`)
        .join(' ')} after pull`,
    );
  await pull(values.logs);
  process.exit(process.exitCode ?? 0);
}
if (!existsSync(values.logs)) usage(`--logs ${values.logs}: no such file or folder`);
const all = loadSavedQueries(join(import.meta.dirname, '..', 'queries'));
const adHoc = name === 'sql' ? positionals[1] : undefined;
if (name === 'sql' && !adHoc)
  usage('Give the SQL after sql, in quotes: npm run query -- sql "SELECT count(*) FROM cloudtrail" --logs <dir>');
if (name === 'sql' && positionals.length > 2)
  usage('Give the SQL after sql as one argument, in quotes: npm run query -- sql "SELECT …" --logs <dir>');
const unknown = adHoc ? [] : positionals.filter((word) => word !== 'all' && !all.some((query) => query.name === word));
if (unknown.length > 0) {
  usage(
    `No saved query ${unknown.map((word) => `"${word}"`).join(', ')}. Known: ${all.map((query) => query.name).join(', ')}, or all, or sql "<SELECT …>"`,
  );
}
const queries = positionals.includes('all') ? all : all.filter((query) => positionals.includes(query.name));
if (values.from && values.to && values.from >= values.to) usage('--from must be before --to.');

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
const readable = (rows: Row[], account?: string) =>
  rows.map((row) =>
    Object.fromEntries(Object.entries(row).map(([key, value]) => [key, formatCell(value, timeZone, account)])),
  );
/** On a terminal, tables fit its width; in a file or a pipe every cell is whole. */
const tableWidth = process.stdout.isTTY ? process.stdout.columns : undefined;
const table = (columns: string[], rows: Row[], account?: string) =>
  formatRows(columns, readable(rows, account), tableWidth ? { maxWidth: tableWidth } : {});
const csvCell = (value: string | null) =>
  value === null ? '' : /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
const csv = (columns: string[], rows: Row[], query?: string) =>
  rows.map((row) =>
    [...(query ? [query] : []), ...columns.map((column) => row[column] ?? null)].map(csvCell).join(','),
  );

/** Collecting's progress: files and megabytes done of all, records, rate and time left. */
function collectProgress(): (progress: CollectProgress) => void {
  const started = Date.now();
  const reporter = progressReporter();
  return (progress) => {
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    const done = progress.files === progress.totalFiles;
    const rate = progress.bytes / seconds;
    const left = rate > 0 ? Math.round((progress.totalBytes - progress.bytes) / rate) : undefined;
    const mb = (bytes: number) => (bytes / 1_048_576).toFixed(1);
    reporter.update(
      `collecting: files ${progress.files}/${progress.totalFiles} · ${mb(progress.bytes)}/${mb(progress.totalBytes)} MB · ${progress.records.toLocaleString('en-US')} records · ${Math.round(progress.records / seconds).toLocaleString('en-US')} records/s${done ? '' : ` · ~${left ?? '?'} s left`}`,
      done,
    );
  };
}

/**
 * Where the records of a logs folder are collected between runs: the user's cache folder, one database per
 * logs folder (named after it, keyed by its full path), so the evidence folder is never written to.
 */
function databaseFor(logs: string): string {
  const folder = realpathSync(statSync(logs).isDirectory() ? logs : dirname(logs));
  const key = createHash('sha256').update(folder).digest('hex').slice(0, 12);
  const name =
    basename(folder)
      .replace(/[^\w.-]/g, '_')
      .slice(0, 40) || 'root';
  const cache = cacheFolder('query');
  mkdirSync(cache, { recursive: true });
  return join(cache, `${name}-${key}.duckdb`);
}

const database = values['in-memory'] ? undefined : (values.database ?? databaseFor(values.logs));
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
      else console.log(table(columns, rows).join('\n') || '(no rows)');
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

/**
 * The window: with neither --from nor --to, everything the logs hold (their first record to just after their
 * last); otherwise --from and --to, a bound left out being now (--to) or a day before --to (--from).
 */
async function queryWindow(): Promise<{ start: Date; end: Date; first?: string; last?: string }> {
  const [span] = await trail.run('SELECT min(eventtime) AS first, max(eventtime) AS last FROM cloudtrail');
  const first = typeof span?.first === 'string' ? span.first : undefined;
  const last = typeof span?.last === 'string' ? span.last : undefined;
  const covered = { ...(first ? { first } : {}), ...(last ? { last } : {}) };
  if (!values.from && !values.to && first && last)
    return { start: new Date(Date.parse(first)), end: new Date(Date.parse(last) + 1_000), ...covered };
  const end = values.to ?? new Date();
  return { start: values.from ?? new Date(end.getTime() - 24 * 3_600_000), end, ...covered };
}

async function runSaved(): Promise<void> {
  const { start, end, first, last } = await queryWindow();
  if (start >= end) usage(`--from ${start.toISOString()} is not before the end of the window, ${end.toISOString()}.`);
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
  // The account the results' ARNs name, once in the header instead of in every cell.
  const account = mostCommonAccount(
    outcomes.flatMap((outcome) =>
      outcome.status === 'succeeded' ? outcome.rows.flatMap((row) => Object.values(row)) : [],
    ),
  );
  if (!values.json) {
    if (account) console.log(`Account ${account} (left out of the ARNs below)`);
    const covered = first ? `; the logs cover ${first} to ${last}` : '; the logs hold no records';
    const whole = !values.from && !values.to && first ? ' (all the logs hold)' : '';
    const outside =
      first && last && (end.getTime() <= Date.parse(first) || start.getTime() > Date.parse(last))
        ? ' (none of the logs fall in it)'
        : '';
    console.log(
      `${trail.records} records from ${trail.files.length} file(s)${covered}; window ${start.toISOString()} to ${end.toISOString()}${whole}${outside}\n`,
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
    if (outcome.rowCount > 0) console.log(table(outcome.columns, outcome.rows, account).join('\n'));
    console.log('');
  }
  if (failed) process.exitCode = 1;
}

/** The pull subcommand: the trail's files for the days asked, from its bucket into the logs folder. */
async function pull(folder: string): Promise<void> {
  const today = new Date().toISOString().slice(0, 10);
  const sinceDays = values.since ? /^(\d{1,4})d$/.exec(values.since)?.[1] : undefined;
  if (values.since && !sinceDays) usage(`--since "${values.since}" is not a number of days such as 7d`);
  const day = (value: Date | undefined) => value?.toISOString().slice(0, 10);
  const to = day(values.to) ?? today;
  const from =
    day(values.from) ??
    new Date(Date.parse(`${to}T00:00:00Z`) - Number(sinceDays ?? 1) * 86_400_000).toISOString().slice(0, 10);
  const region = stageRegion(values.stage, values.region);
  try {
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
      : await stackLogsLocation(new CloudFormationClient({ region }), `account-watch-${values.stage}`);
    mkdirSync(folder, { recursive: true });
    const reporter = progressReporter();
    const summary = await pullLogs(new S3Client({ region }), {
      ...location,
      from,
      to,
      regions: values.regions,
      folder,
      progress: (line) => reporter.update(line),
    });
    reporter.update(`${summary.downloaded} file(s) pulled`, true);
    console.log(
      `${summary.downloaded} file(s) pulled (${(summary.bytes / 1_048_576).toFixed(1)} MB), ${summary.skipped} already here, for ${from} to ${to} (UTC).`,
    );
  } catch (error) {
    // Credentials, network and permission problems in one line (the stack lookup's own errors say enough already).
    const message = error instanceof Error ? error.message : String(error);
    if (/^Stack with id .* does not exist/.test(message))
      console.error(
        `No stack account-watch-${values.stage} in ${region}: deploy it first, or pass --region and --stage, or --bucket.`,
      );
    else if (/^Stack .* has no QueryLogsBucket/.test(message)) console.error(message);
    else console.error(`Could not pull the logs: ${whyAwsCallFailed(error)}`);
    process.exitCode = 1;
  }
}
