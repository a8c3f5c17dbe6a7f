/**
 * Readers for CloudTrail's request and response parameters. Every value came from an event: it is untrusted
 * and may be missing, of another type, or nested differently from one API version to the next.
 */

import { text } from '../cloudtrail/records.js';

export type Json = unknown;

/** The value at `path`, or undefined as soon as a step is not an object. */
export function field(value: Json, ...path: string[]): Json {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, Json>)[key];
  }
  return current;
}

/** A non-empty string, trimmed; anything else is undefined (records.ts's `text`, under the detections' short name). */
export const str: (value: Json) => string | undefined = text;

/** The first of several fields that holds a non-empty string. */
export function firstStr(value: Json, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const found = str(field(value, key));
    if (found) return found;
  }
  return undefined;
}

/** CloudTrail's lists: `{items: [...]}` in EC2's shape, or a plain array. */
export function items(value: Json): Json[] {
  const list = field(value, 'items');
  if (Array.isArray(list)) return list;
  return Array.isArray(value) ? value : [];
}

/** One value or many, as a list (policy fields are either). */
export function asList(value: Json): Json[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

/** A boolean as CloudTrail records it: true, or "true" in the query-string APIs. */
export function isTrue(value: Json): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

export function isFalse(value: Json): boolean {
  return value === false || (typeof value === 'string' && value.toLowerCase() === 'false');
}

export function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** A JSON document as CloudTrail records it: a string (sometimes URL-encoded), or already an object. */
export function parseJsonDocument(document: Json): Json {
  if (typeof document !== 'string') return document;
  for (const candidate of [document, safeDecode(document)]) {
    try {
      return JSON.parse(candidate);
    } catch {
      // Try the next reading.
    }
  }
  return undefined;
}

/** The account ID in an IAM or STS ARN, or the ID itself. */
export function accountOf(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal;
  return /^arn:[\w-]+:[\w-]+:[\w-]*:(\d{12}):/.exec(principal)?.[1];
}
