/**
 * Deploys (or removes) the forwarding stack in every region an account has (or, with --scope signin, in
 * the four where AWS records console sign-ins), so console sign-ins and the API calls the detection
 * catalogue looks for reach the home region's functions. Needs AWS credentials, except for `plan`.
 *
 *   npm run forwarding -- deploy --home-region us-east-1 [--regions ap-northeast-1,eu-west-1] [--stage prod] [--yes]
 *   npm run forwarding -- remove --home-region us-east-1 [--regions ...] [--stage prod] [--yes]
 *   npm run forwarding -- plan   --home-region us-east-1     (prints the regions and the cost, touches nothing)
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  type ForwardingScope,
  forwardingMonthlyCost,
  planForwarding,
  type StackAlarms,
} from '../src/lib/forwarding-plan.js';
import { commandLine, confirm, fail, option, parseCommandLine, stageRegion } from './cli.js';
import { stackAlarms } from './stack-alarms.js';

const USAGE = `Usage: npm run forwarding -- <deploy|remove|plan> [--home-region REGION] [--regions a,b] [--scope all|signin] [--stage prod] [--reads] [--yes]
  plan     print the regions that get a forwarding stack and what they cost a month; touches nothing
  deploy   deploy the forwarding stack in each of them (needs AWS credentials)
  remove   remove it from each of them
  --home-region  the region of the main stack (default: the one npm run setup kept, else $AWS_REGION, else us-east-1)
  --regions      regions to add (opt-in regions you enabled, e.g. ap-east-1)
  --scope        all (default): the 17 regions every account has, for sign-ins and API calls;
                 signin: only the four where AWS records console sign-ins (no API-call alerts elsewhere)
  --events       forwarded events a month to price (default 3000: a hundred candidate calls a day)
  --reads        also forward the read-only calls of the apiCallReads detections (deploy the main stack with
                 --param="apiCallReads=true" too; see docs/alerts.md, "Read-only calls")
  --stage        the stage of the main stack (default prod)
  --yes          deploy or remove in several regions without asking (needed without a terminal)`;

const ROOT = join(import.meta.dirname, '..');

const { values, positionals } = parseCommandLine(
  USAGE,
  {
    'home-region': option.region(),
    regions: option.regions(),
    scope: option.text({ default: 'all', oneOf: ['all', 'signin'] }),
    events: option.number({ default: 3000, min: 0, integer: true }),
    stage: option.stage(),
    reads: option.flag(),
    yes: option.flag(),
  },
  { max: 1, describe: 'say one of deploy, remove or plan, then options' },
);

const action = positionals[0];
if (action !== 'deploy' && action !== 'remove' && action !== 'plan') {
  fail(action ? `"${action}" is not deploy, remove or plan` : 'Say what to do: deploy, remove or plan.', USAGE);
}

const homeRegion = stageRegion(values.stage, values['home-region']);
const plan = commandLine(USAGE, () => planForwarding(homeRegion, values.regions, values.scope as ForwardingScope));

console.log(
  `Home region ${plan.homeRegion}; forwarding (${plan.scope}) from ${plan.regions.length} region(s): ${plan.regions.join(', ')}`,
);
console.error('Resolving the two stacks to count their alarms …');
let alarms: StackAlarms;
try {
  alarms = stackAlarms({ homeRegion: plan.homeRegion, forwardingRegion: plan.regions[0], stage: values.stage });
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
const cost = forwardingMonthlyCost(plan, values.events, alarms);
console.log(
  `Monthly cost: ${cost.alarms} CloudWatch alarms in all (${alarms.home} in the main stack, ${alarms.perForwardingRegion} in each forwarding stack; 10 are free) $${cost.alarmsUsd.toFixed(2)}` +
    ` + ${values.events} forwarded events ($1 per million) $${cost.eventsUsd.toFixed(4)} = about $${cost.totalUsd.toFixed(2)} a month.` +
    ' Rules, queues and unmatched events cost nothing: the rules filter in each region.',
);
if (action === 'plan') process.exit(0);

if (plan.regions.length > 1 && !values.yes) {
  const doing = action === 'deploy' ? 'Deploy' : 'Remove';
  const question = `${doing} the forwarding stack account-watch-forwarding-${values.stage} in ${plan.regions.length} regions (${plan.regions.join(', ')})?`;
  if (!process.stdin.isTTY) fail(`${question} There is no terminal to ask: add --yes to go ahead.`, USAGE);
  if (!(await confirm(question))) {
    console.error('Nothing done.');
    process.exit(1);
  }
}

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
      values.stage,
      '--param',
      `homeRegion=${plan.homeRegion}`,
      ...(values.reads ? ['--param', 'apiCallReads=true'] : []),
    ],
    { stdio: 'inherit', cwd: ROOT },
  );
  if (result.status !== 0) {
    console.error(`Stopped: ${action} failed in ${region}. Fix the error above and run the same command again.`);
    process.exit(result.status ?? 1);
  }
}
console.log(`\nDone: ${plan.regions.length} region(s).`);
