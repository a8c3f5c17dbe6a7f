import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeApiCall } from '../../../src/lib/api-calls/api-call.js';
import { billedCapacityOf, looksLarge } from '../../../src/lib/api-calls/capacity.js';
import { hourlyUsdFromPriceList, type PriceReader, priceQuery, quoteCapacity } from '../../../src/lib/cost/prices.js';
import { derivedCall, realAccountRecord, stratusRecord } from '../../helpers/attack-cases.js';

/** Reading what a call starts, asking the Price List for it, and reading its answer (tests/fixtures/pricing). */

const PRICING = join(import.meta.dirname, '..', '..', 'fixtures', 'pricing');
const priceList = (name: string) =>
  (JSON.parse(readFileSync(join(PRICING, name), 'utf8')) as { PriceList: string[] }).PriceList;
const callOf = (record: Record<string, unknown>) => normalizeApiCall(record, {});

describe('what a call starts that bills by the hour', () => {
  it('reads RunInstances as up to maxCount instances of its type, in its region', () => {
    const record = stratusRecord('execution.ec2-launch-unusual-instances', 'RunInstances');
    expect(billedCapacityOf(callOf(record))).toEqual([
      { kind: 'ec2', types: ['p2.xlarge'], count: 10, region: record.awsRegion },
    ]);
  });

  it('reads fleets, spot requests, node groups, SageMaker, RDS, OpenSearch and NAT gateways', () => {
    const at = { awsRegion: 'eu-west-1' };
    const cases: Array<[Record<string, unknown>, unknown]> = [
      [
        derivedCall(
          'ec2.amazonaws.com',
          'RequestSpotInstances',
          { instanceCount: 3, launchSpecification: { instanceType: 'c5.9xlarge' } },
          at,
        ),
        [{ kind: 'ec2', types: ['c5.9xlarge'], count: 3, region: 'eu-west-1' }],
      ],
      [
        derivedCall(
          'ec2.amazonaws.com',
          'CreateFleet',
          {
            CreateFleetRequest: {
              TargetCapacitySpecification: { TotalTargetCapacity: 8 },
              LaunchTemplateConfigs: { Overrides: [{ InstanceType: 'c5.4xlarge' }, { InstanceType: 'm5.4xlarge' }] },
            },
          },
          at,
        ),
        [{ kind: 'ec2', types: ['c5.4xlarge', 'm5.4xlarge'], count: 8, region: 'eu-west-1' }],
      ],
      [
        derivedCall(
          'eks.amazonaws.com',
          'CreateNodegroup',
          { instanceTypes: ['m6i.2xlarge'], scalingConfig: { desiredSize: 6 } },
          at,
        ),
        [{ kind: 'ec2', types: ['m6i.2xlarge'], count: 6, region: 'eu-west-1' }],
      ],
      [
        derivedCall(
          'sagemaker.amazonaws.com',
          'CreateTrainingJob',
          { resourceConfig: { instanceType: 'ml.p4d.24xlarge', instanceCount: 2 } },
          at,
        ),
        [{ kind: 'sagemaker', types: ['ml.p4d.24xlarge'], count: 2, region: 'eu-west-1', variant: 'Training' }],
      ],
      [
        derivedCall(
          'rds.amazonaws.com',
          'CreateDBInstance',
          { dBInstanceClass: 'db.r6g.4xlarge', engine: 'postgres', multiAZ: true },
          at,
        ),
        [{ kind: 'rds', types: ['db.r6g.4xlarge'], count: 1, region: 'eu-west-1', variant: 'PostgreSQL|Multi-AZ' }],
      ],
      [
        derivedCall(
          'rds.amazonaws.com',
          'CreateDBInstance',
          { dBInstanceClass: 'db.r6i.8xlarge', engine: 'oracle-ee' },
          at,
        ),
        [{ kind: 'rds', types: ['db.r6i.8xlarge'], count: 1, region: 'eu-west-1', variant: undefined }],
      ],
      [
        derivedCall(
          'es.amazonaws.com',
          'CreateDomain',
          { clusterConfig: { instanceType: 'r6g.4xlarge.search', instanceCount: 3 } },
          at,
        ),
        [{ kind: 'opensearch', types: ['r6g.4xlarge.search'], count: 3, region: 'eu-west-1', variant: undefined }],
      ],
      [
        realAccountRecord('218007301253_CloudTrail_us-east-1_20230710T1200Z_x9kHmzMa7cx6l9wM.json', 'CreateNatGateway'),
        [{ kind: 'nat-gateway', types: ['NAT Gateway'], count: 1, region: 'us-east-1' }],
      ],
      // A template starts nothing; odd counts from an untrusted record are not believed.
      [
        derivedCall(
          'ec2.amazonaws.com',
          'CreateLaunchTemplate',
          { LaunchTemplateData: { InstanceType: 'p5.48xlarge' } },
          at,
        ),
        [],
      ],
      [
        derivedCall(
          'ec2.amazonaws.com',
          'RequestSpotInstances',
          { instanceCount: -4, launchSpecification: { instanceType: 'c5.large' } },
          at,
        ),
        [{ kind: 'ec2', types: ['c5.large'], count: 1, region: 'eu-west-1' }],
      ],
    ];
    for (const [record, expected] of cases)
      expect(billedCapacityOf(callOf(record)), String(record.eventName)).toEqual(expected);
  });

  it('calls 4xlarge and up, or ten of anything, large on its face', () => {
    const line = (type: string, count: number) => ({ kind: 'ec2' as const, types: [type], count, region: 'us-east-1' });
    expect(looksLarge([line('m5.4xlarge', 1)])).toBe(true);
    expect(looksLarge([line('c5.metal', 1)])).toBe(true);
    expect(looksLarge([line('t3.micro', 10)])).toBe(true);
    expect(looksLarge([line('m5.2xlarge', 9)])).toBe(false);
  });
});

describe('the Price List query and its answer', () => {
  it('asks for the on-demand Linux shared product of an EC2 type, by region code', () => {
    expect(priceQuery({ kind: 'ec2', type: 'g5.12xlarge', region: 'eu-west-1' })).toEqual({
      ServiceCode: 'AmazonEC2',
      FormatVersion: 'aws_v1',
      MaxResults: 20,
      Filters: [
        { Type: 'TERM_MATCH', Field: 'instanceType', Value: 'g5.12xlarge' },
        { Type: 'TERM_MATCH', Field: 'regionCode', Value: 'eu-west-1' },
        { Type: 'TERM_MATCH', Field: 'operatingSystem', Value: 'Linux' },
        { Type: 'TERM_MATCH', Field: 'tenancy', Value: 'Shared' },
        { Type: 'TERM_MATCH', Field: 'preInstalledSw', Value: 'NA' },
        { Type: 'TERM_MATCH', Field: 'capacitystatus', Value: 'Used' },
      ],
    });
    expect(
      priceQuery({ kind: 'rds', type: 'db.r6g.4xlarge', region: 'eu-west-1', variant: 'PostgreSQL|Multi-AZ' })?.Filters,
    ).toEqual(
      expect.arrayContaining([
        { Type: 'TERM_MATCH', Field: 'databaseEngine', Value: 'PostgreSQL' },
        { Type: 'TERM_MATCH', Field: 'deploymentOption', Value: 'Multi-AZ' },
      ]),
    );
    // An engine priced with a licence cannot be asked precisely: no query rather than a wrong price.
    expect(priceQuery({ kind: 'rds', type: 'db.r6i.8xlarge', region: 'eu-west-1' })).toBeUndefined();
  });

  it('reads the hourly on-demand USD price, preferring the component asked for, never a per-GB price', () => {
    expect(hourlyUsdFromPriceList(priceList('getProducts_ec2_g5.12xlarge_eu-west-1.json'))).toBe(5.672);
    const sagemaker = priceList('getProducts_sagemaker_ml.g5.2xlarge_us-east-1.json');
    expect(hourlyUsdFromPriceList(sagemaker, 'Notebook')).toBe(1.421);
    expect(hourlyUsdFromPriceList(sagemaker, 'Hosting')).toBe(1.515);
    // No component matches: the highest, so the figure is never less than it may cost.
    expect(hourlyUsdFromPriceList(sagemaker, 'Processing')).toBe(1.515);
    expect(hourlyUsdFromPriceList(priceList('getProducts_nat-gateway_us-east-1.json'))).toBe(0.045);
    // The AWS CLI's recorded answer for an EBS volume: billed per GB-month, so no hourly price.
    const ebs =
      '{"product":{"productFamily":"Storage","attributes":{"volumeType":"Provisioned IOPS"},"sku":"3MKHN58N7RDDVGKJ"},"serviceCode":"AmazonEC2","terms":{"OnDemand":{"3MKHN58N7RDDVGKJ.JRTCKXETXF":{"priceDimensions":{"3MKHN58N7RDDVGKJ.JRTCKXETXF.6YS6EN2CT7":{"unit":"GB-Mo","pricePerUnit":{"USD":"0.1380000000"}}}}}}}';
    expect(hourlyUsdFromPriceList([ebs])).toBeUndefined();
    expect(
      hourlyUsdFromPriceList([
        'not json',
        '{"terms":{"OnDemand":{"x":{"priceDimensions":{"y":{"unit":"Hrs","pricePerUnit":{"USD":"-1"}}}}}}}',
        42,
      ]),
    ).toBeUndefined();
  });
});

describe('a quote for what a call started', () => {
  const table: Record<string, number> = { 'c5.4xlarge': 0.68, 'm5.4xlarge': 0.768, 'g5.xlarge': 1.006 };
  const reader: PriceReader = async ({ type }) =>
    table[type] !== undefined ? { kind: 'price', usd: table[type] } : { kind: 'unknown', reason: 'no-price' };

  it('takes the dearest of a fleet\u2019s alternatives and sums the lines', async () => {
    const quote = await quoteCapacity(
      [
        { kind: 'ec2', types: ['c5.4xlarge', 'm5.4xlarge'], count: 8, region: 'eu-west-1' },
        { kind: 'ec2', types: ['g5.xlarge'], count: 1, region: 'eu-west-1' },
      ],
      reader,
    );
    expect(quote.complete).toBe(true);
    expect(quote.usdPerHour).toBeCloseTo(8 * 0.768 + 1.006, 6);
  });

  it('says which line has no price, and never more lookups than four for one alert', async () => {
    const asked: string[] = [];
    const counting: PriceReader = async (key) => {
      asked.push(key.type);
      return reader(key);
    };
    const quote = await quoteCapacity(
      [
        { kind: 'ec2', types: ['m5.4xlarge', 'x1.32xlarge', 'c5.4xlarge', 'g5.xlarge'], count: 2, region: 'us-east-1' },
        { kind: 'ec2', types: ['c5.4xlarge'], count: 1, region: 'us-east-1' },
      ],
      counting,
    );
    expect(asked).toHaveLength(4);
    expect(quote.complete).toBe(false);
    expect(quote.lines.map((line) => line.reason)).toEqual(['no-price', 'too-many']);
    expect(quote.usdPerHour).toBeUndefined();
  });
});
