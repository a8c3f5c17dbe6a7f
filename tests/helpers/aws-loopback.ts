import type { RecordedRequest, ScriptedResponse } from './loopback.js';

/** What a loopback AWS endpoint answers, by service, in the real wire formats. */
export interface FakeAws {
  /** SNS Publish (query protocol): a reply, or undefined for the real success shape. */
  snsPublish?: (request: RecordedRequest) => ScriptedResponse | undefined;
  /** SSM GetParameter (JSON 1.1 protocol): the parameter's value. */
  ssmParameterValue?: string;
  /** Anything else under /services/: the Slack webhook. */
  slack?: (request: RecordedRequest) => ScriptedResponse;
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
    if (request.path.startsWith('/services/')) return fake.slack?.(request) ?? { status: 200, body: 'ok' };
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
