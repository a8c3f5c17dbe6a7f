/** The notification channels' settings; config.ts loads them from the environment (loadChannelSettings). */

/** Where notifications go. Absent destinations mean "render only" in a local run. */
export interface ChannelSettings {
  topicArn?: string;
  /** SSM Parameter Store name of the SecureString holding the Slack webhook URL. */
  slackWebhookParameter?: string;
  /** A webhook URL given directly; honoured only in local runs (IS_LOCAL), never in Lambda. */
  slackWebhookUrl?: string;
  /** The stack's dead-letter queue, where a channel's final failure goes (set by the stack). */
  deadLetterQueueUrl?: string;
  /** The FIFO queue Slack messages wait in for slackSender (set by the stack for the alert functions). */
  slackQueueUrl?: string;
  isLocal: boolean;
}
