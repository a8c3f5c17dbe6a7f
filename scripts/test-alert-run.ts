import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { allPages } from '../src/lib/aws-clients.js';
import { HistoryTable } from '../src/lib/history/table.js';
import { TEST_ALERT_MARKER, type TestAlertResult } from '../src/lib/test-alert/test-alert.js';
import { whyAwsCallFailed } from './aws-failure.js';

/**
 * `npm run test-alert`: invokes the deployed signinAlert with the test marker, so one clearly marked test
 * message goes out on each channel the way a sign-in alert goes, then says per channel what happened: the
 * email subscriptions (a pending confirmation is the usual reason nothing arrives) and, for each queued
 * channel (Slack, Teams, Discord, LINE, the HTML email), whether deliverySender has delivered it (its claim
 * in the history table).
 */

export interface TestAlertClients {
  sts: STSClient;
  lambda: LambdaClient;
  sns: SNSClient;
  dynamodb: DynamoDBClient;
}

export function testAlertClients(region: string, config: Record<string, unknown> = {}): TestAlertClients {
  return {
    sts: new STSClient({ region, ...config }),
    lambda: new LambdaClient({ region, ...config }),
    sns: new SNSClient({ region, ...config }),
    dynamodb: new DynamoDBClient({ region, ...config }),
  };
}

export interface TestAlertOptions {
  region: string;
  stage: string;
  /** How long to wait for deliverySender to deliver the queued messages. */
  waitSeconds: number;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
}

export interface TestAlertReport {
  lines: string[];
  /** Every channel delivered (or, for email, reached a confirmed subscription). */
  delivered: boolean;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function emailLines(clients: TestAlertClients, topicArn: string | undefined): Promise<TestAlertReport> {
  if (!topicArn) return { lines: ['Email: published'], delivered: true };
  let subscriptions: { Protocol?: string; Endpoint?: string; SubscriptionArn?: string }[];
  try {
    subscriptions = await allPages(
      (NextToken) => clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken })),
      (page) => page.Subscriptions,
      (page) => page.NextToken,
    );
  } catch (error) {
    return {
      lines: [
        `Email: published to the topic; could not list its subscriptions (${whyAwsCallFailed(error, 'sns:ListSubscriptionsByTopic')})`,
      ],
      delivered: true,
    };
  }
  subscriptions = subscriptions.filter((subscription) => subscription.Protocol);
  if (subscriptions.length === 0)
    return {
      lines: ['Email: published, but the topic has no subscription: deploy with the email setting (npm run setup)'],
      delivered: false,
    };
  let delivered = true;
  const lines = subscriptions.map((subscription) => {
    const who = `${subscription.Protocol === 'email' || subscription.Protocol === 'email-json' ? 'Email' : subscription.Protocol} to ${subscription.Endpoint ?? '?'}`;
    if (subscription.SubscriptionArn === 'PendingConfirmation') {
      delivered = false;
      return `${who}: NOT delivered, the subscription is not confirmed. Open AWS's mail "AWS Notification - Subscription Confirmation", click "Confirm subscription", then run this again.`;
    }
    return `${who}: sent (it arrives within a minute or two; look in the spam folder too)`;
  });
  return { lines, delivered };
}

/** Each channel's name as the report says it. */
const CHANNEL_LABELS: Record<string, string> = {
  sns: 'Email',
  slack: 'Slack',
  teams: 'Teams',
  discord: 'Discord',
  line: 'LINE',
  email: 'HTML email (SES)',
  chatbot: 'AWS chat integration',
};

/** What each queued channel's delivery is called, and what to check when it does not happen. */
const NOT_DELIVERED_HINT: Record<string, string> = {
  email:
    'SES refuses until the address is verified: open AWS\u2019s mail "Amazon Web Services \u2013 Email Address Verification Request" and click the link.',
  line: 'Check that the LINE token is a long-lived channel access token and that lineTo is your user ID (not the bot\u2019s).',
};

async function queuedLine(
  clients: TestAlertClients,
  label: string,
  channel: string,
  claimKey: string,
  historyTable: string | undefined,
  options: TestAlertOptions,
): Promise<TestAlertReport> {
  if (!historyTable)
    return { lines: [`${label}: queued for deliverySender (no history table to follow it)`], delivered: true };
  const table = new HistoryTable(clients.dynamodb, historyTable, 30);
  const sleep = options.sleep ?? defaultSleep;
  const pollMs = options.pollMs ?? 2_000;
  const polls = Math.max(1, Math.ceil((options.waitSeconds * 1000) / pollMs));
  for (let poll = 0; poll < polls; poll++) {
    try {
      if ((await table.claimState(claimKey)) === 'sent')
        return { lines: [`${label}: delivered by deliverySender`], delivered: true };
    } catch (error) {
      return {
        lines: [
          `${label}: queued; could not follow it in the history table (${whyAwsCallFailed(error, 'dynamodb:Query')})`,
        ],
        delivered: true,
      };
    }
    await sleep(pollMs);
  }
  const hint = NOT_DELIVERED_HINT[channel];
  return {
    lines: [
      `${label}: queued, but not delivered after ${options.waitSeconds} s. deliverySender retries a channel that refuses and then dead-letters the message with the reason: npm run doctor shows it, npm run redrive sends it again once fixed.${hint ? ` ${hint}` : ''}`,
    ],
    delivered: false,
  };
}

export async function runTestAlert(clients: TestAlertClients, options: TestAlertOptions): Promise<TestAlertReport> {
  const functionName = `account-watch-${options.stage}-signinAlert`;
  let requestedBy: string | undefined;
  try {
    requestedBy = (await clients.sts.send(new GetCallerIdentityCommand({}))).Arn;
  } catch (error) {
    return { lines: [`Could not call AWS: ${whyAwsCallFailed(error, 'sts:GetCallerIdentity')}`], delivered: false };
  }
  const request = {
    type: TEST_ALERT_MARKER,
    requestedAt: (options.now?.() ?? new Date()).toISOString(),
    requestedBy,
    stage: `account-watch-${options.stage} (${options.region})`,
  };
  let response: { FunctionError?: string; Payload?: Uint8Array };
  try {
    response = await clients.lambda.send(
      new InvokeCommand({ FunctionName: functionName, Payload: new TextEncoder().encode(JSON.stringify(request)) }),
    );
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') {
      return {
        lines: [
          `No deployed stack account-watch-${options.stage} in ${options.region}: function ${functionName} was not found. Deploy first (npx serverless deploy --region ${options.region}), or pass --region and --stage.`,
        ],
        delivered: false,
      };
    }
    return {
      lines: [`Could not invoke ${functionName}: ${whyAwsCallFailed(error, 'lambda:InvokeFunction')}`],
      delivered: false,
    };
  }
  const text = new TextDecoder().decode(response.Payload ?? new Uint8Array());
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    payload = undefined;
  }
  if (response.FunctionError) {
    const message = (payload as { errorMessage?: string } | undefined)?.errorMessage ?? text.slice(0, 300);
    return { lines: [`${functionName} failed: ${message}`], delivered: false };
  }
  const result = payload as TestAlertResult | undefined;
  if (result?.type !== TEST_ALERT_MARKER || !Array.isArray(result.channels)) {
    return {
      lines: [`${functionName} does not know the test message yet: deploy this version again, then run this again.`],
      delivered: false,
    };
  }
  const lines: string[] = [`Sent a test message through ${functionName} in ${options.region}:`];
  let delivered = true;
  const add = (report: TestAlertReport) => {
    lines.push(...report.lines.map((line) => `  ${line}`));
    delivered &&= report.delivered;
  };
  // The queued channels are followed side by side: each waits for its own delivery.
  const reports = await Promise.all(
    result.channels.map(async (channel): Promise<TestAlertReport> => {
      const name = CHANNEL_LABELS[channel.channel] ?? channel.channel;
      if (channel.outcome === 'failed')
        return { lines: [`${name}: FAILED: ${channel.detail ?? 'no reason given'}`], delivered: false };
      if (channel.channel === 'sns') return emailLines(clients, result.topicArn);
      if (channel.outcome === 'queued' && channel.claimKey)
        return queuedLine(clients, name, channel.channel, channel.claimKey, result.historyTable, options);
      return { lines: [`${name}: ${channel.outcome}`], delivered: true };
    }),
  );
  for (const report of reports) add(report);
  if (!result.channels.some((channel) => channel.channel !== 'sns'))
    lines.push('  Chat: none set up (Slack, Teams, Discord, LINE: npm run setup asks, docs/channels.md explains)');
  return { lines, delivered };
}
