import { type ExtractedRecords, extractRecords, type Fields } from '../cloudtrail/records.js';

export type { ExtractedRecords, IncomingRecord } from '../cloudtrail/records.js';

const SIGNIN_SOURCE = 'signin.amazonaws.com';

function isSignInRecord(record: Fields): boolean {
  // A record without eventSource is still taken: it may be a trimmed sample, and dropping it could hide a sign-in.
  return record.eventSource === undefined || record.eventSource === SIGNIN_SOURCE;
}

/**
 * Accepts an EventBridge event (aws.signin), a bare CloudTrail record, a CloudTrail log file
 * ({"Records": [...]}) or a JSON array of records, and returns the sign-in records in it.
 */
export function extractSignInRecords(input: unknown): ExtractedRecords {
  return extractRecords(input, isSignInRecord);
}
