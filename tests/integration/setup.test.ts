import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { atTerminal } from '../helpers/terminal.js';

const ROOT = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);
/** Stages of their own, so no other test's deploy of prod reads these files. */
const STAGES = ['setupasked', 'setupflags', 'setupbad'];
const settingsOf = (stage: string) => JSON.parse(readFileSync(join(ROOT, 'settings', `${stage}.json`), 'utf8'));

afterEach(() => {
  for (const stage of STAGES) rmSync(join(ROOT, 'settings', `${stage}.json`), { force: true });
});

describe('npm run setup', () => {
  it('asks at the terminal, explains a bad answer and asks again, keeps the settings and prints the deploy command', async () => {
    const terminal = atTerminal('node --import tsx scripts/setup.ts --stage setupasked', {
      cwd: ROOT,
      env: { AWS_REGION: 'eu-west-1', TZ: 'Asia/Tokyo' },
    });
    await terminal.answer('Email address for the alerts []: ', 'not-an-address');
    await terminal.answer('Email address for the alerts []: ', '');
    await terminal.answer('Email address for the alerts []: ', 'owner@example.com');
    await terminal.answer('Home region (where the stack runs) [eu-west-1]: ', 'tokyo');
    await terminal.answer('Home region (where the stack runs) [eu-west-1]: ', 'ap-northeast-1');
    await terminal.answer('Time zone [Asia/Tokyo]: ', '');
    // Asia/Tokyo makes Japanese the default language.
    await terminal.answer('Language of the messages (en or ja) [ja]: ', '');
    await terminal.answer('Monthly budget in USD (none for no budget) [20]: ', '0');
    await terminal.answer('Monthly budget in USD (none for no budget) [20]: ', '35');
    await terminal.answer('webhook URL (none for email only) [none]: ', '/account-watch/slack-webhook-url');
    const { code, output } = await terminal.done();
    expect(code, output).toBe(0);
    // Each bad answer was explained before the question came again.
    expect(output).toContain('"not-an-address" is not an email address');
    expect(output).toContain('an email address is needed, such as you@example.com');
    expect(output).toContain('"tokyo" is not an AWS region such as ap-northeast-1');
    expect(output).toContain('"0" is not a number above 0');
    expect(settingsOf('setupasked')).toEqual({
      region: 'ap-northeast-1',
      parameters: {
        email: 'owner@example.com',
        timeZone: 'Asia/Tokyo',
        locale: 'ja',
        monthlyBudget: '35',
        slackWebhookParameter: '/account-watch/slack-webhook-url',
      },
    });
    expect(output).toContain('npx serverless deploy --region ap-northeast-1 --stage setupasked');
    expect(output).toContain('aws ssm put-parameter --region ap-northeast-1 --name /account-watch/slack-webhook-url');

    // Run again: what is kept is the default, so Enter keeps it.
    const again = atTerminal('node --import tsx scripts/setup.ts --stage setupasked --budget none', { cwd: ROOT });
    await again.answer('Email address for the alerts [owner@example.com]: ', '');
    await again.answer('Home region (where the stack runs) [ap-northeast-1]: ', '');
    await again.answer('Time zone [Asia/Tokyo]: ', '');
    await again.answer('Language of the messages (en or ja) [ja]: ', 'en');
    await again.answer('[/account-watch/slack-webhook-url]: ', '');
    expect((await again.done()).code).toBe(0);
    expect(settingsOf('setupasked').parameters).toEqual({
      email: 'owner@example.com',
      timeZone: 'Asia/Tokyo',
      locale: 'en',
      slackWebhookParameter: '/account-watch/slack-webhook-url',
    });
  }, 60_000);

  it('works without a terminal from flags and --yes, and refuses without --yes', async () => {
    await run(
      process.execPath,
      [
        '--import',
        'tsx',
        'scripts/setup.ts',
        '--stage',
        'setupflags',
        '--email',
        'a@example.com',
        '--region',
        'us-west-2',
        '--time-zone',
        'utc',
        '--teams-parameter',
        '/account-watch/teams-webhook-url',
        '--line-parameter',
        '/account-watch/line-channel-token',
        '--line-to',
        `U${'a'.repeat(32)}`,
        '--email-from',
        'a@example.com',
        '--yes',
      ],
      { cwd: ROOT, env: { ...process.env, NODE_NO_WARNINGS: '1' } },
    );
    expect(settingsOf('setupflags')).toEqual({
      region: 'us-west-2',
      parameters: {
        email: 'a@example.com',
        timeZone: 'UTC',
        locale: 'en',
        monthlyBudget: '20',
        teamsWebhookParameter: '/account-watch/teams-webhook-url',
        lineChannelTokenParameter: '/account-watch/line-channel-token',
        lineTo: `U${'a'.repeat(32)}`,
        emailFrom: 'a@example.com',
      },
    });
    const refused = await run(process.execPath, ['--import', 'tsx', 'scripts/setup.ts', '--stage', 'setupbad'], {
      cwd: ROOT,
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(refused).toMatchObject({ code: 2 });
    expect((refused as { stderr: string }).stderr.split('\n')[0]).toBe(
      'There is no terminal to ask: give the settings as flags and add --yes.',
    );
    const badFlag = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        'scripts/setup.ts',
        '--stage',
        'setupbad',
        '--email',
        'a@example.com',
        '--locale',
        'fr',
        '--yes',
      ],
      { cwd: ROOT, env: { ...process.env, NODE_NO_WARNINGS: '1' } },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(badFlag).toMatchObject({ code: 2 });
    expect((badFlag as { stderr: string }).stderr.split('\n')[0]).toBe('--locale: "fr" is not one of en, ja');
    const badChannel = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        'scripts/setup.ts',
        '--stage',
        'setupbad',
        '--email',
        'a@example.com',
        '--line-to',
        'me',
        '--yes',
      ],
      { cwd: ROOT, env: { ...process.env, NODE_NO_WARNINGS: '1' } },
    ).catch((error: { code: number; stderr: string }) => error);
    expect((badChannel as { stderr: string }).stderr.split('\n')[0]).toBe(
      '--line-to: "me" is not a LINE user, group or room ID (U, C or R and 32 hexadecimal digits)',
    );
    expect(existsSync(join(ROOT, 'settings', 'setupbad.json'))).toBe(false);
  }, 60_000);
});
