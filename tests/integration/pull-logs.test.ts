import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Loopback, type RecordedRequest, startLoopback } from '../../dev/loopback.js';
import { pullLogs, stackLogsLocation } from '../../scripts/pull-logs.js';
import { openLocalTrail } from '../../src/lib/security-digest/local.js';

const LOGS = join(import.meta.dirname, '..', 'fixtures', 'cloudtrail-logs', 'invictus-ir-aws-dataset', 'CloudTrail');
const PREFIX = 'security/AWSLogs/123456789012/CloudTrail/';
const names = readdirSync(LOGS).sort().slice(0, 5);

/** The bucket: four files in us-east-1 on 2023-07-10, one in eu-west-1, and one outside the days asked. */
const OBJECTS = new Map<string, Buffer>([
  ...names
    .slice(0, 4)
    .map((name) => [`${PREFIX}us-east-1/2023/07/10/${name}`, readFileSync(join(LOGS, name))] as const),
  [`${PREFIX}eu-west-1/2023/07/10/${names[4]}`, readFileSync(join(LOGS, names[4] ?? ''))],
  [`${PREFIX}us-east-1/2023/07/12/${names[0]}`, readFileSync(join(LOGS, names[0] ?? ''))],
]);
const PAGE = 2;

const xmlEscape = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;');

/** ListObjectsV2 and GetObject as S3 answers them (path-style), two keys a page so paging is exercised. */
function s3(request: RecordedRequest) {
  const url = new URL(request.path, 'http://loopback');
  const [, bucket, ...rest] = url.pathname.split('/');
  if (bucket !== 'trail-logs') return { status: 404, body: '<Error><Code>NoSuchBucket</Code></Error>' };
  if (url.searchParams.get('list-type') === '2') {
    const prefix = url.searchParams.get('prefix') ?? '';
    const delimiter = url.searchParams.get('delimiter');
    const start = Number(url.searchParams.get('continuation-token') ?? '0');
    const keys = [...OBJECTS.keys()].filter((key) => key.startsWith(prefix)).sort();
    const common = delimiter
      ? [...new Set(keys.map((key) => key.slice(0, key.indexOf(delimiter, prefix.length) + 1)))]
      : [];
    const page = delimiter ? [] : keys.slice(start, start + PAGE);
    const truncated = !delimiter && start + PAGE < keys.length;
    const body = `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>trail-logs</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${page.length + common.length}</KeyCount><MaxKeys>${PAGE}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${truncated ? `<NextContinuationToken>${start + PAGE}</NextContinuationToken>` : ''}${page
      .map(
        (key) =>
          `<Contents><Key>${xmlEscape(key)}</Key><LastModified>2023-07-10T12:00:00.000Z</LastModified><ETag>"e"</ETag><Size>${OBJECTS.get(key)?.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
      )
      .join(
        '',
      )}${common.map((value) => `<CommonPrefixes><Prefix>${xmlEscape(value)}</Prefix></CommonPrefixes>`).join('')}</ListBucketResult>`;
    return { status: 200, headers: { 'content-type': 'application/xml' }, body };
  }
  const object = OBJECTS.get(decodeURIComponent(rest.join('/')));
  if (!object) return { status: 404, body: '<Error><Code>NoSuchKey</Code></Error>' };
  return { status: 200, headers: { 'content-type': 'application/json' }, body: object.toString('utf8') };
}

let aws: Loopback;
let client: S3Client;
beforeAll(async () => {
  aws = await startLoopback(s3);
  client = new S3Client({
    region: 'us-east-1',
    endpoint: aws.url,
    forcePathStyle: true,
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'offline' },
  });
});
afterAll(async () => {
  await aws.close();
});

describe('npm run query -- pull against a loopback S3', () => {
  it('copies the days and regions asked, following ListObjectsV2 pages, then skips what is already here', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'account-watch-pull-'));
    const lines: string[] = [];
    const options = { bucket: 'trail-logs', logsPrefix: PREFIX, from: '2023-07-10', to: '2023-07-10', folder };
    const first = await pullLogs(client, { ...options, progress: (line) => lines.push(line) });
    expect(first).toMatchObject({ listed: 5, downloaded: 5, skipped: 0 });
    expect(lines.at(-1)).toMatch(/^files 5\/5 \(0 already here\) · /);
    const again = await pullLogs(client, options);
    expect(again).toMatchObject({ listed: 5, downloaded: 0, skipped: 5 });

    const trail = await openLocalTrail(folder);
    try {
      expect(trail.files).toHaveLength(5);
      expect(trail.skipped).toEqual([]);
      expect(trail.records).toBeGreaterThan(0);
    } finally {
      trail.close();
    }
    expect(readdirSync(join(folder, PREFIX))).toEqual(['eu-west-1', 'us-east-1']);
  });

  it('pulls only the regions named', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'account-watch-pull-'));
    const summary = await pullLogs(client, {
      bucket: 'trail-logs',
      logsPrefix: PREFIX,
      from: '2023-07-09',
      to: '2023-07-12',
      regions: ['eu-west-1'],
      folder,
    });
    expect(summary).toMatchObject({ listed: 1, downloaded: 1 });
  });
});

describe('finding the logs from the deployed stack', () => {
  it('reads the QueryLogsBucket and QueryLogsPrefix outputs', async () => {
    const cloudFormation = await startLoopback(() => ({
      status: 200,
      headers: { 'content-type': 'text/xml' },
      body: '<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult><Stacks><member><StackName>account-watch-prod</StackName><StackId>arn:aws:cloudformation:ap-northeast-1:123456789012:stack/account-watch-prod/1</StackId><CreationTime>2026-11-01T00:00:00Z</CreationTime><StackStatus>UPDATE_COMPLETE</StackStatus><Outputs><member><OutputKey>QueryLogsBucket</OutputKey><OutputValue>account-watch-prod-trailbucket-1a2b3c</OutputValue></member><member><OutputKey>QueryLogsPrefix</OutputKey><OutputValue>AWSLogs/123456789012/CloudTrail/</OutputValue></member></Outputs></member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></DescribeStacksResponse>',
    }));
    try {
      const client = new CloudFormationClient({
        region: 'ap-northeast-1',
        endpoint: cloudFormation.url,
        credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'offline' },
      });
      expect(await stackLogsLocation(client, 'account-watch-prod')).toEqual({
        bucket: 'account-watch-prod-trailbucket-1a2b3c',
        logsPrefix: 'AWSLogs/123456789012/CloudTrail/',
      });
      expect(new URLSearchParams(cloudFormation.requests[0]?.body).get('StackName')).toBe('account-watch-prod');
    } finally {
      await cloudFormation.close();
    }
  });
});
