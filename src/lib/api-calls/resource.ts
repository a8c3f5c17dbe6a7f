import type { ApiCall } from './api-call.js';
import { field, items, str } from './read.js';

/**
 * What a call acted on, read from its request (and, for what it created, its response), in AWS's own notation
 * so it reads the same in every language: "user/alice", "bucket my-logs", "key 1234abcd-…". The detections
 * with a more telling description (a port and a range, a policy statement) give their own; every other alert
 * names its resource through here, so no alert says "a user was created" without saying which.
 */

type Reader = (parameters: Record<string, unknown>, response: Record<string, unknown>) => string | undefined;

const named =
  (label: string, ...keys: string[]): Reader =>
  (parameters) => {
    for (const key of keys) {
      const value = str(parameters[key]);
      if (value) return label ? `${label}${label.endsWith('/') ? '' : ' '}${value}` : value;
    }
    return undefined;
  };

const listed =
  (label: string, key: string): Reader =>
  (parameters) => {
    const values = items(parameters[key])
      .map((entry) => str(entry) ?? str(field(entry, 'value')))
      .filter((value): value is string => !!value);
    return values.length > 0 ? `${label} ${values.slice(0, 5).join(', ')}${values.length > 5 ? ' …' : ''}` : undefined;
  };

/** In order: the first that finds something names the resource. IAM first, as its names are the most telling. */
const READERS: Reader[] = [
  (parameters, response) => {
    const user = str(parameters.userName);
    const key = str(field(response, 'accessKey', 'accessKeyId')) ?? str(parameters.accessKeyId);
    if (user && key) return `user/${user} key ${key}`;
    return user ? `user/${user}` : key ? `key ${key}` : undefined;
  },
  named('role/', 'roleName'),
  named('group/', 'groupName'),
  named('policy', 'policyArn', 'policyName'),
  named('instance profile', 'instanceProfileName'),
  named('MFA', 'serialNumber'),
  named('SAML provider', 'sAMLProviderArn', 'name'),
  named('bucket', 'bucketName'),
  named('function', 'functionName'),
  named('layer', 'layerName'),
  named('trail', 'trailName'),
  named('key', 'keyId'),
  named('queue', 'queueUrl', 'queueName'),
  named('topic', 'topicArn', 'subscriptionArn'),
  named('secret', 'secretId', 'name'),
  named('repository', 'repositoryName'),
  named('detector', 'detectorId'),
  named('snapshot', 'snapshotId', 'dBSnapshotIdentifier', 'dBClusterSnapshotIdentifier'),
  named('image', 'imageId'),
  named('instance', 'instanceId'),
  named('database', 'dBInstanceIdentifier', 'dBClusterIdentifier'),
  named('backup vault', 'backupVaultName'),
  named('backup plan', 'backupPlanId'),
  named('domain', 'domainName'),
  named('stack', 'stackName'),
  named('rule', 'ruleName', 'rule', 'identifier'),
  named('log group', 'logGroupName'),
  named('table', 'tableArn', 'tableName'),
  named('recorder', 'configurationRecorderName', 'deliveryChannelName', 'configRuleName'),
  named('analyzer', 'analyzerName'),
  named('query log config', 'resolverQueryLogConfigId'),
  named('file system', 'fileSystemId'),
  named('vault', 'vaultName'),
  named('document', 'name'),
  named('budget', 'budgetName'),
  named('trust anchor', 'trustAnchorId'),
  named('permission set', 'permissionSetArn'),
  named('model', 'modelId', 'guardrailIdentifier', 'provisionedModelName'),
  listed('flow logs', 'flowLogIds'),
  listed('alarms', 'alarmNames'),
  listed('volumes', 'volumeId'),
  named('', 'name'),
];

/** The resource a call names, or undefined when its request names none. */
export function resourceOf(call: ApiCall): string | undefined {
  for (const read of READERS) {
    const found = read(call.requestParameters, call.responseElements);
    if (found) return found;
  }
  return undefined;
}
