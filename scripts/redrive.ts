/**
 * npm run redrive: re-sends the notifications waiting in the stack's dead-letter queue, each on the channel
 * that failed, with your AWS credentials.
 *
 *   npm run redrive -- [--region REGION] [--stage prod] [--slack-parameter /account-watch/slack-webhook-url] [--dry-run]
 */
import { parseArgs } from 'node:util';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { isKnownRegion } from '../src/lib/settings.js';
import { commandLine, fail, runTool } from './cli.js';
import { deadLetterQueueUrl, redriveDeadLetters } from './redrive-dead-letters.js';

const USAGE = `Usage: npm run redrive -- [--region REGION] [--stage prod] [--slack-parameter NAME] [--dry-run]
  Re-sends each notification in the dead-letter queue on the one channel that failed, and deletes it once sent.
  --region           the stack's region (default: $AWS_REGION, else us-east-1)
  --stage            the stack's stage (default prod)
  --slack-parameter  the Parameter Store name of the Slack webhook URL (default /account-watch/slack-webhook-url)
  --dry-run          say what would be re-sent, send nothing`;

const { values } = commandLine(USAGE, () =>
  parseArgs({
    options: {
      region: { type: 'string', default: process.env.AWS_REGION ?? 'us-east-1' },
      stage: { type: 'string', default: 'prod' },
      'slack-parameter': { type: 'string', default: '/account-watch/slack-webhook-url' },
      'dry-run': { type: 'boolean', default: false },
    },
  }),
);
const region = values.region ?? 'us-east-1';
if (!isKnownRegion(region)) fail(`--region "${region}" is not an AWS region such as ap-northeast-1`, USAGE);

await runTool(async () => {
  const sqs = new SQSClient({ region, useQueueUrlAsEndpoint: false });
  const ssm = new SSMClient({ region });
  const queueUrl = await deadLetterQueueUrl(sqs, values.stage ?? 'prod');
  const summary = await redriveDeadLetters(
    {
      sqs,
      sns: new SNSClient({ region }),
      slackWebhookUrl: async () => {
        const { Parameter } = await ssm.send(
          new GetParameterCommand({ Name: values['slack-parameter'], WithDecryption: true }),
        );
        if (!Parameter?.Value) throw new Error(`Parameter ${values['slack-parameter']} has no value`);
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
