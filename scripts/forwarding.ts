/**
 * Deploys (or removes) the forwarding stack in every region an account has (or, with --scope signin, in
 * the four where AWS records console sign-ins), so console sign-ins and the API calls the detection
 * catalogue looks for reach the home region's functions. Needs AWS credentials, except for `plan`.
 *
 *   npm run forwarding -- deploy --home-region us-east-1 [--regions ap-northeast-1,eu-west-1] [--stage prod]
 *   npm run forwarding -- remove --home-region us-east-1 [--regions ...] [--stage prod]
 *   npm run forwarding -- plan   --home-region us-east-1     (prints the regions, touches nothing)
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { type ForwardingScope, forwardingMonthlyCost, planForwarding } from '../src/lib/forwarding-plan.js';
import { commandLine, fail } from './cli.js';

const USAGE = `Usage: npm run forwarding -- <deploy|remove|plan> [--home-region REGION] [--regions a,b] [--scope all|signin] [--stage prod] [--reads]
  plan     print the regions that get a forwarding stack and what they cost a month; touches nothing
  deploy   deploy the forwarding stack in each of them (needs AWS credentials)
  remove   remove it from each of them
  --home-region  the region of the main stack (default: $AWS_REGION, else us-east-1)
  --regions      regions to add (opt-in regions you enabled, e.g. ap-east-1)
  --scope        all (default): the 17 regions every account has, for sign-ins and API calls;
                 signin: only the four where AWS records console sign-ins (no API-call alerts elsewhere)
  --events       forwarded events a month to price (default 3000: a hundred candidate calls a day)
  --reads        also forward the read-only calls of the apiCallReads detections (deploy the main stack with
                 --param="apiCallReads=true" too; see README, "Read-only calls")
  --stage        the stage of the main stack (default prod)`;

const { values, positionals } = commandLine(USAGE, () =>
  parseArgs({
    allowPositionals: true,
    options: {
      'home-region': { type: 'string', default: process.env.AWS_REGION ?? 'us-east-1' },
      regions: { type: 'string', default: '' },
      scope: { type: 'string', default: 'all' },
      events: { type: 'string', default: '3000' },
      stage: { type: 'string', default: 'prod' },
      reads: { type: 'boolean', default: false },
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
if (values.scope !== 'all' && values.scope !== 'signin') fail(`--scope "${values.scope}" is not all or signin`, USAGE);
const events = Number(values.events);
if (!Number.isFinite(events) || events < 0) fail(`--events "${values.events}" is not a number of events`, USAGE);
const plan = commandLine(USAGE, () =>
  planForwarding(values['home-region'] ?? 'us-east-1', extras, values.scope as ForwardingScope),
);
const cost = forwardingMonthlyCost(plan, events);
console.log(
  `Home region ${plan.homeRegion}; forwarding (${plan.scope}) from ${plan.regions.length} region(s): ${plan.regions.join(', ')}`,
);
console.log(
  `Monthly cost: ${cost.alarms} CloudWatch alarms in all (10 are free) $${cost.alarmsUsd.toFixed(2)}` +
    ` + ${events} forwarded events ($1 per million) $${cost.eventsUsd.toFixed(4)} = about $${cost.totalUsd.toFixed(2)} a month.` +
    ' Rules, queues and unmatched events cost nothing: the rules filter in each region.',
);
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
      ...(values.reads ? ['--param', 'apiCallReads=true'] : []),
    ],
    { stdio: 'inherit' },
  );
  if (result.status !== 0) {
    console.error(`Stopped: ${action} failed in ${region}. Fix the error above and run the same command again.`);
    process.exit(result.status ?? 1);
  }
}
console.log(`\nDone: ${plan.regions.length} region(s).`);
