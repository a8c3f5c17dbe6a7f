import { iamConsoleUrl } from '../../console-urls.js';
import type { ApiCall } from '../api-call.js';
import { str } from '../read.js';

/** Small readers more than one group of detections needs. */

export function isRoot(call: ApiCall): boolean {
  return call.principal.type === 'Root';
}

/** The IAM user a call names in requestParameters.userName, when it is not the caller. */
export function otherUser(call: ApiCall): string | undefined {
  const user = str(call.requestParameters.userName);
  if (!user) return undefined;
  return user === call.principal.userName ? undefined : user;
}

/** The user, role or group an IAM call names, in IAM's own notation ("user/alice"). */
export function iamEntity(call: ApiCall): string | undefined {
  const p = call.requestParameters;
  const user = str(p.userName);
  const role = str(p.roleName);
  const group = str(p.groupName);
  return user ? `user/${user}` : role ? `role/${role}` : group ? `group/${group}` : undefined;
}

/** The IAM console page of the user or role a call names. */
export function iamEntityUrl(call: ApiCall): string | undefined {
  const user = str(call.requestParameters.userName);
  const role = str(call.requestParameters.roleName);
  const region = call.region ?? 'us-east-1';
  return user ? iamConsoleUrl(region, { user }) : role ? iamConsoleUrl(region, { role }) : undefined;
}

/** A long-term access key (AKIA…): the kind that leaks, as temporary ones (ASIA…) expire by themselves. */
export function usesLongTermKey(call: ApiCall): boolean {
  return call.principal.accessKeyId?.startsWith('AKIA') ?? false;
}

/** invokedBy values that are the principal at the console, not a service acting for it. */
const CONSOLE = new Set(['signin.amazonaws.com', 'console.amazonaws.com', 'AWS Internal']);

/**
 * True when an AWS service made the call on the principal's behalf (invokedBy: CloudFormation, Auto Scaling,
 * Elastic Beanstalk …): the service at work, not the principal acting by hand.
 */
export function byServiceOnBehalf(call: ApiCall): boolean {
  const invokedBy = call.principal.invokedBy;
  return !!invokedBy && !CONSOLE.has(invokedBy);
}

/** Not a change CloudFormation made (invokedBy): a deploy of a stack is the stack changing itself. */
export function notByCloudFormation(call: ApiCall): boolean {
  return call.principal.invokedBy !== 'cloudformation.amazonaws.com';
}
