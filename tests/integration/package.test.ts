import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { actionsOf, packageService, policyStatements, type Template } from '../helpers/package.js';

let main: { dir: string; template: Template };
let forwarding: { dir: string; template: Template };

beforeAll(() => {
  main = packageService([
    '--param',
    'email=owner@example.com',
    '--param',
    'slackWebhookParameter=/account-watch/slack-webhook-url',
    '--param',
    'monthlyBudget=20',
    '--param',
    'timeZone=Asia/Tokyo',
    '--param',
    'digestTime=07:30',
  ]);
  forwarding = packageService([
    '--config',
    'serverless-forwarding.yml',
    '--region',
    'eu-north-1',
    '--param',
    'homeRegion=ap-northeast-1',
  ]);
});

function resourcesOfType(template: Template, type: string) {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

describe('npx serverless package: the main stack', () => {
  it('builds one zip per function', () => {
    expect(existsSync(join(main.dir, 'signinAlert.zip'))).toBe(true);
    expect(existsSync(join(main.dir, 'costDigest.zip'))).toBe(true);
  });

  it('runs signinAlert on Node.js 22 on arm64 with its own role', () => {
    const fn = main.template.Resources.SigninAlertLambdaFunction?.Properties;
    expect(fn?.Runtime).toBe('nodejs22.x');
    expect(fn?.Architectures).toEqual(['arm64']);
    expect(fn?.Role).toEqual({ 'Fn::GetAtt': ['SigninAlertRole', 'Arn'] });
    expect(main.template.Resources.IamRoleLambdaExecution).toBeUndefined();
  });

  it('triggers on every aws.signin event, with a retry policy and a dead-letter queue on the rule', () => {
    const rules = resourcesOfType(main.template, 'AWS::Events::Rule');
    expect(rules).toHaveLength(1);
    const rule = rules[0]?.[1].Properties as Record<string, unknown> & { Targets: Record<string, unknown>[] };
    expect(rule.EventPattern).toEqual({ source: ['aws.signin'] });
    expect(rule.EventBusName).toBeUndefined();
    expect(rule.Targets[0]?.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } });
    expect(rule.Targets[0]?.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 });
  });

  it('sends a failed invocation to the dead-letter queue after two retries, and alarms on its depth', () => {
    const [, invokeConfig] = resourcesOfType(main.template, 'AWS::Lambda::EventInvokeConfig')[0] ?? [];
    expect(invokeConfig?.Properties).toMatchObject({
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } } },
    });
    const alarm = main.template.Resources.DeadLetterAlarm?.Properties;
    expect(alarm).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      AlarmActions: [{ Ref: 'NotificationTopic' }],
    });
  });

  it('subscribes the email address given as a parameter, only when one is given', () => {
    const subscription = main.template.Resources.EmailSubscription;
    expect(subscription?.Condition).toBe('HasEmail');
    expect(subscription?.Properties).toMatchObject({ Protocol: 'email', Endpoint: 'owner@example.com' });
  });

  it('lets signinAlert publish to its topic and read its one parameter, and nothing more', () => {
    const statements = policyStatements(main.template).filter(({ owner }) => owner === 'SigninAlertRole');
    const actions = statements.flatMap(({ statement }) => actionsOf(statement)).sort();
    expect(actions).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'sns:Publish',
      'sqs:SendMessage',
      'ssm:GetParameter',
    ]);
    const byAction = (action: string) =>
      statements.find(({ statement }) => actionsOf(statement).includes(action))?.statement;
    expect(byAction('sns:Publish')?.Resource).toEqual({ Ref: 'NotificationTopic' });
    expect(byAction('ssm:GetParameter')?.Resource).toEqual({
      'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/account-watch/slack-webhook-url',
    });
    expect(byAction('sqs:SendMessage')?.Resource).toEqual({ 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] });
  });

  it('grants no wildcard action, and a wildcard resource only to Cost Explorer, which accepts nothing else', () => {
    for (const { owner, statement } of [...policyStatements(main.template), ...policyStatements(forwarding.template)]) {
      for (const action of actionsOf(statement)) expect(action, owner).not.toContain('*');
      if (statement.Resource === '*')
        expect(actionsOf(statement), owner).toEqual(['ce:GetCostAndUsage', 'ce:GetCostForecast']);
    }
  });

  it('lets costDigest read Cost Explorer, publish and read the Slack parameter, and nothing more', () => {
    const actions = policyStatements(main.template)
      .filter(({ owner }) => owner === 'CostDigestRole')
      .flatMap(({ statement }) => actionsOf(statement))
      .sort();
    expect(actions).toEqual([
      'ce:GetCostAndUsage',
      'ce:GetCostForecast',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'sns:Publish',
      'sqs:SendMessage',
      'ssm:GetParameter',
    ]);
  });

  it('schedules the cost digest daily at the local time given, in the time zone given, with its own invoke role', () => {
    const [, schedule] = resourcesOfType(main.template, 'AWS::Scheduler::Schedule')[0] ?? [];
    expect(schedule?.Properties).toMatchObject({
      ScheduleExpression: 'cron(30 7 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Tokyo',
      Target: { RoleArn: { 'Fn::GetAtt': ['CostDigestSchedulerRole', 'Arn'] } },
    });
    const statements = policyStatements(main.template).filter(({ owner }) => owner === 'CostDigestSchedulerRole');
    expect(statements.map(({ statement }) => statement.Action)).toEqual(['lambda:InvokeFunction']);
  });

  it('creates a monthly budget that alerts the topic at 80% actual and 100% forecasted', () => {
    const budget = main.template.Resources.MonthlyBudget;
    expect(budget?.Condition).toBe('HasBudget');
    const properties = budget?.Properties as {
      Budget: Record<string, unknown>;
      NotificationsWithSubscribers: { Notification: Record<string, unknown>; Subscribers: unknown[] }[];
    };
    expect(properties.Budget).toMatchObject({ BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Unit: 'USD' } });
    expect(
      properties.NotificationsWithSubscribers.map(({ Notification }) => [
        Notification.NotificationType,
        Notification.Threshold,
      ]),
    ).toEqual([
      ['ACTUAL', 80],
      ['FORECASTED', 100],
    ]);
    for (const { Subscribers } of properties.NotificationsWithSubscribers) {
      expect(Subscribers).toEqual([{ SubscriptionType: 'SNS', Address: { Ref: 'NotificationTopic' } }]);
    }
    const policy = main.template.Resources.NotificationTopicPolicy?.Properties as {
      PolicyDocument: { Statement: { Principal: { Service: string }; Action: string }[] };
    };
    expect(policy.PolicyDocument.Statement.map((statement) => [statement.Principal.Service, statement.Action])).toEqual(
      [
        ['budgets.amazonaws.com', 'sns:Publish'],
        ['cloudwatch.amazonaws.com', 'sns:Publish'],
      ],
    );
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

describe('npx serverless package with a bad parameter', () => {
  it('stops with an error that names the parameter', () => {
    let message = '';
    try {
      packageService(['--param', 'digestTime=9am']);
    } catch (error) {
      message =
        String((error as { stderr?: Buffer }).stderr ?? '') + String((error as { stdout?: Buffer }).stdout ?? '');
    }
    expect(message).toContain('Invalid deploy parameter digestTime: "9am" is not a time of day such as 09:00');
  });
});
