/** A setting is missing or malformed; the message names the environment variable and the deploy parameter. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly setting: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** One notification channel could not deliver; the message says whether a retry could help. */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(
    readonly channel: string,
    message: string,
    options?: ErrorOptions & {
      /** No retry can help (a revoked webhook, a message Slack refuses). */
      permanent?: boolean;
    },
  ) {
    super(message, options);
    this.permanent = options?.permanent ?? false;
  }
  readonly permanent: boolean;
}

/** Several channels failed in one invocation; thrown so Lambda retries and, after its retries, sends the event to the dead-letter queue. */
export class NotificationFailedError extends AggregateError {
  override name = 'NotificationFailedError';
}
