/**
 * Reading CloudTrail records defensively, whatever carried them: an EventBridge event, a bare record, a
 * log file ({"Records": [...]}) or a JSON array of records. Every value of a record is untrusted.
 */

export type Fields = Record<string, unknown>;

/** What the EventBridge envelope adds to a CloudTrail record. */
export interface EnvelopeContext {
  region?: string;
  account?: string;
  time?: string;
}

/** One CloudTrail record, with what its EventBridge envelope said (if it came in one). */
export interface IncomingRecord {
  record: Fields;
  envelope: EnvelopeContext;
}

export interface ExtractedRecords {
  records: IncomingRecord[];
  /** Records left out because the caller does not handle them (a log file holds every service's events). */
  skipped: number;
}

export function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object's fields, or none for anything else. */
export function asFields(value: unknown): Fields {
  return isObject(value) ? value : {};
}

/** A trimmed non-empty string, or undefined for anything else (null, "", numbers, objects). */
export function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function fromRecordList(list: unknown[], accept: (record: Fields) => boolean): ExtractedRecords {
  const records = list
    .filter(isObject)
    .filter(accept)
    .map((record) => ({ record, envelope: {} }));
  return { records, skipped: list.length - records.length };
}

/**
 * The records of any input that `accept` takes (an EventBridge event's detail always: its rule chose it);
 * the rest are counted as skipped.
 */
export function extractRecords(input: unknown, accept: (record: Fields) => boolean): ExtractedRecords {
  if (Array.isArray(input)) return fromRecordList(input, accept);
  if (!isObject(input)) return { records: [], skipped: input === undefined || input === null ? 0 : 1 };
  if (Array.isArray(input.Records)) return fromRecordList(input.Records, accept);
  if ('detail' in input && ('detail-type' in input || 'source' in input)) {
    const detail = asFields(input.detail);
    const envelope: EnvelopeContext = {
      region: text(input.region),
      account: text(input.account),
      time: text(input.time),
    };
    // The rule that delivered the event chose it: its detail is taken whatever `accept` would say.
    return { records: [{ record: detail, envelope }], skipped: 0 };
  }
  return accept(input) ? { records: [{ record: input, envelope: {} }], skipped: 0 } : { records: [], skipped: 1 };
}
