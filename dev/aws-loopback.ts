import { createHash } from 'node:crypto';
import type { RecordedRequest, ScriptedResponse } from './loopback.js';

/** What a loopback AWS endpoint answers, by service, in the real wire formats. */
export interface FakeAws {
  /** SNS Publish (query protocol): a reply, or undefined for the real success shape. */
  snsPublish?: (request: RecordedRequest) => ScriptedResponse | undefined;
  /** SSM GetParameter (JSON 1.1 protocol): the parameter's value. */
  ssmParameterValue?: string;
  /** Secrets Manager GetSecretValue (JSON 1.1): the secret's string (the actions' signing key). */
  secretValue?: string;
  /** SQS SendMessage (JSON 1.0): a reply, or undefined for the real success shape with the body's MD5. */
  sqsSendMessage?: (request: RecordedRequest) => ScriptedResponse | undefined;
  /** Cost Explorer GetCostAndUsage pages (JSON 1.1), answered in order through NextPageToken "page-N". */
  costAndUsagePages?: Record<string, unknown>[];
  /** The breakdown request of a day the bill moved (GroupBy USAGE_TYPE and REGION): its one page. */
  breakdown?: Record<string, unknown>;
  /** Cost Explorer GetCostForecast: the answer body, or an error reply. */
  costForecast?: Record<string, unknown> | ScriptedResponse;
  /** Athena: every query succeeds at once and returns these values in one column, principal. */
  athenaRows?: string[];
  /** Anything else under /services/: the Slack webhook. */
  slack?: (request: RecordedRequest) => ScriptedResponse;
  /**
   * The other chats, with their real success shapes unless given: a Teams Workflows webhook (`/workflows/…`,
   * 202 Accepted), a Discord webhook (`/api/webhooks/…`, 204 No Content), LINE's push (`/v2/bot/message/push`,
   * 200 with an empty object), and SESv2 SendEmail (`/v2/email/outbound-emails`, 200 with a MessageId).
   */
  chat?: (request: RecordedRequest) => ScriptedResponse | undefined;
  /**
   * The Free Tier API (JSON 1.0, AWSFreeTierService.*): the plan, the offers' use and the activities, as the
   * API reference shapes them (tests/fixtures/free-tier/). Without it, an account opened before the plans:
   * GetAccountPlanState answers ResourceNotFoundException, the others nothing.
   */
  freeTier?: { plan?: unknown; usage?: unknown; activities?: unknown };
  /** Cost Explorer GetAnomalies: the answer body (default: no anomalies). */
  anomalies?: Record<string, unknown>;
  /**
   * Cost Explorer's month comparison: GetCostAndUsageComparisons and GetCostComparisonDrivers answers (default:
   * nothing compared, as for an account with one month of data).
   */
  monthComparison?: { comparisons?: unknown; drivers?: unknown };
  /**
   * The Price List's GetProducts (JSON 1.1, AWSPriceListService.GetProducts): the answer body for a query (its
   * service code and TERM_MATCH filters by field), or a scripted reply; default: an empty PriceList.
   */
  prices?: (query: { serviceCode: string; filters: Record<string, string> }) => unknown;
}

/** The form fields of an SNS query-protocol request. */
export function queryParams(request: RecordedRequest): URLSearchParams {
  return new URLSearchParams(request.body);
}

export function fakeAwsResponder(fake: FakeAws): (request: RecordedRequest) => ScriptedResponse {
  let messageNumber = 0;
  return (request) => {
    const target = request.headers['x-amz-target'];
    if (target === 'AmazonSSM.GetParameter') {
      const { Name } = JSON.parse(request.body) as { Name: string };
      if (fake.ssmParameterValue === undefined) {
        return {
          status: 400,
          headers: { 'content-type': 'application/x-amz-json-1.1' },
          body: JSON.stringify({ __type: 'ParameterNotFound', message: '' }),
        };
      }
      return {
        status: 200,
        headers: { 'content-type': 'application/x-amz-json-1.1' },
        body: JSON.stringify({
          Parameter: {
            ARN: `arn:aws:ssm:us-east-1:123456789012:parameter${Name}`,
            DataType: 'text',
            LastModifiedDate: 1.7e9,
            Name,
            Type: 'SecureString',
            Value: fake.ssmParameterValue,
            Version: 1,
          },
        }),
      };
    }
    if (target === 'secretsmanager.GetSecretValue') {
      const { SecretId } = JSON.parse(request.body) as { SecretId: string };
      const json = { 'content-type': 'application/x-amz-json-1.1' };
      return fake.secretValue === undefined
        ? { status: 400, headers: json, body: JSON.stringify({ __type: 'ResourceNotFoundException', Message: '' }) }
        : {
            status: 200,
            headers: json,
            body: JSON.stringify({
              ARN: SecretId,
              Name: 'AlertActionsSecret',
              SecretString: fake.secretValue,
              VersionId: 'v1',
            }),
          };
    }
    if (typeof target === 'string' && target.startsWith('AWSFreeTierService.')) {
      const json = (status: number, body: unknown) => ({
        status,
        headers: { 'content-type': 'application/x-amz-json-1.0' },
        body: JSON.stringify(body),
      });
      const operation = target.split('.')[1];
      if (operation === 'GetAccountPlanState') {
        return fake.freeTier?.plan
          ? json(200, fake.freeTier.plan)
          : json(400, {
              __type: 'com.amazonaws.freetier#ResourceNotFoundException',
              message: 'The account plan was not found.',
            });
      }
      if (operation === 'GetFreeTierUsage') return json(200, fake.freeTier?.usage ?? { freeTierUsages: [] });
      if (operation === 'ListAccountActivities') return json(200, fake.freeTier?.activities ?? { activities: [] });
    }
    if (target === 'AWSPriceListService.GetProducts') {
      const { ServiceCode, Filters = [] } = JSON.parse(request.body) as {
        ServiceCode: string;
        Filters?: Array<{ Field: string; Value: string }>;
      };
      const filters = Object.fromEntries(Filters.map((filter) => [filter.Field, filter.Value]));
      const answer = fake.prices?.({ serviceCode: ServiceCode, filters }) ?? { FormatVersion: 'aws_v1', PriceList: [] };
      if (typeof answer === 'object' && answer !== null && 'status' in answer) return answer as ScriptedResponse;
      return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify(answer) };
    }
    if (target === 'AmazonSQS.SendMessage') {
      const custom = fake.sqsSendMessage?.(request);
      if (custom) return custom;
      const { MessageBody } = JSON.parse(request.body) as { MessageBody: string };
      // The SDK checks the MD5 of the body it sent against the one SQS answers with.
      return {
        status: 200,
        headers: { 'content-type': 'application/x-amz-json-1.0' },
        body: JSON.stringify({
          MessageId: `5fea7756-0ea4-451a-a703-a558b933e27${++messageNumber % 10}`,
          MD5OfMessageBody: createHash('md5').update(MessageBody).digest('hex'),
        }),
      };
    }
    if (typeof target === 'string' && target.startsWith('AmazonAthena.')) {
      const json = (body: unknown) => ({
        status: 200,
        headers: { 'content-type': 'application/x-amz-json-1.1' },
        body: JSON.stringify(body),
      });
      const { QueryExecutionId } = JSON.parse(request.body) as { QueryExecutionId?: string };
      if (target === 'AmazonAthena.StartQueryExecution') return json({ QueryExecutionId: `q-${++messageNumber}` });
      if (target === 'AmazonAthena.GetQueryExecution') {
        return json({
          QueryExecution: {
            QueryExecutionId,
            Status: { State: 'SUCCEEDED' },
            Statistics: { DataScannedInBytes: 1048576 },
          },
        });
      }
      if (target === 'AmazonAthena.GetQueryResults') {
        return json({
          ResultSet: {
            ResultSetMetadata: { ColumnInfo: [{ Name: 'principal', Type: 'varchar' }] },
            Rows: [
              { Data: [{ VarCharValue: 'principal' }] },
              ...(fake.athenaRows ?? []).map((value) => ({ Data: [{ VarCharValue: value }] })),
            ],
          },
        });
      }
      if (target === 'AmazonAthena.StopQueryExecution') return json({});
    }
    if (target === 'AWSInsightsIndexService.GetCostAndUsage') {
      const { NextPageToken, GroupBy = [] } = JSON.parse(request.body) as {
        NextPageToken?: string;
        GroupBy?: Array<{ Key: string }>;
      };
      if (GroupBy.some((group) => group.Key === 'USAGE_TYPE')) {
        const page = fake.breakdown ?? { ResultsByTime: [] };
        return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify(page) };
      }
      const pages = fake.costAndUsagePages ?? [{ ResultsByTime: [] }];
      const index = NextPageToken ? Number(NextPageToken.replace('page-', '')) : 0;
      const page = { ...pages[index], ...(index + 1 < pages.length ? { NextPageToken: `page-${index + 1}` } : {}) };
      return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify(page) };
    }
    if (target === 'AWSInsightsIndexService.GetAnomalies') {
      return {
        status: 200,
        headers: { 'content-type': 'application/x-amz-json-1.1' },
        body: JSON.stringify(fake.anomalies ?? { Anomalies: [] }),
      };
    }
    if (target === 'AWSInsightsIndexService.GetCostAndUsageComparisons') {
      const answer = fake.monthComparison?.comparisons ?? { CostAndUsageComparisons: [], TotalCostAndUsage: {} };
      return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify(answer) };
    }
    if (target === 'AWSInsightsIndexService.GetCostComparisonDrivers') {
      const answer = fake.monthComparison?.drivers ?? { CostComparisonDrivers: [] };
      return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify(answer) };
    }
    if (target === 'AWSInsightsIndexService.GetCostForecast') {
      const answer = fake.costForecast ?? { Total: { Amount: '0', Unit: 'USD' }, ForecastResultsByTime: [] };
      if ('status' in answer && typeof answer.status === 'number') return answer as ScriptedResponse;
      return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify(answer) };
    }
    if (request.path.startsWith('/services/')) return fake.slack?.(request) ?? { status: 200, body: 'ok' };
    const chat = /\/workflows\/|\/api\/webhooks\/|\/v2\/bot\/message\/push|\/v2\/email\/outbound-emails/.test(
      request.path,
    );
    if (chat) {
      const custom = fake.chat?.(request);
      if (custom) return custom;
      if (request.path.includes('/workflows/')) return { status: 202, body: '' };
      if (request.path.includes('/api/webhooks/')) return { status: 204, body: '' };
      const json = { 'content-type': 'application/json' };
      if (request.path.includes('/v2/bot/message/push'))
        return { status: 200, headers: json, body: '{"sentMessages":[]}' };
      return { status: 200, headers: json, body: JSON.stringify({ MessageId: `ses-${++messageNumber}` }) };
    }
    if (queryParams(request).get('Action') === 'Publish') {
      const custom = fake.snsPublish?.(request);
      if (custom) return custom;
      messageNumber++;
      return {
        status: 200,
        headers: { 'content-type': 'text/xml' },
        body: `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>00000000-0000-0000-0000-00000000000${messageNumber}</MessageId></PublishResult><ResponseMetadata><RequestId>f187a3c1-376f-11df-8963-01868b7c937a</RequestId></ResponseMetadata></PublishResponse>`,
      };
    }
    return { status: 400, body: `unexpected request ${request.method} ${request.path}` };
  };
}

/** The SNS error reply for an internal failure, as the query protocol sends it. */
export const SNS_INTERNAL_ERROR: ScriptedResponse = {
  status: 500,
  headers: { 'content-type': 'text/xml' },
  body: '<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Receiver</Type><Code>InternalError</Code><Message>Internal Error</Message></Error><RequestId>1</RequestId></ErrorResponse>',
};

/** Cost Explorer's reply to a forecast on an account with too little history (JSON 1.1 error shape). */
export const CE_INSUFFICIENT_HISTORY: ScriptedResponse = {
  status: 400,
  headers: { 'content-type': 'application/x-amz-json-1.1' },
  body: JSON.stringify({ __type: 'DataUnavailableException', Message: 'Insufficient amount of historical data' }),
};

/** Environment that points the AWS SDK at a loopback endpoint with throwaway credentials. */
export function loopbackAwsEnv(url: string, region: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: url,
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  };
}

/** The emails a loopback SNS endpoint was asked to publish: each Publish request's subject and email body. */
export function publishedEmails(requests: readonly RecordedRequest[]): Array<{ subject: string; body: string }> {
  return requests
    .filter((request) => queryParams(request).get('Action') === 'Publish')
    .map((request) => {
      const params = queryParams(request);
      return {
        subject: params.get('Subject') ?? '',
        body: (JSON.parse(params.get('Message') ?? '{}') as { email?: string }).email ?? '',
      };
    });
}
