import { HISTORY_KEY } from '../src/lib/history/table.js';
import type { Resource } from './cfn.js';
import type { PolicyStatement } from './roles.js';

/** The logical ID of the sign-in history table (src/lib/history/table.ts documents its keys). */
export const HISTORY_TABLE_ID = 'SigninHistoryTable';

/**
 * The sign-in history table: on demand (no capacity to pay for while idle), every item expiring by TTL,
 * encrypted at rest with DynamoDB's default AWS owned key (no KMS charges). The tests create their
 * DynamoDB table from this same definition.
 */
export function historyTable(service: string, stage: string): Record<string, Resource> {
  return {
    [HISTORY_TABLE_ID]: {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        TableName: `${service}-${stage}-signin-history`,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: HISTORY_KEY.partition, AttributeType: 'S' },
          { AttributeName: HISTORY_KEY.sort, AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: HISTORY_KEY.partition, KeyType: 'HASH' },
          { AttributeName: HISTORY_KEY.sort, KeyType: 'RANGE' },
        ],
        TimeToLiveSpecification: { AttributeName: HISTORY_KEY.ttl, Enabled: true },
        SSESpecification: { SSEEnabled: false },
      },
    },
    // Counts the sign-ins judged without the history (the function logs historyUnavailable: true).
    SigninHistoryUnavailableMetricFilter: {
      Type: 'AWS::Logs::MetricFilter',
      Properties: {
        LogGroupName: { Ref: 'SigninAlertLogGroup' },
        FilterPattern: '{ $.historyUnavailable IS TRUE }',
        MetricTransformations: [
          {
            MetricNamespace: `${service}-${stage}`,
            MetricName: 'SigninHistoryUnavailable',
            MetricValue: '1',
            Unit: 'Count',
          },
        ],
      },
    },
  };
}

/** What signinAlert may do with the table: the three calls it makes, on this table only. No scan, no delete. */
export const historyStatements: PolicyStatement[] = [
  {
    Sid: 'UseSigninHistoryTable',
    Effect: 'Allow',
    Action: ['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    Resource: { 'Fn::GetAtt': [HISTORY_TABLE_ID, 'Arn'] },
  },
];
