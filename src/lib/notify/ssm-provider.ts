import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { SSMClient } from '@aws-sdk/client-ssm';
import { withTimeouts } from '../aws-clients.js';

/**
 * The Parameter Store provider for the Slack webhook URL, in a module of its own: only the functions that
 * post to Slack themselves import it (slackSender, the digests, healthAlert), so the SSM client (about 90 KB
 * of the bundle) stays out of the alert functions, which queue their Slack messages instead.
 */
export function slackParameterProvider(): SSMProvider {
  return new SSMProvider({ awsSdkV3Client: new SSMClient(withTimeouts({})) });
}
