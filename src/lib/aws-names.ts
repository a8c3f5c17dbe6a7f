/**
 * True for an AWS region name such as ap-northeast-1. Region names end up in URLs, SQL and IAM ARNs,
 * so anything else (including the legacy sign-in value "global") is refused wherever one is used.
 */
export function isRegionName(value: string): boolean {
  return /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/.test(value);
}
