import type { EnvelopeContext } from './normalize.js';

/** One CloudTrail record to normalize, with what its EventBridge envelope said (if it came in one). */
export interface IncomingRecord {
  record: Record<string, unknown>;
  envelope: EnvelopeContext;
}

export interface ExtractedRecords {
  records: IncomingRecord[];
  /** Records left out because they are not sign-in events (a CloudTrail log file holds every service's events). */
  skipped: number;
}

const SIGNIN_SOURCE = 'signin.amazonaws.com';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSignInRecord(record: Record<string, unknown>): boolean {
  // A record without eventSource is still taken: it may be a trimmed sample, and dropping it could hide a sign-in.
  return record.eventSource === undefined || record.eventSource === SIGNIN_SOURCE;
}

function fromRecordList(list: unknown[]): ExtractedRecords {
  const objects = list.filter(isObject);
  const records = objects.filter(isSignInRecord).map((record) => ({ record, envelope: {} }));
  return { records, skipped: list.length - records.length };
}

/**
 * Accepts an EventBridge event (aws.signin), a bare CloudTrail record, a CloudTrail log file
 * ({"Records": [...]}) or a JSON array of records, and returns the sign-in records in it.
 */
export function extractSignInRecords(input: unknown): ExtractedRecords {
  if (Array.isArray(input)) return fromRecordList(input);
  if (!isObject(input)) return { records: [], skipped: input === undefined || input === null ? 0 : 1 };
  if (Array.isArray(input.Records)) return fromRecordList(input.Records);
  if ('detail' in input && ('detail-type' in input || 'source' in input)) {
    const detail = isObject(input.detail) ? input.detail : {};
    const envelope: EnvelopeContext = {
      region: typeof input.region === 'string' ? input.region : undefined,
      account: typeof input.account === 'string' ? input.account : undefined,
      time: typeof input.time === 'string' ? input.time : undefined,
    };
    return { records: [{ record: detail, envelope }], skipped: 0 };
  }
  return isSignInRecord(input)
    ? { records: [{ record: input, envelope: {} }], skipped: 0 }
    : { records: [], skipped: 1 };
}
