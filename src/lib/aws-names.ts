/**
 * True for an AWS region name such as ap-northeast-1. Region names end up in URLs, SQL and IAM ARNs,
 * so anything else (including the legacy sign-in value "global") is refused wherever one is used.
 */
export function isRegionName(value: string): boolean {
  return /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/.test(value);
}

/**
 * True for a stage name the stacks can carry: it becomes part of the stack, function, table, queue and rule
 * names (`account-watch-<stage>-signin-history`), so a lowercase letter first, then lowercase letters,
 * digits and hyphens, at most 16 characters, which keeps every derived name within its service's limit.
 */
export const STAGE_NAME_RULE =
  'a lowercase letter, then lowercase letters, digits and single hyphens, at most 16 (such as prod or dev)';

export function isStageName(value: string): boolean {
  return /^[a-z][a-z0-9-]{0,15}$/.test(value) && !value.endsWith('-') && !value.includes('--');
}
