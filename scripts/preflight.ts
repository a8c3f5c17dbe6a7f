/**
 * npm run preflight: for users coming from the by-hand tutorial. Looks at the account with your own
 * credentials, read-only, and prints what already exists and the deploy command that reuses it.
 *
 *   npm run preflight -- [--region us-east-1] [--stage prod]
 */
import { parseArgs } from 'node:util';
import { isKnownRegion } from '../src/lib/settings.js';
import { commandLine, fail, runTool } from './cli.js';
import { inspectAccount, planDeploy, preflightClients } from './preflight-account.js';

const USAGE = `Usage: npm run preflight -- [--region REGION] [--stage prod]
  Looks at the account with your AWS credentials (read-only) and prints the deploy command that reuses
  what the tutorial left: the trail, the budget, the sign-in rule and its email address.
  --region  the region you will deploy to (default: $AWS_REGION, else us-east-1)
  --stage   the stage you will deploy (default prod)`;

const { values } = commandLine(USAGE, () =>
  parseArgs({
    options: {
      region: { type: 'string', default: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1' },
      stage: { type: 'string', default: 'prod' },
    },
  }),
);
const region = values.region ?? 'us-east-1';
if (!isKnownRegion(region)) fail(`--region "${region}" is not an AWS region such as ap-northeast-1`, USAGE);

await runTool(async () => {
  console.log(`Looking at the account in ${region} (read-only) …\n`);
  const facts = await inspectAccount(preflightClients(region), { homeRegion: region, stage: values.stage ?? 'prod' });
  const plan = planDeploy(facts);
  console.log(`Account ${facts.accountId ?? '(unknown)'}\n`);
  for (const finding of plan.findings) console.log(finding.startsWith('  ') ? `    ${finding.trim()}` : `- ${finding}`);
  console.log(`\nDeploy with:\n\n${plan.command}\n`);
  if (plan.cleanup.length > 0) {
    console.log('After the first alert from the stack has arrived, remove the hand-made sign-in alert:\n');
    for (const line of plan.cleanup) console.log(line);
    console.log('');
  }
});
