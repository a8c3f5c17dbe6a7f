import { partition } from '@aws-sdk/core/client';

/**
 * Every AWS console link the messages carry, built in one place and aware of the partition: the
 * console lives at console.aws.amazon.com, console.amazonaws.cn (China) or
 * console.amazonaws-us-gov.com (GovCloud), each with the region as a subdomain.
 */

const partitions = new Map<string, string>();

/** The partition of a region, looked up once per region (a replay builds links for thousands of calls). */
function partitionOf(region: string): string {
  let name = partitions.get(region);
  if (name === undefined) {
    name = partition(region).name;
    if (partitions.size < 1000) partitions.set(region, name);
  }
  return name;
}

function consoleOrigin(region: string): string {
  switch (partitionOf(region)) {
    case 'aws-cn':
      return `https://${region}.console.amazonaws.cn`;
    case 'aws-us-gov':
      return `https://${region}.console.amazonaws-us-gov.com`;
    default:
      return `https://${region}.console.aws.amazon.com`;
  }
}

/** One event in the CloudTrail console's event history. */
export function cloudTrailEventUrl(region: string, eventId: string): string {
  return `${consoleOrigin(region)}/cloudtrailv2/home?region=${region}#/events/${encodeURIComponent(eventId)}`;
}

/** Cost Explorer; Billing and Cost Management lives in us-east-1 in the commercial partition. */
export function costExplorerUrl(region = 'us-east-1'): string {
  return `${consoleOrigin(region)}/costmanagement/home#/cost-explorer`;
}

/** One query run in the Athena console's history. */
export function athenaExecutionUrl(region: string, executionId: string): string {
  return `${consoleOrigin(region)}/athena/home?region=${region}#/query-editor/history/${encodeURIComponent(executionId)}`;
}

/** The saved queries in the Athena console. */
export function athenaSavedQueriesUrl(region: string): string {
  return `${consoleOrigin(region)}/athena/home?region=${region}#/query-editor/saved-queries`;
}

/** Cost Anomaly Detection's monitors; Billing and Cost Management lives in us-east-1 in the commercial partition. */
export function anomalyDetectionUrl(region = 'us-east-1'): string {
  return `${consoleOrigin(region)}/costmanagement/home#/anomaly-detection/monitors`;
}

/** One SQS queue in the console, by region, account and name. */
export function sqsQueueUrl(region: string, account: string, queueName: string): string {
  const queue = `https://sqs.${region}.amazonaws.com/${account}/${queueName}`;
  return `${consoleOrigin(region)}/sqs/v3/home?region=${region}#/queues/${encodeURIComponent(queue)}`;
}

/** AWS Budgets; Billing and Cost Management lives in us-east-1 in the commercial partition. */
/** The Billing console's Free Tier page: the plan, its credits, the offers and the upgrade button. */
export function freeTierUrl(region = 'us-east-1'): string {
  return `${consoleOrigin(region)}/billing/home#/freetier`;
}

export function budgetsUrl(region = 'us-east-1'): string {
  return `${consoleOrigin(region)}/costmanagement/home#/budgets`;
}

/** A home region for links to global services (IAM), in the partition of `region`. */
function globalRegion(region: string): string {
  switch (partitionOf(region)) {
    case 'aws-cn':
      return 'cn-north-1';
    case 'aws-us-gov':
      return 'us-gov-west-1';
    default:
      return 'us-east-1';
  }
}

/** One IAM user, role or the account's settings in the IAM console (global, shown from the partition's home). */
export function iamConsoleUrl(
  region: string,
  target:
    | { user: string }
    | { role: string }
    | 'accountSettings'
    | 'rootCredentials'
    | 'users'
    | 'roles'
    | 'accessAnalyzer'
    | 'identityProviders',
): string {
  const origin = `${consoleOrigin(globalRegion(region))}/iam/home`;
  if (target === 'accessAnalyzer') return `${origin}#/access_analyzer`;
  if (target === 'accountSettings') return `${origin}#/account_settings`;
  if (target === 'rootCredentials') return `${origin}#/security_credentials`;
  if (target === 'users') return `${origin}#/users`;
  if (target === 'roles') return `${origin}#/roles`;
  if (target === 'identityProviders') return `${origin}#/identity_providers`;
  return 'user' in target
    ? `${origin}#/users/details/${encodeURIComponent(target.user)}`
    : `${origin}#/roles/details/${encodeURIComponent(target.role)}`;
}

/** A page of a regional service's console: CloudTrail trails, an EC2 security group, Service Quotas, … */
export function regionalConsoleUrl(
  region: string,
  page:
    | { trails: true }
    | { securityGroup: string }
    | { instances: true }
    | { snapshots: true }
    | { images: true }
    | { lambdaFunction: string }
    | { bucket: string }
    | { guardDuty: true }
    | { config: true }
    | { bedrockModelAccess: true }
    | { serviceQuotas: true }
    | { flowLogs: true }
    | { s3AccountSettings: true }
    | { ebsEncryption: true }
    | { snsTopic: string }
    | { stacks: true }
    | { service: string; fragment?: string },
): string {
  const origin = consoleOrigin(region);
  const r = encodeURIComponent(region);
  if ('trails' in page) return `${origin}/cloudtrailv2/home?region=${r}#/trails`;
  if ('securityGroup' in page)
    return `${origin}/ec2/home?region=${r}#SecurityGroup:groupId=${encodeURIComponent(page.securityGroup)}`;
  if ('instances' in page) return `${origin}/ec2/home?region=${r}#Instances:`;
  if ('snapshots' in page) return `${origin}/ec2/home?region=${r}#Snapshots:`;
  if ('images' in page) return `${origin}/ec2/home?region=${r}#Images:`;
  if ('lambdaFunction' in page)
    return `${origin}/lambda/home?region=${r}#/functions/${encodeURIComponent(page.lambdaFunction)}?tab=permissions`;
  if ('bucket' in page) return `${origin}/s3/buckets/${encodeURIComponent(page.bucket)}?region=${r}&tab=permissions`;
  if ('guardDuty' in page) return `${origin}/guardduty/home?region=${r}#/settings`;
  if ('config' in page) return `${origin}/config/home?region=${r}#/settings`;
  if ('bedrockModelAccess' in page) return `${origin}/bedrock/home?region=${r}#/modelaccess`;
  if ('serviceQuotas' in page) return `${origin}/servicequotas/home/requests?region=${r}`;
  if ('s3AccountSettings' in page) return `${origin}/s3/settings?region=${r}`;
  if ('ebsEncryption' in page) return `${origin}/ec2/home?region=${r}#Settings:tab=ebsEncryption`;
  if ('snsTopic' in page) return `${origin}/sns/v3/home?region=${r}#/topic/${encodeURIComponent(page.snsTopic)}`;
  if ('stacks' in page) return `${origin}/cloudformation/home?region=${r}#/stacks`;
  // Any other service's home page in the region (KMS, RDS, Backup, SageMaker …), optionally at a fragment.
  if ('service' in page) {
    return `${origin}/${encodeURIComponent(page.service)}/home?region=${r}${page.fragment ? `#${page.fragment}` : ''}`;
  }
  return `${origin}/vpcconsole/home?region=${r}#vpcs:`;
}
