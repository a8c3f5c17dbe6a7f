import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isRegionName } from '../aws-names.js';
import { isSeverity, type Severity } from '../notify/severity.js';

/** One saved CloudTrail query: a queries/*.sql file and what its header says about it. */
export interface SavedQuery {
  /** The file name without .sql, e.g. "root-activity". */
  name: string;
  /** The English title, and any translation from a "-- title.<locale>:" header line. */
  title: string;
  titles: Partial<Record<string, string>>;
  /** What it finds, one sentence. */
  finds: string;
  severity: Severity;
  /** Whether any row is a finding that should raise the digest's severity. */
  alert: boolean;
  /** The SQL with its {{placeholders}}. */
  sql: string;
}

/** A saved query whose header or placeholders are wrong; the message names the file. */
export class SavedQueryError extends Error {
  override name = 'SavedQueryError';
}

const PLACEHOLDERS = ['table', 'in_window', 'window_start', 'window_end', 'allowed_regions'] as const;
type Placeholder = (typeof PLACEHOLDERS)[number];

/** Reads the "-- key: value" header of a saved query file. */
export function parseSavedQuery(name: string, text: string): SavedQuery {
  const header = new Map<string, string>();
  const body: string[] = [];
  for (const line of text.split('\n')) {
    const match = body.length === 0 ? /^--\s*([a-z]+(?:\.[a-z]{2})?):\s*(.+)$/.exec(line.trim()) : null;
    if (match?.[1] && match[2]) header.set(match[1], match[2].trim());
    else if (body.length > 0 || line.trim() !== '') body.push(line);
  }
  const required = (key: string) => {
    const value = header.get(key);
    if (!value) throw new SavedQueryError(`queries/${name}.sql: the header has no "-- ${key}:" line`);
    return value;
  };
  const severity = required('severity');
  if (!isSeverity(severity))
    throw new SavedQueryError(
      `queries/${name}.sql: severity "${severity}" is not one of info, low, medium, high, critical`,
    );
  const alert = required('alert');
  if (alert !== 'true' && alert !== 'false')
    throw new SavedQueryError(`queries/${name}.sql: alert must be true or false`);
  const sql = body.join('\n').trim();
  for (const [, placeholder] of sql.matchAll(/\{\{\s*([a-z_]+)\s*\}\}/g)) {
    if (!(PLACEHOLDERS as readonly string[]).includes(placeholder ?? '')) {
      throw new SavedQueryError(`queries/${name}.sql: unknown placeholder {{${placeholder}}}`);
    }
  }
  if (!/\{\{\s*in_window\s*\}\}/.test(sql)) {
    throw new SavedQueryError(
      `queries/${name}.sql: filter with {{in_window}}, which restricts the "date" partition to the window; without it a run reads every day of logs`,
    );
  }
  const titles = Object.fromEntries(
    [...header].flatMap(([key, value]) => (key.startsWith('title.') ? [[key.slice('title.'.length), value]] : [])),
  );
  return {
    name,
    title: required('title'),
    titles,
    finds: required('finds'),
    severity,
    alert: alert === 'true',
    sql,
  };
}

/** A saved query's title in a language, English when it has no translation. */
export function queryTitle(query: SavedQuery, locale: string): string {
  return query.titles[locale] ?? query.title;
}

/** Every saved query in a folder, sorted by name. */
export function loadSavedQueries(folder: string): SavedQuery[] {
  return readdirSync(folder)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => parseSavedQuery(basename(file, '.sql'), readFileSync(join(folder, file), 'utf8')));
}

/** The window a run covers: fixed instants, or "the last 24 hours" as written into the saved query in the console. */
export type QueryWindow = { start: Date; end: Date } | 'lastDay';

export interface RenderOptions {
  /** The table as SQL, e.g. "account_watch"."cloudtrail" in Athena or cloudtrail locally. */
  table: string;
  window: QueryWindow;
  allowedRegions: readonly string[];
}

/**
 * Fills in the placeholders. The SQL is Athena's (Trino) dialect; the local engine provides the few
 * Trino functions the queries use (see local.ts), so the same text runs in both.
 */
export function renderQuery(query: SavedQuery, options: RenderOptions): string {
  const timestamp = (date: Date) => `from_iso8601_timestamp('${date.toISOString()}')`;
  for (const region of options.allowedRegions) {
    if (!isRegionName(region)) throw new SavedQueryError(`"${region}" is not an AWS region name`);
  }
  const start =
    options.window === 'lastDay' ? "(current_timestamp - interval '1' day)" : timestamp(options.window.start);
  const end = options.window === 'lastDay' ? 'current_timestamp' : timestamp(options.window.end);
  const values: Record<Placeholder, string> = {
    table: options.table,
    // The partition first, so the engine reads only the window's days; then the exact instants.
    in_window: `"date" BETWEEN date_format(${start}, '%Y/%m/%d') AND date_format(${end}, '%Y/%m/%d')\n  AND from_iso8601_timestamp(eventtime) BETWEEN ${start} AND ${end}`,
    window_start: start,
    window_end: end,
    allowed_regions: options.allowedRegions.map((region) => `'${region}'`).join(', ') || "''",
  };
  return query.sql.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (_, name: Placeholder) => values[name]);
}
