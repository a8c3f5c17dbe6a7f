/**
 * The IAM credential report: a CSV with one row per IAM user and one for the root user (`<root_account>`).
 * Columns and their special values are IAM's: `N/A` (no such credential), `no_information` (a password
 * never used, or not since tracking began), `not_supported` (the root user's password columns).
 * Parsed here into plain values; a missing column or a value IAM never writes becomes undefined, never a crash.
 */

export const ROOT_ROW_USER = '<root_account>';

export interface AccessKeyFacts {
  active: boolean;
  /** When the key was created or rotated (ISO), when active. */
  lastRotated?: string;
  /** Last use (ISO); undefined when never used. */
  lastUsed?: string;
}

export interface CredentialReportRow {
  user: string;
  arn: string;
  created?: string;
  /** Undefined for the root user, whose password column is `not_supported`. */
  passwordEnabled?: boolean;
  /** Last console sign-in with the password (ISO); undefined when never used or not applicable. */
  passwordLastUsed?: string;
  mfaActive: boolean;
  accessKeys: AccessKeyFacts[];
}

/** A date IAM wrote, or undefined for N/A, no_information, not_supported and anything unreadable. */
function dateOf(value: string | undefined): string | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

function flagOf(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const upper = value.toUpperCase();
  return upper === 'TRUE' ? true : upper === 'FALSE' ? false : undefined;
}

/** Splits one CSV line; IAM quotes no field today, but a quoted field (with "" for a quote) is read right. */
function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (quoted) {
      if (char === '"' && line[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  cells.push(cell);
  return cells;
}

/** The report's rows, by column name (so a column IAM adds or reorders changes nothing). */
export function parseCredentialReport(csv: string): CredentialReportRow[] {
  const lines = csv.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = splitCsvLine(lines[0] ?? '').map((name) => name.trim());
  if (!header.includes('user') || !header.includes('arn')) {
    throw new Error('The credential report has no user and arn columns: not an IAM credential report');
  }
  return lines.slice(1).map((line) => {
    const cells = splitCsvLine(line);
    const get = (name: string): string | undefined => {
      const index = header.indexOf(name);
      return index < 0 ? undefined : cells[index]?.trim();
    };
    const accessKeys = [1, 2].map((n) => ({
      active: flagOf(get(`access_key_${n}_active`)) === true,
      lastRotated: dateOf(get(`access_key_${n}_last_rotated`)),
      lastUsed: dateOf(get(`access_key_${n}_last_used_date`)),
    }));
    return {
      user: get('user') ?? '',
      arn: get('arn') ?? '',
      created: dateOf(get('user_creation_time')),
      passwordEnabled: flagOf(get('password_enabled')),
      passwordLastUsed: dateOf(get('password_last_used')),
      mfaActive: flagOf(get('mfa_active')) === true,
      accessKeys: accessKeys.filter((key) => key.active),
    };
  });
}
