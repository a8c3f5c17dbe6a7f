import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/**
 * One CloudTrail log file from disk, as `npm run query` and `npm run detect` read it: `.json` or `.json.gz`,
 * {"Records": [...]} as CloudTrail writes it to S3, or a plain JSON array of records. Anything else (a digest
 * file, a bare record, "Records" that is not a list) is not a log file and is refused with a one-line reason.
 */

/** Why a file is not read, in one line for the "skipped <file>: <reason>" the tools print. */
export class NotALogFile extends Error {
  override name = 'NotALogFile';
}

/** The first line of an error's message, for a one-line reason. */
export function firstLine(error: unknown): string {
  return ((error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '').trim() || 'unreadable';
}

/** The records of a log file, as parsed JSON; NotALogFile says why a file has none. */
export function readLogFileRecords(file: string): unknown[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new NotALogFile(`unreadable: ${firstLine(error)}`);
  }
  let text: string;
  try {
    text = file.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
  } catch (error) {
    throw new NotALogFile(`not a readable gzip file (truncated or corrupt): ${firstLine(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new NotALogFile(`not JSON (truncated?): ${firstLine(error)}`);
  }
  const records = Array.isArray(parsed)
    ? parsed
    : Array.isArray((parsed as { Records?: unknown } | null)?.Records)
      ? (parsed as { Records: unknown[] }).Records
      : undefined;
  if (!records) throw new NotALogFile('not a CloudTrail log file (no "Records" list)');
  return records;
}
