import { vi } from 'vitest';
import { loopbackAwsEnv } from '../../dev/aws-loopback.js';

/**
 * The sign-in alert handler as a fresh Lambda container would load it: its modules anew (so the settings
 * and clients it builds at module scope see `env`), with every AWS client pointed at the loopback `awsUrl`
 * in `region`. The tests restore process.env after each test themselves.
 */
export async function freshSigninAlertHandler(awsUrl: string, env: Record<string, string>, region = 'us-east-1') {
  vi.resetModules();
  Object.assign(process.env, { ...loopbackAwsEnv(awsUrl, region), ...env });
  return (await import('../../src/handlers/signin-alert.js')).handler;
}

/** deliverySender as a fresh container loads it, every AWS client on the loopback (see freshSigninAlertHandler). */
export async function freshDeliverySenderHandler(awsUrl: string, env: Record<string, string>, region = 'us-east-1') {
  vi.resetModules();
  Object.assign(process.env, { ...loopbackAwsEnv(awsUrl, region), ...env });
  return (await import('../../src/handlers/delivery-sender.js')).handler;
}

/**
 * apiCallAlert as a fresh container loads it, every AWS client on the loopback and its history table on the
 * given dynalite (see freshSigninAlertHandler), watching us-east-1.
 */
export async function freshApiCallAlertHandler(
  awsUrl: string,
  table: { endpoint: string; tableName: string },
  env: Record<string, string>,
) {
  vi.resetModules();
  Object.assign(process.env, {
    ...loopbackAwsEnv(awsUrl, 'us-east-1'),
    AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
    HISTORY_TABLE: table.tableName,
    ALLOWED_REGIONS: 'us-east-1',
    ...env,
  });
  return (await import('../../src/handlers/api-call-alert.js')).handler;
}
