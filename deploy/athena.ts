import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadSavedQueries, renderQuery } from '../src/lib/security-digest/catalog.js';
import {
  athenaType,
  CLOUDTRAIL_COLUMNS,
  columnName,
  type PartitionColumn,
} from '../src/lib/security-digest/cloudtrail-schema.js';
import type { SettingValues } from '../src/lib/settings.js';
import { type CfnValue, type Resource, sub } from './cfn.js';
import type { PolicyStatement } from './roles.js';

/**
 * The CloudTrail query part of the stack: the trail and its bucket (unless an existing trail's
 * bucket is given), the Glue table with partition projection (columns from the one CloudTrail
 * schema), the Athena workgroup with its results bucket, one saved query (NamedQuery) per
 * queries/*.sql file, and what the securityDigest role may do with them.
 */

type TrailSettings = Pick<
  SettingValues,
  | 'trailBucket'
  | 'trailPrefix'
  | 'organizationId'
  | 'organizationAccounts'
  | 'queryRegions'
  | 'allowedRegions'
  | 'queryStartDate'
  | 'queryScanLimitMb'
  | 'trailRetentionDays'
>;

/** The names the stack gives the query resources; the securityDigest function receives them. */
export interface QueryNames {
  database: string;
  table: string;
  workGroup: string;
  trailName: string;
}

export function queryNames(stage: string): QueryNames {
  return {
    database: `account_watch_${stage.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`,
    table: 'cloudtrail',
    workGroup: `account-watch-${stage}`,
    trailName: `account-watch-${stage}`,
  };
}

function trailLocation(s: TrailSettings): string {
  const prefix = s.trailPrefix ? `${s.trailPrefix}/` : '';
  const bucket = s.trailBucket || '${TrailBucket}';
  if (s.organizationId) return `s3://${bucket}/${prefix}AWSLogs/${s.organizationId}/`;
  return `s3://${bucket}/${prefix}AWSLogs/\${AWS::AccountId}/CloudTrail/`;
}

/** The statement that refuses any request to a bucket not made over TLS. */
function denyInsecureTransport(bucketId: string): Record<string, CfnValue> {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, sub(`\${${bucketId}.Arn}/*`)],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/** An encrypted bucket that can never be public, whose objects expire by the given rule. */
function privateBucket(lifecycleRule: Record<string, CfnValue>): Record<string, CfnValue> {
  return {
    BucketEncryption: {
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    },
    PublicAccessBlockConfiguration: {
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    },
    OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    LifecycleConfiguration: {
      Rules: [{ Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, ...lifecycleRule }],
    },
  };
}

function trailResources(s: TrailSettings, names: QueryNames): Record<string, Resource> {
  if (s.trailBucket) return {};
  const trailArn = sub(`arn:\${AWS::Partition}:cloudtrail:\${AWS::Region}:\${AWS::AccountId}:trail/${names.trailName}`);
  return {
    TrailBucket: {
      Type: 'AWS::S3::Bucket',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: privateBucket({ Id: 'expire-trail-logs', ExpirationInDays: s.trailRetentionDays }),
    },
    TrailBucketPolicy: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: { Ref: 'TrailBucket' },
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'CloudTrailAclCheck',
              Effect: 'Allow',
              Principal: { Service: 'cloudtrail.amazonaws.com' },
              Action: 's3:GetBucketAcl',
              Resource: { 'Fn::GetAtt': ['TrailBucket', 'Arn'] },
              Condition: { StringEquals: { 'aws:SourceArn': trailArn } },
            },
            {
              Sid: 'CloudTrailWrite',
              Effect: 'Allow',
              Principal: { Service: 'cloudtrail.amazonaws.com' },
              Action: 's3:PutObject',
              Resource: sub('${TrailBucket.Arn}/AWSLogs/${AWS::AccountId}/*'),
              Condition: {
                StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn },
              },
            },
            denyInsecureTransport('TrailBucket'),
          ],
        },
      },
    },
    Trail: {
      Type: 'AWS::CloudTrail::Trail',
      DependsOn: ['TrailBucketPolicy'],
      Properties: {
        TrailName: names.trailName,
        S3BucketName: { Ref: 'TrailBucket' },
        IsLogging: true,
        IsMultiRegionTrail: true,
        IncludeGlobalServiceEvents: true,
        EnableLogFileValidation: true,
      },
    },
  };
}

function tableResource(s: TrailSettings, names: QueryNames): Record<string, Resource> {
  const partitions: PartitionColumn[] = s.organizationId ? ['account', 'region', 'date'] : ['region', 'date'];
  const location = trailLocation(s);
  const template = s.organizationId
    ? `${location}\${account}/CloudTrail/\${region}/\${date}`
    : `${location}\${region}/\${date}`;
  const parameters: Record<string, string> = {
    classification: 'cloudtrail',
    EXTERNAL: 'TRUE',
    'projection.enabled': 'true',
    'projection.region.type': 'enum',
    'projection.region.values': s.queryRegions.join(','),
    'projection.date.type': 'date',
    'projection.date.format': 'yyyy/MM/dd',
    'projection.date.range': `${s.queryStartDate},NOW`,
    'projection.date.interval': '1',
    'projection.date.interval.unit': 'DAYS',
    'storage.location.template': template,
  };
  if (s.organizationId) {
    parameters['projection.account.type'] = 'enum';
    parameters['projection.account.values'] =
      s.organizationAccounts.length > 0 ? s.organizationAccounts.join(',') : '${AWS::AccountId}';
  }
  // Fn::Sub fills ${AWS::AccountId} and ${TrailBucket}; the projection's own ${region} and ${date} are escaped as ${!…}.
  const subbed = (text: string) => sub(text.replace(/\$\{(region|date|account)\}/g, '$${!$1}'));
  return {
    CloudTrailTable: {
      Type: 'AWS::Glue::Table',
      Properties: {
        CatalogId: { Ref: 'AWS::AccountId' },
        DatabaseName: { Ref: 'QueryDatabase' },
        TableInput: {
          Name: names.table,
          Description: 'CloudTrail logs, partitions projected (no crawler, no partition jobs)',
          TableType: 'EXTERNAL_TABLE',
          Parameters: Object.fromEntries(
            Object.entries(parameters).map(([key, value]) => [key, value.includes('${') ? subbed(value) : value]),
          ),
          PartitionKeys: partitions.map((name) => ({ Name: name, Type: 'string' })),
          StorageDescriptor: {
            Location: subbed(location),
            InputFormat: 'com.amazon.emr.cloudtrail.CloudTrailInputFormat',
            OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
            SerdeInfo: { SerializationLibrary: 'org.apache.hive.hcatalog.data.JsonSerDe' },
            Columns: CLOUDTRAIL_COLUMNS.map((column) => ({
              Name: columnName(column.field),
              Type: athenaType(column.type),
            })),
          },
        },
      },
    },
  };
}

/** The saved query's logical ID: root-activity → SavedQueryRootActivity. */
function savedQueryId(name: string): string {
  return `SavedQuery${name.replace(/(^|-)([a-z0-9])/g, (_, __, letter: string) => letter.toUpperCase())}`;
}

function queryResources(s: TrailSettings, names: QueryNames, queriesFolder: string): Record<string, Resource> {
  const named: Record<string, Resource> = {};
  // queries/cost/ holds the cost digest's own (who started what moved the bill): saved too, for the console.
  const costFolder = join(queriesFolder, 'cost');
  const all = [...loadSavedQueries(queriesFolder), ...(existsSync(costFolder) ? loadSavedQueries(costFolder) : [])];
  for (const query of all) {
    named[savedQueryId(query.name)] = {
      Type: 'AWS::Athena::NamedQuery',
      Properties: {
        Name: query.title,
        Description: query.finds.slice(0, 1024),
        Database: { Ref: 'QueryDatabase' },
        WorkGroup: { Ref: 'QueryWorkGroup' },
        QueryString: renderQuery(query, {
          table: `"${names.database}"."${names.table}"`,
          window: 'lastDay',
          allowedRegions: s.allowedRegions,
        }),
      },
    };
  }
  return {
    // Kept when the stack is removed, like the trail bucket: CloudFormation cannot delete a bucket that still
    // holds objects, and results stay up to 7 days. Its name is a stack output; docs/deploy.md says how to delete it.
    QueryResultsBucket: {
      Type: 'AWS::S3::Bucket',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: privateBucket({ Id: 'expire-query-results', ExpirationInDays: 7 }),
    },
    QueryResultsBucketPolicy: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: { Ref: 'QueryResultsBucket' },
        PolicyDocument: { Version: '2012-10-17', Statement: [denyInsecureTransport('QueryResultsBucket')] },
      },
    },
    QueryDatabase: {
      Type: 'AWS::Glue::Database',
      Properties: {
        CatalogId: { Ref: 'AWS::AccountId' },
        DatabaseInput: { Name: names.database, Description: 'AWS account watch: CloudTrail logs for Athena' },
      },
    },
    ...tableResource(s, names),
    QueryWorkGroup: {
      Type: 'AWS::Athena::WorkGroup',
      Properties: {
        Name: names.workGroup,
        Description: 'AWS account watch saved CloudTrail queries; scan limit per query enforced',
        RecursiveDeleteOption: true,
        State: 'ENABLED',
        WorkGroupConfiguration: {
          EnforceWorkGroupConfiguration: true,
          PublishCloudWatchMetricsEnabled: true,
          BytesScannedCutoffPerQuery: s.queryScanLimitMb * 1024 * 1024,
          EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
          ResultConfiguration: {
            OutputLocation: sub('s3://${QueryResultsBucket}/results/'),
            EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
          },
        },
      },
    },
    ...named,
  };
}

/** What the securityDigest function may do with the query resources: its workgroup, its table, the trail's logs, its results. */
export function securityDigestStatements(s: TrailSettings, names: QueryNames): PolicyStatement[] {
  const trailBucketArn = s.trailBucket
    ? sub(`arn:\${AWS::Partition}:s3:::${s.trailBucket}`)
    : { 'Fn::GetAtt': ['TrailBucket', 'Arn'] };
  const prefix = s.trailPrefix ? `${s.trailPrefix}/` : '';
  const logsKey = s.organizationId ? `${prefix}AWSLogs/${s.organizationId}/*` : `${prefix}AWSLogs/\${AWS::AccountId}/*`;
  const trailObjects = s.trailBucket
    ? sub(`arn:\${AWS::Partition}:s3:::${s.trailBucket}/${logsKey}`)
    : sub(`\${TrailBucket.Arn}/${logsKey}`);
  const glue = (resource: string) => sub(`arn:\${AWS::Partition}:glue:\${AWS::Region}:\${AWS::AccountId}:${resource}`);
  return [
    {
      Sid: 'RunQueriesInOwnWorkGroup',
      Effect: 'Allow',
      Action: [
        'athena:StartQueryExecution',
        'athena:GetQueryExecution',
        'athena:GetQueryResults',
        'athena:StopQueryExecution',
        'athena:GetWorkGroup',
      ],
      Resource: sub(`arn:\${AWS::Partition}:athena:\${AWS::Region}:\${AWS::AccountId}:workgroup/${names.workGroup}`),
    },
    {
      Sid: 'ReadOwnTable',
      Effect: 'Allow',
      Action: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartitions'],
      Resource: [glue('catalog'), glue(`database/${names.database}`), glue(`table/${names.database}/${names.table}`)],
    },
    {
      Sid: 'ListTrailPrefix',
      Effect: 'Allow',
      Action: ['s3:ListBucket', 's3:GetBucketLocation'],
      Resource: trailBucketArn,
    },
    { Sid: 'ReadTrailLogs', Effect: 'Allow', Action: 's3:GetObject', Resource: trailObjects },
    {
      Sid: 'WriteQueryResults',
      Effect: 'Allow',
      Action: ['s3:ListBucket', 's3:GetBucketLocation'],
      Resource: { 'Fn::GetAtt': ['QueryResultsBucket', 'Arn'] },
    },
    {
      Sid: 'WriteQueryResultObjects',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      Resource: sub('${QueryResultsBucket.Arn}/results/*'),
    },
  ];
}

/** The trail (unless one is given), the table, the workgroup and the saved queries, with their outputs. */
export function queryStack(
  s: TrailSettings,
  names: QueryNames,
  queriesFolder: string,
): { resources: Record<string, Resource>; outputs: Record<string, { Value: CfnValue; Description?: string }> } {
  return {
    resources: { ...trailResources(s, names), ...queryResources(s, names, queriesFolder) },
    outputs: {
      QueryWorkGroup: { Value: names.workGroup },
      QueryTable: { Value: `${names.database}.${names.table}` },
      // Where the table reads the logs: `npm run query -- pull` finds the files here without being told.
      QueryLogsBucket: {
        Value: s.trailBucket ? s.trailBucket : { Ref: 'TrailBucket' },
        Description: 'The bucket the CloudTrail table reads',
      },
      QueryLogsPrefix: {
        Value: sub(
          `${s.trailPrefix ? `${s.trailPrefix}/` : ''}AWSLogs/${s.organizationId ? `${s.organizationId}/` : ''}\${AWS::AccountId}/CloudTrail/`,
        ),
        Description: 'The key prefix of this account\u2019s CloudTrail logs in that bucket, up to the regions',
      },
      QueryResultsBucketName: {
        Value: { Ref: 'QueryResultsBucket' },
        Description: 'Athena query results (kept 7 days); kept when the stack is removed',
      },
      ...(s.trailBucket
        ? {}
        : {
            TrailBucketName: {
              Value: { Ref: 'TrailBucket' },
              Description: 'The CloudTrail logs; kept when the stack is removed, as audit logs should be',
            },
          }),
    },
  };
}
