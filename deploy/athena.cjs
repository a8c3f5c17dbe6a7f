'use strict';

/**
 * The CloudTrail query part of the stack, computed from deploy parameters at package time:
 * the trail and its bucket (unless an existing trail's bucket is given), the Glue table with
 * partition projection, the Athena workgroup with its results bucket, one saved query (NamedQuery)
 * per queries/*.sql file, and the securityQueries roles.
 * Used from serverless.yml as ${file(./deploy/athena.cjs):resources} and friends.
 */
const path = require('node:path');
// The saved queries are parsed and rendered by the same TypeScript module the function uses.
const tsx = require('tsx/cjs/api');
const { loadSavedQueries, renderQuery } = tsx.require('../src/lib/queries/catalog.ts', __filename);
const { isRegionName } = tsx.require('../src/lib/aws-names.ts', __filename);
/** Commercial regions enabled by default in every account: the default set the table projects over. */
const DEFAULT_QUERY_REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1',
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2', 'ap-south-1',
];

function fail(parameter, problem) {
  throw new Error(`Invalid deploy parameter ${parameter}: ${problem}`);
}

function list(value) {
  return String(value ?? '').split(',').map((item) => item.trim()).filter(Boolean);
}

async function settings({ resolveVariable }) {
  const param = async (name) => String((await resolveVariable(`param:${name}`)) ?? '').trim();
  const stage = String(await resolveVariable('sls:stage'));
  const region = String(await resolveVariable('self:provider.region'));
  const trailBucket = await param('trailBucket');
  let trailPrefix = await param('trailPrefix');
  const organizationId = await param('organizationId');
  const organizationAccounts = list(await param('organizationAccounts'));
  const queryRegions = list(await param('queryRegions'));
  const allowedRegions = list(await param('allowedRegions'));
  const startDate = await param('queryStartDate');
  const scanLimitMb = Number(await param('queryScanLimitMb'));
  const retentionDays = Number(await param('trailRetentionDays'));

  if (trailBucket && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(trailBucket)) fail('trailBucket', `"${trailBucket}" is not an S3 bucket name`);
  if (trailPrefix && !/^[\w!\-.*'()/]+$/.test(trailPrefix)) fail('trailPrefix', `"${trailPrefix}" is not an S3 key prefix`);
  trailPrefix = trailPrefix.replace(/^\/+|\/+$/g, '');
  if (organizationId && !/^o-[a-z0-9]{10,32}$/.test(organizationId)) fail('organizationId', `"${organizationId}" is not an organization ID such as o-a1b2c3d4e5`);
  if (organizationId && !trailBucket) fail('organizationId', 'an organization trail is read from its existing bucket: set trailBucket too');
  for (const account of organizationAccounts) if (!/^\d{12}$/.test(account)) fail('organizationAccounts', `"${account}" is not a 12-digit account ID`);
  for (const item of [...queryRegions, ...allowedRegions]) if (!isRegionName(item)) fail(queryRegions.includes(item) ? 'queryRegions' : 'allowedRegions', `"${item}" is not a region name`);
  if (!/^\d{4}\/\d{2}\/\d{2}$/.test(startDate)) fail('queryStartDate', `"${startDate}" is not a date such as 2024/01/01`);
  if (!Number.isInteger(scanLimitMb) || scanLimitMb < 10) fail('queryScanLimitMb', `"${scanLimitMb}" is not a whole number of megabytes, at least 10 (Athena's minimum)`);
  if (!Number.isInteger(retentionDays) || retentionDays < 1) fail('trailRetentionDays', `"${retentionDays}" is not a whole number of days`);

  const safeStage = stage.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return {
    stage,
    region,
    trailBucket,
    trailPrefix,
    organizationId,
    organizationAccounts,
    queryRegions: queryRegions.length > 0 ? queryRegions : DEFAULT_QUERY_REGIONS,
    allowedRegions: allowedRegions.length > 0 ? allowedRegions : [...new Set([region, 'us-east-1'])],
    startDate,
    scanLimitBytes: scanLimitMb * 1024 * 1024,
    retentionDays,
    database: `account_watch_${safeStage}`,
    table: 'cloudtrail',
    workGroup: `account-watch-${stage}`,
  };
}

/** Column types of the CloudTrail table, as AWS documents them for Athena. */
const COLUMNS = [
  ['eventversion', 'string'],
  ['useridentity', 'struct<type:string,principalid:string,arn:string,accountid:string,invokedby:string,accesskeyid:string,username:string,onbehalfof:struct<userid:string,identitystorearn:string>,sessioncontext:struct<attributes:struct<mfaauthenticated:string,creationdate:string>,sessionissuer:struct<type:string,principalid:string,arn:string,accountid:string,username:string>,ec2roledelivery:string,webidfederationdata:struct<federatedprovider:string,attributes:map<string,string>>>>'],
  ['eventtime', 'string'],
  ['eventsource', 'string'],
  ['eventname', 'string'],
  ['awsregion', 'string'],
  ['sourceipaddress', 'string'],
  ['useragent', 'string'],
  ['errorcode', 'string'],
  ['errormessage', 'string'],
  ['requestparameters', 'string'],
  ['responseelements', 'string'],
  ['additionaleventdata', 'string'],
  ['requestid', 'string'],
  ['eventid', 'string'],
  ['readonly', 'string'],
  ['resources', 'array<struct<arn:string,accountid:string,type:string>>'],
  ['eventtype', 'string'],
  ['apiversion', 'string'],
  ['recipientaccountid', 'string'],
  ['serviceeventdetails', 'string'],
  ['sharedeventid', 'string'],
  ['vpcendpointid', 'string'],
  ['tlsdetails', 'struct<tlsversion:string,ciphersuite:string,clienthostheader:string>'],
];

const sub = (text, vars) => (vars ? { 'Fn::Sub': [text, vars] } : { 'Fn::Sub': text });

function trailLocation(s) {
  const prefix = s.trailPrefix ? `${s.trailPrefix}/` : '';
  const bucket = s.trailBucket || '${TrailBucket}';
  if (s.organizationId) return `s3://${bucket}/${prefix}AWSLogs/${s.organizationId}/`;
  return `s3://${bucket}/${prefix}AWSLogs/\${AWS::AccountId}/CloudTrail/`;
}

/** An encrypted bucket that can never be public, whose objects expire by the given rule. */
function privateBucket(lifecycleRule) {
  return {
    BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    LifecycleConfiguration: { Rules: [{ Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, ...lifecycleRule }] },
  };
}

function trailResources(s) {
  if (s.trailBucket) return {};
  return {
    TrailBucket: {
      Type: 'AWS::S3::Bucket',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: privateBucket({ Id: 'expire-trail-logs', ExpirationInDays: s.retentionDays }),
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
              Condition: { StringEquals: { 'aws:SourceArn': sub(`arn:\${AWS::Partition}:cloudtrail:\${AWS::Region}:\${AWS::AccountId}:trail/account-watch-${s.stage}`) } },
            },
            {
              Sid: 'CloudTrailWrite',
              Effect: 'Allow',
              Principal: { Service: 'cloudtrail.amazonaws.com' },
              Action: 's3:PutObject',
              Resource: sub('${TrailBucket.Arn}/AWSLogs/${AWS::AccountId}/*'),
              Condition: {
                StringEquals: {
                  's3:x-amz-acl': 'bucket-owner-full-control',
                  'aws:SourceArn': sub(`arn:\${AWS::Partition}:cloudtrail:\${AWS::Region}:\${AWS::AccountId}:trail/account-watch-${s.stage}`),
                },
              },
            },
            {
              Sid: 'DenyInsecureTransport',
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:*',
              Resource: [{ 'Fn::GetAtt': ['TrailBucket', 'Arn'] }, sub('${TrailBucket.Arn}/*')],
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
        },
      },
    },
    Trail: {
      Type: 'AWS::CloudTrail::Trail',
      DependsOn: ['TrailBucketPolicy'],
      Properties: {
        TrailName: `account-watch-${s.stage}`,
        S3BucketName: { Ref: 'TrailBucket' },
        IsLogging: true,
        IsMultiRegionTrail: true,
        IncludeGlobalServiceEvents: true,
        EnableLogFileValidation: true,
      },
    },
  };
}

function tableResource(s) {
  const partitions = s.organizationId ? [['account', 'string'], ['region', 'string'], ['date', 'string']] : [['region', 'string'], ['date', 'string']];
  const location = trailLocation(s);
  const template = s.organizationId ? `${location}\${account}/CloudTrail/\${region}/\${date}` : `${location}\${region}/\${date}`;
  const parameters = {
    classification: 'cloudtrail',
    EXTERNAL: 'TRUE',
    'projection.enabled': 'true',
    'projection.region.type': 'enum',
    'projection.region.values': s.queryRegions.join(','),
    'projection.date.type': 'date',
    'projection.date.format': 'yyyy/MM/dd',
    'projection.date.range': `${s.startDate},NOW`,
    'projection.date.interval': '1',
    'projection.date.interval.unit': 'DAYS',
    'storage.location.template': template,
  };
  if (s.organizationId) {
    parameters['projection.account.type'] = 'enum';
    parameters['projection.account.values'] = s.organizationAccounts.length > 0 ? s.organizationAccounts.join(',') : '${AWS::AccountId}';
  }
  // Fn::Sub fills ${AWS::AccountId} and ${TrailBucket}; the projection's own ${region} and ${date} are escaped as ${!…}.
  const escapeProjection = (text) => text.replace(/\$\{(region|date|account)\}/g, '${!$1}');
  const subbed = (text) => sub(escapeProjection(text));
  return {
    CloudTrailTable: {
      Type: 'AWS::Glue::Table',
      Properties: {
        CatalogId: { Ref: 'AWS::AccountId' },
        DatabaseName: { Ref: 'QueryDatabase' },
        TableInput: {
          Name: s.table,
          Description: 'CloudTrail logs, partitions projected (no crawler, no partition jobs)',
          TableType: 'EXTERNAL_TABLE',
          Parameters: Object.fromEntries(Object.entries(parameters).map(([key, value]) => [key, value.includes('${') ? subbed(value) : value])),
          PartitionKeys: partitions.map(([Name, Type]) => ({ Name, Type })),
          StorageDescriptor: {
            Location: subbed(location),
            InputFormat: 'com.amazon.emr.cloudtrail.CloudTrailInputFormat',
            OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
            SerdeInfo: { SerializationLibrary: 'org.apache.hive.hcatalog.data.JsonSerDe' },
            Columns: COLUMNS.map(([Name, Type]) => ({ Name, Type })),
          },
        },
      },
    },
  };
}

function queryResources(s) {
  const queries = loadSavedQueries(path.join(__dirname, '..', 'queries'));
  const named = {};
  for (const query of queries) {
    const id = `SavedQuery${query.name.replace(/(^|-)([a-z0-9])/g, (_, __, c) => c.toUpperCase())}`;
    named[id] = {
      Type: 'AWS::Athena::NamedQuery',
      Properties: {
        Name: query.title,
        Description: query.finds.slice(0, 1024),
        Database: { Ref: 'QueryDatabase' },
        WorkGroup: { Ref: 'QueryWorkGroup' },
        QueryString: renderQuery(query, { table: `"${s.database}"."${s.table}"`, window: 'lastDay', allowedRegions: s.allowedRegions }),
      },
    };
  }
  return {
    QueryResultsBucket: {
      Type: 'AWS::S3::Bucket',
      Properties: privateBucket({ Id: 'expire-query-results', ExpirationInDays: 7 }),
    },
    QueryDatabase: {
      Type: 'AWS::Glue::Database',
      Properties: {
        CatalogId: { Ref: 'AWS::AccountId' },
        DatabaseInput: { Name: s.database, Description: 'AWS account watch: CloudTrail logs for Athena' },
      },
    },
    ...tableResource(s),
    QueryWorkGroup: {
      Type: 'AWS::Athena::WorkGroup',
      Properties: {
        Name: s.workGroup,
        Description: 'AWS account watch saved CloudTrail queries; scan limit per query enforced',
        RecursiveDeleteOption: true,
        State: 'ENABLED',
        WorkGroupConfiguration: {
          EnforceWorkGroupConfiguration: true,
          PublishCloudWatchMetricsEnabled: true,
          BytesScannedCutoffPerQuery: s.scanLimitBytes,
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

function securityQueriesPolicy(s) {
  const trailBucketArn = s.trailBucket ? sub(`arn:\${AWS::Partition}:s3:::${s.trailBucket}`) : { 'Fn::GetAtt': ['TrailBucket', 'Arn'] };
  const prefix = s.trailPrefix ? `${s.trailPrefix}/` : '';
  const logsKey = s.organizationId ? `${prefix}AWSLogs/${s.organizationId}/*` : `${prefix}AWSLogs/\${AWS::AccountId}/*`;
  const trailObjects = s.trailBucket
    ? sub(`arn:\${AWS::Partition}:s3:::${s.trailBucket}/${logsKey}`)
    : sub(`\${TrailBucket.Arn}/${logsKey}`);
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
      Resource: sub(`arn:\${AWS::Partition}:athena:\${AWS::Region}:\${AWS::AccountId}:workgroup/${s.workGroup}`),
    },
    {
      Sid: 'ReadOwnTable',
      Effect: 'Allow',
      Action: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartitions'],
      Resource: [
        sub('arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:catalog'),
        sub(`arn:\${AWS::Partition}:glue:\${AWS::Region}:\${AWS::AccountId}:database/${s.database}`),
        sub(`arn:\${AWS::Partition}:glue:\${AWS::Region}:\${AWS::AccountId}:table/${s.database}/${s.table}`),
      ],
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

async function roleResources(s, { resolveVariable }) {
  const service = String(await resolveVariable('self:service'));
  const slackParameter = String((await resolveVariable('param:slackWebhookParameter')) ?? '').trim();
  const functionName = `${service}-${s.stage}-securityQueries`;
  return {
    SecurityQueriesRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        Description: 'securityQueries may run queries in its workgroup, read its table and the trail logs, write query results, publish, and dead-letter a failed run',
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        },
        Policies: [
          {
            PolicyName: 'security-queries',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Sid: 'WriteOwnLogs',
                  Effect: 'Allow',
                  Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
                  Resource: sub(`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${functionName}:*`),
                },
                ...securityQueriesPolicy(s),
                { Sid: 'PublishNotifications', Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: 'NotificationTopic' } },
                { Sid: 'DeadLetterFailedRuns', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } },
                ...(slackParameter
                  ? [
                      {
                        Sid: 'ReadSlackWebhookParameter',
                        Effect: 'Allow',
                        Action: 'ssm:GetParameter',
                        Resource: sub(`arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter${slackParameter}`),
                      },
                    ]
                  : []),
              ],
            },
          },
        ],
      },
    },
    SecurityQueriesSchedulerRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        Description: 'Lets EventBridge Scheduler start the daily security digest, and nothing else',
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'scheduler.amazonaws.com' },
              Action: 'sts:AssumeRole',
              Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
            },
          ],
        },
        Policies: [
          {
            PolicyName: 'invoke-security-queries',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: 'lambda:InvokeFunction',
                  Resource: [{ 'Fn::GetAtt': ['SecurityQueriesLambdaFunction', 'Arn'] }, sub('${SecurityQueriesLambdaFunction.Arn}:*')],
                },
              ],
            },
          },
        ],
      },
    },
  };
}

module.exports.resources = async (context) => {
  const s = await settings(context);
  return {
    Resources: { ...trailResources(s), ...queryResources(s), ...(await roleResources(s, context)) },
    Outputs: {
      QueryWorkGroup: { Value: s.workGroup },
      QueryTable: { Value: `${s.database}.${s.table}` },
      ...(s.trailBucket ? {} : { TrailBucketName: { Value: { Ref: 'TrailBucket' } } }),
    },
  };
};
module.exports.workGroup = async (context) => (await settings(context)).workGroup;
module.exports.database = async (context) => (await settings(context)).database;
module.exports.table = async (context) => (await settings(context)).table;
module.exports.allowedRegions = async (context) => (await settings(context)).allowedRegions.join(',');
