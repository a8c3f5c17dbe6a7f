import type { ApiCall } from '../api-call.js';
import { type Detection, t } from '../detection.js';
import { asList, field, firstStr, items, str } from '../read.js';

/** Bulk copies out: export tasks, table exports and data shares to other accounts, traffic mirroring, replication. */

export const EXFILTRATION: readonly Detection[] = [
  {
    id: 'export-task-started',
    group: 'exfiltration',
    severity: 'medium',
    title: t(
      'A whole instance, image or database snapshot was exported',
      'インスタンス・イメージ・DB スナップショット全体がエクスポートされました',
    ),
    why: t(
      'An export writes the complete disk or database to a bucket, from where it can be copied anywhere.',
      'エクスポートはディスクやデータベースを丸ごとバケットへ書き出し、そこからどこへでもコピーできます。',
    ),
    action: t(
      'If you did not start it, cancel the task and check who can read the destination bucket.',
      '開始した覚えがない場合は、タスクを取り消し、出力先バケットを読める人を確認してください。',
    ),
    pattern: {
      $or: [
        {
          eventSource: ['ec2.amazonaws.com'],
          eventName: ['CreateInstanceExportTask', 'ExportImage', 'CreateStoreImageTask'],
        },
        { eventSource: ['rds.amazonaws.com'], eventName: ['StartExportTask'] },
      ],
    },
    target: (call) => {
      const p = call.requestParameters;
      const what = firstStr(p, 'instanceId', 'imageId', 'sourceArn', 'exportTaskIdentifier');
      const bucket =
        str(p.s3BucketName) ??
        str(p.bucket) ??
        str(field(p, 'exportToS3Task', 's3Bucket')) ??
        str(field(p, 's3ExportLocation', 's3Bucket'));
      return [what, bucket && `\u2192 s3://${bucket}`].filter(Boolean).join(' ');
    },
  },
  {
    id: 'table-exported-to-another-account',
    group: 'exfiltration',
    severity: 'high',
    title: t(
      'A DynamoDB table was exported to another account\u2019s bucket',
      'DynamoDB テーブルが別アカウントのバケットへエクスポートされました',
    ),
    why: t(
      'The export copies the whole table into a bucket the other account owns, out of your reach.',
      'エクスポートはテーブル全体を別のアカウントが所有するバケットへコピーし、あなたの手の届かないところへ出します。',
    ),
    action: t(
      'If you do not know that account, find who could call ExportTableToPointInTime and treat the data as copied.',
      '知らないアカウントなら、ExportTableToPointInTime を呼べた人を調べ、データは持ち出されたものとして扱ってください。',
    ),
    pattern: { eventSource: ['dynamodb.amazonaws.com'], eventName: ['ExportTableToPointInTime'] },
    matches: (call) => {
      const owner = str(call.requestParameters.s3BucketOwner);
      return !!owner && owner !== call.accountId;
    },
    target: (call) =>
      `${str(call.requestParameters.tableArn) ?? '?'} \u2192 s3://${str(call.requestParameters.s3Bucket) ?? '?'} (account ${str(call.requestParameters.s3BucketOwner)})`,
  },
  {
    id: 'data-share-with-another-account',
    group: 'exfiltration',
    severity: 'high',
    title: t(
      'Data was shared or replicated to another account',
      'データが別のアカウントへ共有・複製されるようになりました',
    ),
    why: t(
      'A Redshift data share, or S3 replication to another account\u2019s bucket, hands a live copy of your data to that account.',
      'Redshift のデータ共有や、別アカウントのバケットへの S3 レプリケーションは、データの生きたコピーをそのアカウントに渡します。',
    ),
    action: t(
      'If you do not know that account, remove the share or the replication rule.',
      '知らないアカウントなら、共有またはレプリケーションルールを削除してください。',
    ),
    pattern: {
      $or: [
        { eventSource: ['redshift.amazonaws.com'], eventName: ['AuthorizeDataShare'] },
        { eventSource: ['s3.amazonaws.com'], eventName: ['PutBucketReplication'] },
      ],
    },
    matches: (call) => outsideAccounts(call).length > 0,
    target: (call) =>
      `${firstStr(call.requestParameters, 'dataShareArn', 'bucketName') ?? '?'} \u2192 ${outsideAccounts(call).join(', ')}`,
  },
  {
    id: 'traffic-mirroring',
    group: 'exfiltration',
    severity: 'high',
    title: t('A traffic mirroring session was created', 'トラフィックミラーリングのセッションが作成されました'),
    why: t(
      'Mirroring copies every packet of a network interface to another target: passwords and data in clear text included.',
      'ミラーリングはネットワークインターフェースのすべてのパケットを別の宛先へコピーします。平文のパスワードやデータも含まれます。',
    ),
    action: t(
      'If you did not do this, delete the session and check where its target sends the traffic.',
      '心当たりがない場合は、セッションを削除し、ターゲットがトラフィックをどこへ送るか確認してください。',
    ),
    pattern: { eventSource: ['ec2.amazonaws.com'], eventName: ['CreateTrafficMirrorSession'] },
    target: (call) =>
      `${str(field(call.requestParameters, 'CreateTrafficMirrorSessionRequest', 'NetworkInterfaceId')) ?? str(call.requestParameters.networkInterfaceId) ?? '?'} \u2192 ${
        str(field(call.requestParameters, 'CreateTrafficMirrorSessionRequest', 'TrafficMirrorTargetId')) ??
        str(call.requestParameters.trafficMirrorTargetId) ??
        '?'
      }`,
  },
];

/** The other accounts a data share or a replication rule sends data to. */
function outsideAccounts(call: ApiCall): string[] {
  const p = call.requestParameters;
  const accounts = [
    str(p.consumerIdentifier),
    ...asList(field(p, 'ReplicationConfiguration', 'Rule')).map((rule) => str(field(rule, 'Destination', 'Account'))),
    ...items(field(p, 'ReplicationConfiguration', 'Rule')).map((rule) => str(field(rule, 'Destination', 'Account'))),
  ];
  return [...new Set(accounts.filter((id): id is string => !!id && /^\d{12}$/.test(id) && id !== call.accountId))];
}
