import type { ApiCall } from './api-call.js';
import { field, items, type Json, str } from './read.js';

/**
 * What a call starts that AWS bills by the hour, read from its request: the instance types and how many, where.
 * The price of each is looked up at alert time (cost/prices.ts); this module only reads the call.
 */

/** The Price List's services this project prices: each has its own product attributes. */
export type CapacityKind = 'ec2' | 'sagemaker' | 'rds' | 'opensearch' | 'nat-gateway' | 'bedrock-throughput';

export interface BilledCapacity {
  kind: CapacityKind;
  /**
   * The instance type, or the types one of which will run (a fleet's overrides, a node group's list): the
   * price taken is the highest of them, so the figure is what it may cost, never less.
   */
  types: string[];
  count: number;
  region: string;
  /** SageMaker's component (Hosting, Notebook, Training, Processing); RDS's engine and deployment. */
  variant?: string;
}

/** Every instance type a launch call asks for, with how many: RunInstances counts, fleets, templates, node groups. */
export function requestedInstances(call: ApiCall): Array<{ type: string; count?: number }> {
  const found = new Map<string, number | undefined>();
  const add = (type: string, count?: number) => {
    const known = found.get(type);
    found.set(type, count === undefined ? known : (known ?? 0) + count);
  };
  const visit = (value: Json, depth: number) => {
    if (depth > 8 || typeof value !== 'object' || value === null) return;
    const entries = value as Record<string, Json>;
    for (const [key, inner] of Object.entries(entries)) {
      // EC2 records the type as a string, or (launch templates, Auto Scaling) as {value: "p2.xlarge"}.
      const type = typeof inner === 'string' ? inner : str(field(inner, 'value'));
      if (/^instanceType$/i.test(key) && type) {
        const count = [
          entries.maxCount,
          entries.minCount,
          entries.initialInstanceCount,
          entries.instanceCount,
          entries.InstanceCount,
        ]
          .map((candidate) => (typeof candidate === 'number' ? candidate : Number.NaN))
          .find((candidate) => Number.isFinite(candidate));
        add(type, count);
      } else if (/^instanceTypes$/i.test(key) && Array.isArray(inner)) {
        for (const type of inner) if (typeof type === 'string') add(type);
      } else if (key === 'bundleId' && typeof inner === 'string' && /^gpu/i.test(inner)) {
        add(inner);
      } else visit(inner, depth + 1);
    }
  };
  visit(call.requestParameters, 0);
  // RunInstances keeps its counts beside the image, not the type: the most it may start.
  if (call.eventName === 'RunInstances' && found.size === 1) {
    const [type] = [...found.keys()] as [string];
    if (found.get(type) === undefined) found.set(type, runInstancesCount(call));
  }
  return [...found].map(([type, count]) => ({ type, count }));
}

/** A count from the request: a positive whole number, else undefined (records are untrusted). */
function countOf(value: Json): number | undefined {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number > 0 && number <= 100_000 ? number : undefined;
}

/** RunInstances asks for up to maxCount of each item; the most it may start is what it may cost. */
function runInstancesCount(call: ApiCall): number {
  const set = items(call.requestParameters.instancesSet);
  const counts = set.map((item) => countOf(field(item, 'maxCount')) ?? countOf(field(item, 'minCount')) ?? 1);
  return counts.length > 0 ? counts.reduce((sum, count) => sum + count, 0) : 1;
}

const SAGEMAKER_COMPONENTS: Record<string, string> = {
  CreateEndpointConfig: 'Hosting',
  CreateNotebookInstance: 'Notebook',
  CreateTrainingJob: 'Training',
  CreateProcessingJob: 'Processing',
};

/** The Price List's names of the engines RDS's API spells in lower case; the licensed engines need more. */
const RDS_ENGINES: Record<string, string> = {
  postgres: 'PostgreSQL',
  mysql: 'MySQL',
  mariadb: 'MariaDB',
  'aurora-mysql': 'Aurora MySQL',
  'aurora-postgresql': 'Aurora PostgreSQL',
};

/**
 * What the call starts that is billed by the hour; empty for a call that starts nothing (a launch template, a
 * policy) or names no type. Only what the request says: a node group's size, a fleet's target.
 */
export function billedCapacityOf(call: ApiCall): BilledCapacity[] {
  const region = call.region;
  if (!region) return [];
  const p = call.requestParameters;
  const source = call.eventSource;
  const name = call.eventName;
  const each = (kind: CapacityKind, variant?: string) =>
    requestedInstances(call).map(({ type, count }) => ({ kind, types: [type], count: count ?? 1, region, variant }));

  if (source === 'ec2.amazonaws.com') {
    if (name === 'CreateNatGateway') return [{ kind: 'nat-gateway', types: ['NAT Gateway'], count: 1, region }];
    if (name === 'RunInstances') {
      const type = str(p.instanceType) ?? str(field(p, 'instanceType', 'value'));
      return type ? [{ kind: 'ec2', types: [type], count: runInstancesCount(call), region }] : [];
    }
    if (name === 'RequestSpotInstances') {
      const type = str(field(p, 'launchSpecification', 'instanceType'));
      return type ? [{ kind: 'ec2', types: [type], count: countOf(p.instanceCount) ?? 1, region }] : [];
    }
    if (name === 'CreateFleet' || name === 'RequestSpotFleet') {
      const types = requestedInstances(call).map(({ type }) => type);
      const target =
        countOf(field(p, 'CreateFleetRequest', 'TargetCapacitySpecification', 'TotalTargetCapacity')) ??
        countOf(field(p, 'targetCapacitySpecification', 'totalTargetCapacity')) ??
        countOf(field(p, 'spotFleetRequestConfig', 'targetCapacity')) ??
        1;
      return types.length > 0 ? [{ kind: 'ec2', types, count: target, region }] : [];
    }
    return [];
  }
  if (source === 'eks.amazonaws.com' && name === 'CreateNodegroup') {
    const types = requestedInstances(call).map(({ type }) => type);
    const count = countOf(field(p, 'scalingConfig', 'desiredSize')) ?? countOf(field(p, 'scalingConfig', 'minSize'));
    return types.length > 0 ? [{ kind: 'ec2', types, count: count ?? 1, region }] : [];
  }
  if (source === 'sagemaker.amazonaws.com' && SAGEMAKER_COMPONENTS[name]) {
    return each('sagemaker', SAGEMAKER_COMPONENTS[name]);
  }
  if (source === 'rds.amazonaws.com' && (name === 'CreateDBInstance' || name === 'CreateDBCluster')) {
    const type = str(p.dBInstanceClass);
    if (!type) return [];
    const engine = RDS_ENGINES[str(p.engine)?.toLowerCase() ?? ''];
    // A Multi-AZ DB cluster runs three instances of its class; a Multi-AZ instance, two billed as one product.
    const deployment = p.multiAZ === true ? 'Multi-AZ' : 'Single-AZ';
    const count = name === 'CreateDBCluster' ? 3 : 1;
    return [
      {
        kind: 'rds',
        types: [type],
        count,
        region,
        variant: engine ? `${engine}|${name === 'CreateDBCluster' ? 'Single-AZ' : deployment}` : undefined,
      },
    ];
  }
  if (source === 'es.amazonaws.com' && name === 'CreateDomain') return each('opensearch');
  // Billed per model unit and hour, at a price the Price List gives by model family and term, not by the model
  // ID the call names: read, so the alert can say that it has no price rather than nothing.
  if (source === 'bedrock.amazonaws.com' && name === 'CreateProvisionedModelThroughput') {
    const model = str(p.modelId);
    return model ? [{ kind: 'bedrock-throughput', types: [model], count: countOf(p.modelUnits) ?? 1, region }] : [];
  }
  return [];
}

/** A size of 4xlarge and up (or metal), or ten and more of anything: dollars an hour whatever the price list says. */
export function looksLarge(list: readonly BilledCapacity[]): boolean {
  return list.some(
    (line) =>
      line.count >= 10 || line.types.some((type) => /\.(metal[\w-]*|(?:[4-9]|\d{2,})xlarge)(\.search)?$/i.test(type)),
  );
}
