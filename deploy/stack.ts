import { PLAN_MEMORY_PK } from '../src/lib/cost/plan-warnings.js';
import { HYGIENE_KEY } from '../src/lib/hygiene/week-over-week.js';
import {
  FUNCTION_NAMES,
  type FunctionName,
  NOTIFYING_FUNCTIONS,
  SETTING_NAMES,
  SETTINGS,
} from '../src/lib/settings.js';
import { ACTIONS_SECRET_ID, actionResources, alertActionsStatements, readActionsSecret } from './actions.js';
import { apiCallEvents, apiCallRuleStates } from './api-calls.js';
import { queryNames, queryStack, securityDigestStatements } from './athena.js';
import { type CfnValue, type Resource, sub } from './cfn.js';
import { deliveryQueueReceiveStatements, deliveryQueueSendStatements } from './delivery-queue.js';
import { historyStatements, historyTable } from './history.js';
import { forwardingStackName, hygieneStatements } from './hygiene.js';
import type { ResolvedParameters } from './parameters.js';
import { functionRole, schedulerRole } from './roles.js';
import { dailySchedule, weeklySchedule } from './schedules.js';

/**
 * Everything in the main stack that depends on the deploy parameters, computed from the resolved
 * settings: each function's environment (from the registry), the roles (one builder), the trail and
 * query resources, the digests' schedules, the email subscription and the budget (only when asked for),
 * and the few values serverless.yml reads as ${deploy:…}.
 */
export interface StackParts {
  environment: Record<FunctionName, Record<string, CfnValue>>;
  /** Events the parameters or the catalogue decide (the API-call rules), added to the functions' own. */
  events: Partial<Record<FunctionName, unknown[]>>;
  /** Rule names whose state osls cannot set (reads delivered too), set by the plugin after it compiles them. */
  ruleStates: Record<string, string>;
  resources: Record<string, Resource>;
  outputs: Record<string, { Value: CfnValue; Description?: string }>;
  /** Values serverless.yml reads as ${deploy:name}. */
  variables: Record<string, string | number>;
}

export interface StackContext {
  service: string;
  stage: string;
  /** The saved queries (queries/*.sql), which become the stack's NamedQueries. */
  queriesFolder: string;
}

/** Each function's environment: every registry setting it receives, in canonical form; unset settings are left out. */
export function functionEnvironment(parameters: ResolvedParameters): Record<FunctionName, Record<string, string>> {
  const environment = Object.fromEntries(FUNCTION_NAMES.map((name) => [name, {}])) as Record<
    FunctionName,
    Record<string, string>
  >;
  for (const name of SETTING_NAMES) {
    const definition = SETTINGS[name] as { env?: string; functions: readonly FunctionName[] };
    const value = parameters.text[name];
    if (!definition.env || value === '') continue;
    for (const functionName of definition.functions) environment[functionName][definition.env] = value;
  }
  return environment;
}

export function buildStack(parameters: ResolvedParameters, context: StackContext): StackParts {
  const { values } = parameters;
  const names = queryNames(context.stage);
  const role = {
    service: context.service,
    stage: context.stage,
    ...(values.chatbotTopicArn ? { chatbotTopicArn: values.chatbotTopicArn } : {}),
  };
  // The channels' secrets: deliverySender, which alone posts, alone may read them.
  const secretParameters = [
    values.slackWebhookParameter,
    values.slackBotTokenParameter,
    values.teamsWebhookParameter,
    values.discordWebhookParameter,
    values.lineChannelTokenParameter,
  ].filter((name): name is string => Boolean(name));
  const queries = queryStack(values, names, context.queriesFolder);

  const environment: Record<FunctionName, Record<string, CfnValue>> = functionEnvironment(parameters);
  // Chat messages and the HTML email wait in the delivery queue for deliverySender, which posts them at each
  // channel's pace; the functions that notify only queue them.
  for (const name of NOTIFYING_FUNCTIONS) environment[name].DELIVERY_QUEUE_URL = { Ref: 'DeliveryQueue' };
  // Claims per message (each delivered once) and LINE's monthly allowance.
  environment.deliverySender.HISTORY_TABLE = { Ref: 'SigninHistoryTable' };
  // The plan warnings, each sent once, and the highest credit balance seen (pk PLAN).
  environment.costDigest.HISTORY_TABLE = { Ref: 'SigninHistoryTable' };
  // Acting from the alert: the API-call and sign-in alerts sign links to alertActions' URL with the generated key.
  const actions = values.actions === 'true';
  environment.alertActions.HISTORY_TABLE = { Ref: 'SigninHistoryTable' };
  if (actions) {
    for (const name of ['apiCallAlert', 'signinAlert'] as const) {
      environment[name].ACTIONS_URL = { 'Fn::GetAtt': ['AlertActionsUrl', 'FunctionUrl'] };
      environment[name].ACTIONS_SECRET_ARN = { Ref: ACTIONS_SECRET_ID };
    }
    environment.alertActions.ACTIONS_SECRET_ARN = { Ref: ACTIONS_SECRET_ID };
  }
  // The trail's bucket: a change to its policy or lifecycle is a logging detection.
  environment.apiCallAlert.TRAIL_BUCKET = values.trailBucket ? values.trailBucket : { Ref: 'TrailBucket' };
  const trailTable = { ATHENA_WORKGROUP: names.workGroup, ATHENA_DATABASE: names.database, ATHENA_TABLE: names.table };
  Object.assign(environment.securityDigest, trailTable);
  // On a day the bill jumps, the cost digest asks the same table who started what moved it.
  Object.assign(environment.costDigest, trailTable);

  // What of the stack the hygiene report checks: the forwarding stacks' name and the three dead-letter queues.
  Object.assign(environment.hygieneReport, {
    HISTORY_TABLE: { Ref: 'SigninHistoryTable' },
    FORWARDING_STACK_NAME: forwardingStackName(context.service, context.stage),
    WATCHED_DEAD_LETTER_QUEUES: {
      'Fn::Join': [
        ',',
        [{ Ref: 'DeadLetterQueue' }, { Ref: 'HealthDeadLetterQueue' }, { Ref: 'DeliveryDeadLetterQueue' }],
      ],
    },
  });

  const resources: Record<string, Resource> = {
    ...functionRole({
      ...role,
      functionName: 'signinAlert',
      purpose: 'turn sign-in events into notifications, read and write the sign-in history table, queue chat messages',
      statements: [...historyStatements, ...deliveryQueueSendStatements, ...(actions ? [readActionsSecret] : [])],
    }),
    ...functionRole({
      ...role,
      functionName: 'apiCallAlert',
      purpose:
        'turn API-call events into notifications, read and write the history table, queue chat messages, read the rights of a group a user was added to and of a policy version made the default, look up on-demand prices',
      statements: [
        ...historyStatements,
        ...deliveryQueueSendStatements,
        {
          // user-added-to-group: what the group may do decides how serious the alert is.
          Sid: 'ReadGroupRights',
          Effect: 'Allow',
          Action: 'iam:ListAttachedGroupPolicies',
          Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:group/*' },
        },
        {
          // policy-default-version-changed: whether the version now in force grants administration.
          Sid: 'ReadPolicyVersions',
          Effect: 'Allow',
          Action: 'iam:GetPolicyVersion',
          Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/*' },
        },
        {
          // The price of what a launch started, for the alert (free; the Price List has no resource types,
          // so it accepts only Resource "*"). One read action.
          Sid: 'ReadPrices',
          Effect: 'Allow',
          Action: 'pricing:GetProducts',
          Resource: '*',
        },
        ...(actions ? [readActionsSecret] : []),
      ],
    }),
    ...functionRole({
      ...role,
      functionName: 'alertActions',
      purpose:
        'serve the action links: keep its items in the history table, turn IAM users\u2019 access keys off and on, queue the announcements',
      statements: [...alertActionsStatements(actions, context.service), ...deliveryQueueSendStatements],
      // Slack's button clicks are verified with the app's signing secret: the one parameter it may read.
      ...(actions && values.slackSigningSecretParameter
        ? { secretParameters: [values.slackSigningSecretParameter] }
        : {}),
    }),
    ...functionRole({
      ...role,
      functionName: 'deliverySender',
      purpose: `receive and delete the delivery queue\u2019s messages, claim them in the history table${
        values.emailFrom ? ', send email from and to its own SES identity' : ''
      }`,
      statements: [
        ...historyStatements,
        ...deliveryQueueReceiveStatements,
        ...(values.emailFrom
          ? [
              {
                // The sandbox checks the sender's and the recipient's identity: both are this one address.
                Sid: 'SendEmailFromOwnIdentity',
                Effect: 'Allow' as const,
                Action: 'ses:SendEmail',
                Resource: sub(
                  `arn:\${AWS::Partition}:ses:\${AWS::Region}:\${AWS::AccountId}:identity/${values.emailFrom}`,
                ),
              },
            ]
          : []),
      ],
      secretParameters,
      publishes: false,
    }),
    ...functionRole({
      ...role,
      functionName: 'costDigest',
      purpose:
        'read Cost Explorer and the Free Tier plan, ask the trail who started what moved the bill, queue chat messages',
      statements: [
        // Cost Explorer has no resource-level permissions: it accepts only Resource "*".
        // The actions are the two read calls the digest makes, nothing else.
        {
          Sid: 'ReadCostExplorer',
          Effect: 'Allow',
          Action: ['ce:GetCostAndUsage', 'ce:GetCostForecast'],
          Resource: '*',
        },
        {
          // The first digest of a month: that month against the one before, and what drove it.
          Sid: 'CompareMonths',
          Effect: 'Allow',
          Action: ['ce:GetCostAndUsageComparisons', 'ce:GetCostComparisonDrivers'],
          Resource: '*',
        },
        {
          // The Free Tier API has no resource-level permissions either: three read calls, the plan, the
          // offers' use and the credit-earning steps of a new account.
          Sid: 'ReadFreeTierPlan',
          Effect: 'Allow',
          Action: ['freetier:GetAccountPlanState', 'freetier:GetFreeTierUsage', 'freetier:ListAccountActivities'],
          Resource: '*',
        },
        {
          // Its own items of the history table: which plan warnings went out, the highest credit balance seen.
          Sid: 'RememberPlanWarnings',
          Effect: 'Allow',
          Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
          Resource: { 'Fn::GetAtt': ['SigninHistoryTable', 'Arn'] },
          Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [PLAN_MEMORY_PK] } },
        },
        {
          // The weekly report's item, read only: whether the account has anomaly monitors (then one GetAnomalies).
          Sid: 'ReadWeeklyReport',
          Effect: 'Allow',
          Action: 'dynamodb:GetItem',
          Resource: { 'Fn::GetAtt': ['SigninHistoryTable', 'Arn'] },
          Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [HYGIENE_KEY.pk] } },
        },
        {
          // AWS's own anomalies, only when monitors exist; Cost Explorer accepts only Resource "*" here too.
          Sid: 'ReadAnomalies',
          Effect: 'Allow',
          Action: 'ce:GetAnomalies',
          Resource: '*',
        },
        // The saved query capacity-started, in the stack's own workgroup over its own table, like the security digest.
        ...securityDigestStatements(values, names),
        ...deliveryQueueSendStatements,
      ],
    }),
    ...functionRole({
      ...role,
      functionName: 'securityDigest',
      purpose: 'run queries in its workgroup, read its table and the trail logs, write query results',
      statements: [...securityDigestStatements(values, names), ...deliveryQueueSendStatements],
    }),
    ...functionRole({
      ...role,
      functionName: 'healthAlert',
      purpose: 'turn the stack\u2019s alarms and AWS Budgets alerts into notifications, queue chat messages',
      statements: [...deliveryQueueSendStatements],
      // Its own queue: a failing healthAlert must not raise the alarm it formats.
      deadLetterQueue: 'HealthDeadLetterQueue',
    }),
    ...functionRole({
      ...role,
      functionName: 'hygieneReport',
      purpose: 'read the account\u2019s security and cost settings (read-only), remember last week\u2019s results',
      statements: [...hygieneStatements(context.service, context.stage), ...deliveryQueueSendStatements],
    }),
    ...schedulerRole('costDigest', 'the daily cost digest'),
    ...schedulerRole('hygieneReport', 'the weekly hygiene report'),
    ...weeklySchedule({
      functionName: 'hygieneReport',
      name: `${context.service}-${context.stage}-hygiene-report`,
      description: 'Weekly hygiene report on hygieneDay at hygieneTime in timeZone',
      day: values.hygieneDay,
      time: values.hygieneTime,
      timeZone: values.timeZone,
    }),
    ...schedulerRole('securityDigest', 'the daily security digest'),
    ...dailySchedule({
      functionName: 'costDigest',
      name: `${context.service}-${context.stage}-cost-digest`,
      description: 'Daily cost digest at digestTime in timeZone',
      time: values.digestTime,
      timeZone: values.timeZone,
    }),
    ...dailySchedule({
      functionName: 'securityDigest',
      name: `${context.service}-${context.stage}-security-digest`,
      description: 'Daily security digest at securityDigestTime in timeZone',
      time: values.securityDigestTime,
      timeZone: values.timeZone,
    }),
    ...queries.resources,
    ...historyTable(context.service, context.stage),
  };
  if (values.email) {
    resources.EmailSubscription = {
      Type: 'AWS::SNS::Subscription',
      Properties: { TopicArn: { Ref: 'NotificationTopic' }, Protocol: 'email', Endpoint: values.email },
    };
  }
  if (actions) Object.assign(resources, actionResources());
  if (values.emailFrom) {
    // Creating the identity makes SES mail the address a verification link; until it is clicked, SES refuses
    // to send (the message waits in the dead-letter queue for npm run redrive).
    resources.EmailIdentity = { Type: 'AWS::SES::EmailIdentity', Properties: { EmailIdentity: values.emailFrom } };
  }
  if (values.monthlyBudget !== undefined) {
    const alert = (type: 'ACTUAL' | 'FORECASTED', threshold: number) => ({
      Notification: {
        NotificationType: type,
        ComparisonOperator: 'GREATER_THAN',
        Threshold: threshold,
        ThresholdType: 'PERCENTAGE',
      },
      // Budgets' plain-text alerts go to healthAlert, which renders them like every other message.
      Subscribers: [{ SubscriptionType: 'SNS', Address: { Ref: 'BudgetAlertTopic' } }],
    });
    resources.MonthlyBudget = {
      Type: 'AWS::Budgets::Budget',
      Properties: {
        Budget: {
          BudgetName: `${context.service}-${context.stage}-monthly`,
          BudgetType: 'COST',
          TimeUnit: 'MONTHLY',
          BudgetLimit: { Amount: parameters.text.monthlyBudget, Unit: 'USD' },
          // Like the digest, count usage before credits and refunds, so free credits never hide real spend.
          CostTypes: { IncludeCredit: false, IncludeRefund: false },
        },
        NotificationsWithSubscribers: [alert('ACTUAL', 80), alert('FORECASTED', 100)],
      },
    };
  }

  return {
    environment,
    events: { apiCallAlert: apiCallEvents(context.service, context.stage, { reads: values.apiCallReads === 'true' }) },
    ruleStates: apiCallRuleStates(context.service, context.stage, { reads: values.apiCallReads === 'true' }),
    resources,
    outputs: {
      ...queries.outputs,
      ...(actions
        ? {
            AlertActionsUrl: {
              Value: { 'Fn::GetAtt': ['AlertActionsUrl', 'FunctionUrl'] },
              Description:
                'The action links\u2019 function URL; in Slack app mode, the app\u2019s Interactivity request URL',
            },
          }
        : {}),
    },
    variables: {
      logRetentionDays: values.logRetentionDays,
    },
  };
}
