import type { PolicyStatement } from './roles.js';

/**
 * The Slack queue (serverless.yml: SlackQueue, FIFO): the alert functions may only send to it; slackSender
 * may only receive and delete from it (what its SQS event source needs), and nothing else.
 */
export const slackQueueSendStatements: PolicyStatement[] = [
  {
    Sid: 'QueueSlackMessages',
    Effect: 'Allow',
    Action: 'sqs:SendMessage',
    Resource: { 'Fn::GetAtt': ['SlackQueue', 'Arn'] },
  },
];

export const slackQueueReceiveStatements: PolicyStatement[] = [
  {
    Sid: 'ReceiveSlackMessages',
    Effect: 'Allow',
    Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
    Resource: { 'Fn::GetAtt': ['SlackQueue', 'Arn'] },
  },
];
