/**
 * npm run setup: asks for the settings a beginner needs, checks each as the deploy would, and keeps them in
 * settings/<stage>.json, which every deploy of that stage reads (a --param on the command line still wins).
 * Run it again to change one: it offers what is kept as the default.
 *
 *   npm run setup                                   (asks at the terminal)
 *   npm run setup -- --email you@example.com --region ap-northeast-1 --yes   (no questions)
 */
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { DeployParameterError, resolveDeployParameters } from '../deploy/parameters.js';
import { readStageSettings, writeStageSettings } from '../deploy/settings-file.js';
import { isKnownRegion, SETTINGS, type SettingName } from '../src/lib/settings.js';
import { checkSetting, fail, option, parseCommandLine, runTool } from './cli.js';

const USAGE = `Usage: npm run setup -- [--stage prod] [--email ADDRESS] [--region REGION] [--time-zone ZONE]
                        [--locale en|ja] [--budget USD|none] [--slack-parameter NAME|none] [--yes]
                        [--teams-parameter NAME|none] [--discord-parameter NAME|none]
                        [--line-parameter NAME|none --line-to ID] [--email-from ADDRESS|none]
  Asks for the settings a first deploy needs, checks each as the deploy does, and keeps them in
  settings/<stage>.json; every npx serverless deploy of that stage reads it (a --param still wins).
  A flag answers its question; --yes asks nothing and takes the flags, what is kept, and the defaults.
  --email            where the alerts and digests go (SNS email; confirm AWS's mail once)
  --region           the home region, where the stack runs (default: what is kept, else $AWS_REGION, else us-east-1)
  --time-zone        IANA time zone for times and schedules (default: this computer's)
  --locale           en or ja (default ja for Asia/Tokyo, else en)
  --budget           a monthly budget in USD, or none (default 20: the tutorial's)
  --slack-parameter  the Parameter Store name holding a Slack webhook URL, or none (default none)
  --stage            the stage (default prod)
  The other channels are never asked, only taken from their flags and kept (docs/channels.md):
  --teams-parameter, --discord-parameter  the Parameter Store name of a Teams or Discord webhook URL
  --line-parameter, --line-to              the Parameter Store name of a LINE channel token, and your LINE user ID
  --email-from                             an address for the HTML email through SES (verified once)`;

/** The channels setup keeps from flags alone: flag, setting, and what goes in the parameter. */
const OTHER_CHANNELS = [
  { flag: 'teams-parameter', setting: 'teamsWebhookParameter', secret: "'https://…logic.azure.com/workflows/…'" },
  { flag: 'discord-parameter', setting: 'discordWebhookParameter', secret: "'https://discord.com/api/webhooks/…'" },
  { flag: 'line-parameter', setting: 'lineChannelTokenParameter', secret: "'<channel access token>'" },
  { flag: 'line-to', setting: 'lineTo' },
  { flag: 'email-from', setting: 'emailFrom' },
] as const satisfies readonly { flag: string; setting: SettingName; secret?: string }[];

const ROOT = join(import.meta.dirname, '..');
const { values } = parseCommandLine(USAGE, {
  stage: option.stage(),
  email: option.text(),
  region: option.text(),
  'time-zone': option.text(),
  locale: option.text(),
  budget: option.text(),
  'slack-parameter': option.text(),
  'teams-parameter': option.text(),
  'discord-parameter': option.text(),
  'line-parameter': option.text(),
  'line-to': option.text(),
  'email-from': option.text(),
  yes: option.flag(),
});

const interactive = !values.yes;
if (interactive && !process.stdin.isTTY)
  fail('There is no terminal to ask: give the settings as flags and add --yes.', USAGE);

await runTool(async () => {
  let kept: ReturnType<typeof readStageSettings>;
  try {
    kept = readStageSettings(ROOT, values.stage);
  } catch (error) {
    if (error instanceof DeployParameterError) fail(error.message, USAGE);
    throw error;
  }
  const keptParameters = kept?.parameters ?? {};
  const prompt = interactive ? createInterface({ input: process.stdin, output: process.stdout }) : undefined;
  if (interactive) {
    console.log(
      kept
        ? `Settings of stage ${values.stage}, from settings/${values.stage}.json. Enter keeps the value in [brackets].\n`
        : `Settings of stage ${values.stage}. Enter takes the value in [brackets].\n`,
    );
  }

  /**
   * One setting: the flag's value, else the answer at the prompt (Enter takes the default), checked by
   * `check`; a bad answer is explained and asked again, a bad flag ends the command with exit 2.
   */
  async function ask(
    question: string,
    flag: string,
    given: string | undefined,
    fallback: string,
    check: (value: string) => string,
  ): Promise<string> {
    const checked = (value: string) => {
      try {
        return { value: check(value) };
      } catch (error) {
        return { problem: error instanceof Error ? error.message : String(error) };
      }
    };
    if (given !== undefined || !prompt) {
      const result = checked(given ?? fallback);
      if ('problem' in result) fail(`--${flag}: ${result.problem}`, USAGE);
      return result.value;
    }
    for (;;) {
      const answer = (await prompt.question(`${question} [${fallback}]: `)).trim();
      const result = checked(answer === '' ? fallback : answer);
      if (!('problem' in result)) return result.value;
      console.log(`  ${result.problem}`);
    }
  }

  /** A registry setting, parsed as the deploy parses it; "none" clears an optional one. */
  const setting =
    (name: SettingName, options: { optional?: boolean } = {}) =>
    (value: string) => {
      const raw = options.optional && value.toLowerCase() === 'none' ? '' : value;
      checkSetting(name, raw);
      return raw;
    };
  const shown = (value: string | undefined) => (value === undefined || value === '' ? 'none' : value);

  const email = await ask(
    'Email address for the alerts',
    'email',
    values.email,
    keptParameters.email ?? '',
    (value) => {
      const checked = setting('email')(value);
      if (checked === '') throw new Error('an email address is needed, such as you@example.com');
      return checked;
    },
  );
  const region = await ask(
    'Home region (where the stack runs)',
    'region',
    values.region,
    kept?.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    (value) => {
      if (!isKnownRegion(value)) throw new Error(`"${value}" is not an AWS region such as ap-northeast-1`);
      return value;
    },
  );
  const timeZone = await ask(
    'Time zone',
    'time-zone',
    values['time-zone'],
    keptParameters.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC',
    (value) => String(SETTINGS.timeZone.parse(value, { region, now: new Date() })),
  );
  const locale = await ask(
    'Language of the messages (en or ja)',
    'locale',
    values.locale,
    keptParameters.locale ?? (timeZone === 'Asia/Tokyo' ? 'ja' : 'en'),
    setting('locale'),
  );
  const budget = await ask(
    'Monthly budget in USD (none for no budget)',
    'budget',
    values.budget,
    shown(keptParameters.monthlyBudget ?? '20'),
    setting('monthlyBudget', { optional: true }),
  );
  const slack = await ask(
    'Slack: the Parameter Store name of the webhook URL (none for email only)',
    'slack-parameter',
    values['slack-parameter'],
    shown(keptParameters.slackWebhookParameter),
    setting('slackWebhookParameter', { optional: true }),
  );
  prompt?.close();

  const parameters: Record<string, string> = {
    ...keptParameters,
    email,
    timeZone,
    locale,
    monthlyBudget: budget,
    slackWebhookParameter: slack,
  };
  for (const channel of OTHER_CHANNELS) {
    const given = values[channel.flag];
    if (given === undefined) continue;
    try {
      parameters[channel.setting] = setting(channel.setting, { optional: true })(given);
    } catch (error) {
      fail(`--${channel.flag}: ${error instanceof Error ? error.message : String(error)}`, USAGE);
    }
  }
  for (const name of ['monthlyBudget', 'slackWebhookParameter', ...OTHER_CHANNELS.map((channel) => channel.setting)]) {
    if (parameters[name] === '') delete parameters[name];
  }
  try {
    // The whole set, as the deploy checks it (rules across settings included), before it is kept.
    resolveDeployParameters(parameters, { region, now: new Date() });
  } catch (error) {
    if (error instanceof DeployParameterError) fail(error.message, USAGE);
    throw error;
  }
  const path = writeStageSettings(ROOT, values.stage, { region, parameters });
  const stage = values.stage === 'prod' ? '' : ` --stage ${values.stage}`;
  console.log(`\nKept in ${relative(process.cwd(), path) || path}. Every deploy of stage ${values.stage} reads it.`);
  if (slack) {
    console.log(
      `\nPut the Slack webhook URL in Parameter Store first (once):\n\n  aws ssm put-parameter --region ${region} --name ${slack} --type SecureString --value 'https://hooks.slack.com/services/…'`,
    );
  }
  for (const channel of OTHER_CHANNELS) {
    const name = parameters[channel.setting];
    if (!name || !('secret' in channel)) continue;
    console.log(
      `\nPut the ${channel.flag.replace('-parameter', '')} secret in Parameter Store first (once):\n\n  aws ssm put-parameter --region ${region} --name ${name} --type SecureString --value ${channel.secret}`,
    );
  }
  if (parameters.emailFrom) {
    console.log(
      `\nAfter the deploy, AWS mails ${parameters.emailFrom} a verification link: click it once, or no HTML email is sent.`,
    );
  }
  console.log(`\nDeploy with:\n\n  npx serverless deploy --region ${region}${stage}\n`);
  console.log(
    `Then confirm the subscription in the mail AWS sends to ${email}, and run  npm run test-alert -- --region ${region}${stage}`,
  );
});
