import { regionalConsoleUrl } from '../../console-urls.js';
import type { ApiCall } from '../api-call.js';
import { type Detection, t } from '../detection.js';
import type { PatternValue } from '../pattern.js';
import { firstStr, items, str } from '../read.js';
import { notByCloudFormation } from './shared.js';

/**
 * The watch protects itself: this stack's rules, functions, topic, queues, logs, alarms, schedules, table and
 * forwarding stacks, every one named `account-watch-…`. Changes CloudFormation makes (a deploy of this stack)
 * are the stack changing itself and stay quiet; anything else that disables or removes a part is critical,
 * because the next thing it hides is the attack. Each of these patterns is packed into two rules, so the rule
 * that is disabled is reported by the other.
 */

const OURS: PatternValue[] = [{ wildcard: '*account-watch-*' }];

function ourName(call: ApiCall): string | undefined {
  const p = call.requestParameters;
  const named =
    firstStr(p, 'name', 'rule', 'functionName', 'topicArn', 'subscriptionArn', 'queueUrl', 'logGroupName') ??
    firstStr(p, 'stackName', 'tableName') ??
    items(p.alarmNames)
      .map(str)
      .filter((name): name is string => !!name && name.includes('account-watch-'))
      .join(', ');
  return named || undefined;
}

const action = t(
  'If you did not do this, redeploy the stack now (npx serverless deploy, and npm run forwarding -- deploy for the regions), then find out who could make this call.',
  '心当たりがない場合は、すぐにスタックを再デプロイし（npx serverless deploy、リージョンは npm run forwarding -- deploy）、この呼び出しができた人を調べてください。',
);

export const WATCH: readonly Detection[] = [
  {
    id: 'watch-rules-changed',
    group: 'watch',
    severity: 'critical',
    title: t(
      'A rule or schedule of this account watch was disabled, deleted or changed',
      'このアカウント監視のルールまたはスケジュールが無効化・削除・変更されました',
    ),
    why: t(
      'The rules are how events reach the watch and the schedules run its digests: without them nothing more is reported.',
      'ルールはイベントが監視に届く経路で、スケジュールはダイジェストを動かします。これがなくなると以後何も報告されません。',
    ),
    action,
    pattern: {
      $or: [
        {
          eventSource: ['events.amazonaws.com'],
          eventName: ['DisableRule', 'DeleteRule', 'PutRule'],
          requestParameters: { name: OURS },
        },
        {
          eventSource: ['events.amazonaws.com'],
          eventName: ['RemoveTargets', 'PutTargets'],
          requestParameters: { rule: OURS },
        },
        {
          eventSource: ['scheduler.amazonaws.com'],
          eventName: ['DeleteSchedule', 'UpdateSchedule'],
          requestParameters: { name: OURS },
        },
      ],
    },
    matches: notByCloudFormation,
    target: (call) => [ourName(call), str(call.requestParameters.state)].filter(Boolean).join(' '),
    consoleUrl: (call) => regionalConsoleUrl(call.region ?? 'us-east-1', { service: 'events', fragment: '/rules' }),
    watchesItself: true,
  },
  {
    id: 'watch-functions-changed',
    group: 'watch',
    severity: 'critical',
    title: t(
      'A function of this account watch was changed or silenced',
      'このアカウント監視の関数が変更または停止されました',
    ),
    why: t(
      'Its code decides what is reported; a reserved concurrency of 0, a removed permission or a deleted function silences it completely.',
      'コードが何を報告するかを決めます。予約同時実行数 0、権限の削除、関数の削除で完全に黙らせることができます。',
    ),
    action,
    pattern: {
      eventSource: ['lambda.amazonaws.com'],
      eventName: [
        { prefix: 'UpdateFunctionCode' },
        { prefix: 'UpdateFunctionConfiguration' },
        { prefix: 'PutFunctionConcurrency' },
        { prefix: 'DeleteFunction' },
        { prefix: 'RemovePermission' },
        { prefix: 'PutFunctionEventInvokeConfig' },
      ],
      requestParameters: { functionName: OURS },
    },
    matches: notByCloudFormation,
    target: (call) => {
      const concurrency = call.requestParameters.reservedConcurrentExecutions;
      return [ourName(call), typeof concurrency === 'number' ? `reserved concurrency ${concurrency}` : undefined]
        .filter(Boolean)
        .join(' ');
    },
    consoleUrl: (call) => {
      const fn = str(call.requestParameters.functionName);
      return fn ? regionalConsoleUrl(call.region ?? 'us-east-1', { lambdaFunction: fn }) : undefined;
    },
    watchesItself: true,
  },
  {
    id: 'watch-delivery-removed',
    group: 'watch',
    severity: 'critical',
    title: t(
      'A topic, queue, log, alarm, table or stack of this account watch was removed',
      'このアカウント監視のトピック・キュー・ログ・アラーム・テーブル・スタックが削除されました',
    ),
    why: t(
      'Alerts travel through the topic and the queues, failures raise the alarms, and the table holds what the watch remembers; removing one breaks delivery without a word.',
      '通知はトピックとキューを通り、失敗はアラームが知らせ、テーブルは監視の記憶を保ちます。どれかを消すと何も言わずに配信が止まります。',
    ),
    action,
    pattern: {
      $or: [
        {
          eventSource: ['sns.amazonaws.com'],
          eventName: ['DeleteTopic', 'SetTopicAttributes'],
          requestParameters: { topicArn: OURS },
        },
        {
          eventSource: ['sns.amazonaws.com'],
          eventName: ['Unsubscribe'],
          requestParameters: { subscriptionArn: OURS },
        },
        {
          eventSource: ['sqs.amazonaws.com'],
          eventName: ['DeleteQueue', 'PurgeQueue', 'SetQueueAttributes'],
          requestParameters: { queueUrl: OURS },
        },
        {
          eventSource: ['logs.amazonaws.com'],
          eventName: ['DeleteLogGroup'],
          requestParameters: { logGroupName: OURS },
        },
        {
          eventSource: ['monitoring.amazonaws.com'],
          eventName: ['DeleteAlarms', 'DisableAlarmActions'],
          requestParameters: { alarmNames: OURS },
        },
        {
          eventSource: ['cloudformation.amazonaws.com'],
          eventName: ['DeleteStack'],
          requestParameters: { stackName: OURS },
        },
        { eventSource: ['dynamodb.amazonaws.com'], eventName: ['DeleteTable'], requestParameters: { tableName: OURS } },
      ],
    },
    matches: notByCloudFormation,
    target: ourName,
    consoleUrl: (call) => regionalConsoleUrl(call.region ?? 'us-east-1', { stacks: true }),
    watchesItself: true,
  },
];
