import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeAwsResponder, loopbackAwsEnv, publishedEmails } from '../../dev/aws-loopback.js';
import { type LocalHistoryTable, startHistoryTable } from '../../dev/history-table.js';
import { type Loopback, startLoopback } from '../../dev/loopback.js';
import {
  type CloudTrailRecord,
  derivedCall,
  eventOf,
  realAccountRecord,
  stratusRecord,
} from '../helpers/attack-cases.js';

/**
 * A price on every costly alert: the apiCallAlert handler with the Price List's GetProducts on a loopback endpoint
 * answering in the API's shape (tests/fixtures/pricing/), the history table (the price cache) on dynalite.
 */

const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:account-watch-prod-notifications';
const PRICING = join(import.meta.dirname, '..', 'fixtures', 'pricing');
const fixture = (name: string) => JSON.parse(readFileSync(join(PRICING, name), 'utf8')) as { PriceList: string[] };
const context = { getRemainingTimeInMillis: () => 60_000 } as unknown as Context;
const savedEnv = { ...process.env };
let aws: Loopback;
let table: LocalHistoryTable;
let silent: Server;
const sockets: Socket[] = [];

/** The Price List's answer for a query: the recorded shapes, with the m5 family's Tokyo prices in the same shape. */
function priceList(query: { serviceCode: string; filters: Record<string, string> }): unknown {
  const { serviceCode, filters } = query;
  if (serviceCode === 'AmazonEC2' && filters.productFamily === 'NAT Gateway') {
    return fixture('getProducts_nat-gateway_us-east-1.json');
  }
  if (serviceCode === 'AmazonEC2' && filters.instanceType === 'g5.12xlarge') {
    return fixture('getProducts_ec2_g5.12xlarge_eu-west-1.json');
  }
  const m5 = { 'm5.4xlarge': '0.9920000000', 'm5.xlarge': '0.2480000000' }[filters.instanceType ?? ''];
  if (serviceCode === 'AmazonEC2' && m5) {
    const { PriceList } = fixture('getProducts_ec2_g5.12xlarge_eu-west-1.json');
    const entry = (PriceList[0] as string)
      .replaceAll('g5.12xlarge', filters.instanceType as string)
      .replaceAll('eu-west-1', filters.regionCode as string)
      .replace('5.6720000000', m5);
    return { FormatVersion: 'aws_v1', PriceList: [entry] };
  }
  return { FormatVersion: 'aws_v1', PriceList: [] };
}

async function loadHandler(env: Record<string, string> = {}) {
  vi.resetModules();
  Object.assign(process.env, {
    ...loopbackAwsEnv(aws.url, 'us-east-1'),
    AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
    HISTORY_TABLE: table.tableName,
    NOTIFY_TOPIC_ARN: TOPIC_ARN,
    ALLOWED_REGIONS: 'us-east-1,eu-west-1,ap-northeast-1',
    ...env,
  });
  return (await import('../../src/handlers/api-call-alert.js')).handler;
}

let sequence = 0;
/** A successful launch in the account, from Stratus's real RunInstances record with the refusal taken away. */
function launch(instanceType: string, count: number, region: string): CloudTrailRecord {
  const {
    errorCode: _code,
    errorMessage: _message,
    ...record
  } = stratusRecord('execution.ec2-launch-unusual-instances', 'RunInstances');
  return {
    ...record,
    eventID: `launch-${++sequence}`,
    // An hour apart: each launch is an alert of its own, not one more of a burst.
    eventTime: new Date(Date.parse(String(record.eventTime)) + sequence * 3_600_000).toISOString(),
    awsRegion: region,
    requestParameters: {
      ...record.requestParameters,
      instanceType,
      instancesSet: { items: [{ imageId: 'ami-0abc', minCount: 1, maxCount: count }] },
    },
  };
}

const priceRequests = () =>
  aws.requests.filter((request) => request.headers['x-amz-target'] === 'AWSPriceListService.GetProducts');

beforeAll(async () => {
  aws = await startLoopback();
  table = await startHistoryTable('prices');
  // A Price List that accepts the connection and never answers.
  silent = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
  await aws.close();
  await table.close();
});
beforeEach(() => {
  aws.requests.length = 0;
  aws.respondWith(fakeAwsResponder({ prices: priceList }));
});
afterEach(() => {
  process.env = { ...savedEnv };
});

describe('a price on every costly alert (Price List on a loopback, cache on dynalite)', () => {
  it('says what four g5.12xlarge in eu-west-1 cost an hour and a month, and asks the Price List once', async () => {
    const handler = await loadHandler();
    await handler(eventOf(launch('g5.12xlarge', 4, 'eu-west-1')), context);
    const [email] = publishedEmails(aws.requests);
    expect(email?.subject).toMatch(/^\[HIGH\] GPU or very large instances were requested/);
    expect(email?.body).toContain(
      'Cost if left running: g5.12xlarge \u00d7 4 in eu-west-1: about $22.69 an hour, $16,562 a month',
    );
    expect(email?.body).toContain('On-demand prices from the AWS Price List, for Linux');
    const [request] = priceRequests();
    expect(JSON.parse(request?.body ?? '{}')).toMatchObject({
      ServiceCode: 'AmazonEC2',
      FormatVersion: 'aws_v1',
      Filters: expect.arrayContaining([
        { Type: 'TERM_MATCH', Field: 'instanceType', Value: 'g5.12xlarge' },
        { Type: 'TERM_MATCH', Field: 'regionCode', Value: 'eu-west-1' },
        { Type: 'TERM_MATCH', Field: 'operatingSystem', Value: 'Linux' },
      ]),
    });
    // Signed for the Price List's own region, whatever the stack's.
    expect(request?.headers.authorization).toMatch(/\/us-east-1\/pricing\/aws4_request/);

    // The same container asks nobody; a new one reads the history table.
    await handler(eventOf(launch('g5.12xlarge', 1, 'eu-west-1')), context);
    const fresh = await loadHandler();
    await fresh(eventOf(launch('g5.12xlarge', 2, 'eu-west-1')), context);
    expect(priceRequests()).toHaveLength(1);
    expect(publishedEmails(aws.requests).at(-1)?.body).toContain(
      'g5.12xlarge \u00d7 2 in eu-west-1: about $11.34 an hour',
    );
  });

  it('alerts on ten m5.4xlarge by their price (costlyHourlyUsd), and stays quiet on two m5.xlarge', async () => {
    const handler = await loadHandler({ COSTLY_HOURLY_USD: '1' });
    const quiet = await handler(eventOf(launch('m5.xlarge', 2, 'ap-northeast-1')), context);
    expect(quiet).toMatchObject({ detected: 1, notified: 0, quiet: 1 });
    const loud = await handler(eventOf(launch('m5.4xlarge', 10, 'ap-northeast-1')), context);
    expect(loud).toMatchObject({ notified: 1 });
    const [email] = publishedEmails(aws.requests);
    expect(email?.subject).toMatch(/^\[HIGH\] Capacity costing dollars an hour was started/);
    expect(email?.body).toContain('m5.4xlarge \u00d7 10 in ap-northeast-1: about $9.92 an hour, $7,242 a month');
  });

  it('prices a NAT gateway from its hourly product, not the per-gigabyte one', async () => {
    const handler = await loadHandler();
    await handler(
      eventOf(
        realAccountRecord('218007301253_CloudTrail_us-east-1_20230710T1200Z_x9kHmzMa7cx6l9wM.json', 'CreateNatGateway'),
      ),
      context,
    );
    const [email] = publishedEmails(aws.requests);
    expect(email?.subject).toMatch(/^\[MEDIUM\] A NAT gateway was created/);
    expect(email?.body).toContain('NAT Gateway in us-east-1: about $0.045 an hour, $32.85 a month');
  });

  it('sends the alert without a price, saying why, when the Price List does not answer in time', async () => {
    const handler = await loadHandler({
      AWS_ENDPOINT_URL_PRICING: `http://127.0.0.1:${(silent.address() as { port: number }).port}`,
    });
    const started = Date.now();
    // A region no earlier test priced: the history table keeps prices across tests as across containers.
    await handler(eventOf(launch('g5.12xlarge', 4, 'us-east-1')), context);
    expect(Date.now() - started).toBeLessThan(10_000);
    const [email] = publishedEmails(aws.requests);
    expect(email?.subject).toMatch(/^\[HIGH\] GPU or very large instances/);
    expect(email?.body).toContain(
      'g5.12xlarge \u00d7 4 in us-east-1: not known (the Price List did not answer in time); this alert went out without it',
    );
  });

  it('still reports thirty large instances, as medium, when the Price List refuses', async () => {
    aws.respondWith(
      fakeAwsResponder({
        prices: () => ({
          status: 400,
          headers: { 'content-type': 'application/x-amz-json-1.1' },
          body: JSON.stringify({ __type: 'ThrottlingException', Message: 'Rate exceeded' }),
        }),
      }),
    );
    const handler = await loadHandler();
    await handler(eventOf(launch('m5.4xlarge', 30, 'eu-west-1')), context);
    const [email] = publishedEmails(aws.requests);
    expect(email?.subject).toMatch(/^\[MEDIUM\] Capacity costing dollars an hour was started/);
    expect(email?.body).toContain(
      'm5.4xlarge \u00d7 30 in eu-west-1: not known (the Price List answered ThrottlingException)',
    );
  });

  it('says a Bedrock provisioned throughput has no price it can look up, and asks nothing', async () => {
    const handler = await loadHandler();
    await handler(
      eventOf(
        derivedCall(
          'bedrock.amazonaws.com',
          'CreateProvisionedModelThroughput',
          { modelId: 'anthropic.claude-3-sonnet-20240229-v1:0', modelUnits: 2, provisionedModelName: 'x' },
          { awsRegion: 'us-east-1', eventID: 'bedrock-1' },
        ),
      ),
      context,
    );
    const [email] = publishedEmails(aws.requests);
    expect(email?.subject).toMatch(/^\[HIGH\] Something was bought that cannot be taken back/);
    expect(email?.body).toContain(
      'Cost if left running: anthropic.claude-3-sonnet-20240229-v1:0 \u00d7 2 in us-east-1: not known (the Price List prices provisioned throughput by model family and term',
    );
    expect(priceRequests()).toHaveLength(0);
  });

  it('asks nothing for a refused launch: it started nothing', async () => {
    const handler = await loadHandler();
    await handler(eventOf(stratusRecord('execution.ec2-launch-unusual-instances', 'RunInstances')), context);
    expect(publishedEmails(aws.requests)).toHaveLength(1);
    expect(priceRequests()).toHaveLength(0);
    expect(publishedEmails(aws.requests)[0]?.body).not.toContain('Cost if left running');
  });

  it('prices a SageMaker endpoint from its Hosting product, in Japanese too', async () => {
    aws.respondWith(
      fakeAwsResponder({
        prices: ({ serviceCode }) =>
          serviceCode === 'AmazonSageMaker' ? fixture('getProducts_sagemaker_ml.g5.2xlarge_us-east-1.json') : undefined,
      }),
    );
    const handler = await loadHandler({ LOCALE: 'ja' });
    await handler(
      eventOf(
        derivedCall(
          'sagemaker.amazonaws.com',
          'CreateEndpointConfig',
          {
            endpointConfigName: 'chat',
            productionVariants: [{ variantName: 'a', instanceType: 'ml.g5.2xlarge', initialInstanceCount: 2 }],
          },
          { awsRegion: 'us-east-1', eventID: 'sagemaker-1' },
        ),
      ),
      context,
    );
    const [email] = publishedEmails(aws.requests);
    expect(email?.body).toContain(
      '起動したままの費用: ml.g5.2xlarge \u00d7 2 in us-east-1: 1 時間あたり約 $3.03、1 か月で約 $2,212',
    );
  });
});
