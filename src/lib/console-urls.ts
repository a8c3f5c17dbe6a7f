import { partition } from '@aws-sdk/core/client';

/**
 * Every AWS console link the messages carry, built in one place and aware of the partition: the
 * console lives at console.aws.amazon.com, console.amazonaws.cn (China) or
 * console.amazonaws-us-gov.com (GovCloud), each with the region as a subdomain.
 */

function consoleOrigin(region: string): string {
  switch (partition(region).name) {
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

/** One SQS queue in the console, by region, account and name. */
export function sqsQueueUrl(region: string, account: string, queueName: string): string {
  const queue = `https://sqs.${region}.amazonaws.com/${account}/${queueName}`;
  return `${consoleOrigin(region)}/sqs/v3/home?region=${region}#/queues/${encodeURIComponent(queue)}`;
}

/** AWS Budgets; Billing and Cost Management lives in us-east-1 in the commercial partition. */
export function budgetsUrl(region = 'us-east-1'): string {
  return `${consoleOrigin(region)}/costmanagement/home#/budgets`;
}
