/**
 * Deploys (or removes) the forwarding stack in every region where AWS records console sign-ins,
 * so they reach the home region's signinAlert function. Needs AWS credentials.
 *
 *   npm run forwarding -- deploy --home-region us-east-1 [--regions ap-northeast-1,eu-west-1] [--stage prod]
 *   npm run forwarding -- remove --home-region us-east-1 [--regions ...] [--stage prod]
 *   npm run forwarding -- plan   --home-region us-east-1     (prints the regions, touches nothing)
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { commandLine, fail } from './cli.js';
import { planForwarding } from './forwarding-plan.js';

const USAGE = `Usage: npm run forwarding -- <deploy|remove|plan> [--home-region REGION] [--regions a,b] [--stage prod]
  plan     print the regions that get a forwarding stack; touches nothing
  deploy   deploy the forwarding stack in each of them (needs AWS credentials)
  remove   remove it from each of them
  --home-region  the region of the main stack (default: $AWS_REGION, else us-east-1)
  --regions      regions to add to the four where AWS records console sign-ins
  --stage        the stage of the main stack (default prod)`;

const { values, positionals } = commandLine(USAGE, () =>
  parseArgs({
    allowPositionals: true,
    options: {
      'home-region': { type: 'string', default: process.env.AWS_REGION ?? 'us-east-1' },
      regions: { type: 'string', default: '' },
      stage: { type: 'string', default: 'prod' },
    },
  }),
);

const action = positionals[0];
if (action !== 'deploy' && action !== 'remove' && action !== 'plan') {
  fail(action ? `"${action}" is not deploy, remove or plan` : 'Say what to do: deploy, remove or plan.', USAGE);
}

const extras = (values.regions ?? '')
  .split(',')
  .map((region) => region.trim())
  .filter(Boolean);
const plan = commandLine(USAGE, () => planForwarding(values['home-region'] ?? 'us-east-1', extras));
console.log(`Home region ${plan.homeRegion}; forwarding regions: ${plan.regions.join(', ')}`);
if (action === 'plan') process.exit(0);

for (const region of plan.regions) {
  console.log(`\n${action === 'deploy' ? 'Deploying' : 'Removing'} the forwarding stack in ${region} …`);
  const result = spawnSync(
    'npx',
    [
      'serverless',
      action,
      '--config',
      'serverless-forwarding.yml',
      '--region',
      region,
      '--stage',
      values.stage ?? 'prod',
      '--param',
      `homeRegion=${plan.homeRegion}`,
    ],
    { stdio: 'inherit' },
  );
  if (result.status !== 0) {
    console.error(`Stopped: ${action} failed in ${region}. Fix the error above and run the same command again.`);
    process.exit(result.status ?? 1);
  }
}
console.log(`\nDone: ${plan.regions.length} region(s).`);
