import { iamConsoleUrl, regionalConsoleUrl } from '../../console-urls.js';
import type { ApiCall } from '../api-call.js';
import { type Detection, t } from '../detection.js';
import { outsideGrants, policyStatements, statementPrincipals } from '../policy.js';
import { asList, field, firstStr, str } from '../read.js';
import { iamEntityUrl, isRoot, notByCloudFormation, otherUser, usesLongTermKey } from './shared.js';

/**
 * Keeping access, with back doors that outlive a password reset: users, keys and passwords for others, trusts
 * to other accounts and identity providers, Identity Center and Roles Anywhere, federation tokens from keys,
 * MFA for others, SSH keys and user data on instances, commands through SSM.
 */

const trustPolicy = (call: ApiCall) =>
  call.requestParameters.policyDocument ?? call.requestParameters.assumeRolePolicyDocument;
const roleUrl = (call: ApiCall) => {
  const role = str(call.requestParameters.roleName);
  return role ? iamConsoleUrl(call.region ?? 'us-east-1', { role }) : undefined;
};

/** The identity providers a trust policy lets assume the role (SAML, OIDC: GitHub, Google, Cognito …). */
function federatedTrust(call: ApiCall): string[] {
  return policyStatements(trustPolicy(call))
    .filter((statement) => str(statement.Effect)?.toLowerCase() === 'allow')
    .flatMap((statement) => statementPrincipals(statement).federated);
}

export const PERSISTENCE: readonly Detection[] = [
  {
    id: 'iam-user-created',
    group: 'persistence',
    severity: 'medium',
    title: t('An IAM user was created', 'IAM ユーザーが作成されました'),
    why: t(
      'A new user with its own password or keys is the most common way to keep access to an account.',
      'パスワードやキーを持つ新しいユーザーは、アカウントへのアクセスを維持する最も一般的な手段です。',
    ),
    action: t(
      'If you do not know this user, delete its keys and password, then the user.',
      '知らないユーザーなら、キーとパスワードを削除してからユーザーを削除してください。',
    ),
    pattern: { eventSource: ['iam.amazonaws.com'], eventName: ['CreateUser'] },
    consoleUrl: (call) => {
      const user = str(call.requestParameters.userName);
      return iamConsoleUrl(call.region ?? 'us-east-1', user ? { user } : 'users');
    },
    savedQuery: 'iam-changes',
  },
  {
    id: 'login-profile-for-other-user',
    group: 'persistence',
    severity: 'high',
    title: t('A console password was set for another user', '別のユーザーのコンソールパスワードが設定されました'),
    why: t(
      'Whoever sets a user\u2019s password can sign in as that user.',
      'ユーザーのパスワードを設定した人は、そのユーザーとしてサインインできます。',
    ),
    action: t(
      'If this was not planned, reset that user\u2019s password and require MFA.',
      '予定外であれば、そのユーザーのパスワードを再設定し MFA を必須にしてください。',
    ),
    pattern: { eventSource: ['iam.amazonaws.com'], eventName: ['CreateLoginProfile', 'UpdateLoginProfile'] },
    // A user changing their own password (UpdateLoginProfile for themselves, ChangePassword) is quiet.
    matches: (call) => !!otherUser(call),
    consoleUrl: iamEntityUrl,
    savedQuery: 'console-passwords',
  },
  {
    id: 'access-key-for-other-user',
    group: 'persistence',
    severity: 'high',
    title: t('An access key was created for another user', '別のユーザーのアクセスキーが作成されました'),
    why: t(
      'An access key works from anywhere and never signs in: a new key for someone else is a classic back door.',
      'アクセスキーはどこからでも使え、サインインもしません。他人用の新しいキーは典型的なバックドアです。',
    ),
    action: t(
      'If this was not planned, deactivate and delete the key.',
      '予定外であれば、キーを無効化して削除してください。',
    ),
    pattern: { eventSource: ['iam.amazonaws.com'], eventName: ['CreateAccessKey'] },
    matches: (call) => !isRoot(call) && !!otherUser(call),
    consoleUrl: iamEntityUrl,
    savedQuery: 'access-keys-created',
  },
  {
    id: 'mfa-device-for-other-user',
    group: 'persistence',
    severity: 'high',
    title: t('An MFA device was registered for another user', '別のユーザーの MFA デバイスが登録されました'),
    why: t(
      'Whoever registers a user\u2019s MFA device holds the second factor: with the password, they are that user, and the real user is locked out of MFA.',
      'ユーザーの MFA デバイスを登録した人は 2 要素目を握ります。パスワードと合わせればそのユーザーになりすませます。',
    ),
    action: t(
      'If this was not planned, deactivate the device and let the user register their own.',
      '予定外であれば、デバイスを無効化し、ユーザー本人に登録してもらってください。',
    ),
    pattern: { eventSource: ['iam.amazonaws.com'], eventName: ['EnableMFADevice'] },
    matches: (call) => !!otherUser(call),
    target: (call) =>
      `user/${str(call.requestParameters.userName)} MFA ${str(call.requestParameters.serialNumber) ?? '?'}`,
    consoleUrl: iamEntityUrl,
  },
  {
    id: 'role-trust-opened',
    group: 'persistence',
    severity: 'high',
    title: t(
      'A role can now be assumed from outside the account',
      'アカウント外からロールを引き受けられるようになりました',
    ),
    why: t(
      'A trust policy naming another account, or anyone, lets them in whenever they like, without any password.',
      '別のアカウントや誰でもを信頼するポリシーは、パスワードなしでいつでも入れるようにします。',
    ),
    action: t(
      'If you do not know that account, remove it from the role\u2019s trust policy.',
      '知らないアカウントなら、ロールの信頼ポリシーから削除してください。',
    ),
    pattern: { eventSource: ['iam.amazonaws.com'], eventName: ['UpdateAssumeRolePolicy', 'CreateRole'] },
    matches: (call, context) =>
      outsideGrants(trustPolicy(call), { accountId: call.accountId, trustedAccounts: context.trustedAccounts }).length >
      0,
    target: (call, context) => {
      const outside = outsideGrants(trustPolicy(call), {
        accountId: call.accountId,
        trustedAccounts: context.trustedAccounts,
      }).map((grant) => grant.who);
      return `role/${str(call.requestParameters.roleName) ?? '?'} \u2190 ${[...new Set(outside)].join(', ')}`;
    },
    consoleUrl: roleUrl,
    savedQuery: 'iam-changes',
  },
  {
    id: 'role-trusts-identity-provider',
    group: 'persistence',
    severity: 'medium',
    title: t(
      'A role can now be assumed through an identity provider',
      'ID プロバイダー経由でロールを引き受けられるようになりました',
    ),
    why: t(
      'A role that trusts a SAML or OIDC provider (GitHub, Google, Cognito …) can be taken by anyone that provider vouches for; a loose condition lets in strangers.',
      'SAML や OIDC プロバイダー（GitHub、Google、Cognito など）を信頼するロールは、そのプロバイダーが認めた誰でも使えます。条件が緩いと他人も入れます。',
    ),
    action: t(
      'Check the trust policy\u2019s conditions pin your own repository, audience or users.',
      '信頼ポリシーの条件が自分のリポジトリ・オーディエンス・ユーザーに限定されているか確認してください。',
    ),
    pattern: { eventSource: ['iam.amazonaws.com'], eventName: ['UpdateAssumeRolePolicy', 'CreateRole'] },
    matches: (call) => federatedTrust(call).length > 0,
    target: (call) => `role/${str(call.requestParameters.roleName) ?? '?'} \u2190 ${federatedTrust(call).join(', ')}`,
    consoleUrl: roleUrl,
    savedQuery: 'iam-changes',
  },
  {
    id: 'identity-provider-changed',
    group: 'persistence',
    severity: 'high',
    title: t(
      'A SAML or OIDC identity provider was added or changed',
      'SAML または OIDC の ID プロバイダーが追加・変更されました',
    ),
    why: t(
      'An identity provider the account trusts can mint sessions for its roles: a provider of the attacker\u2019s, or a client ID added to yours, survives every password reset.',
      'アカウントが信頼する ID プロバイダーはロールのセッションを発行できます。攻撃者のプロバイダーや追加されたクライアント ID は、パスワードを何度変えても残ります。',
    ),
    action: t(
      'If you did not do this, delete the provider (or the client ID) and check which roles trust it.',
      '心当たりがない場合は、プロバイダー（またはクライアント ID）を削除し、それを信頼するロールを確認してください。',
    ),
    pattern: {
      eventSource: ['iam.amazonaws.com'],
      eventName: [
        'CreateSAMLProvider',
        'UpdateSAMLProvider',
        'CreateOpenIDConnectProvider',
        'AddClientIDToOpenIDConnectProvider',
        'UpdateOpenIDConnectProviderThumbprint',
      ],
    },
    // IAM Identity Center keeps its own provider in every member account (AWSSSO_…_DO_NOT_DELETE).
    matches: (call) =>
      !/^AWSSSO_[0-9a-f]+_DO_NOT_DELETE$/.test(
        firstStr(call.requestParameters, 'name') ??
          str(call.requestParameters.sAMLProviderArn)?.replace(/^.*:saml-provider\//, '') ??
          '',
      ),
    target: (call) =>
      [
        firstStr(call.requestParameters, 'name', 'url', 'sAMLProviderArn', 'openIDConnectProviderArn'),
        str(call.requestParameters.clientID) && `client ID ${str(call.requestParameters.clientID)}`,
      ]
        .filter(Boolean)
        .join(' ') || `${call.eventName.replace(/^(Create|Update|Add)/, '')} (name not recorded)`,
    consoleUrl: (call) => iamConsoleUrl(call.region ?? 'us-east-1', 'identityProviders'),
    savedQuery: 'iam-changes',
  },
  {
    id: 'identity-center-source-changed',
    group: 'persistence',
    severity: 'high',
    title: t(
      'IAM Identity Center\u2019s identity source was changed',
      'IAM Identity Center の ID ソースが変更されました',
    ),
    why: t(
      'The identity source decides who may sign in to every account of the organization; pointing it at another directory or provider hands that decision to whoever runs it.',
      'ID ソースは組織のすべてのアカウントに誰がサインインできるかを決めます。別のディレクトリやプロバイダーに向けると、その判断を運営者に渡すことになります。',
    ),
    action: t(
      'If you did not do this, restore the identity source (IAM Identity Center > Settings) and review the users it brought.',
      '心当たりがない場合は、ID ソースを元に戻し（IAM Identity Center > 設定）、追加されたユーザーを確認してください。',
    ),
    pattern: {
      eventSource: ['sso.amazonaws.com', 'sso-directory.amazonaws.com'],
      eventName: [
        'AssociateDirectory',
        'DisassociateDirectory',
        'EnableExternalIdPConfigurationForDirectory',
        'DisableExternalIdPConfigurationForDirectory',
        'UpdateExternalIdPConfigurationForDirectory',
      ],
    },
    target: (call) =>
      `${call.eventName} ${firstStr(call.requestParameters, 'directoryId', 'instanceArn') ?? ''}`.trim(),
  },
  {
    id: 'identity-center-access-granted',
    group: 'persistence',
    severity: 'medium',
    title: t(
      'IAM Identity Center access to an account was granted or widened',
      'IAM Identity Center でアカウントへのアクセスが付与・拡大されました',
    ),
    why: t(
      'Permission sets and account assignments decide what each Identity Center user may do in each account; a new assignment or policy is new access.',
      '許可セットとアカウント割り当ては、各ユーザーが各アカウントで何をできるかを決めます。新しい割り当てやポリシーは新しいアクセス権です。',
    ),
    action: t(
      'Check the assignment or permission set is one you planned (IAM Identity Center > AWS accounts).',
      '予定した割り当てまたは許可セットか確認してください（IAM Identity Center > AWS アカウント）。',
    ),
    pattern: {
      eventSource: ['sso.amazonaws.com'],
      eventName: [
        'CreateAccountAssignment',
        'CreatePermissionSet',
        'PutInlinePolicyToPermissionSet',
        'AttachManagedPolicyToPermissionSet',
        'AttachCustomerManagedPolicyReferenceToPermissionSet',
      ],
    },
    target: (call) =>
      [
        firstStr(call.requestParameters, 'permissionSetArn', 'name'),
        str(call.requestParameters.managedPolicyArn),
        str(call.requestParameters.principalId) && `principal ${str(call.requestParameters.principalId)}`,
        str(call.requestParameters.targetId) && `account ${str(call.requestParameters.targetId)}`,
      ]
        .filter(Boolean)
        .join(' '),
  },
  {
    id: 'roles-anywhere-trust-anchor',
    group: 'persistence',
    severity: 'high',
    title: t(
      'IAM Roles Anywhere now trusts a certificate authority',
      'IAM Roles Anywhere が認証局を信頼するようになりました',
    ),
    why: t(
      'A trust anchor and profile let anyone holding a certificate from that authority take the profile\u2019s roles from outside AWS, with no key to rotate.',
      'トラストアンカーとプロファイルがあれば、その認証局の証明書を持つ誰でも AWS の外からプロファイルのロールを使えます。ローテーションするキーもありません。',
    ),
    action: t(
      'If you did not do this, delete the trust anchor and its profiles (IAM > Roles > Roles Anywhere).',
      '心当たりがない場合は、トラストアンカーとプロファイルを削除してください（IAM > ロール > Roles Anywhere）。',
    ),
    pattern: {
      eventSource: ['rolesanywhere.amazonaws.com'],
      eventName: ['CreateTrustAnchor', 'UpdateTrustAnchor', 'CreateProfile', 'UpdateProfile'],
    },
    target: (call) =>
      [
        call.eventName.includes('Profile') ? 'profile' : 'trust anchor',
        firstStr(call.requestParameters, 'name', 'trustAnchorId', 'profileId'),
        asList(call.requestParameters.roleArns).map(str).filter(Boolean).join(', '),
      ]
        .filter(Boolean)
        .join(' '),
    consoleUrl: (call) => regionalConsoleUrl(call.region ?? 'us-east-1', { service: 'rolesanywhere' }),
  },
  {
    id: 'federation-token-from-key',
    group: 'persistence',
    severity: 'high',
    title: t(
      'A long-term access key was turned into a federated session',
      '長期のアクセスキーからフェデレーションセッションが作られました',
    ),
    why: t(
      'GetFederationToken gives a session that lives on for up to 36 hours after the key is deleted, and can open the console: a leaked key\u2019s way to stay in.',
      'GetFederationToken のセッションはキーを削除しても最長 36 時間残り、コンソールも開けます。漏えいしたキーが居座る手口です。',
    ),
    action: t(
      'If this was not you, deactivate the key and attach a deny-all policy to the user: that also ends its federated sessions.',
      '心当たりがない場合は、キーを無効化し、ユーザーに全拒否ポリシーをアタッチしてください。これでフェデレーションセッションも止まります。',
    ),
    pattern: { eventSource: ['sts.amazonaws.com'], eventName: ['GetFederationToken'] },
    matches: usesLongTermKey,
    target: (call) =>
      `federated user ${str(call.requestParameters.name) ?? '?'} from key ${call.principal.accessKeyId}`,
  },
  {
    id: 'mfa-deactivated',
    group: 'persistence',
    severity: 'medium',
    title: t('An MFA device was deactivated or deleted', 'MFA デバイスが無効化または削除されました'),
    why: t(
      'Without MFA, a stolen password is enough to sign in as that user.',
      'MFA がなければ、盗まれたパスワードだけでそのユーザーとしてサインインできます。',
    ),
    action: t(
      'If this was not planned, assign a new MFA device to the user.',
      '予定外であれば、ユーザーに新しい MFA デバイスを割り当ててください。',
    ),
    pattern: { eventSource: ['iam.amazonaws.com'], eventName: ['DeactivateMFADevice', 'DeleteVirtualMFADevice'] },
    matches: (call) => !isRoot(call),
    target: (call) =>
      [
        str(call.requestParameters.userName) && `user/${str(call.requestParameters.userName)}`,
        str(call.requestParameters.serialNumber),
      ]
        .filter(Boolean)
        .join(' '),
    savedQuery: 'iam-changes',
  },
  {
    id: 'password-policy-deleted',
    group: 'persistence',
    severity: 'medium',
    title: t('The account password policy was deleted', 'アカウントのパスワードポリシーが削除されました'),
    why: t(
      'Without it, IAM users may choose short passwords that are easy to guess.',
      'ポリシーがないと、IAM ユーザーが推測しやすい短いパスワードを選べます。',
    ),
    action: t(
      'Set a password policy again (IAM > Account settings).',
      'パスワードポリシーを再設定してください（IAM > アカウント設定）。',
    ),
    pattern: { eventSource: ['iam.amazonaws.com'], eventName: ['DeleteAccountPasswordPolicy'] },
    target: () => 'account password policy',
    consoleUrl: (call) => iamConsoleUrl(call.region ?? 'us-east-1', 'accountSettings'),
    savedQuery: 'iam-changes',
  },
  {
    id: 'instance-user-data-changed',
    group: 'persistence',
    severity: 'high',
    title: t('An instance\u2019s user data was replaced', 'インスタンスのユーザーデータが置き換えられました'),
    why: t(
      'User data runs as root when the instance starts: replacing it and restarting the instance runs the attacker\u2019s script with the instance\u2019s role.',
      'ユーザーデータはインスタンス起動時に root で実行されます。置き換えて再起動すれば、攻撃者のスクリプトがインスタンスのロールで動きます。',
    ),
    action: t(
      'If you did not do this, stop the instance, read its user data (Actions > Instance settings), and restore it.',
      '心当たりがない場合は、インスタンスを停止し、ユーザーデータを確認して（アクション > インスタンスの設定）元に戻してください。',
    ),
    pattern: { eventSource: ['ec2.amazonaws.com'], eventName: ['ModifyInstanceAttribute'] },
    matches: (call) =>
      call.requestParameters.userData !== undefined || field(call.requestParameters, 'attribute') === 'userData',
    target: (call) => `instance ${str(call.requestParameters.instanceId) ?? '?'} userData`,
    consoleUrl: (call) => regionalConsoleUrl(call.region ?? 'us-east-1', { instances: true }),
  },
  {
    id: 'serial-console-enabled',
    group: 'persistence',
    severity: 'high',
    title: t('EC2 serial console access was enabled', 'EC2 シリアルコンソールへのアクセスが有効化されました'),
    why: t(
      'The serial console reaches an instance\u2019s login prompt without its network, security groups or SSH keys.',
      'シリアルコンソールは、ネットワークやセキュリティグループ、SSH キーを通さずにインスタンスのログインプロンプトへ到達します。',
    ),
    action: t(
      'If you do not need it, disable it again (EC2 > Settings > EC2 Serial Console).',
      '不要であれば再度無効にしてください（EC2 > 設定 > EC2 シリアルコンソール）。',
    ),
    pattern: { eventSource: ['ec2.amazonaws.com'], eventName: ['EnableSerialConsoleAccess'] },
    target: (call) => `region ${call.region ?? '?'}`,
  },
  {
    id: 'ssh-key-pushed',
    group: 'persistence',
    severity: 'medium',
    title: t(
      'An SSH key was pushed to an instance by someone new to it',
      'これまでに使ったことのないプリンシパルがインスタンスへ SSH キーを送りました',
    ),
    why: t(
      'EC2 Instance Connect and the serial console accept a key for 60 seconds: enough to log in as the instance\u2019s user with no key pair of yours.',
      'EC2 Instance Connect とシリアルコンソールは鍵を 60 秒受け付けます。自分のキーペアがなくてもインスタンスのユーザーでログインできます。',
    ),
    action: t(
      'If you do not know this principal, remove its ec2-instance-connect permissions and look at what it did on the instance.',
      '知らないプリンシパルなら ec2-instance-connect の権限を外し、インスタンス上で何をしたか確認してください。',
    ),
    pattern: {
      eventSource: ['ec2-instance-connect.amazonaws.com'],
      eventName: ['SendSSHPublicKey', 'SendSerialConsoleSSHPublicKey'],
    },
    firstTimeOnly: true,
    target: (call) =>
      `instance ${str(call.requestParameters.instanceId) ?? '?'}${str(call.requestParameters.instanceOSUser) ? ` as ${str(call.requestParameters.instanceOSUser)}` : ''}`,
  },
  {
    id: 'key-pair-imported',
    group: 'persistence',
    severity: 'low',
    title: t('An SSH key pair was imported', 'SSH キーペアがインポートされました'),
    why: t(
      'An imported key pair lets its holder log in to every instance launched with it.',
      'インポートされたキーペアの持ち主は、それで起動したすべてのインスタンスにログインできます。',
    ),
    action: t(
      'If you do not know the key, delete the key pair and check which instances use it.',
      '知らない鍵なら、キーペアを削除し、それを使うインスタンスを確認してください。',
    ),
    pattern: { eventSource: ['ec2.amazonaws.com'], eventName: ['ImportKeyPair'] },
    target: (call) => `key pair ${str(call.requestParameters.keyName) ?? '?'}`,
  },
  {
    id: 'ssm-command-by-someone-new',
    group: 'persistence',
    severity: 'medium',
    title: t(
      'Commands were run on instances through SSM by someone new to it',
      'これまでに使ったことのないプリンシパルが SSM でインスタンス上のコマンドを実行しました',
    ),
    why: t(
      'SendCommand and StartSession run commands as root on the instances, with their roles, without SSH: routine for a few, and a way in for a stolen key.',
      'SendCommand と StartSession は SSH なしでインスタンス上で root としてロールの権限でコマンドを実行します。一部の人には日常ですが、盗まれたキーの侵入口にもなります。',
    ),
    action: t(
      'If you do not know this principal, look at the commands (Systems Manager > Run Command, Session Manager history) and remove its ssm permissions.',
      '知らないプリンシパルなら、コマンドを確認し（Systems Manager > Run Command、Session Manager の履歴）、ssm の権限を外してください。',
    ),
    pattern: { eventSource: ['ssm.amazonaws.com'], eventName: ['SendCommand', 'StartSession'] },
    firstTimeOnly: true,
    target: (call) => {
      const p = call.requestParameters;
      const instances = [...asList(p.instanceIds), ...asList(p.target)].map(str).filter(Boolean);
      return [str(p.documentName), instances.length > 0 ? `on ${instances.slice(0, 5).join(', ')}` : undefined]
        .filter(Boolean)
        .join(' ');
    },
    consoleUrl: (call) => regionalConsoleUrl(call.region ?? 'us-east-1', { service: 'systems-manager', fragment: '' }),
  },
  {
    id: 'lambda-layer-added',
    group: 'persistence',
    severity: 'medium',
    title: t('A layer was added to a Lambda function', 'Lambda 関数にレイヤーが追加されました'),
    why: t(
      'A layer\u2019s code, or an extension inside it, runs in the function with its role and sees every request: a quiet back door.',
      'レイヤーのコードやその中の拡張機能は関数のロールで動き、すべてのリクエストを見ます。静かなバックドアです。',
    ),
    action: t(
      'If you did not do this, remove the layer from the function and check where the layer comes from.',
      '心当たりがない場合は、関数からレイヤーを外し、レイヤーの出どころを確認してください。',
    ),
    pattern: { eventSource: ['lambda.amazonaws.com'], eventName: [{ prefix: 'UpdateFunctionConfiguration' }] },
    matches: (call) => notByCloudFormation(call) && asList(call.requestParameters.layers).length > 0,
    target: (call) =>
      `function ${str(call.requestParameters.functionName) ?? '?'} + ${asList(call.requestParameters.layers)
        .map((layer) => str(layer) ?? str(field(layer, 'arn')))
        .filter(Boolean)
        .join(', ')}`,
  },
  {
    id: 'lambda-code-replaced-by-someone-new',
    group: 'persistence',
    severity: 'medium',
    title: t(
      'A Lambda function\u2019s code was replaced by someone new to it',
      'これまでに使ったことのないプリンシパルが Lambda 関数のコードを置き換えました',
    ),
    why: t(
      'New code runs with the function\u2019s role on its next request; a deploy tool does this all day, a stolen key does it once.',
      '新しいコードは次のリクエストから関数のロールで動きます。デプロイツールなら日常ですが、盗まれたキーは一度だけ行います。',
    ),
    action: t(
      'If you do not know this principal, restore the previous version of the function and look at its role\u2019s recent calls.',
      '知らないプリンシパルなら、関数を前のバージョンに戻し、ロールの最近の呼び出しを確認してください。',
    ),
    pattern: { eventSource: ['lambda.amazonaws.com'], eventName: [{ prefix: 'UpdateFunctionCode' }] },
    matches: notByCloudFormation,
    firstTimeOnly: true,
    target: (call) => `function ${str(call.requestParameters.functionName) ?? '?'}`,
  },
];
