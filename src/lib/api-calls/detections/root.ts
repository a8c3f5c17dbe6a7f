import { iamConsoleUrl } from '../../console-urls.js';
import { type Detection, t } from '../detection.js';
import { field, str } from '../read.js';
import { byServiceOnBehalf, otherUser } from './shared.js';

/** The root user: its keys, its MFA, and anything it changes. */

export const ROOT: readonly Detection[] = [
  {
    id: 'root-access-key-created',
    group: 'root',
    severity: 'critical',
    title: t('An access key was created for the root user', 'ルートユーザーのアクセスキーが作成されました'),
    why: t(
      'A root access key can do anything in the account from anywhere, without MFA. AWS recommends never having one.',
      'ルートのアクセスキーは、MFA なしでどこからでもアカウントのあらゆる操作ができます。AWS は持たないことを推奨しています。',
    ),
    action: t(
      'Delete it now (account menu > Security credentials > Access keys) unless you know exactly why it exists.',
      '存在理由がはっきりしない限り、すぐに削除してください（アカウントメニュー > セキュリティ認証情報 > アクセスキー）。',
    ),
    pattern: { eventSource: ['iam.amazonaws.com'], eventName: ['CreateAccessKey'], userIdentity: { type: ['Root'] } },
    matches: (call) => !str(call.requestParameters.userName),
    target: (call) => {
      const key = str((call.responseElements.accessKey as { accessKeyId?: unknown } | undefined)?.accessKeyId);
      return key ? `root key ${key}` : 'root';
    },
    consoleUrl: (call) => iamConsoleUrl(call.region ?? 'us-east-1', 'rootCredentials'),
    savedQuery: 'access-keys-created',
  },
  {
    id: 'root-mfa-removed',
    group: 'root',
    severity: 'critical',
    title: t('The root user\u2019s MFA device was removed', 'ルートユーザーの MFA デバイスが削除されました'),
    why: t(
      'Without MFA, the root password alone opens the whole account.',
      'MFA がなければ、ルートのパスワードだけでアカウント全体が開きます。',
    ),
    action: t(
      'Assign an MFA device to the root user now (account menu > Security credentials).',
      'すぐにルートユーザーへ MFA デバイスを割り当ててください（アカウントメニュー > セキュリティ認証情報）。',
    ),
    pattern: {
      eventSource: ['iam.amazonaws.com'],
      eventName: ['DeactivateMFADevice', 'DeleteVirtualMFADevice'],
      userIdentity: { type: ['Root'] },
    },
    matches: (call) => !otherUser(call) && !/:mfa\/(?!root)/.test(str(call.requestParameters.serialNumber) ?? ''),
    target: (call) => str(call.requestParameters.serialNumber),
    consoleUrl: (call) => iamConsoleUrl(call.region ?? 'us-east-1', 'rootCredentials'),
  },
  {
    id: 'root-session-assumed',
    group: 'root',
    severity: 'high',
    title: t('A root session was taken for a member account', 'メンバーアカウントのルートセッションが取得されました'),
    why: t(
      'AssumeRoot gives a short root session in another account of the organization: everything root can do, without its password or MFA.',
      'AssumeRoot は組織内の別アカウントの短時間のルートセッションを与えます。パスワードも MFA もなしにルートのすべての操作ができます。',
    ),
    action: t(
      'Check who called it and which task policy it used; remove the permission from anyone who should not have it.',
      '誰がどのタスクポリシーで呼び出したか確認し、持つべきでない人から権限を外してください。',
    ),
    pattern: { eventSource: ['sts.amazonaws.com'], eventName: ['AssumeRoot'] },
    target: (call) =>
      [str(call.requestParameters.targetPrincipal), str(field(call.requestParameters, 'taskPolicyArn', 'arn'))]
        .filter(Boolean)
        .join(' '),
  },
  {
    id: 'root-write',
    group: 'root',
    severity: 'high',
    title: t('The root user changed something', 'ルートユーザーが変更操作を行いました'),
    why: t(
      'The root user can do anything, including closing the account; day-to-day work should never need it.',
      'ルートユーザーはアカウントの解約を含めあらゆる操作ができます。日常の作業で使う必要はありません。',
    ),
    action: t(
      'If this was not you, reset the root password, check its MFA, and review what this session did.',
      '心当たりがない場合は、ルートのパスワードを再設定し、MFA を確認し、このセッションの操作を確認してください。',
    ),
    // Root calls are rare enough to take them all at the rule; reads are left out here (and, unless the rule
    // opts in, EventBridge does not deliver read-only calls at all). A call an AWS service made on root's behalf
    // (invokedBy: CloudFormation, Auto Scaling …) is the service at work, not root changing something.
    pattern: { userIdentity: { type: ['Root'] } },
    matches: (call) =>
      call.readOnly !== true &&
      !byServiceOnBehalf(call) &&
      !/^(Get|List|Describe|Head|Lookup|Search)/.test(call.eventName),
    savedQuery: 'root-activity',
  },
];
