import type { IAMClient } from '@aws-sdk/client-iam';

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

/** AWS managed policies that amount to administration: everything, or every IAM action (which grants the rest). */
const ADMIN_POLICIES = /:policy\/(AdministratorAccess|IAMFullAccess)$/;

/**
 * Reads a group's attached policies with the client `iam` gives; never throws (unknown, with the reason). The
 * client comes from a function, and the IAM module is imported on first use: few alerts need it, and every
 * cold start would pay for loading it.
 */
export function iamGroupRights(iam: () => IAMClient | Promise<IAMClient>, timeoutMs = 1_500): GroupRightsReader {
  return async (GroupName) => {
    try {
      const { ListAttachedGroupPoliciesCommand } = await import('@aws-sdk/client-iam');
      const client = await iam();
      const { AttachedPolicies = [] } = await client.send(new ListAttachedGroupPoliciesCommand({ GroupName }), {
        abortSignal: AbortSignal.timeout(timeoutMs),
      });
      const policies = AttachedPolicies.map((policy) => policy.PolicyArn ?? policy.PolicyName ?? '?');
      const admin = policies.filter((arn) => ADMIN_POLICIES.test(arn));
      return admin.length > 0 ? { kind: 'admin', policies: admin } : { kind: 'ordinary', policies };
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      return { kind: 'unknown', reason: name === 'TimeoutError' || name === 'AbortError' ? 'timed out' : name };
    }
  };
}

/** The document of one version of a managed policy (URL-encoded JSON, as IAM returns it), or why it was not read. */
export type PolicyVersionDocument = { kind: 'document'; document: string } | { kind: 'unknown'; reason: string };

export type PolicyVersionReader = (policyArn: string, versionId: string) => Promise<PolicyVersionDocument>;

/** Reads a managed policy's version (GetPolicyVersion), for `policy-default-version-changed`; never throws. */
export function iamPolicyVersion(iam: () => IAMClient | Promise<IAMClient>, timeoutMs = 1_500): PolicyVersionReader {
  return async (PolicyArn, VersionId) => {
    try {
      const { GetPolicyVersionCommand } = await import('@aws-sdk/client-iam');
      const client = await iam();
      const { PolicyVersion } = await client.send(new GetPolicyVersionCommand({ PolicyArn, VersionId }), {
        abortSignal: AbortSignal.timeout(timeoutMs),
      });
      return PolicyVersion?.Document
        ? { kind: 'document', document: PolicyVersion.Document }
        : { kind: 'unknown', reason: 'no document' };
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      return { kind: 'unknown', reason: name === 'TimeoutError' || name === 'AbortError' ? 'timed out' : name };
    }
  };
}
