import type { IAMClient } from '@aws-sdk/client-iam';
import { isAdministratorPolicyArn } from './policy.js';

/**
 * The IAM reads some detections make at alert time, one call each with a short timeout, through the client
 * `iam` gives (made, and its module imported, only by the first alert that needs it: every cold start would
 * otherwise pay for loading IAM's client).
 *
 * What an IAM group may do, read for `user-added-to-group`: its attached managed policies, one
 * read call (ListAttachedGroupPolicies, one page of 100). A user added to a group that holds administrator
 * rights is administrator access without a policy of its own; to any other group, a routine change.
 */
export type GroupRights =
  | { kind: 'admin'; policies: string[] }
  | { kind: 'ordinary'; policies: string[] }
  | { kind: 'unknown'; reason: string };

export type GroupRightsReader = (groupName: string) => Promise<GroupRights>;

type IamSource = () => IAMClient | Promise<IAMClient>;

/**
 * One IAM read within `timeoutMs`, the module imported and the client made on first use; never throws: an
 * error or the timeout is `{kind: 'unknown', reason}`, with the error's name.
 */
async function readIam<T>(
  iam: IamSource,
  timeoutMs: number,
  read: (sdk: typeof import('@aws-sdk/client-iam'), client: IAMClient, abortSignal: AbortSignal) => Promise<T>,
): Promise<T | { kind: 'unknown'; reason: string }> {
  try {
    const sdk = await import('@aws-sdk/client-iam');
    return await read(sdk, await iam(), AbortSignal.timeout(timeoutMs));
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    return { kind: 'unknown', reason: name === 'TimeoutError' || name === 'AbortError' ? 'timed out' : name };
  }
}

/** Reads a group's attached policies (ListAttachedGroupPolicies), for `user-added-to-group`. */
export function iamGroupRights(iam: IamSource, timeoutMs = 1_500): GroupRightsReader {
  return (GroupName) =>
    readIam(iam, timeoutMs, async (sdk, client, abortSignal) => {
      const { AttachedPolicies = [] } = await client.send(new sdk.ListAttachedGroupPoliciesCommand({ GroupName }), {
        abortSignal,
      });
      const policies = AttachedPolicies.map((policy) => policy.PolicyArn ?? policy.PolicyName ?? '?');
      const admin = policies.filter(isAdministratorPolicyArn);
      return admin.length > 0 ? { kind: 'admin' as const, policies: admin } : { kind: 'ordinary' as const, policies };
    });
}

/** The document of one version of a managed policy (URL-encoded JSON, as IAM returns it), or why it was not read. */
export type PolicyVersionDocument = { kind: 'document'; document: string } | { kind: 'unknown'; reason: string };

export type PolicyVersionReader = (policyArn: string, versionId: string) => Promise<PolicyVersionDocument>;

/** Reads a managed policy's version (GetPolicyVersion), for `policy-default-version-changed`. */
export function iamPolicyVersion(iam: IamSource, timeoutMs = 1_500): PolicyVersionReader {
  return (PolicyArn, VersionId) =>
    readIam(iam, timeoutMs, async (sdk, client, abortSignal) => {
      const { PolicyVersion } = await client.send(new sdk.GetPolicyVersionCommand({ PolicyArn, VersionId }), {
        abortSignal,
      });
      return PolicyVersion?.Document
        ? { kind: 'document' as const, document: PolicyVersion.Document }
        : { kind: 'unknown' as const, reason: 'no document' };
    });
}
