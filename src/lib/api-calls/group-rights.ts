import type { IAMClient } from '@aws-sdk/client-iam';

/**
 * What an IAM group may do, read at alert time for `user-added-to-group`: its attached managed policies, one
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
