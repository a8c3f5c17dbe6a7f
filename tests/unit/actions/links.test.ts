import { describe, expect, it } from 'vitest';
import { loadSignInFixture } from '../../../dev/fixtures.js';
import { apiCallActionLinks, signInActionLinks, withActionLinks } from '../../../src/lib/actions/links.js';
import { verifyActionToken } from '../../../src/lib/actions/token.js';
import { normalizeApiCall } from '../../../src/lib/api-calls/api-call.js';
import { renderChatbotNotification } from '../../../src/lib/notify/chatbot.js';
import { renderDiscord } from '../../../src/lib/notify/discord.js';
import { renderHtmlEmail } from '../../../src/lib/notify/email-html.js';
import { renderLine } from '../../../src/lib/notify/line.js';
import { renderSlack } from '../../../src/lib/notify/slack.js';
import { renderTeams } from '../../../src/lib/notify/teams.js';
import { normalizeSignIn } from '../../../src/lib/signin/normalize.js';
import { extractSignInRecords } from '../../../src/lib/signin/records.js';
import { realAccountRecord, stratusRecord } from '../../helpers/attack-cases.js';
import { notificationFor } from '../../helpers/notifications.js';

/** Which links an alert carries: each signed for its one action, the heavier lock-downs only when it is serious. */

const SECRET = 'links-test-secret-0123456789abcdefghijkl';
const NOW = Date.parse('2026-12-02T03:12:00Z');
const context = { secret: SECRET, baseUrl: 'https://abc.lambda-url.us-east-1.on.aws/', nowMs: NOW };
const claimsOf = (url: string, account: string) => {
  const check = verifyActionToken(SECRET, new URL(url).searchParams.get('t'), NOW, account);
  if (!check.ok) throw new Error(check.reason);
  return check.claims;
};

describe('the links of an API-call alert', () => {
  it('offers an IAM user with a long-term key everything but a role\u2019s sessions, on a high alert', () => {
    const record = stratusRecord('defense-evasion.cloudtrail-stop', 'StopLogging');
    const call = normalizeApiCall(record, {});
    const links = apiCallActionLinks(call, 'cloudtrail-stopped', context, 'en', 'high');
    expect(links.map((link) => link.label)).toEqual([
      'This was me',
      'Mute this detection',
      `Deactivate access key ${call.principal.accessKeyId}`,
      'Deny everything to user christophe',
    ]);
    expect(claimsOf(links[2]?.url ?? '', String(call.accountId))).toMatchObject({
      action: 'deactivate-key',
      accessKey: call.principal.accessKeyId,
      alert: call.eventId,
      expires: NOW / 1000 + 86_400,
    });
    // A medium alert: no deny-everything.
    expect(apiCallActionLinks(call, 'cloudtrail-stopped', context, 'en', 'medium')).toHaveLength(3);
  });

  it('offers to stop the instances a launch started, and to revoke the sessions of the role that did', () => {
    const record = realAccountRecord(
      '218007301253_CloudTrail_us-east-1_20230710T1200Z_x9kHmzMa7cx6l9wM.json',
      'RunInstances',
    );
    const call = normalizeApiCall(
      {
        ...record,
        userIdentity: {
          type: 'AssumedRole',
          arn: 'arn:aws:sts::218007301253:assumed-role/deploy/ci',
          accountId: '218007301253',
        },
      },
      {},
    );
    const links = apiCallActionLinks(call, 'costly-launch', context, 'ja', 'high');
    expect(links.map((link) => link.label)).toEqual([
      'これは自分です',
      'この検出を一時的に止める',
      'ロール deploy のセッションを無効にする',
      'i-0dbc91f429e48eeed (us-east-1) を停止する',
    ]);
    expect(claimsOf(links[3]?.url ?? '', String(call.accountId))).toMatchObject({
      action: 'stop-instances',
      instances: ['i-0dbc91f429e48eeed'],
      region: 'us-east-1',
    });
  });

  it('offers nothing that would quiet or lock the root user', () => {
    const record = stratusRecord('defense-evasion.cloudtrail-stop', 'StopLogging');
    const root = normalizeApiCall(
      { ...record, userIdentity: { type: 'Root', arn: 'arn:aws:iam::143434273843:root', accountId: '143434273843' } },
      {},
    );
    expect(apiCallActionLinks(root, 'root-activity', context, 'en', 'critical')).toEqual([]);
  });
});

describe('the links of a sign-in alert', () => {
  const signInOf = (fixture: string, change: Record<string, unknown> = {}) => {
    const [first] = extractSignInRecords(loadSignInFixture(fixture)).records;
    if (!first) throw new Error(`no sign-in in ${fixture}`);
    return normalizeSignIn({ ...(first.record as object), ...change }, first.envelope, () => 'JP');
  };

  it('confirms the country, network and browser it saw, and the other country of a "too fast"', () => {
    const signIn = signInOf('eventbridge-iam-user-success-mfa-01.json', { sourceIPAddress: '133.242.0.1' });
    const links = signInActionLinks(
      signIn,
      { detection: 'signin-impossibleTravel', severity: 'high', travelCountry: 'TW' },
      context,
      'en',
    );
    expect(links.map((link) => link.label)).toEqual([
      'This was me',
      `Deny everything to user ${signIn.principal.userName}`,
    ]);
    const claims = claimsOf(links[0]?.url ?? '', String(signIn.accountId));
    expect(claims).toMatchObject({ action: 'this-was-me', principal: signIn.principal.arn, alert: signIn.eventId });
    expect(claims.facts).toEqual([
      'country#JP',
      'network#133.242.0.0/24',
      expect.stringMatching(/^agent#/),
      'country#TW',
    ]);
    // An ordinary sign-in: "this was me" only, nothing to lock down.
    const low = signInActionLinks(signIn, { detection: 'signin-iamUserMfa', severity: 'low' }, context, 'en');
    expect(low.map((link) => link.label)).toEqual(['This was me']);
  });

  it('offers to revoke a role’s sessions, but not IAM Identity Center’s roles, which it manages', () => {
    const signIn = signInOf('federated-saml-okta-success-01.json');
    const labels = signInActionLinks(signIn, { detection: 'signin-x', severity: 'high' }, context, 'en').map(
      (link) => link.label,
    );
    expect(labels).toEqual(['This was me', expect.stringMatching(/^Revoke the sessions of role /)]);
    const sso = signInOf('sso-identity-center-role-success-02.json');
    expect(
      signInActionLinks(sso, { detection: 'signin-x', severity: 'high' }, context, 'en').map((l) => l.label),
    ).toEqual(['This was me']);
  });

  it('offers nothing for the root user or a failed sign-in', () => {
    const root = signInOf('root-success-mfa-01.json');
    expect(signInActionLinks(root, { detection: 'signin-rootSignIn', severity: 'critical' }, context, 'en')).toEqual(
      [],
    );
    const failed = signInOf('eventbridge-iam-user-failure-mfa-01.json');
    expect(signInActionLinks(failed, { detection: 'signin-failure', severity: 'high' }, context, 'en')).toEqual([]);
  });

  it('refuses a signed link whose facts are not the memory’s kinds', async () => {
    const { signActionToken } = await import('../../../src/lib/actions/token.js');
    const about = { action: 'this-was-me' as const, alert: 'a', detection: 'signin-x', account: '123456789012' };
    const expires = NOW / 1000 + 60;
    for (const facts of [['password#hunter2'], ['country#\u0007'], [], Array(5).fill('country#JP')]) {
      const token = signActionToken(SECRET, { ...about, expires, facts });
      expect(verifyActionToken(SECRET, token, NOW, '123456789012')).toEqual({ ok: false, reason: 'malformed' });
    }
  });
});

describe('the links in a message', () => {
  it('are text lines for every channel, and whole URL buttons in Slack, the lock-downs in red', () => {
    const call = normalizeApiCall(stratusRecord('defense-evasion.cloudtrail-stop', 'StopLogging'), {});
    const links = apiCallActionLinks(call, 'cloudtrail-stopped', context, 'en', 'high');
    const notification = withActionLinks(notificationFor('root-success-mfa-01.json'), links, 'en');
    const detail = notification.details?.at(-1);
    expect(detail?.lines).toEqual(links.map((link) => `${link.label}: ${link.url}`));

    const blocks = (renderSlack(notification).attachments?.[0]?.blocks ?? []) as unknown as {
      type: string;
      text?: { text: string };
      elements?: { type: string; url?: string; style?: string; text: { text: string } }[];
    }[];
    const buttons = blocks
      .filter((block) => block.type === 'actions')
      .flatMap((block) => block.elements ?? [])
      .filter((element) => element.url?.includes('?t='));
    expect(buttons.map((button) => [button.text.text, button.style])).toEqual([
      ['This was me', undefined],
      ['Mute this detection', undefined],
      [`Deactivate access key ${call.principal.accessKeyId}`, 'danger'],
      ['Deny everything to user christophe', 'danger'],
    ]);
    // Each URL whole, so it still verifies; none of them in a mrkdwn section, where 3000 characters cut them.
    for (const [index, button] of buttons.entries()) expect(button.url).toBe(links[index]?.url);
    expect(claimsOf(buttons[2]?.url ?? '', String(call.accountId)).action).toBe('deactivate-key');
    const sections = blocks.filter((block) => block.type === 'section').map((block) => block.text?.text ?? '');
    expect(sections.some((text) => text.includes('?t='))).toBe(false);
    expect(sections).toContain(`*${detail?.heading}*`);
  });

  it('reach Teams as buttons and Discord as whole links, never escaped or cut', () => {
    const call = normalizeApiCall(stratusRecord('defense-evasion.cloudtrail-stop', 'StopLogging'), {});
    const links = apiCallActionLinks(call, 'cloudtrail-stopped', context, 'ja', 'high');
    const notification = withActionLinks(notificationFor('root-success-mfa-01.json'), links, 'ja');
    const card = JSON.stringify(renderTeams(notification));
    const teamsActions = (
      JSON.parse(card) as { attachments: { content: { body: unknown[] } }[] }
    ).attachments[0]?.content.body
      .filter((element) => (element as { type: string }).type === 'ActionSet')
      .flatMap((element) => (element as { actions: { url: string; style?: string }[] }).actions);
    expect(teamsActions?.map((action) => action.url)).toEqual(links.map((link) => link.url));
    expect(teamsActions?.map((action) => action.style)).toEqual([undefined, undefined, 'destructive', 'destructive']);
    const discordFields = renderDiscord(notification).embeds[0]?.fields ?? [];
    const values = discordFields.filter((field) => field.value.includes('?t=')).map((field) => field.value);
    // A token is base64url: its "_" and "-", escaped for Markdown, would no longer verify.
    expect(values).toEqual(links.map((link) => `<${link.url}>`));
    expect(claimsOf(values[0]?.slice(1, -1) ?? '', String(call.accountId)).action).toBe('this-was-me');
  });

  it('are links in the HTML email, buttons in LINE and whole links for the AWS chat integration', () => {
    const call = normalizeApiCall(stratusRecord('defense-evasion.cloudtrail-stop', 'StopLogging'), {});
    const links = apiCallActionLinks(call, 'cloudtrail-stopped', context, 'en', 'high');
    const notification = withActionLinks(notificationFor('root-success-mfa-01.json'), links, 'en');
    const { html } = renderHtmlEmail(notification);
    for (const link of links) expect(html).toContain(`<a href="${link.url}"`);
    const bubble = renderLine(notification).messages[0]?.contents as { body: { contents: Record<string, unknown>[] } };
    const lineButtons = bubble.body.contents.filter((part) => part.type === 'button');
    expect(lineButtons.map((button) => (button.action as { uri: string }).uri)).toEqual(links.map((link) => link.url));
    expect(lineButtons.map((button) => button.style)).toEqual(['secondary', 'secondary', 'primary', 'primary']);
    const { description } = renderChatbotNotification(notification).content;
    for (const link of links) expect(description).toContain(`<${link.url}|${link.label}>`);
  });
});
