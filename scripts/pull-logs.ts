import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { addDays, dateRange } from '../src/lib/cost/dates.js';

/**
 * `npm run query -- pull`: copies a trail's log files from its bucket into a local folder, keeping the
 * bucket's key layout. Incremental (a file already there with the same size is skipped), concurrent,
 * and resumable (a file is written as .part and renamed when complete, so an interrupted run leaves no
 * half file that looks whole).
 */

export interface PullOptions {
  bucket: string;
  /** The trail's key prefix up to the regions: <prefix>/AWSLogs/<account>/CloudTrail/ (or the organization's). */
  logsPrefix: string;
  /** UTC days to pull, inclusive, as YYYY-MM-DD. */
  from: string;
  to: string;
  /** Regions to pull; all the trail has when absent. */
  regions?: string[];
  folder: string;
  concurrency?: number;
  /** Called with a one-line progress report as the work goes on. */
  progress?: (line: string) => void;
  now?: () => number;
}

export interface PullSummary {
  listed: number;
  downloaded: number;
  skipped: number;
  bytes: number;
}

/** Every key under a prefix, following ListObjectsV2's continuation tokens; with a delimiter, the sub-prefixes. */
async function listAll(
  s3: S3Client,
  bucket: string,
  prefix: string,
  delimiter?: string,
): Promise<{ keys: { key: string; size: number }[]; prefixes: string[] }> {
  const keys: { key: string; size: number }[] = [];
  const prefixes: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        ...(delimiter ? { Delimiter: delimiter } : {}),
        ...(token ? { ContinuationToken: token } : {}),
      }),
    );
    for (const object of page.Contents ?? []) {
      if (object.Key) keys.push({ key: object.Key, size: object.Size ?? 0 });
    }
    for (const common of page.CommonPrefixes ?? []) if (common.Prefix) prefixes.push(common.Prefix);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return { keys, prefixes };
}

/** The trail's day folders ("2026/11/28") from `from` through `to`, both included. */
function days(from: string, to: string): string[] {
  return dateRange(from, addDays(to, 1)).map((day) => day.replaceAll('-', '/'));
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

/** Pulls the trail's files for the days and regions asked into `folder`. */
export async function pullLogs(s3: S3Client, options: PullOptions): Promise<PullSummary> {
  const { bucket, folder, progress = () => undefined, now = Date.now } = options;
  const logsPrefix = options.logsPrefix.endsWith('/') ? options.logsPrefix : `${options.logsPrefix}/`;
  const regions =
    options.regions && options.regions.length > 0
      ? options.regions
      : (await listAll(s3, bucket, logsPrefix, '/')).prefixes.map((prefix) =>
          prefix.slice(logsPrefix.length).replace(/\/$/, ''),
        );
  const wanted: { key: string; size: number }[] = [];
  for (const region of regions) {
    for (const day of days(options.from, options.to)) {
      wanted.push(...(await listAll(s3, bucket, `${logsPrefix}${region}/${day}/`)).keys);
    }
  }
  const todo = wanted.filter(({ key, size }) => {
    const path = join(folder, key);
    return !(existsSync(path) && statSync(path).size === size);
  });
  const total = todo.reduce((sum, { size }) => sum + size, 0);
  const summary: PullSummary = { listed: wanted.length, downloaded: 0, skipped: wanted.length - todo.length, bytes: 0 };
  const started = now();
  let lastReport = 0;
  const report = (force = false) => {
    const elapsed = (now() - started) / 1000;
    if (!force && now() - lastReport < 250) return;
    lastReport = now();
    const rate = elapsed > 0 ? summary.bytes / elapsed : 0;
    const left = rate > 0 ? Math.round((total - summary.bytes) / rate) : undefined;
    progress(
      `files ${summary.downloaded}/${todo.length} (${summary.skipped} already here) · ${megabytes(summary.bytes)}/${megabytes(total)} · ${megabytes(rate)}/s${left !== undefined ? ` · ~${left} s left` : ''}`,
    );
  };

  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const item = todo[next++];
      if (!item) continue;
      const path = join(folder, item.key);
      const part = `${path}.part`;
      mkdirSync(dirname(path), { recursive: true });
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: item.key }));
      try {
        await pipeline(object.Body as Readable, createWriteStream(part));
        renameSync(part, path);
      } catch (error) {
        rmSync(part, { force: true });
        throw error;
      }
      summary.downloaded++;
      summary.bytes += item.size;
      report();
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, Math.max(todo.length, 1)) }, worker));
  report(true);
  return summary;
}

/** A deployed stack's outputs, by key. CloudFormation refuses a stack that does not exist with a ValidationError. */
export async function stackOutputs(
  cloudFormation: CloudFormationClient,
  stackName: string,
): Promise<Map<string | undefined, string | undefined>> {
  const { Stacks = [] } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
  return new Map((Stacks[0]?.Outputs ?? []).map((output) => [output.OutputKey, output.OutputValue]));
}

/** Where the deployed stack's table reads the logs: its QueryLogsBucket and QueryLogsPrefix outputs. */
export async function stackLogsLocation(
  cloudFormation: CloudFormationClient,
  stackName: string,
): Promise<{ bucket: string; logsPrefix: string }> {
  const outputs = await stackOutputs(cloudFormation, stackName);
  const bucket = outputs.get('QueryLogsBucket');
  const logsPrefix = outputs.get('QueryLogsPrefix');
  if (!bucket || !logsPrefix) {
    throw new Error(
      `Stack ${stackName} has no QueryLogsBucket/QueryLogsPrefix outputs: deploy it again, or pass --bucket`,
    );
  }
  return { bucket, logsPrefix };
}
