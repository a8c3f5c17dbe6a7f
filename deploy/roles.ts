import type { FunctionName } from '../src/lib/settings.js';
import { type CfnValue, logicalIdOf, type Resource, sub } from './cfn.js';

/** One IAM policy statement; every role in the stack is made of these, with named actions only. (A type, not an interface, so it is a CfnValue.) */
export type PolicyStatement = {
  Sid: string;
  // Deny only to fence an Allow in (alertActions never touches this project's own roles).
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: CfnValue;
  Condition?: CfnValue;
};

export interface FunctionRoleOptions {
  functionName: FunctionName;
  /** What the function may do beyond what every function may, in one phrase for the role's description. */
  purpose: string;
  /** The statements only this function needs. */
  statements: PolicyStatement[];
  service: string;
  stage: string;
  /** The queue the function dead-letters to (default the stack's DeadLetterQueue). */
  deadLetterQueue?: string;
  /** False for a function that never publishes to the topic (deliverySender). */
  publishes?: boolean;
  /** The owner's Amazon Q Developer in chat applications topic, which a publishing function publishes to as well. */
  chatbotTopicArn?: string;
  /** The Parameter Store names of the channels' secrets this function reads (deliverySender alone). */
  secretParameters?: string[];
}

/**
 * The execution role of one function: its own statements, plus what every function needs and
 * nothing more: write its own log group, publish to the topic (and the chat topic, when one is given),
 * read the channels' secrets (deliverySender alone) and dead-letter a failed invocation. The one place
 * roles are written.
 */
export function functionRole(options: FunctionRoleOptions): Record<string, Resource> {
  const { functionName, service, stage, chatbotTopicArn, secretParameters = [] } = options;
  const statements: PolicyStatement[] = [
    {
      Sid: 'WriteOwnLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: sub(
        `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${service}-${stage}-${functionName}:*`,
      ),
    },
    ...options.statements,
    ...(options.publishes === false
      ? []
      : [
          {
            Sid: 'PublishNotifications',
            Effect: 'Allow' as const,
            Action: 'sns:Publish',
            Resource: { Ref: 'NotificationTopic' },
          },
          ...(chatbotTopicArn
            ? [
                {
                  Sid: 'PublishToChatTopic',
                  Effect: 'Allow' as const,
                  Action: 'sns:Publish',
                  Resource: chatbotTopicArn,
                },
              ]
            : []),
        ]),
    {
      Sid: 'DeadLetterFailedInvocations',
      Effect: 'Allow',
      Action: 'sqs:SendMessage',
      Resource: { 'Fn::GetAtt': [options.deadLetterQueue ?? 'DeadLetterQueue', 'Arn'] },
    },
  ];
  const readsSecrets = secretParameters.length > 0;
  if (readsSecrets) {
    statements.push({
      Sid: 'ReadChannelSecrets',
      Effect: 'Allow',
      Action: 'ssm:GetParameter',
      Resource: secretParameters.map((name) =>
        sub(`arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter${name}`),
      ),
    });
  }
  return {
    [roleLogicalId(functionName)]: {
      Type: 'AWS::IAM::Role',
      Properties: {
        Description: `${functionName} may ${options.purpose}, write its logs${options.publishes === false ? '' : ', publish notifications'}${readsSecrets ? ', read the channels\u2019 secret parameters' : ''} and dead-letter a failed invocation`,
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        },
        Policies: [{ PolicyName: functionName, PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
      },
    },
  };
}

/** The role EventBridge Scheduler assumes to start one function on its schedule (and dead-letter a run it could not start), and nothing else. */
export function schedulerRole(functionName: FunctionName, what: string): Record<string, Resource> {
  const functionId = `${logicalIdOf(functionName)}LambdaFunction`;
  return {
    [`${logicalIdOf(functionName)}SchedulerRole`]: {
      Type: 'AWS::IAM::Role',
      Properties: {
        Description: `Lets EventBridge Scheduler start ${what}, and nothing else`,
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'scheduler.amazonaws.com' },
              Action: 'sts:AssumeRole',
              Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
            },
          ],
        },
        Policies: [
          {
            PolicyName: `invoke-${functionName}`,
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Sid: 'StartOnSchedule',
                  Effect: 'Allow',
                  Action: 'lambda:InvokeFunction',
                  Resource: [{ 'Fn::GetAtt': [functionId, 'Arn'] }, sub(`\${${functionId}.Arn}:*`)],
                },
                {
                  // Scheduler dead-letters with this role a run it could not start after its retries.
                  Sid: 'DeadLetterUnstartedRuns',
                  Effect: 'Allow',
                  Action: 'sqs:SendMessage',
                  Resource: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] },
                },
              ],
            },
          },
        ],
      },
    },
  };
}

/** The execution role's logical ID, as serverless.yml names it in each function's `role`. */
export function roleLogicalId(functionName: FunctionName): string {
  return `${logicalIdOf(functionName)}Role`;
}
