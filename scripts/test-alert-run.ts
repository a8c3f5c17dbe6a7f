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
 * email subscriptions (a pending confirmation is the usual reason nothing arrives) and, for Slack, whether
 * slackSender has posted the queued message (its claim in the history table).
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
  /** How long to wait for slackSender to post the queued Slack message. */
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

async function slackLine(
  clients: TestAlertClients,
  key: string,
  historyTable: string | undefined,
  options: TestAlertOptions,
): Promise<TestAlertReport> {
  if (!historyTable)
    return { lines: ['Slack: queued for slackSender (no history table to follow it)'], delivered: true };
  const table = new HistoryTable(clients.dynamodb, historyTable, 30);
  const sleep = options.sleep ?? defaultSleep;
  const pollMs = options.pollMs ?? 2_000;
  const polls = Math.max(1, Math.ceil((options.waitSeconds * 1000) / pollMs));
  for (let poll = 0; poll < polls; poll++) {
    try {
      if ((await table.claimState(`slack#${key}`)) === 'sent')
        return { lines: ['Slack: posted to the webhook by slackSender'], delivered: true };
    } catch (error) {
      return {
        lines: [
          `Slack: queued; could not follow it in the history table (${whyAwsCallFailed(error, 'dynamodb:Query')})`,
        ],
        delivered: true,
      };
    }
    await sleep(pollMs);
  }
  return {
    lines: [
      `Slack: queued, but not posted after ${options.waitSeconds} s. slackSender retries a webhook that refuses and then dead-letters the message with the reason: npm run doctor shows it, npm run redrive sends it again once fixed.`,
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
  for (const channel of result.channels) {
    const name = channel.channel === 'sns' ? 'Email' : channel.channel === 'slack' ? 'Slack' : channel.channel;
    if (channel.outcome === 'failed')
      add({ lines: [`${name}: FAILED: ${channel.detail ?? 'no reason given'}`], delivered: false });
    else if (channel.channel === 'sns') add(await emailLines(clients, result.topicArn));
    else if (channel.outcome === 'queued' && channel.slackKey)
      add(await slackLine(clients, channel.slackKey, result.historyTable, options));
    else add({ lines: [`${name}: ${channel.outcome}`], delivered: true });
  }
  if (!result.channels.some((channel) => channel.channel === 'slack'))
    lines.push('  Slack: not set up (npm run setup asks for it)');
  return { lines, delivered };
}
