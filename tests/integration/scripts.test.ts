import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

/** Runs a script as `npm run <name>` would, and returns what it printed and how it exited. */
async function script(
  name: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', join('scripts', `${name}.ts`), ...args],
      {
        cwd: ROOT,
        env: { ...process.env, NODE_NO_WARNINGS: '1', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', ...env },
        timeout: 60_000,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

const STACK_FRAME = /\n\s+at .+:\d+:\d+/;

describe('the scripts behave like tools', () => {
  it('print their usage for --help and exit 0', async () => {
    const names = [
      'preview',
      'query',
      'detect',
      'bench',
      'forwarding',
      'preflight',
      'docs',
      'redrive',
      'doctor',
      'setup',
    ];
    const results = await Promise.all(names.map((name) => script(name, ['--help'])));
    results.forEach((result, index) => {
      expect(result.code, names[index]).toBe(0);
      expect(result.stdout, names[index]).toContain(`Usage: npm run ${names[index]}`);
    });
  });

  it.each([
    ['preview', ['--only', 'emails'], '--only "emails" is not one of signin, cost, security'],
    ['preview', ['--bogus'], 'Unknown option --bogus'],
    ['preview', ['--locale', 'fr'], '--locale "fr" is not one of en, ja'],
    ['preview', ['--budget', '-3'], '--budget "-3" is not a number above 0'],
    ['preview', ['--event', 'package.json'], '--event package.json: not an event this service knows'],
    ['preview', ['--event', 'README.md'], '--event README.md: not JSON'],
    [
      'detect',
      ['--logs', 'tests/fixtures/cloudtrail-logs', '--time-zone', 'Tokio'],
      '--time-zone "Tokio" is not an IANA time zone',
    ],
    ['query', ['all', '--logs', 'no/such/folder'], '--logs no/such/folder: no such file or folder'],
    [
      'query',
      ['all', '--logs', 'tests/fixtures/cloudtrail-logs', '--allowed-regions', 'us-east-9'],
      '"us-east-9" is not an AWS region',
    ],
    [
      'query',
      ['nothing-by-this-name', '--logs', 'tests/fixtures/cloudtrail-logs'],
      'No saved query "nothing-by-this-name"',
    ],
    [
      'query',
      ['all', '--logs', 'tests/fixtures/cloudtrail-logs', '--json', '--csv'],
      '--json and --csv cannot be used together',
    ],
    ['query', ['all'], '--logs is required'],
    ['detect', [], '--logs is required'],
    ['generate-logs', ['--out', '/tmp/x'], '--records is required'],
    ['generate-logs', ['--records', '-5', '--out', '/tmp/x'], '--records "-5" is not a whole number of at least 1'],
    ['forwarding', ['plan', '--home-region', 'mars-1'], '--home-region "mars-1" is not an AWS region'],
    ['forwarding', ['launch'], '"launch" is not deploy, remove or plan'],
    ['forwarding', ['deploy', 'plan'], 'Unexpected "plan": say one of deploy, remove or plan'],
    ['forwarding', ['deploy', '--regions', 'xx-yy-1'], '--regions: "xx-yy-1" is not an AWS region'],
    ['forwarding', ['deploy', '--stage', 'Prod'], '--stage "Prod" is not a stage name'],
    ['forwarding', ['plan', '--events', '-5'], '--events "-5" is not a whole number of at least 0'],
    ['forwarding', ['plan', '--region', 'us-east-1'], 'Unknown option --region (did you mean --regions?)'],
    ['preflight', ['--region', 'tokyo'], '--region "tokyo" is not an AWS region'],
    ['doctor', ['--region', 'tokyo'], '--region "tokyo" is not an AWS region'],
    ['doctor', ['--locale', 'fr'], '--locale "fr" is not one of en, ja'],
    ['query', ['sql', '--logs', 'tests/fixtures/cloudtrail-logs'], 'Give the SQL after sql'],
    [
      'query',
      ['pull', '--logs', 'pulled', '--bucket', 'b', '--since', 'a week'],
      '--since "a week" is not a number of days',
    ],
  ])('%s %j says what is wrong in one line, with the usage, and exits 2', async (name, args, message) => {
    const result = await script(name, args);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toContain(message);
    expect(result.stderr).toContain(`Usage: npm run ${name}`);
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });
});

describe('npm run preflight without an account to look at', () => {
  it.each([
    [
      'no credentials',
      { AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' },
      'credentials: none found',
    ],
    [
      'an endpoint it cannot reach',
      {
        AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'x',
        AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
        AWS_MAX_ATTEMPTS: '1',
      },
      'network: 127.0.0.1:9 refused the connection',
    ],
  ])('with %s says "could not check" with the reason, prints no deploy command and exits 1', async (_, env, reason) => {
    const result = await script('preflight', ['--region', 'ap-northeast-1'], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`Account: could not check (${reason}`);
    expect(result.stdout).toContain(`- Trail: could not check (${reason}`);
    expect(result.stdout).toContain('- Budget: could not check (needs the account ID');
    expect(result.stdout).not.toContain('none found,');
    expect(result.stdout).not.toContain('npx serverless deploy');
    expect(result.stdout).toContain('No deploy command');
    expect(result.stdout + result.stderr).not.toMatch(/CredentialsProviderError|Error:/);
  });
});

describe('the tools that call AWS explain an endpoint they cannot reach in one line', () => {
  const unreachable = {
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'x',
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    AWS_MAX_ATTEMPTS: '1',
  };
  it.each([
    [
      'redrive',
      ['--region', 'ap-northeast-1'],
      'Could not reach the dead-letter queue: network: 127.0.0.1:9 refused the connection',
    ],
    [
      'query',
      ['pull', '--logs', join(tmpdir(), 'account-watch-pull-unreachable'), '--region', 'ap-northeast-1'],
      'Could not pull the logs: network: 127.0.0.1:9 refused the connection',
    ],
  ])('%s', async (name, args, message) => {
    const result = await script(name, args, unreachable);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining(message)]);
  });

  it('query pull explains missing credentials the same way', async () => {
    const result = await script(
      'query',
      ['pull', '--logs', join(tmpdir(), 'account-watch-pull-nocreds'), '--region', 'ap-northeast-1'],
      { AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Could not pull the logs: credentials: none found');
  });
});

describe('npm run forwarding', () => {
  it('prices the alarms of the built templates, and asks before deploying to many regions (refusing without a terminal)', async () => {
    const [plan, deploy] = await Promise.all([
      script('forwarding', ['plan', '--home-region', 'ap-northeast-1']),
      script('forwarding', ['deploy', '--home-region', 'ap-northeast-1']),
    ]);
    expect(plan.code).toBe(0);
    // 3 alarms in the main stack and 1 in each of the 16 forwarding stacks: 9 beyond the free 10.
    expect(plan.stdout).toContain('19 CloudWatch alarms in all (3 in the main stack, 1 in each forwarding stack');
    expect(plan.stdout).toContain('about $0.90 a month');
    expect(deploy.code).toBe(2);
    expect(deploy.stderr).toContain('in 16 regions');
    expect(deploy.stderr).toContain('add --yes to go ahead');
  }, 90_000);
});

describe('npm run query', () => {
  it('runs any SQL over the cloudtrail table, for the question no saved query asks', async () => {
    const result = await script('query', [
      'sql',
      "SELECT count(DISTINCT eventid) AS events FROM cloudtrail WHERE eventsource = 'iam.amazonaws.com'",
      '--logs',
      'tests/fixtures/cloudtrail-logs',
      '--json',
      '--in-memory',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toEqual({ events: expect.stringMatching(/^[1-9]\d*$/) });
  });

  it('says what time the logs cover, and which files it skipped, and still answers', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'account-watch-query-'));
    cpSync(join(ROOT, 'tests/fixtures/cloudtrail-logs/invictus-ir-aws-dataset/CloudTrail'), join(folder, 'logs'), {
      recursive: true,
    });
    writeFileSync(join(folder, 'digest.json'), JSON.stringify({ digestStartTime: '2023-07-10T11:00:00Z' }));
    const cache = mkdtempSync(join(tmpdir(), 'account-watch-cache-'));
    const result = await script('query', ['root-activity', '--logs', folder], { XDG_CACHE_HOME: cache });
    expect(result.code).toBe(0);
    // Collected into a database in the user's cache folder, never in the evidence folder; a second run reads nothing again.
    expect(result.stderr).toContain('55 file(s) read now, 0 collected before.');
    expect(readdirSync(folder).sort()).toEqual(['digest.json', 'logs']);
    expect(readdirSync(join(cache, 'account-watch', 'query'))).toEqual([
      expect.stringMatching(/^account-watch-query-\w+-[0-9a-f]{12}\.duckdb$/),
    ]);
    // With no window, the queries cover what the logs hold.
    expect(result.stdout).toContain('window 2023-07-10T11:42:18.000Z to 2023-07-10T12:37:51.000Z (all the logs hold)');
    const again = await script('query', ['root-activity', '--logs', folder, '--from', '2026-01-01'], {
      XDG_CACHE_HOME: cache,
    });
    expect(again.stdout).toContain('(none of the logs fall in it)');
    // The skipped file is tried (and skipped) again; the 55 collected ones are not read again.
    expect(again.stderr).toContain('0 file(s) read now, 55 collected before.');
    expect(result.stdout).toContain('the logs cover 2023-07-10T11:42:18Z to 2023-07-10T12:37:50Z');
    expect(result.stderr).toContain(`skipped ${join(folder, 'digest.json')}: not a CloudTrail log file`);
    expect(result.stderr).toContain('1 file(s) skipped; the rest is loaded.');
  });

  it('prints times in the zone asked with UTC beside them, and CSV for scripts', async () => {
    const common = [
      '--logs',
      'tests/fixtures/cloudtrail-logs',
      '--from',
      '2023-07-10',
      '--to',
      '2023-07-11',
      '--in-memory',
    ];
    const table = await script('query', [
      'access-keys-created',
      'root-activity',
      ...common,
      '--time-zone',
      'Asia/Tokyo',
    ]);
    expect(table.stdout).toContain('2023-07-10 21:24:50 (12:24 UTC)');
    // Several names run them all, in the catalogue's order.
    expect([...table.stdout.matchAll(/^== .* \(([\w-]+), \w+\)/gm)].map((match) => match[1])).toEqual([
      'access-keys-created',
      'root-activity',
    ]);
    const csv = await script('query', ['access-keys-created', ...common, '--csv']);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('query,for_user,created_by,source_ip,keys,last_seen');
    expect(lines).toContain(
      'access-keys-created,malicious-iam-user,arn:aws:iam::123837392027:user/bert-jan,192.168.10.20,1,2023-07-10T12:24:50Z',
    );
  });
});

describe('npm run detect', () => {
  it('replays the real-time detections over a real log set, in order, as JSON lines', async () => {
    const result = await script('detect', ['--logs', 'tests/fixtures/cloudtrail-logs', '--json']);
    expect(result.code).toBe(0);
    const alerts = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { time: string; detections: string[] });
    // 28 attack steps, and the NAT gateways its Terraform set-up created (one alert): they bill by the hour.
    expect(alerts).toHaveLength(29);
    expect(alerts.map((alert) => alert.time)).toEqual([...alerts.map((alert) => alert.time)].sort());
    // The three StopLogging calls failed with TrailNotFoundException: nothing stopped, nothing said.
    expect(alerts.flatMap((alert) => alert.detections)).toContain('cloudtrail-deleted');
    expect(alerts.flatMap((alert) => alert.detections)).not.toContain('cloudtrail-stopped');
    // The summary's parts add up to the candidates: each candidate call is counted once.
    const summary =
      /2900 record\(s\) in 55 file\(s\); (\d+) candidate call\(s\): (\d+) raised 29 alert\(s\), (\d+) detected but quiet .*, (\d+) matched a rule's pattern but no detection/.exec(
        result.stderr,
      );
    expect(summary, result.stderr).not.toBeNull();
    const [candidates, alerted, quiet, undetected] = (summary ?? []).slice(1).map(Number);
    expect(candidates).toBe(179);
    expect((alerted ?? 0) + (quiet ?? 0) + (undetected ?? 0)).toBe(candidates);
  });

  it('keeps to the window, and skips a bad file with one line saying why', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'detect-'));
    cpSync(
      join(ROOT, 'tests/fixtures/attack-logs/stratus-red-team/aws.defense-evasion.cloudtrail-stop.json'),
      join(folder, 'stop.json'),
    );
    writeFileSync(join(folder, 'broken.json'), '{"Records": [');
    writeFileSync(join(folder, 'digest.json'), '{"digestStartTime": "2024-07-31T13:00:00Z"}');
    const inside = await script('detect', ['--logs', folder, '--from', '2024-07-31', '--to', '2024-08-01']);
    expect(inside.code).toBe(0);
    expect(inside.stdout).toContain('[HIGH] CloudTrail logging stopped');
    expect(inside.stderr).toMatch(/skipped .*broken\.json: /);
    expect(inside.stderr).toMatch(/skipped .*digest\.json: not a CloudTrail log file/);
    const outside = await script('detect', ['--logs', folder, '--from', '2024-08-01']);
    expect(outside.stdout).toBe('');
    expect(outside.stderr).toMatch(/^skipped[\s\S]*0 alert\(s\)/);
  });

  it('says clearly when the folder does not exist', async () => {
    const result = await script('detect', ['--logs', '/nonexistent/logs']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--logs /nonexistent/logs: no such file or folder');
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });
});
