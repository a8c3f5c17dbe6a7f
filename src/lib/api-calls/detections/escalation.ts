import { iamConsoleUrl } from '../../console-urls.js';
import type { ApiCall } from '../api-call.js';
import { type Detection, t } from '../detection.js';
import { describeStatement, grantsAdministration, isAdministratorPolicyArn } from '../policy.js';
import { field, isTrue, items, str } from '../read.js';
import { byServiceOnBehalf, iamEntity, iamEntityUrl } from './shared.js';

/**
 * Privilege escalation without AdministratorAccess: any policy (managed, inline, a new default version) that
 * allows everything or every IAM action, a user put into a group, a permissions boundary lifted, and a role
 * passed to new compute by a principal that never did so.
 */

/** What makes the grant administration: the managed policy, or the statement of the document. */
function adminGrant(call: ApiCall): string | undefined {
  const arn = str(call.requestParameters.policyArn);
  if (arn && isAdministratorPolicyArn(arn)) return arn.replace(/^arn:[\w-]+:iam::aws:policy\//, '');
  if (call.eventName === 'CreatePolicyVersion' && !isTrue(call.requestParameters.setAsDefault)) return undefined;
  const statement = grantsAdministration(call.requestParameters.policyDocument);
  return statement ? describeStatement(statement) : undefined;
}

/** The compute a call starts with a role passed to it, and the role, when it passes one. */
function passedRole(call: ApiCall): string | undefined {
  const p = call.requestParameters;
  return (
    str(p.role) ??
    str(p.roleArn) ??
    str(p.RoleArn) ??
    str(field(p, 'iamInstanceProfile', 'arn')) ??
    str(field(p, 'iamInstanceProfile', 'name')) ??
    str(field(p, 'executionRoleArn'))
  );
}

export const ESCALATION: readonly Detection[] = [
  {
    id: 'admin-policy-granted',
    group: 'escalation',
    severity: 'high',
    title: t('Administrator access was granted', '管理者権限が付与されました'),
    why: t(
      'AdministratorAccess, IAMFullAccess or a policy allowing every action or every IAM action gives full control of the account: IAM rights grant the rest.',
      'AdministratorAccess、IAMFullAccess、またはすべての操作や IAM のすべての操作を許すポリシーは、アカウントの完全な制御を与えます（IAM の権限で残りも付与できます）。',
    ),
    action: t(
      'If this was not planned, detach the policy (or restore the previous version) and review the principal that received it.',
      '予定外であれば、ポリシーをデタッチし（または前のバージョンに戻し）、付与されたプリンシパルを確認してください。',
    ),
    pattern: {
      eventSource: ['iam.amazonaws.com'],
      eventName: [
        'AttachUserPolicy',
        'AttachGroupPolicy',
        'AttachRolePolicy',
        'PutUserPolicy',
        'PutGroupPolicy',
        'PutRolePolicy',
        'CreatePolicyVersion',
        'CreatePolicy',
      ],
    },
    matches: (call) => !!adminGrant(call),
    target: (call) => {
      const who = iamEntity(call) ?? str(call.requestParameters.policyArn) ?? str(call.requestParameters.policyName);
      const name = str(call.requestParameters.policyName);
      return [who, name && who !== name ? `policy ${name}` : undefined, adminGrant(call)].filter(Boolean).join(': ');
    },
    consoleUrl: iamEntityUrl,
    savedQuery: 'iam-changes',
  },
  {
    id: 'policy-default-version-changed',
    group: 'escalation',
    severity: 'medium',
    title: t(
      'A managed policy\u2019s default version was switched',
      '管理ポリシーのデフォルトバージョンが切り替えられました',
    ),
    why: t(
      'Switching to an older version can bring back rights that were removed: a known way to escalate with only iam:SetDefaultPolicyVersion.',
      '古いバージョンに切り替えると、削除した権限が戻ることがあります。iam:SetDefaultPolicyVersion だけで権限を昇格させる既知の手口です。',
    ),
    action: t(
      'Compare the version now in force with the previous one (IAM > Policies > Policy versions).',
      '有効になったバージョンと前のバージョンを比べてください（IAM > ポリシー > ポリシーバージョン）。',
    ),
    pattern: { eventSource: ['iam.amazonaws.com'], eventName: ['SetDefaultPolicyVersion'] },
    // The version now in force decides: one granting everything or iam:* is high; another, low; unread, medium.
    assess: async (call, readers) => {
      const arn = str(call.requestParameters.policyArn);
      const version = str(call.requestParameters.versionId);
      if (!arn || !version || !readers.policyVersion) return undefined;
      const read = await readers.policyVersion(arn, version);
      if (read.kind === 'unknown') return { severity: 'medium', note: `version not read: ${read.reason}` };
      const statement = grantsAdministration(read.document);
      return statement
        ? { severity: 'high', note: `the version grants ${describeStatement(statement)}` }
        : { severity: 'low', note: 'the version grants no administration' };
    },
    target: (call) =>
      `${str(call.requestParameters.policyArn) ?? '?'} ${str(call.requestParameters.versionId) ?? ''}`.trim(),
    savedQuery: 'iam-changes',
  },
  {
    id: 'user-added-to-group',
    group: 'escalation',
    severity: 'medium',
    title: t('A user was added to a group', 'ユーザーがグループに追加されました'),
    why: t(
      'A group\u2019s policies apply to every member: adding a user to an administrators\u2019 group is administrator access without touching a policy.',
      'グループのポリシーはメンバー全員に適用されます。管理者グループへの追加は、ポリシーに触れずに管理者権限を与えます。',
    ),
    action: t(
      'Check what the group may do (IAM > User groups > Permissions); remove the user if this was not planned.',
      'グループの権限を確認し（IAM > ユーザーグループ > 許可）、予定外ならユーザーを外してください。',
    ),
    pattern: { eventSource: ['iam.amazonaws.com'], eventName: ['AddUserToGroup'] },
    // What the group may do decides: administrator rights make it high, an ordinary group low; unread, medium.
    assess: async (call, readers) => {
      const group = str(call.requestParameters.groupName);
      if (!group || !readers.groupRights) return undefined;
      const rights = await readers.groupRights(group);
      if (rights.kind === 'admin') return { severity: 'high', note: `group holds ${rights.policies.join(', ')}` };
      if (rights.kind === 'ordinary') {
        return { severity: 'low', note: `group holds ${rights.policies.join(', ') || 'no managed policy'}` };
      }
      return { severity: 'medium', note: `group rights not read: ${rights.reason}` };
    },
    target: (call) =>
      `user/${str(call.requestParameters.userName) ?? '?'} \u2192 group/${str(call.requestParameters.groupName) ?? '?'}`,
    consoleUrl: iamEntityUrl,
    savedQuery: 'iam-changes',
  },
  {
    id: 'permissions-boundary-removed',
    group: 'escalation',
    severity: 'medium',
    title: t('A permissions boundary was removed', 'アクセス許可の境界が削除されました'),
    why: t(
      'A boundary caps what a user or role may do whatever its policies say; removing it releases every right its policies grant.',
      '境界はポリシーの内容に関係なくユーザーやロールの権限に上限を設けます。削除すると、ポリシーが与える権限がすべて有効になります。',
    ),
    action: t('If this was not planned, set the boundary again.', '予定外であれば、境界を再設定してください。'),
    pattern: {
      eventSource: ['iam.amazonaws.com'],
      eventName: ['DeleteUserPermissionsBoundary', 'DeleteRolePermissionsBoundary'],
    },
    consoleUrl: iamEntityUrl,
    savedQuery: 'iam-changes',
  },
  {
    id: 'role-passed-by-someone-new',
    group: 'escalation',
    severity: 'medium',
    title: t(
      'A role was passed to new compute by someone who never did so',
      'これまでに行ったことのないプリンシパルがロールを新しいコンピューティングに渡しました',
    ),
    why: t(
      'Passing a role to a function or an instance one controls gives oneself that role\u2019s rights: the classic iam:PassRole escalation.',
      '自分が操作できる関数やインスタンスにロールを渡せば、そのロールの権限を手にできます。iam:PassRole の典型的な昇格手口です。',
    ),
    action: t(
      'If you do not know this principal, check the role\u2019s rights and delete the function or instance it made.',
      '知らないプリンシパルなら、ロールの権限を確認し、作られた関数やインスタンスを削除してください。',
    ),
    pattern: {
      $or: [
        { eventSource: ['lambda.amazonaws.com'], eventName: [{ prefix: 'CreateFunction' }] },
        {
          eventSource: ['ec2.amazonaws.com'],
          eventName: ['RunInstances', 'AssociateIamInstanceProfile', 'ReplaceIamInstanceProfileAssociation'],
        },
        { eventSource: ['glue.amazonaws.com'], eventName: ['CreateDevEndpoint', 'CreateJob'] },
        { eventSource: ['sagemaker.amazonaws.com'], eventName: ['CreateNotebookInstance'] },
        { eventSource: ['ecs.amazonaws.com'], eventName: ['RegisterTaskDefinition'] },
      ],
    },
    matches: (call) => !byServiceOnBehalf(call) && !!passedRole(call) && call.outcome.status === 'succeeded',
    firstTimeOnly: true,
    target: (call) => {
      const made =
        str(call.requestParameters.functionName) ??
        str(call.requestParameters.notebookInstanceName) ??
        str(call.requestParameters.name) ??
        str(call.requestParameters.family) ??
        str(field(items(field(call.responseElements, 'instancesSet'))[0], 'instanceId')) ??
        call.eventName;
      return `${made} \u2190 ${passedRole(call)}`;
    },
    consoleUrl: (call) => iamConsoleUrl(call.region ?? 'us-east-1', 'roles'),
  },
];
