/**
 * Why an AWS call from a local tool failed, in one line a person can act on: credentials, network or
 * permission (and AWS slowing us down), never an SDK class name alone. The tools that run with your own
 * credentials (preflight, doctor, redrive, query pull, test-alert) say it the same way; the permission and
 * throttling tests are the hygiene report's (src/lib/aws-errors.ts).
 */

import { isPermissionError, isThrottlingError } from '../src/lib/aws-errors.js';

const CREDENTIAL_ERRORS =
  /^(CredentialsProviderError|InvalidClientTokenId|UnrecognizedClientException|SignatureDoesNotMatch|ExpiredToken(Exception)?|InvalidAccessKeyId|AuthFailure|InvalidSignatureException|TokenRefreshRequired|IncompleteSignature)$/;
const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'refused the connection',
  ENOTFOUND: 'is not a known host name',
  EAI_AGAIN: 'could not be looked up (no DNS)',
  ETIMEDOUT: 'did not answer in time',
  ECONNRESET: 'closed the connection',
  EHOSTUNREACH: 'cannot be reached',
  ENETUNREACH: 'cannot be reached (no network)',
};

interface ErrorShape {
  name?: string;
  code?: string;
  message?: string;
  address?: string;
  port?: number;
  hostname?: string;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number };
  errors?: unknown[];
}

/** The error itself, or the network error somewhere in its causes (the SDK wraps node's socket errors). */
function networkCause(error: unknown, depth = 0): ErrorShape | undefined {
  if (!error || typeof error !== 'object' || depth > 4) return undefined;
  const shape = error as ErrorShape;
  if (shape.code && shape.code in NETWORK_CODES) return shape;
  for (const inner of [shape.cause, ...(shape.errors ?? [])]) {
    const found = networkCause(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n')[0]?.trim().slice(0, 200) ?? '';
}

/** One line: "credentials: …", "network: …", "permission: …", "throttled: …" or "failed: …". */
export function whyAwsCallFailed(error: unknown, action?: string): string {
  const shape = (error && typeof error === 'object' ? error : { message: String(error) }) as ErrorShape;
  const name = shape.name ?? '';
  const status = shape.$metadata?.httpStatusCode;
  const network = networkCause(error);
  if (network) {
    const host =
      network.hostname ?? (network.address ? `${network.address}${network.port ? `:${network.port}` : ''}` : '');
    const endpoint = process.env.AWS_ENDPOINT_URL ? `; AWS_ENDPOINT_URL is ${process.env.AWS_ENDPOINT_URL}` : '';
    return `network: ${host || 'the AWS endpoint'} ${NETWORK_CODES[network.code ?? ''] ?? 'could not be reached'}${endpoint}`;
  }
  if (name === 'TimeoutError' || /timed? ?out/i.test(name))
    return 'network: AWS did not answer in time; check your connection or proxy';
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(shape.message ?? ''))
    return 'credentials: none found; run aws configure, or set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY';
  if (CREDENTIAL_ERRORS.test(name) || status === 401)
    return `credentials: AWS refused them, ${firstLine(shape.message) || name}; check the key, or sign in again if they expired`;
  if (isPermissionError(error))
    return `permission: your credentials may not call ${action ?? 'this'}; ${firstLine(shape.message) || name}`;
  if (isThrottlingError(error))
    return `throttled: AWS kept slowing down ${action ?? 'the calls'}; run it again in a minute`;
  return `failed: ${firstLine(shape.message) || name || 'unknown error'}`;
}
