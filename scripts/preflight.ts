/**
 * npm run preflight: for users coming from the by-hand tutorial. Looks at the account with your own
 * credentials, read-only, and prints what already exists and the deploy command that reuses it.
 *
 *   npm run preflight -- [--region us-east-1] [--stage prod]
 */
import { option, parseCommandLine, runTool } from './cli.js';
import { inspectAccount, planDeploy, preflightClients } from './preflight-account.js';

const USAGE = `Usage: npm run preflight -- [--region REGION] [--stage prod]
  Looks at the account with your AWS credentials (read-only) and prints the deploy command that reuses
  what the tutorial left: the trail, the budget, the sign-in rule and its email address.
  --region  the region you will deploy to (default: $AWS_REGION, else us-east-1)
  --stage   the stage you will deploy (default prod)`;

const { values } = parseCommandLine(USAGE, {
  region: option.region({ default: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1' }),
  stage: option.stage(),
});
const region = values.region;

await runTool(async () => {
  console.log(`Looking at the account in ${region} (read-only) …\n`);
  const facts = await inspectAccount(preflightClients(region), { homeRegion: region, stage: values.stage });
  const plan = planDeploy(facts);
  const account = facts.unchecked.find((fact) => fact.decides === 'account');
  console.log(`Account: ${facts.accountId ?? `could not check (${account?.reason ?? 'no answer'})`}\n`);
  for (const finding of plan.findings) console.log(finding.startsWith('  ') ? `    ${finding.trim()}` : `- ${finding}`);
  if (facts.unchecked.length > 0) process.exitCode = 1;
  if (!plan.command) {
    console.log(
      '\nNo deploy command: it would be built on what could not be checked (and could create a second trail or budget).' +
        ' Fix the reasons above and run npm run preflight again.',
    );
    return;
  }
  console.log(`\nDeploy with:\n\n${plan.command}\n`);
  if (plan.cleanup.length > 0) {
    console.log('After the first alert from the stack has arrived, remove the hand-made sign-in alert:\n');
    for (const line of plan.cleanup) console.log(line);
    console.log('');
  }
});
