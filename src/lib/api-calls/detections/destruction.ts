import { regionalConsoleUrl } from '../../console-urls.js';
import type { ApiCall } from '../api-call.js';
import { type Detection, t } from '../detection.js';
import { asList, field, firstStr, isTrue, items, str } from '../read.js';

/**
 * Destruction, and removal of the way back: keys scheduled for deletion, databases without a final snapshot,
 * backups, recovery points and Recycle Bin rules removed, versioning suspended and objects set to expire,
 * buckets deleted, many snapshots or volumes deleted in a burst, an account closed.
 */

/** The lifecycle rules of a PutBucketLifecycle that expire objects: "expire after 1 day (prefix logs/)". */
function expiringRules(call: ApiCall): string[] {
  const configuration = field(call.requestParameters, 'LifecycleConfiguration');
  return asList(field(configuration, 'Rule'))
    .filter((rule) => str(field(rule, 'Status')) !== 'Disabled')
    .map((rule) => {
      const expiration = field(rule, 'Expiration') ?? field(rule, 'NoncurrentVersionExpiration');
      const days = field(expiration, 'Days') ?? field(expiration, 'NoncurrentDays');
      const date = str(field(expiration, 'Date'));
      if (days === undefined && !date) return undefined;
      const prefix = str(field(rule, 'Prefix')) ?? str(field(rule, 'Filter', 'Prefix'));
      return `expire after ${date ?? `${String(days)} day(s)`}${prefix ? ` (prefix ${prefix})` : ''}`;
    })
    .filter((rule): rule is string => !!rule);
}

const databaseName = (call: ApiCall) =>
  firstStr(
    call.requestParameters,
    'dBInstanceIdentifier',
    'dBClusterIdentifier',
    'dbiResourceId',
    'dbClusterResourceId',
  );

export const DESTRUCTION: readonly Detection[] = [
  {
    id: 'kms-key-deletion',
    group: 'destruction',
    severity: 'high',
    title: t('A KMS key was disabled or scheduled for deletion', 'KMS キーが無効化または削除予定にされました'),
    why: t(
      'Everything encrypted with the key (volumes, snapshots, buckets, secrets, backups) becomes unreadable when it is disabled, and lost for good once it is deleted.',
      'そのキーで暗号化されたもの（ボリューム、スナップショット、バケット、シークレット、バックアップ）は、無効化で読めなくなり、削除されると永久に失われます。',
    ),
    action: t(
      'If you did not do this, cancel the deletion or enable the key now (KMS > Customer managed keys > Key actions).',
      '心当たりがない場合は、すぐに削除を取り消すかキーを有効にしてください（KMS > カスタマー管理型のキー > キーのアクション）。',
    ),
    pattern: {
      eventSource: ['kms.amazonaws.com'],
      eventName: ['ScheduleKeyDeletion', 'DisableKey', 'DeleteImportedKeyMaterial'],
    },
    target: (call) => {
      const days = call.requestParameters.pendingWindowInDays;
      return `key ${str(call.requestParameters.keyId) ?? '?'}${typeof days === 'number' ? `, deleted in ${days} days` : ''}`;
    },
    consoleUrl: (call) => regionalConsoleUrl(call.region ?? 'us-east-1', { service: 'kms', fragment: '/kms/keys' }),
  },
  {
    id: 'database-deleted-without-snapshot',
    group: 'destruction',
    severity: 'high',
    title: t(
      'A database was deleted without a final snapshot',
      '最終スナップショットなしでデータベースが削除されました',
    ),
    why: t(
      'Without a final snapshot (or with its automated backups deleted too), the data is gone once the deletion finishes.',
      '最終スナップショットなしで（または自動バックアップも削除して）消すと、削除が終わった時点でデータは失われます。',
    ),
    action: t(
      'If you did not do this, look for a manual snapshot or an AWS Backup recovery point now, before they are removed too.',
      '心当たりがない場合は、手動スナップショットや AWS Backup の復旧ポイントがないか、それらも消される前にすぐ確認してください。',
    ),
    pattern: { eventSource: ['rds.amazonaws.com'], eventName: ['DeleteDBInstance', 'DeleteDBCluster'] },
    matches: (call) =>
      isTrue(call.requestParameters.skipFinalSnapshot) || isTrue(call.requestParameters.deleteAutomatedBackups),
    target: (call) =>
      `database ${databaseName(call) ?? '?'}${isTrue(call.requestParameters.skipFinalSnapshot) ? ' skipFinalSnapshot' : ''}${
        isTrue(call.requestParameters.deleteAutomatedBackups) ? ' deleteAutomatedBackups' : ''
      }`,
    consoleUrl: (call) => regionalConsoleUrl(call.region ?? 'us-east-1', { service: 'rds', fragment: 'databases:' }),
  },
  {
    id: 'backups-deleted',
    group: 'destruction',
    severity: 'high',
    title: t('Backups or their protection were removed', 'バックアップまたはその保護が削除されました'),
    why: t(
      'Deleting automated backups, recovery points, vaults, plans or their locks removes the way back: ransomware does it before it encrypts.',
      '自動バックアップ・復旧ポイント・ボールト・プラン・ロックの削除は、元に戻す手段をなくします。ランサムウェアは暗号化の前にこれを行います。',
    ),
    action: t(
      'If you did not do this, check AWS Backup and RDS automated backups now, and restrict who may delete them (a vault lock).',
      '心当たりがない場合は、すぐに AWS Backup と RDS の自動バックアップを確認し、削除できる人を制限してください（ボールトロック）。',
    ),
    pattern: {
      $or: [
        {
          eventSource: ['rds.amazonaws.com'],
          eventName: ['DeleteDBInstanceAutomatedBackup', 'DeleteDBClusterAutomatedBackup'],
        },
        {
          eventSource: ['backup.amazonaws.com'],
          eventName: [
            'DeleteBackupVault',
            'DeleteBackupPlan',
            'DeleteRecoveryPoint',
            'DeleteBackupVaultLockConfiguration',
            'DeleteBackupSelection',
          ],
        },
      ],
    },
    target: (call) =>
      firstStr(
        call.requestParameters,
        'recoveryPointArn',
        'backupVaultName',
        'backupPlanId',
        'dbiResourceId',
        'dbClusterResourceId',
        'dBInstanceAutomatedBackupsArn',
      ),
    consoleUrl: (call) => regionalConsoleUrl(call.region ?? 'us-east-1', { service: 'backup' }),
  },
  {
    id: 'recycle-bin-rule-removed',
    group: 'destruction',
    severity: 'high',
    title: t('A Recycle Bin rule was deleted or unlocked', 'ごみ箱のルールが削除またはロック解除されました'),
    why: t(
      'Recycle Bin keeps deleted snapshots and images for a while; without its rule, deleted ones are gone at once.',
      'ごみ箱は削除されたスナップショットやイメージをしばらく保持します。ルールがなくなると、削除したものは即座に消えます。',
    ),
    action: t(
      'If you did not do this, recreate the rule and lock it.',
      '心当たりがない場合は、ルールを作り直してロックしてください。',
    ),
    pattern: { eventSource: ['rbin.amazonaws.com'], eventName: ['DeleteRule', 'UnlockRule', 'UpdateRule'] },
    matches: (call) =>
      call.eventName !== 'UpdateRule' ||
      typeof field(call.requestParameters, 'RetentionPeriod', 'RetentionPeriodValue') === 'number',
    target: (call) => `rule ${firstStr(call.requestParameters, 'Identifier', 'identifier') ?? '?'}`,
  },
  {
    id: 'bucket-versioning-suspended',
    group: 'destruction',
    severity: 'medium',
    title: t(
      'Versioning or MFA delete was turned off on a bucket',
      'バケットのバージョニングまたは MFA 削除が無効化されました',
    ),
    why: t(
      'Versioning keeps every overwritten or deleted object; suspending it means the next overwrite or delete cannot be undone.',
      'バージョニングは上書き・削除されたオブジェクトを残します。停止すると次の上書きや削除は元に戻せません。',
    ),
    action: t(
      'If you did not do this, enable versioning again (bucket > Properties > Bucket Versioning).',
      '心当たりがない場合は、バージョニングを再度有効にしてください（バケット > プロパティ > バケットのバージョニング）。',
    ),
    pattern: { eventSource: ['s3.amazonaws.com'], eventName: ['PutBucketVersioning'] },
    matches: (call) => {
      const configuration = field(call.requestParameters, 'VersioningConfiguration');
      const status = str(field(configuration, 'Status'));
      // "Suspended" is S3's word; some clients record "Disabled".
      return (!!status && status !== 'Enabled') || str(field(configuration, 'MfaDelete')) === 'Disabled';
    },
    target: (call) => {
      const configuration = field(call.requestParameters, 'VersioningConfiguration');
      return `bucket ${str(call.requestParameters.bucketName) ?? '?'}: ${[
        str(field(configuration, 'Status')) && `Status ${str(field(configuration, 'Status'))}`,
        str(field(configuration, 'MfaDelete')) && `MfaDelete ${str(field(configuration, 'MfaDelete'))}`,
      ]
        .filter(Boolean)
        .join(', ')}`;
    },
  },
  {
    id: 'bucket-objects-set-to-expire',
    group: 'destruction',
    severity: 'medium',
    title: t(
      'A lifecycle rule now deletes a bucket\u2019s objects',
      'バケットのオブジェクトを削除するライフサイクルルールが追加されました',
    ),
    why: t(
      'An expiration rule deletes objects without a single delete call: a short one empties the bucket overnight.',
      '有効期限のルールは削除操作なしでオブジェクトを消します。短い期限ならバケットは一晩で空になります。',
    ),
    action: t(
      'If you did not do this, remove the rule (bucket > Management > Lifecycle rules).',
      '心当たりがない場合は、ルールを削除してください（バケット > 管理 > ライフサイクルルール）。',
    ),
    pattern: { eventSource: ['s3.amazonaws.com'], eventName: ['PutBucketLifecycle'] },
    // The trail's own bucket has a detection of its own (trail-bucket-changed), which says more.
    matches: (call, context) =>
      expiringRules(call).length > 0 && str(call.requestParameters.bucketName) !== context.trailBucket,
    target: (call) =>
      `bucket ${str(call.requestParameters.bucketName) ?? '?'}: ${expiringRules(call).slice(0, 2).join('; ')}`,
  },
  {
    id: 'bucket-deleted',
    group: 'destruction',
    severity: 'medium',
    title: t('A bucket was deleted', 'バケットが削除されました'),
    why: t(
      'A deleted bucket\u2019s name can be taken by anyone, and whatever still writes to it (logs, exports, a website) then writes to them.',
      '削除されたバケット名は誰でも取得でき、まだそこへ書き込むもの（ログ、エクスポート、ウェブサイト）は取得した人に書き込むことになります。',
    ),
    action: t(
      'If you did not do this, check what wrote to the bucket and recreate it if anything still does.',
      '心当たりがない場合は、そのバケットに書き込んでいたものを確認し、まだあるならバケットを作り直してください。',
    ),
    pattern: { eventSource: ['s3.amazonaws.com'], eventName: ['DeleteBucket'] },
    matches: (call, context) => str(call.requestParameters.bucketName) !== context.trailBucket,
  },
  {
    id: 'secret-deleted-without-recovery',
    group: 'destruction',
    severity: 'high',
    title: t('A secret was deleted with no recovery window', '復旧期間なしでシークレットが削除されました'),
    why: t(
      'ForceDeleteWithoutRecovery skips the 7 to 30 days in which a deleted secret can be restored: whatever used it stops at once.',
      'ForceDeleteWithoutRecovery は、削除したシークレットを復元できる 7〜30 日を飛ばします。それを使うものはすぐに止まります。',
    ),
    action: t(
      'If you did not do this, rotate whatever the secret protected and find who could delete it.',
      '心当たりがない場合は、そのシークレットが守っていたものをローテーションし、削除できた人を調べてください。',
    ),
    pattern: { eventSource: ['secretsmanager.amazonaws.com'], eventName: ['DeleteSecret'] },
    matches: (call) => isTrue(call.requestParameters.forceDeleteWithoutRecovery),
  },
  {
    id: 'mass-deletion',
    group: 'destruction',
    severity: 'high',
    title: t(
      'Many snapshots, volumes, backups or objects were deleted',
      '多数のスナップショット・ボリューム・バックアップ・オブジェクトが削除されました',
    ),
    why: t(
      'Deleting one after another in a few minutes is how an attacker destroys the data and its copies (S3 objects only when the trail records data events).',
      '数分のうちに次々と削除するのは、攻撃者がデータとその複製を破壊するやり方です（S3 のオブジェクトは証跡がデータイベントを記録する場合のみ）。',
    ),
    action: t(
      'If you do not recognise this, deactivate the principal\u2019s keys or sessions now and check Recycle Bin and AWS Backup for what can be restored.',
      '心当たりがない場合は、すぐにプリンシパルのキーやセッションを無効化し、ごみ箱と AWS Backup で復元できるものを確認してください。',
    ),
    pattern: {
      $or: [
        { eventSource: ['ec2.amazonaws.com'], eventName: ['DeleteSnapshot', 'DeleteVolume', 'DeregisterImage'] },
        { eventSource: ['rds.amazonaws.com'], eventName: ['DeleteDBSnapshot', 'DeleteDBClusterSnapshot'] },
        { eventSource: ['dynamodb.amazonaws.com'], eventName: ['DeleteBackup', 'DeleteTable'] },
        { eventSource: ['s3.amazonaws.com'], eventName: ['DeleteObject', 'DeleteObjects'] },
      ],
    },
    matches: (call) => call.outcome.status === 'succeeded',
    countFrom: 10,
    target: (call) =>
      firstStr(
        call.requestParameters,
        'snapshotId',
        'volumeId',
        'imageId',
        'dBSnapshotIdentifier',
        'backupArn',
        'tableName',
      ) ??
      (str(call.requestParameters.bucketName)
        ? `bucket ${str(call.requestParameters.bucketName)} (${items(field(call.requestParameters, 'Delete', 'Object')).length || 1} object(s))`
        : undefined),
  },
  {
    id: 'account-closed',
    group: 'destruction',
    severity: 'critical',
    title: t('An account was closed or removed from the organization', 'アカウントが解約または組織から削除されました'),
    why: t(
      'A closed account stops its workloads and, after 90 days, deletes its resources for good; one removed from the organization leaves its guardrails and logging behind.',
      '解約されたアカウントはワークロードが止まり、90 日後にリソースが完全に削除されます。組織から外されたアカウントはガードレールとログ管理から外れます。',
    ),
    action: t(
      'If you did not do this, contact AWS Support now: a closed account can be reopened within 90 days.',
      '心当たりがない場合は、すぐに AWS サポートへ連絡してください。解約したアカウントは 90 日以内なら再開できます。',
    ),
    pattern: {
      eventSource: ['organizations.amazonaws.com'],
      eventName: ['CloseAccount', 'RemoveAccountFromOrganization'],
    },
    target: (call) => `account ${str(call.requestParameters.accountId) ?? '?'}`,
  },
];
