import { firstLine, readLogFileRecords } from '../cloudtrail/log-file.js';
import { type Fields, isObject } from '../cloudtrail/records.js';
import type { ApiCallSettings } from '../config.js';
import type { CountryLookup } from '../geo/locate.js';
import type { Channel } from '../notify/channels.js';
import type { Notification } from '../notify/notification.js';
import { catalogueIndex } from './detect.js';
import { type AssessedApiCall, processApiCallEvent } from './process.js';

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
  /** Detected but not sent: folded into a burst, below minSeverity or allowlisted. */
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
  options: { from?: Date; to?: Date; country?: CountryLookup } = {},
): Promise<ReplayResult> {
  const result: ReplayResult = { files: 0, records: 0, candidates: 0, alerts: [], quiet: 0, skippedFiles: [] };
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
      continue;
    }
    result.files++;
    result.records += records.length;
    for (const record of records) if (inWindow(record) && isCandidate(record, settings.reads)) candidates.push(record);
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
  return result;
}
