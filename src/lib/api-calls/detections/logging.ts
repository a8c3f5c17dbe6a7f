import { regionalConsoleUrl } from '../../console-urls.js';
import type { ApiCall } from '../api-call.js';
import { type Detection, t } from '../detection.js';
import { asList, field, firstStr, isFalse, items, str } from '../read.js';

/** Logging turned off or blinded: the trail, its bucket, flow logs, DNS query logs, bucket and model logs. */

const trails = (call: ApiCall) => regionalConsoleUrl(call.region ?? 'us-east-1', { trails: true });
const trailName = (call: ApiCall) => firstStr(call.requestParameters, 'name', 'trailName');

/**
 * What a trail change weakens, in CloudTrail's own words: selectors that drop management events (all of them, or
 * the writes, or some sources), or an UpdateTrail that narrows the trail. Empty for a change that records as
 * much as before or more (every management event, read and write), which is quiet.
 */
function trailWeakenings(call: ApiCall): string[] {
  const p = call.requestParameters;
  if (call.eventName === 'DeleteEventDataStore') return ['event data store deleted'];
  if (call.eventName === 'UpdateTrail') {
    const found: string[] = [];
    if (isFalse(p.isMultiRegionTrail)) found.push('isMultiRegionTrail false');
    if (isFalse(p.includeGlobalServiceEvents)) found.push('includeGlobalServiceEvents false');
    if (str(p.s3BucketName)) found.push(`s3BucketName ${str(p.s3BucketName)}`);
    if (str(p.kmsKeyId)) found.push(`kmsKeyId ${str(p.kmsKeyId)}`);
    if (str(p.s3KeyPrefix) !== undefined) found.push(`s3KeyPrefix ${str(p.s3KeyPrefix)}`);
    if (isFalse(p.enableLogFileValidation)) found.push('enableLogFileValidation false');
    // An UpdateTrail that names nothing it narrows (tags, SNS topic, CloudWatch Logs) still deserves a look.
    return found.length > 0 ? found : ['trail settings changed'];
  }
  const found: string[] = [];
  const selectors = items(p.eventSelectors);
  for (const selector of selectors) {
    if (isFalse(field(selector, 'includeManagementEvents'))) found.push('includeManagementEvents false');
    const readWrite = str(field(selector, 'readWriteType'));
    if (readWrite && readWrite !== 'All') found.push(`readWriteType ${readWrite}`);
    const excluded = items(field(selector, 'excludeManagementEventSources'));
    if (excluded.length > 0) found.push(`excludeManagementEventSources ${excluded.join(', ')}`);
  }
  const advanced = items(p.advancedEventSelectors);
  const recordsManagement = advanced.some((selector) =>
    items(field(selector, 'fieldSelectors')).some(
      (fieldSelector) =>
        str(field(fieldSelector, 'field')) === 'eventCategory' &&
        items(field(fieldSelector, 'equals')).includes('Management') &&
        !items(field(selector, 'fieldSelectors')).some((other) => str(field(other, 'field')) === 'readOnly'),
    ),
  );
  if (advanced.length > 0 && !recordsManagement) found.push('advanced selectors without all management events');
  if (selectors.length === 0 && advanced.length === 0) found.push('no event selectors');
  return found;
}

export const LOGGING: readonly Detection[] = [
  {
    id: 'cloudtrail-stopped',
    group: 'logging',
    severity: 'high',
    title: t('CloudTrail logging stopped', 'CloudTrail のログ記録が停止されました'),
    why: t(
      'A stopped trail records nothing more: this is often the first step of someone hiding what they do next.',
      '停止した証跡はそれ以降何も記録しません。これから行う操作を隠すための最初の一手であることがよくあります。',
    ),
    action: t(
      'If you did not do this, start logging again now (CloudTrail > Trails > Start logging) and review what this principal did.',
      '心当たりがない場合は、すぐにログ記録を再開し（CloudTrail > 証跡 > ログ記録の開始）、このプリンシパルの操作を確認してください。',
    ),
    pattern: { eventSource: ['cloudtrail.amazonaws.com'], eventName: ['StopLogging'] },
    target: (call) => (trailName(call) ? `trail ${trailName(call)}` : undefined),
    consoleUrl: trails,
    savedQuery: 'logging-turned-off',
  },
  {
    id: 'cloudtrail-deleted',
    group: 'logging',
    severity: 'high',
    title: t('A CloudTrail trail was deleted', 'CloudTrail の証跡が削除されました'),
    why: t(
      'Without the trail, the account keeps only 90 days of event history and nothing reaches your log bucket or these alerts.',
      '証跡がなくなると、イベント履歴は 90 日分しか残らず、ログバケットにもこの通知にも何も届かなくなります。',
    ),
    action: t(
      'If you did not do this, redeploy this stack (it recreates its trail) and review what this principal did.',
      '心当たりがない場合は、このスタックを再デプロイして証跡を作り直し、このプリンシパルの操作を確認してください。',
    ),
    pattern: { eventSource: ['cloudtrail.amazonaws.com'], eventName: ['DeleteTrail'] },
    target: (call) => (trailName(call) ? `trail ${trailName(call)}` : undefined),
    consoleUrl: trails,
    savedQuery: 'logging-turned-off',
  },
  {
    id: 'cloudtrail-changed',
    group: 'logging',
    severity: 'high',
    title: t(
      'A CloudTrail trail was reconfigured to record less',
      'CloudTrail の証跡が記録を減らす設定に変更されました',
    ),
    why: t(
      'Changing a trail or its event selectors can quietly stop it recording management events or send them elsewhere.',
      '証跡やイベントセレクターの変更で、管理イベントの記録を静かに止めたり、別の場所へ送ったりできます。',
    ),
    action: t(
      'Check the trail still logs management events to your bucket in every region (CloudTrail > Trails).',
      '証跡がすべてのリージョンの管理イベントを自分のバケットへ記録し続けているか確認してください（CloudTrail > 証跡）。',
    ),
    pattern: {
      eventSource: ['cloudtrail.amazonaws.com'],
      eventName: ['UpdateTrail', 'PutEventSelectors', 'DeleteEventDataStore'],
    },
    // Selectors that record every management event (read and write) strengthen the trail: quiet.
    matches: (call) => trailWeakenings(call).length > 0,
    target: (call) => {
      const name = trailName(call) ?? firstStr(call.requestParameters, 'eventDataStore');
      return [name && `trail ${name}`, trailWeakenings(call).join(', ')].filter(Boolean).join(': ');
    },
    consoleUrl: trails,
    savedQuery: 'logging-turned-off',
  },
  {
    id: 'trail-bucket-changed',
    group: 'logging',
    severity: 'high',
    title: t(
      'The trail bucket\u2019s policy or lifecycle was changed',
      '証跡バケットのポリシーまたはライフサイクルが変更されました',
    ),
    why: t(
      'The policy decides whether CloudTrail can still write the logs; the lifecycle decides how soon they are deleted.',
      'ポリシーは CloudTrail がログを書き込めるかを、ライフサイクルはログがいつ削除されるかを決めます。',
    ),
    action: t(
      'Check the bucket policy still allows cloudtrail.amazonaws.com and the lifecycle keeps logs as long as you need.',
      'バケットポリシーが cloudtrail.amazonaws.com を許可し続けているか、ライフサイクルが必要な期間ログを残すか確認してください。',
    ),
    pattern: {
      eventSource: ['s3.amazonaws.com'],
      eventName: [
        'PutBucketPolicy',
        'DeleteBucketPolicy',
        'PutBucketLifecycle',
        'DeleteBucketLifecycle',
        'PutBucketVersioning',
        'DeleteBucket',
      ],
    },
    matches: (call, context) => !!context.trailBucket && str(call.requestParameters.bucketName) === context.trailBucket,
    target: (call) => `bucket ${str(call.requestParameters.bucketName)}: ${call.eventName}`,
    consoleUrl: (call) => {
      const bucket = str(call.requestParameters.bucketName);
      return bucket ? regionalConsoleUrl(call.region ?? 'us-east-1', { bucket }) : undefined;
    },
  },
  {
    id: 'flow-logs-deleted',
    group: 'logging',
    severity: 'medium',
    title: t('VPC flow logs were deleted', 'VPC フローログが削除されました'),
    why: t(
      'Flow logs show which addresses your instances talked to.',
      'フローログは、インスタンスがどのアドレスと通信したかを示します。',
    ),
    action: t(
      'If you did not do this, recreate the flow logs for your VPCs.',
      '心当たりがない場合は、VPC のフローログを作り直してください。',
    ),
    pattern: { eventSource: ['ec2.amazonaws.com'], eventName: ['DeleteFlowLogs'] },
    target: (call) => {
      // The query API's shape: DeleteFlowLogsRequest.FlowLogId, one {content} or a list of them.
      const ids = asList(field(call.requestParameters, 'DeleteFlowLogsRequest', 'FlowLogId'))
        .map((id) => str(field(id, 'content')) ?? str(id))
        .filter(Boolean);
      return ids.length > 0 ? `flow logs ${ids.join(', ')}` : undefined;
    },
    consoleUrl: (call) => regionalConsoleUrl(call.region ?? 'us-east-1', { flowLogs: true }),
  },
  {
    id: 'dns-query-logs-deleted',
    group: 'logging',
    severity: 'medium',
    title: t('Route 53 DNS query logging was removed', 'Route 53 の DNS クエリログが削除されました'),
    why: t(
      'DNS query logs show which domains your instances looked up, such as a mining pool or an attacker\u2019s server.',
      'DNS クエリログは、インスタンスが問い合わせたドメイン（採掘プールや攻撃者のサーバーなど）を示します。',
    ),
    action: t(
      'If you did not do this, recreate the query logging configuration and associate it with your VPCs again.',
      '心当たりがない場合は、クエリログ設定を作り直し、VPC に再度関連付けてください。',
    ),
    pattern: {
      eventSource: ['route53resolver.amazonaws.com'],
      eventName: ['DeleteResolverQueryLogConfig', 'DisassociateResolverQueryLogConfig'],
    },
    consoleUrl: (call) =>
      regionalConsoleUrl(call.region ?? 'us-east-1', { service: 'route53resolver', fragment: '/query-logging' }),
  },
  {
    id: 'bucket-access-logging-disabled',
    group: 'logging',
    severity: 'low',
    title: t(
      'S3 server access logging was turned off for a bucket',
      'バケットの S3 サーバーアクセスログが無効化されました',
    ),
    why: t(
      'Access logs record who read and wrote the bucket\u2019s objects; without them a copy of the data leaves no trace.',
      'アクセスログはバケットのオブジェクトを誰が読み書きしたかを記録します。無効にするとデータのコピーが痕跡を残しません。',
    ),
    action: t(
      'If you did not do this, turn server access logging on again (bucket > Properties).',
      '心当たりがない場合は、サーバーアクセスログを再度有効にしてください（バケット > プロパティ）。',
    ),
    pattern: { eventSource: ['s3.amazonaws.com'], eventName: ['PutBucketLogging'] },
    // A BucketLoggingStatus without LoggingEnabled turns logging off; one with it turns it on or moves it.
    matches: (call) =>
      call.requestParameters.BucketLoggingStatus !== undefined &&
      field(call.requestParameters, 'BucketLoggingStatus', 'LoggingEnabled') === undefined,
  },
  {
    id: 'model-invocation-logging-deleted',
    group: 'logging',
    severity: 'medium',
    title: t('Bedrock model invocation logging was removed', 'Bedrock のモデル呼び出しログが削除されました'),
    why: t(
      'The invocation logs are the only record of what was asked of your models and by whom: LLMjacking turns them off first.',
      '呼び出しログは、誰がモデルに何を依頼したかの唯一の記録です。LLMjacking はまずこれを止めます。',
    ),
    action: t(
      'If you did not do this, set up model invocation logging again (Bedrock > Settings).',
      '心当たりがない場合は、モデル呼び出しログを再設定してください（Bedrock > 設定）。',
    ),
    pattern: { eventSource: ['bedrock.amazonaws.com'], eventName: ['DeleteModelInvocationLoggingConfiguration'] },
    target: (call) => `invocation logging in ${call.region ?? '?'}`,
    consoleUrl: (call) => regionalConsoleUrl(call.region ?? 'us-east-1', { service: 'bedrock', fragment: '/settings' }),
  },
];
