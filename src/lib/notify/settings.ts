/** The notification channels' settings; config.ts loads them from the environment (loadChannelSettings). */

/** Where notifications go. Absent destinations mean "render only" in a local run. */
export interface ChannelSettings {
  topicArn?: string;
  /** SSM Parameter Store name of the SecureString holding the Slack webhook URL. */
  slackWebhookParameter?: string;
  /**
   * Slack app mode (instead of the webhook): the SecureString holding the bot token, the channel it posts to
   * (deliverySender only), the Web API's base URL, and whether the alerts' actions are buttons that act in
   * Slack (the signing secret is set: alertActions verifies the clicks with it).
   */
  slackBotTokenParameter?: string;
  slackChannel?: string;
  slackApiUrl: string;
  slackSigningSecretParameter?: string;
  /** Parameter Store names of the other chat channels' secrets: a Teams and a Discord webhook URL, a LINE token. */
  teamsWebhookParameter?: string;
  discordWebhookParameter?: string;
  lineChannelTokenParameter?: string;
  /** The LINE user, group or room the messages are pushed to (deliverySender only). */
  lineTo?: string;
  lineMonthlyMessages: number;
  lineApiUrl: string;
  /** The verified SES address the HTML email goes from and to. */
  emailFrom?: string;
  /** An Amazon Q Developer in chat applications (AWS Chatbot) topic, published to in its custom format. */
  chatbotTopicArn?: string;
  /**
   * Secrets given directly, honoured only in local runs (IS_LOCAL), never in Lambda: the Slack, Teams and
   * Discord webhook URLs and the LINE token (a local run posts to Slack with the webhook only).
   */
  local: { slackWebhookUrl?: string; teamsWebhookUrl?: string; discordWebhookUrl?: string; lineChannelToken?: string };
  /** The stack's dead-letter queue, where a channel's final failure goes (set by the stack). */
  deadLetterQueueUrl?: string;
  /** The FIFO queue chat messages and HTML emails wait in for deliverySender (set by the stack). */
  deliveryQueueUrl?: string;
  isLocal: boolean;
}
