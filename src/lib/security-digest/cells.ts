import { truncate } from '../notify/text.js';

/**
 * Result cells shortened by what they mean, not at a fixed width: an ARN loses the parts every row shares
 * (the "arn:aws:" prefix, the account named once in the header) and keeps what tells rows apart (the role
 * and the session, the user). Three different roles never read alike as "arn:aws:sts::1234…:assumed-role/…".
 */

const ARN = /^arn:aws[a-z-]*:([a-z0-9-]+):([a-z0-9-]*):(\d{12})?:(.+)$/;

/** The account most ARNs in these values name: shown once in a header, left out of each cell. */
export function mostCommonAccount(values: Iterable<string | null | undefined>): string | undefined {
  const counts = new Map<string, number>();
  for (const value of values) {
    const account = value ? ARN.exec(value)?.[3] : undefined;
    if (account) counts.set(account, (counts.get(account) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [account, count] of counts) if (!best || count > (counts.get(best) ?? 0)) best = account;
  return best;
}

/**
 * An ARN by meaning: `assumed-role/ROLE/SESSION`, `user/NAME`, `role/NAME`, `root`, or `service:region:resource`
 * for the rest, with " (account N)" only when it is not `homeAccount`. Anything else is returned as it is.
 */
export function shortArn(value: string, homeAccount?: string): string {
  const match = ARN.exec(value);
  if (!match) return value;
  const [, service, region, account, resource = ''] = match;
  const elsewhere = account && account !== homeAccount ? ` (account ${account})` : '';
  if (service === 'sts' || service === 'iam') return `${resource}${elsewhere}`;
  return `${service}:${region ? `${region}:` : ''}${resource}${elsewhere}`;
}

/**
 * Cuts text to `width` characters in the middle, so both ends stay (the role and the session of an
 * assumed role, a bucket and its key); width under 8 cuts at the end.
 */
export function cutMiddle(value: string, width: number): string {
  const chars = Array.from(value);
  if (chars.length <= width) return value;
  if (width < 8) return truncate(value, width);
  const head = Math.ceil((width - 1) / 2);
  const tail = width - 1 - head;
  return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - tail).join('')}`;
}
