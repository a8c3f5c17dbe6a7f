import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { logger } from '../logger.js';
import { fetchOverNodeHttp } from '../notify/node-fetch.js';

/**
 * The AWS Free Tier API (GetAccountPlanState, GetFreeTierUsage, ListAccountActivities): what a new account's
 * plan is (free or paid), its credits and when it ends, and how far each Free Tier offer is used.
 *
 * Why a hand-signed client: @aws-sdk/client-freetier is not on the package registry this project installs
 * from, so the three documented JSON 1.0 requests (X-Amz-Target AWSFreeTierService.<Operation>, endpoint
 * https://freetier.us-east-1.api.aws, SigV4 service "freetier", region us-east-1) are signed with the SDK's own
 * signer (@smithy/signature-v4), with the credentials of the function's Cost Explorer client. The shapes
 * below are the API reference's. The API is free; every call is read-only.
 */

export const FREE_TIER_ENDPOINT = 'https://freetier.us-east-1.api.aws';

/** GetAccountPlanState's answer. Timestamps come as epoch seconds (JSON 1.0) or ISO text: both are read. */
export interface AccountPlanState {
  accountId?: string;
  accountPlanType?: 'FREE' | 'PAID' | string;
  accountPlanStatus?: 'NOT_STARTED' | 'ACTIVE' | 'EXPIRED' | string;
  accountPlanRemainingCredits?: { amount?: number; unit?: string };
  accountPlanExpirationDate?: number | string;
}

/** One Free Tier offer's use this month (GetFreeTierUsage's freeTierUsages). */
export interface FreeTierUsage {
  service?: string;
  operation?: string;
  usageType?: string;
  region?: string;
  actualUsageAmount?: number;
  forecastedUsageAmount?: number;
  limit?: number;
  unit?: string;
  description?: string;
  freeTierType?: string;
}

/** One of the first steps that earn credits (ListAccountActivities' activities). */
export interface AccountActivity {
  activityId?: string;
  title?: string;
  description?: string;
  status?: 'NOT_STARTED' | 'IN_PROGRESS' | 'COMPLETED' | 'EXPIRING' | string;
  instructionsUrl?: string;
  reward?: { credit?: { amount?: number; unit?: string } };
  estimatedTimeToCompleteInMinutes?: number;
  expiresAt?: number | string;
}

/** What the digest needs from the Free Tier API: each undefined when the account has none or it could not be read. */
export interface FreeTierFacts {
  plan?: AccountPlanState;
  usages?: FreeTierUsage[];
  activities?: AccountActivity[];
}

export class FreeTierApiError extends Error {
  override name = 'FreeTierApiError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface FreeTierApi {
  call<T>(operation: 'GetAccountPlanState' | 'GetFreeTierUsage' | 'ListAccountActivities', body: object): Promise<T>;
}

/** The signed client. `endpoint` honours AWS_ENDPOINT_URL_FREETIER / AWS_ENDPOINT_URL, as the SDK's clients do. */
export function freeTierApi(options: {
  credentials: AwsCredentialIdentityProvider;
  endpoint?: string;
  timeoutMs?: number;
}): FreeTierApi {
  const endpoint = new URL(options.endpoint ?? FREE_TIER_ENDPOINT);
  const signer = new SignatureV4({
    credentials: options.credentials,
    region: 'us-east-1',
    service: 'freetier',
    sha256: Hash.bind(null, 'sha256'),
  });
  return {
    async call<T>(operation: string, body: object): Promise<T> {
      const text = JSON.stringify(body);
      const signed = await signer.sign({
        method: 'POST',
        protocol: endpoint.protocol,
        hostname: endpoint.hostname,
        port: endpoint.port ? Number(endpoint.port) : undefined,
        path: endpoint.pathname || '/',
        headers: {
          host: endpoint.host,
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': `AWSFreeTierService.${operation}`,
        },
        body: text,
      });
      const response = await fetchOverNodeHttp(endpoint.href, {
        method: 'POST',
        headers: signed.headers,
        body: text,
        signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
      });
      const answer = await response.text();
      if (!response.ok) {
        let code = `HTTP ${response.status}`;
        let message = answer.slice(0, 300);
        try {
          const error = JSON.parse(answer) as { __type?: string; message?: string; Message?: string };
          code = (error.__type ?? code).split('#').pop() ?? code;
          message = error.message ?? error.Message ?? message;
        } catch {
          // Not JSON: the status and the start of the body.
        }
        throw new FreeTierApiError(code, `${operation}: ${code}: ${message}`);
      }
      return JSON.parse(answer || '{}') as T;
    },
  };
}

/** Every Free Tier usage row, through its pages (at most 10 pages: a small account has a few dozen rows). */
async function allUsages(api: FreeTierApi): Promise<FreeTierUsage[]> {
  const usages: FreeTierUsage[] = [];
  let nextToken: string | undefined;
  let requests = 0;
  do {
    const page = await api.call<{ freeTierUsages?: FreeTierUsage[]; nextToken?: string }>('GetFreeTierUsage', {
      maxResults: 1000,
      ...(nextToken ? { nextToken } : {}),
    });
    requests++;
    usages.push(...(page.freeTierUsages ?? []));
    nextToken = page.nextToken;
  } while (nextToken && requests < 10);
  return usages;
}

/**
 * The plan, the offers' use and the credit-earning activities, side by side. An account without a plan
 * (opened before July 2025) answers ResourceNotFoundException: that is "no plan", said nowhere. Any other
 * failure is logged and leaves its part out: the digest never fails because of this API.
 */
export async function readFreeTierFacts(api: FreeTierApi): Promise<FreeTierFacts> {
  const quietly = async <T>(what: string, read: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await read();
    } catch (error) {
      const code = error instanceof FreeTierApiError ? error.code : undefined;
      if (code !== 'ResourceNotFoundException') {
        logger.warn('Free Tier API unavailable: part of the digest left out', {
          what,
          error: error instanceof Error ? error.message : String(error),
        });
      }
      return undefined;
    }
  };
  const [plan, usage, activities] = await Promise.all([
    quietly('plan', () => api.call<AccountPlanState>('GetAccountPlanState', {})),
    quietly('usage', () => allUsages(api)),
    quietly('activities', () =>
      api.call<{ activities?: AccountActivity[] }>('ListAccountActivities', { maxResults: 100 }),
    ),
  ]);
  return {
    ...(plan?.accountPlanType ? { plan } : {}),
    ...(usage ? { usages: usage } : {}),
    ...(activities?.activities ? { activities: activities.activities } : {}),
  };
}

/** A timestamp of the API as a UTC date (YYYY-MM-DD); undefined when absent or unreadable. */
export function apiDate(value: number | string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const ms = typeof value === 'number' ? value * 1000 : Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : undefined;
}
