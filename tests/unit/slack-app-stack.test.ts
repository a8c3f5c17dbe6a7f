import { describe, expect, it } from 'vitest';
import { resolveDeployParameters } from '../../deploy/parameters.js';
import { buildStack } from '../../deploy/stack.js';

/**
 * Slack app mode in the stack: which settings go together, which function may read which secret (the bot token
 * deliverySender alone, the signing secret alertActions alone), and where the Interactivity request URL is.
 */

const context = { region: 'ap-northeast-1', now: new Date('2026-12-03T00:00:00Z') };
const APP = {
  slackBotTokenParameter: '/account-watch/slack-bot-token',
  slackChannel: 'C0123456789',
  slackSigningSecretParameter: '/account-watch/slack-signing-secret',
  actions: 'true',
};

function stack(given: Record<string, string>) {
  return buildStack(resolveDeployParameters(given, context), {
    service: 'account-watch',
    stage: 'prod',
    queriesFolder: 'queries',
  });
}

type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown };
function statementsOf(parts: ReturnType<typeof stack>, functionName: string): Statement[] {
  const id = `${functionName.charAt(0).toUpperCase()}${functionName.slice(1)}Role`;
  const role = parts.resources[id] as unknown as {
    Properties: { Policies: { PolicyDocument: { Statement: Statement[] } }[] };
  };
  return role.Properties.Policies.flatMap((policy) => policy.PolicyDocument.Statement);
}
const parameterReads = (parts: ReturnType<typeof stack>, functionName: string) =>
  JSON.stringify(
    statementsOf(parts, functionName)
      .filter((statement) => statement.Action === 'ssm:GetParameter')
      .map((statement) => statement.Resource),
  );

describe('the Slack app mode settings', () => {
  it('go together: the token with its channel, the signing secret with the app and the action links', () => {
    expect(() => resolveDeployParameters({ slackBotTokenParameter: APP.slackBotTokenParameter }, context)).toThrow(
      /Invalid deploy parameter slackChannel: slackBotTokenParameter and slackChannel go together/,
    );
    expect(() =>
      resolveDeployParameters(
        { slackSigningSecretParameter: APP.slackSigningSecretParameter, actions: 'true' },
        context,
      ),
    ).toThrow(/Invalid deploy parameter slackSigningSecretParameter: buttons that act in Slack need the app/);
    expect(() => resolveDeployParameters({ ...APP, actions: 'false' }, context)).toThrow(
      /slackSigningSecretParameter.*actions=true/,
    );
    expect(() =>
      resolveDeployParameters({ ...APP, slackWebhookParameter: '/account-watch/slack-webhook-url' }, context),
    ).toThrow(/Invalid deploy parameter slackWebhookParameter: choose one way to Slack/);
    expect(() => resolveDeployParameters(APP, context)).not.toThrow();
  });

  it('take a channel ID, not its name', () => {
    for (const channel of ['#aws-alerts', 'aws-alerts', 'c0123456789', 'C01'])
      expect(() => resolveDeployParameters({ ...APP, slackChannel: channel }, context)).toThrow(
        /Invalid deploy parameter slackChannel: .* is not a Slack channel ID/,
      );
  });
});

describe('the stack in Slack app mode', () => {
  it('lets deliverySender alone read the bot token, and alertActions alone the signing secret', () => {
    const parts = stack(APP);
    expect(parameterReads(parts, 'deliverySender')).toContain('parameter/account-watch/slack-bot-token');
    expect(parameterReads(parts, 'deliverySender')).not.toContain('signing-secret');
    expect(parameterReads(parts, 'alertActions')).toContain('parameter/account-watch/slack-signing-secret');
    expect(parameterReads(parts, 'alertActions')).not.toContain('bot-token');
    for (const name of ['signinAlert', 'apiCallAlert', 'costDigest', 'securityDigest', 'healthAlert'])
      expect(parameterReads(parts, name)).toBe('[]');
  });

  it('tells the alerts to render for the app and its buttons, deliverySender where to post', () => {
    const { environment, outputs } = stack(APP);
    expect(environment.deliverySender).toMatchObject({
      SLACK_BOT_TOKEN_PARAMETER: '/account-watch/slack-bot-token',
      SLACK_CHANNEL: 'C0123456789',
      SLACK_API_URL: 'https://slack.com/api/',
    });
    expect(environment.deliverySender.SLACK_SIGNING_SECRET_PARAMETER).toBeUndefined();
    for (const name of ['apiCallAlert', 'signinAlert', 'alertActions'] as const)
      expect(environment[name].SLACK_SIGNING_SECRET_PARAMETER).toBe('/account-watch/slack-signing-secret');
    expect(environment.costDigest.SLACK_BOT_TOKEN_PARAMETER).toBe('/account-watch/slack-bot-token');
    // The Interactivity request URL to paste into the app's settings.
    expect(outputs.AlertActionsUrl?.Value).toEqual({ 'Fn::GetAtt': ['AlertActionsUrl', 'FunctionUrl'] });
  });

  it('gives alertActions no parameter to read, and no URL output, without the app\u2019s buttons', () => {
    const parts = stack({ actions: 'true' });
    expect(parameterReads(parts, 'alertActions')).toBe('[]');
    expect(stack({}).outputs.AlertActionsUrl).toBeUndefined();
  });
});
