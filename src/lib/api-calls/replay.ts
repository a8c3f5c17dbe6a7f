import { firstLine, readLogFileRecords } from '../cloudtrail/log-file.js';
import { type Fields, isObject } from '../cloudtrail/records.js';
import type { CountryLookup } from '../geo/locate.js';
import type { Channel } from '../notify/channel.js';
import type { Notification } from '../notify/notification.js';
import { catalogueIndex } from './detect.js';
import { type AssessedApiCall, processApiCallEvent } from './process.js';
import type { ApiCallSettings } from './settings.js';

/**
 * The real-time catalogue over downloaded CloudTrail logs: what would have fired, in the order it would
 * have fired. Every record goes through the rules' own patterns (as EventBridge would filter it), then the
 * same pipeline as the function, with bursts counted in memory. For replaying an incident on a laptop.
 */

export interface ReplayResult {
  files: number;
  records: number;
  /** Records the rules would have delivered to the function. */
  candidates: number;
  alerts: Array<{ notification: Notification; assessed: AssessedApiCall }>;
  /**
   * Candidate calls by what became of them; each is counted once, so they add up to `candidates` (one call can
   * raise more than one alert: a refused GPU launch is an alert of its own and one more in a count).
   */
  calls: {
    /** Calls that raised at least one alert. */
    alerted: number;
    /** Detected, but nothing sent: folded into a burst, seen before, below minSeverity. */
    quiet: number;
    /** Delivered by a rule's pattern, but no detection's condition held (a bucket policy that opens nothing). */
    undetected: number;
    /** Not readable as an API call, or the same event again. */
    skipped: number;
  };
  /** Detected but not sent, counted per alert that was not sent. */
  quiet: number;
  skippedFiles: Array<{ file: string; reason: string }>;
}

/**
 * True when any deployed rule would deliver this record (as the `detail` of an API-call event): one of the
 * detections its event source and name could match (the index) matches it. The rules hold exactly these
 * patterns (deploy/api-calls.ts), so this is what EventBridge would deliver, without trying all of them.
 */
export function isCandidate(record: Fields, reads = false): boolean {
  return catalogueIndex(reads).delivers(record);
}

function recordsOf(file: string): Fields[] {
  return readLogFileRecords(file).filter(isObject);
}

export async function replayLogs(
  files: readonly string[],
  settings: ApiCallSettings,
  options: {
    from?: Date;
    to?: Date;
    country?: CountryLookup;
    /** After each file: files done, of all, and records read so far. */
    onFile?: (done: number, total: number, records: number) => void;
  } = {},
): Promise<ReplayResult> {
  const result: ReplayResult = {
    files: 0,
    records: 0,
    candidates: 0,
    alerts: [],
    quiet: 0,
    calls: { alerted: 0, quiet: 0, undetected: 0, skipped: 0 },
    skippedFiles: [],
  };
  let done = 0;
  const candidates: Fields[] = [];
  const inWindow = (record: Fields) => {
    const time = Date.parse(String(record.eventTime));
    if (Number.isNaN(time)) return !options.from && !options.to;
    return (!options.from || time >= options.from.getTime()) && (!options.to || time < options.to.getTime());
  };
  for (const file of files) {
    let records: Fields[];
    try {
      records = recordsOf(file);
    } catch (error) {
      result.skippedFiles.push({ file, reason: firstLine(error) });
      options.onFile?.(++done, files.length, result.records);
      continue;
    }
    result.files++;
    result.records += records.length;
    for (const record of records) if (inWindow(record) && isCandidate(record, settings.reads)) candidates.push(record);
    options.onFile?.(++done, files.length, result.records);
  }
  // In the order they happened, so bursts fold as they would have in the account.
  // ISO times sort as plain strings; localeCompare would cost more than the detections themselves.
  candidates.sort((a, b) => {
    const left = String(a.eventTime);
    const right = String(b.eventTime);
    return left < right ? -1 : left > right ? 1 : 0;
  });
  result.candidates = candidates.length;
  const sent: Notification[] = [];
  const channel: Channel = {
    name: 'replay',
    payload: () => undefined,
    async send(notification) {
      sent.push(notification);
    },
  };
  const run = await processApiCallEvent(candidates, settings, [channel], { country: options.country });
  const notified = run.assessed.filter((item) => item.notify);
  result.alerts = notified.map((assessed, index) => ({ assessed, notification: sent[index] as Notification }));
  result.quiet = run.quiet;
  const byCall = new Map<AssessedApiCall['call'], { hits: boolean; notify: boolean }>();
  for (const item of run.assessed) {
    const seen = byCall.get(item.call) ?? { hits: false, notify: false };
    byCall.set(item.call, { hits: seen.hits || item.hits.length > 0, notify: seen.notify || item.notify });
  }
  for (const { hits, notify } of byCall.values()) {
    if (notify) result.calls.alerted++;
    else if (hits) result.calls.quiet++;
    else result.calls.undetected++;
  }
  result.calls.skipped = result.candidates - byCall.size;
  return result;
}
