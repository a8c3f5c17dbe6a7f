/**
 * The kinds of AWS error every caller tells apart, by the error's name or HTTP status: the hygiene report's
 * "could not check" and the local tools' one-line reasons (scripts/aws-failure.ts) use the same tests.
 */

interface AwsErrorShape {
  name?: string;
  $metadata?: { httpStatusCode?: number };
}

const shape = (error: unknown): AwsErrorShape => (error && typeof error === 'object' ? (error as AwsErrorShape) : {});

/** Refused by IAM, an SCP or a resource policy. */
export function isPermissionError(error: unknown): boolean {
  const { name = '', $metadata } = shape(error);
  return (
    /AccessDenied|UnauthorizedOperation|AuthorizationError|NotAuthorized|Forbidden/i.test(name) ||
    $metadata?.httpStatusCode === 403
  );
}

/** AWS asking us to slow down (after the SDK's own retries). */
export function isThrottlingError(error: unknown): boolean {
  const { name = '', $metadata } = shape(error);
  return /Throttl|TooManyRequests|RequestLimitExceeded|SlowDown/i.test(name) || $metadata?.httpStatusCode === 429;
}
