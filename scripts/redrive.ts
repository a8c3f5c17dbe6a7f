/**
 * npm run redrive: re-sends the notifications waiting in the stack's dead-letter queue, each on the channel
 * that failed, with your AWS credentials.
 *
 *   npm run redrive -- [--region REGION] [--stage prod] [--slack-parameter /account-watch/slack-webhook-url] [--dry-run]
 */
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { loadChannelSettings } from '../src/lib/config.js';
import { destinationsFor } from '../src/lib/notify/channels.js';
import { memorySlackThreads } from '../src/lib/notify/slack-app.js';
import { postToSlackApp } from '../src/lib/notify/slack-app-post.js';
import { whyAwsCallFailed } from './aws-failure.js';
import { option, parseCommandLine, runTool, stageRegion } from './cli.js';
import { deadLetterQueueUrl, redriveDeadLetters } from './redrive-dead-letters.js';

const USAGE = `Usage: npm run redrive -- [--region REGION] [--stage prod] [--slack-parameter NAME] [--dry-run]
  Re-sends each notification in the dead-letter queue on the one channel that failed, and deletes it once sent.
  Where each chat delivers (its secret's name, LINE's recipient, the SES address) is read from the deployed
  deliverySender's settings.
  --region           the stack's region (default: the one npm run setup kept, else $AWS_REGION, else us-east-1)
  --stage            the stack's stage (default prod)
  --slack-parameter  the Parameter Store name of the Slack webhook URL, if deliverySender's settings cannot be read
  --dry-run          say what would be re-sent, send nothing`;

const { values } = parseCommandLine(USAGE, {
  region: option.region(),
  stage: option.stage(),
  'slack-parameter': option.setting('slackWebhookParameter'),
  'dry-run': option.flag(),
});
const region = stageRegion(values.stage, values.region);

/** deliverySender's settings as deployed: where each channel delivers. */
async function deployedSenderSettings(): Promise<Record<string, string>> {
  try {
    const configuration = await new LambdaClient({ region }).send(
      new GetFunctionConfigurationCommand({ FunctionName: `account-watch-${values.stage}-deliverySender` }),
    );
    return configuration.Environment?.Variables ?? {};
  } catch (error) {
    console.error(
      `Could not read deliverySender's settings (${whyAwsCallFailed(error, 'lambda:GetFunctionConfiguration')}); Slack from --slack-parameter only.`,
    );
    return {};
  }
}

await runTool(async () => {
  const sqs = new SQSClient({ region, useQueueUrlAsEndpoint: false });
  let queueUrl: string;
  try {
    queueUrl = await deadLetterQueueUrl(sqs, values.stage);
  } catch (error) {
    const missing = (error as { name?: string }).name?.includes('NonExistentQueue');
    console.error(
      missing
        ? `No dead-letter queue account-watch-${values.stage}-dead-letters in ${region}: is the stack deployed there? Pass --region and --stage.`
        : `Could not reach the dead-letter queue: ${whyAwsCallFailed(error, 'sqs:GetQueueUrl')}`,
    );
    process.exitCode = 1;
    return;
  }
  const deployed = await deployedSenderSettings();
  // The sender's own settings, read as the function reads them (IS_LOCAL: no topic is needed to re-drive).
  const settings = loadChannelSettings({
    ...deployed,
    IS_LOCAL: 'true',
    AWS_REGION: region,
    ...(values['slack-parameter'] ? { SLACK_WEBHOOK_PARAMETER: values['slack-parameter'] } : {}),
  });
  const ssm = new SSMProvider({ awsSdkV3Client: new SSMClient({ region }) });
  const snsClients = new Map<string, SNSClient>();
  const summary = await redriveDeadLetters(
    {
      sqs,
      sns: (topicArn) => {
        const topicRegion = topicArn.split(':')[3] || region;
        const client = snsClients.get(topicRegion) ?? new SNSClient({ region: topicRegion });
        snsClients.set(topicRegion, client);
        return client;
      },
      destinations: destinationsFor(settings, {
        ssm,
        ses: settings.emailFrom ? new SESv2Client({ region }) : undefined,
        // In app mode, as the app; a re-sent follow-up whose thread is not known here is posted on its own.
        slackApp: { post: postToSlackApp, threads: memorySlackThreads() },
      }),
    },
    queueUrl,
    { dryRun: values['dry-run'], log: (line) => console.log(line) },
  );
  const resent = Object.entries(summary.resent).map(([channel, count]) => `${count} on ${channel}`);
  console.log(
    `Re-sent ${resent.length > 0 ? resent.join(', ') : 'nothing'}; ${summary.failed} still failing; ${summary.left} other message(s) left in the queue (whole events: invoke the function with them).`,
  );
  if (summary.failed > 0) process.exitCode = 1;
});
