/**
 * npm run redrive: re-sends the notifications waiting in the stack's dead-letter queue, each on the channel
 * that failed, with your AWS credentials.
 *
 *   npm run redrive -- [--region REGION] [--stage prod] [--slack-parameter /account-watch/slack-webhook-url] [--dry-run]
 */
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { whyAwsCallFailed } from './aws-failure.js';
import { option, parseCommandLine, runTool, stageRegion } from './cli.js';
import { deadLetterQueueUrl, redriveDeadLetters } from './redrive-dead-letters.js';

const USAGE = `Usage: npm run redrive -- [--region REGION] [--stage prod] [--slack-parameter NAME] [--dry-run]
  Re-sends each notification in the dead-letter queue on the one channel that failed, and deletes it once sent.
  --region           the stack's region (default: the one npm run setup kept, else $AWS_REGION, else us-east-1)
  --stage            the stack's stage (default prod)
  --slack-parameter  the Parameter Store name of the Slack webhook URL (default /account-watch/slack-webhook-url)
  --dry-run          say what would be re-sent, send nothing`;

const { values } = parseCommandLine(USAGE, {
  region: option.region(),
  stage: option.stage(),
  'slack-parameter': option.setting('slackWebhookParameter'),
  'dry-run': option.flag(),
});
const region = stageRegion(values.stage, values.region);
const slackParameter = values['slack-parameter'] ?? '/account-watch/slack-webhook-url';

await runTool(async () => {
  const sqs = new SQSClient({ region, useQueueUrlAsEndpoint: false });
  const ssm = new SSMClient({ region });
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
  const summary = await redriveDeadLetters(
    {
      sqs,
      sns: new SNSClient({ region }),
      slackWebhookUrl: async () => {
        const { Parameter } = await ssm.send(new GetParameterCommand({ Name: slackParameter, WithDecryption: true }));
        if (!Parameter?.Value) throw new Error(`Parameter ${slackParameter} has no value`);
        return Parameter.Value;
      },
    },
    queueUrl,
    { dryRun: values['dry-run'], log: (line) => console.log(line) },
  );
  console.log(
    `Re-sent ${summary.resent.sns} on SNS and ${summary.resent.slack} on Slack; ${summary.failed} still failing; ${summary.left} other message(s) left in the queue (whole events: invoke the function with them).`,
  );
  if (summary.failed > 0) process.exitCode = 1;
});
