import { regionalConsoleUrl } from '../../console-urls.js';
import type { ApiCall } from '../api-call.js';
import { billedCapacityOf, requestedInstances } from '../capacity.js';
import { type Detection, t } from '../detection.js';
import { field, firstStr, str } from '../read.js';

/**
 * Running up the bill: instances where nobody looks, GPU and very large capacity on EC2 and beyond (SageMaker,
 * EKS, Batch, Lightsail, RDS, OpenSearch), commitments that cannot be taken back, domains, regions, quotas and
 * model access.
 */

const GPU_FAMILIES = /^(p\d|g\d|trn\d|inf\d|dl\d|f\d|vt\d|gr\d)/i;
const HUGE_SIZE = /\.(metal[\w-]*|(?:1[6-9]|[2-9]\d|\d{3})xlarge)$/i;

/** Whether an instance type (EC2's "g5.12xlarge", SageMaker's "ml.p4d.24xlarge", RDS's "db.r6i.32xlarge") is costly. */
export function isCostlyInstanceType(type: string): boolean {
  const bare = type.replace(/^(ml|db|cache|search|ra3)\./i, '');
  return GPU_FAMILIES.test(bare) || HUGE_SIZE.test(bare);
}

function costlyInstances(call: ApiCall): Array<{ type: string; count?: number }> {
  return requestedInstances(call).filter(({ type }) => isCostlyInstanceType(type) || /^gpu/i.test(type));
}

/** "g5.12xlarge × 4 in eu-west-1": what was asked for, how many, where. */
function describeInstances(list: Array<{ type: string; count?: number }>, region: string | undefined): string {
  const what = list.map(({ type, count }) => (count && count > 1 ? `${type} \u00d7 ${count}` : type)).join(', ');
  return region ? `${what} in ${region}` : what;
}

/** Sizes that cost cents an hour: alone, or a few, they are no news. */
const TINY_SIZE = /\.(nano|micro|small|medium|large)(\.search)?$/i;

/** The console of each service that starts capacity elsewhere than EC2, by the call's service. */
const CONSOLES_OUTSIDE_EC2: Record<string, string | undefined> = {
  sagemaker: 'sagemaker',
  eks: 'eks',
  rds: 'rds',
  es: 'aos',
};

const LAUNCHES = ['RunInstances', 'CreateFleet', 'RequestSpotInstances', 'RequestSpotFleet'];

export const COST: readonly Detection[] = [
  {
    id: 'instances-outside-allowed-regions',
    group: 'cost',
    severity: 'high',
    title: t('Instances launched in a region you do not use', '使っていないリージョンでインスタンスが起動されました'),
    why: t(
      'Stolen keys are used to launch machines where the owner never looks; the bill arrives at the end of the month.',
      '盗まれたキーは、所有者が見ないリージョンでマシンを起動するのに使われます。請求は月末に届きます。',
    ),
    action: t(
      'Look at EC2 in that region now and terminate what you did not start; then rotate the key.',
      '今すぐそのリージョンの EC2 を確認し、起動した覚えのないものを終了し、キーをローテーションしてください。',
    ),
    pattern: { eventSource: ['ec2.amazonaws.com'], eventName: LAUNCHES },
    matches: (call, context) =>
      context.allowedRegions.length > 0 && !!call.region && !context.allowedRegions.includes(call.region),
    // A launch that failed on a quota, a capacity or a dry run is still someone trying: reported as an attempt.
    evenWhenFailed: true,
    target: (call) => describeInstances(requestedInstances(call), call.region) || call.region,
    consoleUrl: (call) => regionalConsoleUrl(call.region ?? 'us-east-1', { instances: true }),
    savedQuery: 'regions-outside-allowlist',
    priced: 'shown',
  },
  {
    id: 'gpu-or-huge-instances',
    group: 'cost',
    severity: 'high',
    title: t('GPU or very large instances were requested', 'GPU または非常に大きなインスタンスが要求されました'),
    why: t(
      'GPU, accelerator and very large instances cost dollars an hour each and are what stolen keys are used for (mining, model training).',
      'GPU・アクセラレーター・非常に大きなインスタンスは 1 台で 1 時間に何ドルもかかり、盗まれたキーの典型的な用途（採掘、モデル学習）です。',
    ),
    action: t(
      'If this was not you, terminate them now and rotate the access key that launched them.',
      '心当たりがない場合は、すぐに終了し、起動に使われたアクセスキーをローテーションしてください。',
    ),
    pattern: {
      eventSource: ['ec2.amazonaws.com'],
      eventName: [...LAUNCHES, 'CreateLaunchTemplate', 'CreateLaunchTemplateVersion'],
    },
    matches: (call) => costlyInstances(call).length > 0,
    evenWhenFailed: true,
    target: (call) => describeInstances(costlyInstances(call), call.region),
    consoleUrl: (call) => regionalConsoleUrl(call.region ?? 'us-east-1', { instances: true }),
    savedQuery: 'ec2-launches',
    priced: 'shown',
  },
  {
    id: 'gpu-capacity-outside-ec2',
    group: 'cost',
    severity: 'high',
    title: t(
      'GPU or very large capacity was requested outside EC2',
      'EC2 以外で GPU または非常に大きな容量が要求されました',
    ),
    why: t(
      'SageMaker endpoints, notebooks and training jobs, EKS node groups, Batch, Lightsail, RDS and OpenSearch bill GPU and large instances by the hour just as EC2 does, in consoles few owners open.',
      'SageMaker のエンドポイント・ノートブック・学習ジョブ、EKS ノードグループ、Batch、Lightsail、RDS、OpenSearch も EC2 と同じく GPU や大きなインスタンスを時間単位で課金します。しかも所有者があまり開かない画面です。',
    ),
    action: t(
      'If this was not you, delete the endpoint, job, node group or instance now and rotate the key that asked for it.',
      '心当たりがない場合は、すぐにエンドポイント・ジョブ・ノードグループ・インスタンスを削除し、要求に使われたキーをローテーションしてください。',
    ),
    pattern: {
      $or: [
        {
          eventSource: ['sagemaker.amazonaws.com'],
          eventName: [
            'CreateEndpointConfig',
            'CreateNotebookInstance',
            'CreateTrainingJob',
            'CreateProcessingJob',
            'CreateCluster',
          ],
        },
        { eventSource: ['eks.amazonaws.com'], eventName: ['CreateNodegroup'] },
        { eventSource: ['batch.amazonaws.com'], eventName: ['CreateComputeEnvironment', 'UpdateComputeEnvironment'] },
        { eventSource: ['lightsail.amazonaws.com'], eventName: ['CreateInstances'] },
        { eventSource: ['rds.amazonaws.com'], eventName: ['CreateDBInstance', 'ModifyDBInstance', 'CreateDBCluster'] },
        { eventSource: ['es.amazonaws.com'], eventName: ['CreateDomain', 'UpdateDomainConfig'] },
        { eventSource: ['autoscaling.amazonaws.com'], eventName: ['CreateAutoScalingGroup', 'UpdateAutoScalingGroup'] },
      ],
    },
    matches: (call) =>
      costlyInstances(call).length > 0 || isCostlyInstanceType(str(call.requestParameters.dBInstanceClass) ?? ''),
    target: (call) => {
      const list = costlyInstances(call);
      const rds = str(call.requestParameters.dBInstanceClass);
      const made = firstStr(
        call.requestParameters,
        'endpointConfigName',
        'notebookInstanceName',
        'trainingJobName',
        'nodegroupName',
        'computeEnvironmentName',
        'dBInstanceIdentifier',
        'domainName',
        'autoScalingGroupName',
      );
      return `${[made, describeInstances(list.length > 0 ? list : [{ type: rds ?? '?' }], call.region)].filter(Boolean).join(': ')}`;
    },
    priced: 'shown',
  },
  {
    id: 'costly-launch',
    group: 'cost',
    severity: 'high',
    title: t('Capacity costing dollars an hour was started', '1 時間に何ドルもかかる容量が起動されました'),
    why: t(
      'Instances, node groups, databases and SageMaker jobs bill by the hour until someone stops them; a few of them, forgotten, are a month\u2019s surprise bill.',
      'インスタンス、ノードグループ、データベース、SageMaker のジョブは、誰かが止めるまで時間単位で課金されます。いくつか忘れるだけで月末に驚く請求になります。',
    ),
    action: t(
      'If this was not you, stop or delete it now and rotate the key that started it; if it was, set a reminder to stop it.',
      '心当たりがない場合は、すぐに停止または削除し、起動に使われたキーをローテーションしてください。意図したものなら、止めるのを忘れないようにしてください。',
    ),
    // Only what was started: a refused or failed launch costs nothing (the region and GPU detections report
    // attempts).
    pattern: {
      $or: [
        { eventSource: ['ec2.amazonaws.com'], eventName: LAUNCHES, errorCode: [{ exists: false }] },
        { eventSource: ['eks.amazonaws.com'], eventName: ['CreateNodegroup'], errorCode: [{ exists: false }] },
        {
          eventSource: ['sagemaker.amazonaws.com'],
          eventName: ['CreateEndpointConfig', 'CreateNotebookInstance', 'CreateTrainingJob', 'CreateProcessingJob'],
          errorCode: [{ exists: false }],
        },
        {
          eventSource: ['rds.amazonaws.com'],
          eventName: ['CreateDBInstance', 'CreateDBCluster'],
          errorCode: [{ exists: false }],
        },
        { eventSource: ['es.amazonaws.com'], eventName: ['CreateDomain'], errorCode: [{ exists: false }] },
      ],
    },
    // What GPU and very large instances already report is not reported twice; the smallest sizes never add up
    // to dollars an hour unless there are many of them.
    matches: (call) => {
      const capacity = billedCapacityOf(call);
      if (capacity.length === 0) return false;
      const types = capacity.flatMap((line) => line.types);
      if (types.some(isCostlyInstanceType) || isCostlyInstanceType(str(call.requestParameters.dBInstanceClass) ?? '')) {
        return false;
      }
      return capacity.some((line) => line.count >= 10 || line.types.some((type) => !TINY_SIZE.test(type)));
    },
    target: (call) =>
      billedCapacityOf(call)
        .map((line) => describeInstances([{ type: line.types.join('|'), count: line.count }], line.region))
        .join(', '),
    consoleUrl: (call) => {
      const region = call.region ?? 'us-east-1';
      const service = CONSOLES_OUTSIDE_EC2[call.service];
      return service ? regionalConsoleUrl(region, { service }) : regionalConsoleUrl(region, { instances: true });
    },
    priced: 'decides',
  },
  {
    id: 'nat-gateway-created',
    group: 'cost',
    severity: 'medium',
    title: t('A NAT gateway was created', 'NAT ゲートウェイが作成されました'),
    why: t(
      'A NAT gateway bills every hour it exists, used or not, plus each gigabyte through it: one left behind by a tutorial is the classic surprise on a first bill.',
      'NAT ゲートウェイは使っていなくても存在する限り毎時間課金され、通過したデータにも課金されます。チュートリアルの後に残ったものは、最初の請求で驚く典型例です。',
    ),
    action: t(
      'If you do not need it, delete it (VPC > NAT gateways) and release its Elastic IP address.',
      '不要なら削除し（VPC > NAT ゲートウェイ）、その Elastic IP アドレスも解放してください。',
    ),
    pattern: { eventSource: ['ec2.amazonaws.com'], eventName: ['CreateNatGateway'] },
    target: (call) => {
      const id = str(field(call.responseElements, 'CreateNatGatewayResponse', 'natGateway', 'natGatewayId'));
      const subnet = str(field(call.requestParameters, 'CreateNatGatewayRequest', 'SubnetId'));
      return [id, subnet && `subnet ${subnet}`, call.region && `in ${call.region}`].filter(Boolean).join(' ');
    },
    consoleUrl: (call) =>
      regionalConsoleUrl(call.region ?? 'us-east-1', { service: 'vpcconsole', fragment: 'NatGateways:' }),
    priced: 'shown',
  },
  {
    id: 'long-term-commitment',
    group: 'cost',
    severity: 'high',
    title: t('Something was bought that cannot be taken back', '取り消せない購入が行われました'),
    why: t(
      'Reserved Instances, Savings Plans, dedicated hosts, reserved database or search nodes, Bedrock provisioned throughput and Marketplace subscriptions bill for months or years, whether used or not.',
      'リザーブドインスタンス、Savings Plans、Dedicated Hosts、予約された DB や検索ノード、Bedrock のプロビジョンドスループット、Marketplace の購読は、使っても使わなくても数か月から数年課金されます。',
    ),
    action: t(
      'If you did not buy it, contact AWS Support today: some purchases can be returned only within days.',
      '購入した覚えがない場合は、今日中に AWS サポートへ連絡してください。返品できるのは数日以内に限られるものがあります。',
    ),
    pattern: {
      $or: [
        {
          eventSource: ['ec2.amazonaws.com'],
          eventName: [
            'PurchaseReservedInstancesOffering',
            'AllocateHosts',
            'PurchaseHostReservation',
            'PurchaseScheduledInstances',
            'CreateCapacityReservation',
          ],
        },
        { eventSource: ['savingsplans.amazonaws.com'], eventName: ['CreateSavingsPlan'] },
        { eventSource: ['rds.amazonaws.com'], eventName: ['PurchaseReservedDBInstancesOffering'] },
        { eventSource: ['elasticache.amazonaws.com'], eventName: ['PurchaseReservedCacheNodesOffering'] },
        {
          eventSource: ['es.amazonaws.com'],
          eventName: ['PurchaseReservedInstanceOffering', 'PurchaseReservedElasticsearchInstanceOffering'],
        },
        { eventSource: ['redshift.amazonaws.com'], eventName: ['PurchaseReservedNodeOffering'] },
        { eventSource: ['bedrock.amazonaws.com'], eventName: ['CreateProvisionedModelThroughput'] },
        { eventSource: ['aws-marketplace.amazonaws.com'], eventName: ['AcceptAgreementRequest', 'Subscribe'] },
      ],
    },
    target: (call) => {
      const p = call.requestParameters;
      const what = firstStr(
        p,
        'reservedInstancesOfferingId',
        'savingsPlanOfferingId',
        'reservedDBInstancesOfferingId',
        'reservedCacheNodesOfferingId',
        'reservedInstanceOfferingId',
        'reservedNodeOfferingId',
        'modelId',
        'offeringId',
        'instanceType',
      );
      const count = [
        p.instanceCount,
        p.quantity,
        p.dBInstanceCount,
        p.cacheNodeCount,
        p.nodeCount,
        p.modelUnits,
        p.commitment,
      ].find((value) => value !== undefined);
      return [call.eventName, what, count !== undefined ? `\u00d7 ${String(count)}` : undefined]
        .filter(Boolean)
        .join(' ');
    },
    // Only Bedrock's provisioned throughput is read as capacity; the alert says it has no price for it.
    priced: 'shown',
  },
  {
    id: 'domain-transfer-out',
    group: 'cost',
    severity: 'high',
    title: t(
      'A domain was unlocked or transferred to another account',
      'ドメインのロックが解除されたか、別アカウントへ移管されました',
    ),
    why: t(
      'With the transfer lock off, a domain can be moved to another registrar; a transfer to another AWS account hands it over at once. Whoever holds it holds your email and your site.',
      '移管ロックが外れるとドメインを別のレジストラへ移せます。別の AWS アカウントへの移管は即座に引き渡しです。ドメインを持つ人がメールとサイトを握ります。',
    ),
    action: t(
      'If you did not do this, enable the transfer lock now (Route 53 > Registered domains) and cancel the transfer.',
      '心当たりがない場合は、すぐに移管ロックを有効にし（Route 53 > 登録済みドメイン）、移管を取り消してください。',
    ),
    pattern: {
      eventSource: ['route53domains.amazonaws.com'],
      eventName: ['DisableDomainTransferLock', 'TransferDomainToAnotherAwsAccount', 'RetrieveDomainAuthCode'],
    },
    target: (call) =>
      [
        `domain ${str(call.requestParameters.domainName) ?? '?'}`,
        str(call.requestParameters.accountId) && `\u2192 account ${str(call.requestParameters.accountId)}`,
      ]
        .filter(Boolean)
        .join(' '),
  },
  {
    id: 'domain-registered',
    group: 'cost',
    severity: 'medium',
    title: t('A domain was registered or transferred in', 'ドメインが登録または移管されました'),
    why: t(
      'A registration is billed for a year at once and renews by itself; attackers register look-alike domains for phishing on your bill.',
      'ドメイン登録は 1 年分が一度に課金され自動更新されます。攻撃者はあなたの請求でフィッシング用の似たドメインを登録します。',
    ),
    action: t(
      'If you did not do this, turn off automatic renewal and contact AWS Support about the charge.',
      '心当たりがない場合は、自動更新をオフにし、請求について AWS サポートへ連絡してください。',
    ),
    pattern: { eventSource: ['route53domains.amazonaws.com'], eventName: ['RegisterDomain', 'TransferDomain'] },
    target: (call) => `domain ${str(call.requestParameters.domainName) ?? '?'}`,
  },
  {
    id: 'region-enabled',
    group: 'cost',
    severity: 'high',
    title: t('An opt-in region was enabled', 'オプトインリージョンが有効化されました'),
    why: t(
      'A newly enabled region is one nobody watches yet: no forwarding stack, no habit of looking there.',
      '新しく有効にしたリージョンは、まだ誰も見ていません。転送スタックもなく、確認する習慣もありません。',
    ),
    action: t(
      'If you did not do this, disable the region (Account > AWS Regions); if you did, add it with `npm run forwarding -- deploy --regions`.',
      '心当たりがない場合はリージョンを無効にしてください（アカウント > AWS リージョン）。意図したものなら `npm run forwarding -- deploy --regions` で追加してください。',
    ),
    pattern: { eventSource: ['account.amazonaws.com'], eventName: ['EnableRegion'] },
    target: (call) => {
      const region = str(call.requestParameters.RegionName) ?? str(call.requestParameters.regionName);
      return region ? `region ${region}` : undefined;
    },
  },
  {
    id: 'service-quota-increase',
    group: 'cost',
    severity: 'medium',
    title: t('A service quota increase was requested', 'サービスクォータの引き上げが申請されました'),
    why: t(
      'Raising quotas (vCPUs, GPUs) is how someone prepares to launch more than the account normally could.',
      'クォータ（vCPU や GPU）の引き上げは、通常より多くを起動する準備です。',
    ),
    action: t(
      'If you did not ask for it, check Service Quotas and cancel the request.',
      '申請した覚えがない場合は、Service Quotas を確認して申請を取り消してください。',
    ),
    pattern: { eventSource: ['servicequotas.amazonaws.com'], eventName: ['RequestServiceQuotaIncrease'] },
    target: (call) =>
      [
        str(call.requestParameters.serviceCode),
        str(call.requestParameters.quotaCode),
        call.requestParameters.desiredValue,
      ]
        .filter((part) => part !== undefined)
        .join(' '),
    consoleUrl: (call) => regionalConsoleUrl(call.region ?? 'us-east-1', { serviceQuotas: true }),
  },
  {
    id: 'bedrock-model-access',
    group: 'cost',
    severity: 'high',
    title: t('Access to Bedrock models was requested', 'Bedrock モデルへのアクセスが申請されました'),
    why: t(
      'Stolen keys are sold for access to large language models ("LLMjacking"); the calls are billed to you.',
      '盗まれたキーは大規模言語モデルの利用権として売られます（LLMjacking）。その利用料はあなたに請求されます。',
    ),
    action: t(
      'If you did not do this, remove the model access and rotate the key that asked for it.',
      '心当たりがない場合は、モデルアクセスを削除し、申請に使われたキーをローテーションしてください。',
    ),
    pattern: {
      eventSource: ['bedrock.amazonaws.com'],
      eventName: ['PutFoundationModelEntitlement', 'CreateFoundationModelAgreement', 'PutUseCaseForModelAccess'],
    },
    // The use-case form (PutUseCaseForModelAccess) names no model: it opens access to Anthropic's in the region.
    target: (call) =>
      str(call.requestParameters.modelId)
        ? `model ${str(call.requestParameters.modelId)}`
        : `model access form in ${call.region ?? '?'}`,
    consoleUrl: (call) => regionalConsoleUrl(call.region ?? 'us-east-1', { bedrockModelAccess: true }),
  },
  {
    id: 'bedrock-invoke-refused',
    group: 'cost',
    severity: 'low',
    title: t(
      'A Bedrock model call from outside AWS was refused',
      'AWS の外からの Bedrock モデル呼び出しが拒否されました',
    ),
    why: t(
      'LLMjacking starts with one model call to see whether the stolen key may use Bedrock; a refusal now often comes before a request for model access.',
      'LLMjacking は、盗んだキーで Bedrock を使えるかを 1 回のモデル呼び出しで確かめることから始まります。この拒否の後にモデルアクセスの申請が続くことがよくあります。',
    ),
    action: t(
      'If you do not know the principal or the address, deactivate the access key.',
      'プリンシパルやアドレスに心当たりがない場合は、アクセスキーを無効化してください。',
    ),
    pattern: {
      eventSource: ['bedrock.amazonaws.com'],
      eventName: ['InvokeModel', 'InvokeModelWithResponseStream', 'Converse', 'ConverseStream'],
      errorCode: ['AccessDenied', 'AccessDeniedException'],
    },
    matches: (call) => call.source.kind === 'public',
    readOnlyEvents: true,
    target: (call) =>
      str(call.requestParameters.modelId) ? `model ${str(call.requestParameters.modelId)}` : undefined,
  },
];
