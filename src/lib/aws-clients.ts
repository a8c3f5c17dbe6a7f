/**
 * Timeouts every AWS SDK client of the functions gets. Without them a hung endpoint holds the function
 * until its own timeout; with them the call fails fast and the SDK's retries (3 attempts in all) run
 * within the invocation's time: at most about 3 × (connect 3 s + request 10 s).
 */
export const AWS_CLIENT_TIMEOUTS = {
  connectionTimeout: 3_000,
  requestTimeout: 10_000,
  // Opt in: without it a request timeout is only logged as a warning.
  throwOnRequestTimeout: true,
} as const;

/** A client configuration with the functions' timeouts added (overridable, e.g. shorter in a test). */
export function withTimeouts<T extends object>(
  config: T,
  timeouts: { connectionTimeout?: number; requestTimeout?: number } = {},
): T & { requestHandler: { connectionTimeout: number; requestTimeout: number; throwOnRequestTimeout: boolean } } {
  return { ...config, requestHandler: { ...AWS_CLIENT_TIMEOUTS, ...timeouts } };
}

/** One client per region, made on first use. */
export function perRegion<T>(create: (region: string) => T): (region: string) => T {
  const made = new Map<string, T>();
  return (region) => {
    const existing = made.get(region);
    if (existing) return existing;
    const client = create(region);
    made.set(region, client);
    return client;
  };
}

/** Follows a Marker/IsTruncated (IAM) or NextToken paging to the end, with a bound against a looping token. */
export async function allPages<P, T>(
  fetchPage: (token: string | undefined) => Promise<P>,
  itemsOf: (page: P) => T[] | undefined,
  nextOf: (page: P) => string | undefined,
  maxPages = 50,
): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const answer = await fetchPage(token);
    items.push(...(itemsOf(answer) ?? []));
    token = nextOf(answer);
    if (!token) break;
  }
  return items;
}
