/**
 * npm run test-alert: one clearly marked test message through the deployed stack, on every channel
 * (email through SNS, Slack through its queue), and what happened on each. Needs your AWS credentials.
 *
 *   npm run test-alert -- [--region ap-northeast-1] [--stage prod] [--wait 60]
 */
import { option, parseCommandLine, runTool, stageRegion } from './cli.js';
import { runTestAlert, testAlertClients } from './test-alert-run.js';

const USAGE = `Usage: npm run test-alert -- [--region REGION] [--stage prod] [--wait SECONDS]
  Sends one clearly marked test message through the deployed stack's real path (the sign-in alert function,
  then email through SNS and Slack through its queue) and says per channel what happened.
  --region  the home region of the stack (default: the one npm run setup kept, else $AWS_REGION, else us-east-1)
  --stage   the stage (default prod)
  --wait    seconds to wait for the Slack message to be posted (default 60)`;

const { values } = parseCommandLine(USAGE, {
  region: option.region(),
  stage: option.stage(),
  wait: option.number({ default: 60, min: 0, integer: true }),
});
const region = stageRegion(values.stage, values.region);

await runTool(async () => {
  const report = await runTestAlert(testAlertClients(region), {
    region,
    stage: values.stage,
    waitSeconds: values.wait,
  });
  for (const line of report.lines) console.log(line);
  if (!report.delivered) process.exitCode = 1;
});
