import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopbackAwsEnv, queryParams } from '../../dev/aws-loopback.js';
import { type LocalHistoryTable, startHistoryTable } from '../../dev/history-table.js';
import { type Loopback, startLoopback } from '../../dev/loopback.js';
import { act, iamKeyControl, tableActionStore } from '../../src/lib/actions/act.js';

/**
 * npm run actions against a deployed stack on loopback: Lambda's GetFunctionConfiguration names the table
 * (dynalite), IAM answers UpdateAccessKey. It lists what was done from the links and undoes one.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);
let aws: Loopback;
let table: LocalHistoryTable;

beforeAll(async () => {
  table = await startHistoryTable('actions-cli');
  aws = await startLoopback((request) => {
    if (request.path.includes('/2015-03-31/functions/account-watch-prod-alertActions/configuration')) {
      return {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          FunctionName: 'account-watch-prod-alertActions',
          Environment: { Variables: { HISTORY_TABLE: table.tableName } },
        }),
      };
    }
    if (queryParams(request).get('Action') === 'UpdateAccessKey') {
      return {
        status: 200,
        headers: { 'content-type': 'text/xml' },
        body: '<UpdateAccessKeyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></UpdateAccessKeyResponse>',
      };
    }
    return { status: 404, body: '{"Message":"not found"}', headers: { 'content-type': 'application/json' } };
  });
});
afterAll(async () => {
  await aws.close();
  await table.close();
});

async function actions(args: string[]) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', join('scripts', 'actions.ts'), ...args],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          ...loopbackAwsEnv(aws.url, 'us-east-1'),
          AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
          NODE_NO_WARNINGS: '1',
        },
        timeout: 60_000,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('npm run actions', () => {
  it('lists the actions taken from links, undoes one with local credentials, and refuses a second undo', async () => {
    const store = tableActionStore(table.client, table.tableName);
    const iam = new IAMClient({
      region: 'us-east-1',
      endpoint: aws.url,
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'test' },
    });
    const taken = await act(
      {
        action: 'deactivate-key',
        alert: 'e-1',
        detection: 'gpu-or-huge-instances',
        account: '143434273843',
        principal: 'arn:aws:iam::143434273843:user/christophe',
        accessKey: 'AKIAIOSFODNN7EXAMPLE',
        expires: 2_000_000_000,
        nonce: 'cli-test-nonce',
      },
      undefined,
      { sourceIp: '203.0.113.5', userAgent: 'Mobile Safari', nowMs: Date.parse('2026-12-02T03:12:00Z') },
      { store, keys: iamKeyControl(async () => iam) },
    );
    if (!taken.ok) throw new Error(taken.reason);
    const listed = await actions(['list']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(
      `${taken.record.id}  deactivate-key AKIAIOSFODNN7EXAMPLE  from 203.0.113.5 (Mobile Safari)`,
    );
    aws.requests.length = 0;
    const undone = await actions(['undo', taken.record.id]);
    expect(undone.code, undone.stderr).toBe(0);
    expect(undone.stdout).toMatch(/^Undone: /);
    const calls = aws.requests.filter((request) => queryParams(request).get('Action') === 'UpdateAccessKey');
    expect(calls.map((request) => queryParams(request).get('Status'))).toEqual(['Active']);
    expect((await actions(['list'])).stdout).toContain('(undone ');
    const again = await actions(['undo', taken.record.id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('undone already');
    expect((await actions(['forget'])).code).toBe(2);
  });
});
