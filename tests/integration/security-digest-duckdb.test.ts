import { cpSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSignInFixture } from '../../dev/fixtures.js';
import { loadSavedQueries, renderQuery, type SavedQuery } from '../../src/lib/security-digest/catalog.js';
import { CLOUDTRAIL_COLUMNS, columnName, columnPaths } from '../../src/lib/security-digest/cloudtrail-schema.js';
import { type LocalTrail, openLocalTrail } from '../../src/lib/security-digest/local.js';
import type { Row } from '../../src/lib/security-digest/outcome.js';

const ROOT = join(import.meta.dirname, '..', '..');
const LOGS = join(ROOT, 'tests', 'fixtures', 'cloudtrail-logs');
const queries = loadSavedQueries(join(ROOT, 'queries'));
const JULY_10 = { start: new Date('2023-07-10T00:00:00Z'), end: new Date('2023-07-11T00:00:00Z') };

let trail: LocalTrail;

function query(name: string): SavedQuery {
  const found = queries.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no saved query ${name}`);
  return found;
}

async function run(
  name: string,
  options: { on?: LocalTrail; allowedRegions?: string[]; window?: typeof JULY_10 } = {},
): Promise<Row[]> {
  const sql = renderQuery(query(name), {
    table: 'cloudtrail',
    window: options.window ?? JULY_10,
    allowedRegions: options.allowedRegions ?? ['us-east-1'],
  });
  return (await (options.on ?? trail).run(sql)) as Row[];
}

const total = (rows: Row[], column: string) => rows.reduce((sum, row) => sum + Number(row[column]), 0);

beforeAll(async () => {
  trail = await openLocalTrail(LOGS);
});
afterAll(() => trail.close());

describe('the saved queries on DuckDB over a real attack simulation (invictus-ir, 2,900 records)', () => {
  it('reads every log file and record', () => {
    expect(trail.files).toHaveLength(55);
    expect(trail.records).toBe(2900);
  });

  it('has a test below for every saved query', () => {
    expect(queries.map((saved) => saved.name)).toEqual([
      'access-denied-by-principal',
      'access-keys-created',
      'console-passwords',
      'console-signins',
      'ec2-launches',
      'failed-console-signins-by-ip',
      'iam-changes',
      'logging-turned-off',
      'regions-outside-allowlist',
      'root-activity',
      'security-groups-open-to-world',
    ]);
  });

  it('console-signins: both sign-ins, one with MFA and one without', async () => {
    const rows = await run('console-signins');
    expect(rows.map((row) => [row.principal, row.mfa_used, row.outcome, row.sign_ins])).toEqual([
      ['arn:aws:iam::123837392027:user/bert-jan', 'Yes', 'Success', '1'],
      ['arn:aws:iam::123837392027:user/stratus-red-team-nmfalu-gfjyeaypjt', 'No', 'Success', '1'],
    ]);
  });

  it('failed-console-signins-by-ip: none in this dataset', async () => {
    expect(await run('failed-console-signins-by-ip')).toEqual([]);
  });

  it('root-activity: none in this dataset', async () => {
    expect(await run('root-activity')).toEqual([]);
  });

  it('access-denied-by-principal: the 16 AccessDenied and 44 UnauthorizedOperation, by principal', async () => {
    const rows = await run('access-denied-by-principal');
    expect(rows).toHaveLength(4);
    expect(total(rows, 'denied')).toBe(60);
    expect(rows[0]).toMatchObject({ denied: '29', example_action: 'ec2.amazonaws.com:GetPasswordData' });
  });

  it('iam-changes: successful IAM writes by action and principal', async () => {
    const rows = await run('iam-changes');
    expect(rows).toHaveLength(21);
    expect(rows[0]).toMatchObject({ action: 'DeleteRole', changes: '13' });
    expect(rows.find((row) => row.action === 'CreateUser')?.changes).toBe('4');
  });

  it('access-keys-created: two keys, for two users', async () => {
    const rows = await run('access-keys-created');
    expect(rows.map((row) => row.for_user)).toEqual(['malicious-iam-user', 'stratus-red-team-backdoor-u-user']);
  });

  it('console-passwords: two login profiles created', async () => {
    const rows = await run('console-passwords');
    expect(rows.map((row) => [row.action, row.for_user])).toEqual([
      ['CreateLoginProfile', 'stratus-red-team-login-profile-user'],
      ['CreateLoginProfile', 'stratus-red-team-nmfalu-gfjyeaypjt'],
    ]);
  });

  it('security-groups-open-to-world: both 0.0.0.0/0 rules, whichever request shape', async () => {
    expect(await run('security-groups-open-to-world')).toEqual([
      {
        security_group: 'sg-04cfb7a4712d75b00',
        region: 'us-east-1',
        principal: 'arn:aws:iam::123837392027:user/bert-jan',
        rules_added: '2',
        last_seen: '2023-07-10T12:10:08Z',
      },
    ]);
  });

  it('logging-turned-off: StopLogging and DeleteTrail attempts, failed ones included', async () => {
    const rows = await run('logging-turned-off');
    expect(rows.map((row) => [row.action, row.outcome, row.attempts])).toEqual([
      ['StopLogging', 'TrailNotFoundException', '3'],
      ['DeleteTrail', 'succeeded', '2'],
      ['PutEventSelectors', 'succeeded', '2'],
      ['DeleteTrail', 'TrailNotFoundException', '1'],
    ]);
  });

  it('regions-outside-allowlist: nothing when us-east-1 is allowed, every regional write when it is not', async () => {
    expect(await run('regions-outside-allowlist', { allowedRegions: ['us-east-1'] })).toEqual([]);
    const rows = await run('regions-outside-allowlist', { allowedRegions: ['eu-west-1'] });
    expect(rows.map((row) => row.service)).toEqual([
      'ssm.amazonaws.com',
      'ec2.amazonaws.com',
      'secretsmanager.amazonaws.com',
      's3.amazonaws.com',
      'cloudtrail.amazonaws.com',
      'lambda.amazonaws.com',
      'rds.amazonaws.com',
      'rolesanywhere.amazonaws.com',
      'logs.amazonaws.com',
    ]);
    // IAM and STS record in us-east-1 whichever region is used: not activity in an unused region.
    expect(rows.every((row) => row.region === 'us-east-1')).toBe(true);
  });

  it('regions-outside-allowlist: a Tokyo account is quiet about what AWS records elsewhere by design', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'account-watch-regions-'));
    const record = (eventSource: string, eventName: string, awsRegion: string, index: number) => ({
      eventVersion: '1.08',
      userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/alice', accountId: '123456789012' },
      eventTime: `2023-07-10T0${index}:00:00Z`,
      eventSource,
      eventName,
      awsRegion,
      sourceIPAddress: '203.0.113.7',
      readOnly: false,
      eventType: 'AwsApiCall',
      eventID: `00000000-0000-0000-0000-00000000000${index}`,
      recipientAccountId: '123456789012',
    });
    writeFileSync(
      join(folder, 'tokyo.json'),
      JSON.stringify({
        Records: [
          // The global sign-in endpoint recorded this one in us-east-2; the sign-in alert has reported it.
          { ...record('signin.amazonaws.com', 'ConsoleLogin', 'us-east-2', 1), eventType: 'AwsConsoleSignIn' },
          record('iam.amazonaws.com', 'CreateUser', 'us-east-1', 2),
          record('ec2.amazonaws.com', 'RunInstances', 'ap-northeast-1', 3),
          record('ec2.amazonaws.com', 'RunInstances', 'sa-east-1', 4),
        ],
      }),
    );
    const tokyo = await openLocalTrail(folder);
    try {
      const rows = await run('regions-outside-allowlist', { on: tokyo, allowedRegions: ['ap-northeast-1'] });
      expect(rows.map((row) => [row.region, row.service])).toEqual([['sa-east-1', 'ec2.amazonaws.com']]);
    } finally {
      tokyo.close();
    }
  });

  it('ec2-launches: instance type, requested count and outcome, refused GPU launches included', async () => {
    const rows = await run('ec2-launches');
    expect(total(rows, 'calls')).toBe(8);
    expect(rows.filter((row) => row.instance_type === 'p2.xlarge').map((row) => [row.requested, row.outcome])).toEqual([
      ['10', 'Client.VcpuLimitExceeded'],
      ['10', 'Client.VcpuLimitExceeded'],
    ]);
  });

  it('finds nothing outside the window, because the date partition and event time both bound it', async () => {
    const july9 = { start: new Date('2023-07-09T00:00:00Z'), end: new Date('2023-07-10T00:00:00Z') };
    for (const saved of queries) expect(await run(saved.name, { window: july9 })).toEqual([]);
  });
});

describe('the local engine on other layouts', () => {
  let folder: string;
  let other: LocalTrail;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'account-watch-logs-'));
    // A gzipped JSON array of records, in a nested folder: the sign-in samples.
    const records = [
      'root-success-no-mfa-01.json',
      'root-failure-01.json',
      'iam-user-failure-01.json',
      'iam-user-failure-hidden-username-01.json',
    ].map((name) => loadSignInFixture(name));
    cpSync(join(LOGS, 'invictus-ir-aws-dataset', 'CloudTrail'), join(folder, 'a'), { recursive: true });
    // The same log files delivered again by a second trail.
    cpSync(join(LOGS, 'invictus-ir-aws-dataset', 'CloudTrail'), join(folder, 'b'), { recursive: true });
    writeFileSync(join(folder, 'signins.json.gz'), gzipSync(JSON.stringify(records)));
    other = await openLocalTrail(folder);
  });
  afterAll(() => other.close());

  it('reads .json.gz files and plain JSON arrays of records in any folder layout', () => {
    expect(other.files.length).toBe(111);
    expect(other.records).toBe(2 * 2900 + 4);
    expect(readdirSync(folder)).toContain('signins.json.gz');
  });

  it('counts an event delivered twice once', async () => {
    const rows = await run('access-keys-created', { on: other });
    expect(rows.map((row) => row.keys)).toEqual(['1', '1']);
    expect(total(await run('access-denied-by-principal', { on: other }), 'denied')).toBe(60);
  });

  it('finds root activity and failed sign-ins by source IP', async () => {
    const november = { start: new Date('2022-11-10T00:00:00Z'), end: new Date('2022-11-11T00:00:00Z') };
    const root = await run('root-activity', { on: other, window: november });
    expect(root).toEqual([
      {
        service: 'signin.amazonaws.com',
        action: 'ConsoleLogin',
        source_ip: '192.0.2.0',
        events: '2',
        failed: '1',
        last_seen: '2022-11-10T16:24:34Z',
      },
    ]);
    const failures = await run('failed-console-signins-by-ip', { on: other, window: november });
    expect(failures).toEqual([
      {
        source_ip: '192.0.2.0',
        failures: '2',
        principals_tried: '2',
        reason: 'Failed authentication',
        first_seen: '2022-11-10T16:24:34Z',
        last_seen: '2022-11-10T16:24:34Z',
      },
    ]);
  });
});

/** Every column reference in a statement, as DuckDB's parser sees it (["useridentity", "arn"]), and the select list's aliases. */
async function columnReferences(sql: string): Promise<{ references: string[][]; aliases: Set<string> }> {
  const [row] = await trail.run(`SELECT json_serialize_sql(${`'${sql.replaceAll("'", "''")}'`}) AS ast`);
  const ast = JSON.parse(row?.ast ?? '{}') as { error: boolean; statements: unknown[] };
  expect(ast.error).toBe(false);
  const references: string[][] = [];
  const aliases = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.class === 'COLUMN_REF') references.push(record.column_names as string[]);
    if (Array.isArray(record.select_list)) {
      for (const item of record.select_list as { alias?: string }[]) if (item.alias) aliases.add(item.alias);
    }
    for (const value of Object.values(record)) walk(value);
  };
  walk(ast.statements);
  return { references, aliases };
}

describe('the one CloudTrail schema', () => {
  it('has every column each saved query names, and each query runs on the view generated from it', async () => {
    const known = columnPaths();
    for (const saved of queries) {
      const sql = renderQuery(saved, { table: 'cloudtrail', window: JULY_10, allowedRegions: ['us-east-1'] });
      const { references, aliases } = await columnReferences(sql);
      expect(references.length, saved.name).toBeGreaterThan(3);
      for (const path of references) {
        const isAlias = path.length === 1 && aliases.has(path[0] ?? '');
        expect(isAlias || known.has(path.join('.')), `${saved.name}: ${path.join('.')}`).toBe(true);
      }
      await expect(trail.run(sql), saved.name).resolves.toBeDefined();
    }
  });

  it('gives the local view the same columns, in the same order, as the Glue table', async () => {
    const described = await trail.run('DESCRIBE cloudtrail');
    expect(described.map((column) => column.column_name)).toEqual([
      ...CLOUDTRAIL_COLUMNS.map((column) => columnName(column.field)),
      'account',
      'region',
      'date',
    ]);
    const types = Object.fromEntries(described.map((column) => [column.column_name, column.column_type]));
    expect(types.tlsdetails).toBe('STRUCT(tlsversion VARCHAR, ciphersuite VARCHAR, clientprovidedhostheader VARCHAR)');
    expect(types.resources).toBe('STRUCT(arn VARCHAR, accountid VARCHAR, "type" VARCHAR)[]');
  });

  it('reads resources and TLS details from real records', async () => {
    const rows = await trail.run(
      `SELECT count(*) AS n FROM cloudtrail WHERE tlsdetails.tlsversion IS NOT NULL AND len(resources) > 0 AND resources[1].arn LIKE 'arn:%'`,
    );
    expect(Number(rows[0]?.n)).toBeGreaterThan(0);
  });
});
