import type { PolicyStatement } from './roles.js';

/**
 * The delivery queue (serverless.yml: DeliveryQueue, FIFO, a message group per channel): the functions that
 * notify may only send to it; deliverySender may only receive and delete from it (what its SQS event source
 * needs), and nothing else.
 */
export const deliveryQueueSendStatements: PolicyStatement[] = [
  {
    Sid: 'QueueChatMessages',
    Effect: 'Allow',
    Action: 'sqs:SendMessage',
    Resource: { 'Fn::GetAtt': ['DeliveryQueue', 'Arn'] },
  },
];

export const deliveryQueueReceiveStatements: PolicyStatement[] = [
  {
    Sid: 'ReceiveChatMessages',
    Effect: 'Allow',
    Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
    Resource: { 'Fn::GetAtt': ['DeliveryQueue', 'Arn'] },
  },
];
