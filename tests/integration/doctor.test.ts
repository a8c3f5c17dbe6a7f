import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  FAKE_ACCOUNT_ID,
  FAKE_NOW,
  type FakeAccount,
  healthyAccount,
  hygieneAccountResponder,
  loopbackClientConfig,
  signedScope,
  unhealthyAccount,
} from '../../dev/hygiene-account.js';
import { type Loopback, startLoopback } from '../../dev/loopback.js';
import { doctorClients, doctorMain } from '../../scripts/doctor-account.js';

/**
 * `npm run doctor` end to end: the command line, the deployed stack found by its name, the settings read
 * from the deployed hygiene function, every check through the real SDK clients on a loopback account,
 * and what is printed and returned.
 */

const REGION = 'ap-northeast-1';
let aws: Loopback;

beforeAll(async () => {
  aws = await startLoopback();
});
afterAll(async () => {
  await aws.close();
});
beforeEach(() => {
  aws.requests.length = 0;
});

const DEPLOYED = {
  region: REGION,
  variables: {
    FORWARDING_SCOPE: 'signin',
    MONTHLY_BUDGET: '20',
    SLACK_WEBHOOK_PARAMETER: '/account-watch/slack-webhook-url',
    FORWARDING_STACK_NAME: 'account-watch-forwarding-prod',
    WATCHED_DEAD_LETTER_QUEUES: `https://sqs.${REGION}.amazonaws.com/${FAKE_ACCOUNT_ID}/account-watch-prod-dead-letters`,
  },
};

async function doctor(account: FakeAccount, argv: string[], env: Record<string, string> = {}) {
  aws.respondWith(hygieneAccountResponder(account));
  let stdout = '';
  let stderr = '';
  const code = await doctorMain(argv, {
    env,
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text) },
    clients: (region) => doctorClients(region, loopbackClientConfig(aws.url)),
    now: FAKE_NOW,
  });
  return { code, stdout, stderr };
}

const deployedHealthy = (): FakeAccount => ({
  ...healthyAccount(),
  mainStack: DEPLOYED,
  forwardingStackRegions: ['us-east-1', 'us-east-2', 'eu-north-1', 'ap-southeast-2'],
});

describe('npm run doctor', () => {
  it('suggests npm run test-alert when the stack\u2019s topic has published nothing in 14 days, and only then', async () => {
    const silent = await doctor({ ...deployedHealthy(), mainStack: { ...DEPLOYED, publishedLast14Days: 0 } }, [
      '--region',
      REGION,
    ]);
    expect(silent.stdout).toContain('Nothing was sent in the last 14 days');
    expect(silent.stdout).toContain(`npm run test-alert -- --region ${REGION}`);
    const metric = aws.requests.find((request) =>
      request.headers['x-amz-target']?.toString().endsWith('GetMetricStatistics'),
    );
    expect(JSON.parse(metric?.body ?? '{}')).toMatchObject({
      Namespace: 'AWS/SNS',
      MetricName: 'NumberOfMessagesPublished',
      Dimensions: [{ Name: 'TopicName', Value: 'account-watch-prod-notifications' }],
    });
    const busy = await doctor(deployedHealthy(), ['--region', REGION]);
    expect(busy.stdout).not.toContain('npm run test-alert');
  });

  it('prints a table of every check for a healthy deployed account, without colour when not a terminal, and exits 0', async () => {
    const { code, stdout, stderr } = await doctor(deployedHealthy(), ['--region', REGION, '--time-zone', 'Asia/Tokyo']);
    expect(code).toBe(0);
    expect(stderr).toContain(`Checking the account in ${REGION} (read-only)`);
    expect(stdout).toContain(`Account ${FAKE_ACCOUNT_ID} \u00b7 Home region ${REGION}`);
    expect(stdout).toContain('2026-11-30 09:00:00 Asia/Tokyo (2026-11-30 00:00:00 UTC)');
    expect(stdout).toMatch(/\u2713 passed +Root user has MFA +MFA is on/);
    expect(stdout).toContain('22 passed, 0 failed, 0 not checked');
    expect(stdout).not.toContain('\u001b[');
    // The deployed function's settings were used: the sign-in scope's four regions, searched in each.
    const forwarding = aws.requests
      .map(signedScope)
      .filter((scope) => scope.service === 'cloudformation' && scope.region !== REGION);
    expect(forwarding.map((scope) => scope.region).sort()).toEqual([
      'ap-southeast-2',
      'eu-north-1',
      'us-east-1',
      'us-east-2',
    ]);
  });

  it('exits 1 when a critical or high check fails, failures first, with colour and how to fix each', async () => {
    const account = { ...unhealthyAccount(), mainStack: DEPLOYED };
    const { code, stdout } = await doctor(account, ['--region', REGION, '--time-zone', 'UTC'], { FORCE_COLOR: '1' });
    expect(code).toBe(1);
    const rows = stdout
      .split('\n')
      .filter((line) => /Root user has MFA|No credentials unused|GuardDuty/.test(line) && !line.startsWith('- '));
    expect(rows[0]).toContain('\u001b[31;1m');
    expect(rows.map((row) => stripVTControlCharacters(row).split(/ {2,}/)[0])).toEqual([
      '\u2717 FAILED',
      '\u2717 FAILED',
      'i info',
    ]);
    expect(stdout).toContain('How to fix');
    expect(stdout).toContain('- [CRITICAL] Root user has MFA: Sign in as root');
    expect(stdout).toContain('https://us-east-1.console.aws.amazon.com/iam/home#/security_credentials');
    // The stack's budget setting counts as a budget, as it does in the deployed report.
    expect(stdout).toMatch(/\u2713 passed[^\n]+A budget watches the spend +This stack creates a 20 USD monthly budget/);
  });

  it('writes one JSON document with --json, each result with its status, severity, facts and fix', async () => {
    const { code, stdout, stderr } = await doctor({ ...unhealthyAccount(), mainStack: DEPLOYED }, [
      '--region',
      REGION,
      '--json',
    ]);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    const report = JSON.parse(stdout) as {
      seriousFailure: boolean;
      results: Array<{ id: string; status: string; severity: string; fix?: string; url?: string; facts: unknown }>;
    };
    expect(report.seriousFailure).toBe(true);
    expect(report.results).toHaveLength(22);
    expect(report.results.find((result) => result.id === 'users-mfa')).toMatchObject({
      status: 'fail',
      severity: 'high',
      facts: { names: ['bob', 'intern'] },
      url: 'https://us-east-1.console.aws.amazon.com/iam/home#/users',
    });
    expect(report.results.find((result) => result.id === 'guardduty')).not.toHaveProperty('fix');
  });

  it('checks the account without a deployed stack, saying why the stack checks were skipped', async () => {
    const { code, stdout, stderr } = await doctor(healthyAccount(), ['--region', 'eu-west-1', '--json']);
    const report = JSON.parse(stdout) as { note: string; results: Array<{ id: string; status: string }> };
    expect(report.note).toBe('no stack account-watch-prod in eu-west-1: deploy first, or pass --region and --stage');
    expect(report.results.filter((result) => result.status === 'unknown').map((result) => result.id)).toEqual([
      'email-subscription',
      'dead-letters',
      'forwarding-stacks',
      'watch-rules',
    ]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });

  it('prints the table in Japanese with --locale ja', async () => {
    const { stdout } = await doctor(deployedHealthy(), [
      '--region',
      REGION,
      '--locale',
      'ja',
      '--time-zone',
      'Asia/Tokyo',
    ]);
    expect(stdout).toContain('ルートユーザーの MFA');
    expect(stdout).toContain('合格 22、不合格 0、確認不可 0');
  });

  it('refuses a bad option with one line and the usage, exit 2; --help prints the usage, exit 0', async () => {
    const bad = await doctor(healthyAccount(), ['--region', 'tokyo']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.split('\n')[0]).toBe('--region "tokyo" is not an AWS region such as ap-northeast-1');
    expect(bad.stderr).toContain('Usage: npm run doctor');
    expect(aws.requests).toHaveLength(0);
    const help = await doctor(healthyAccount(), ['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toContain('Exit code: 1 when a critical or high check failed');
  });

  it('says plainly when the credentials do not work, exit 2, without a stack trace', async () => {
    const { code, stderr } = await doctor({ ...healthyAccount(), deny: ['sts:GetCallerIdentity'] }, [
      '--region',
      REGION,
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain('Could not call AWS with your credentials');
    expect(stderr).toContain('Set AWS_PROFILE');
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('npm run doctor with LINE', () => {
  it('shows the LINE messages used of the month\u2019s allowance, read from the history table', async () => {
    const { startHistoryTable } = await import('../../dev/history-table.js');
    const { HistoryTable } = await import('../../src/lib/history/table.js');
    const table = await startHistoryTable('doctor-line');
    try {
      const history = new HistoryTable(table.client, table.tableName, 30);
      for (let n = 0; n < 3; n++) await history.takeFromAllowance('line', '2026-04', 200, FAKE_NOW.getTime());
      const account: FakeAccount = {
        ...deployedHealthy(),
        mainStack: {
          ...DEPLOYED,
          senderVariables: {
            LINE_TO: `U${'1'.repeat(32)}`,
            LINE_MONTHLY_MESSAGES: '200',
            HISTORY_TABLE: table.tableName,
          },
        },
      };
      aws.respondWith(hygieneAccountResponder(account));
      let stdout = '';
      await doctorMain(['--region', REGION], {
        env: {},
        stdout: { write: (text: string) => (stdout += text), isTTY: false },
        stderr: { write: () => undefined },
        clients: (region) => ({ ...doctorClients(region, loopbackClientConfig(aws.url)), dynamodb: table.client }),
        now: new Date('2026-04-20T00:00:00Z'),
      });
      expect(stdout).toContain('LINE: 3 of the 200 messages this stack may send in 2026-04 used');
    } finally {
      await table.close();
    }
  });
});
