import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { SSMClient } from '@aws-sdk/client-ssm';
import { withTimeouts } from '../aws-clients.js';

/**
 * The Parameter Store provider for the channels' secrets (webhook URLs, the LINE token), in a module of its
 * own: only deliverySender, which posts, imports it, so the SSM client (about 90 KB of the bundle) stays out
 * of the functions that notify, which queue their chat messages instead.
 */
export function channelSecretsProvider(): SSMProvider {
  return new SSMProvider({ awsSdkV3Client: new SSMClient(withTimeouts({})) });
}
