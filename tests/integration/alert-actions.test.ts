import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loopbackAwsEnv, queryParams } from '../../dev/aws-loopback.js';
import { type LocalHistoryTable, startHistoryTable } from '../../dev/history-table.js';
import { type Loopback, startLoopback } from '../../dev/loopback.js';
import { type ActionDeps, type FunctionUrlEvent, handleActionRequest } from '../../src/lib/actions/http.js';
import { CONTENT_SECURITY_POLICY } from '../../src/lib/actions/page.js';
import { type ActionClaims, csrfToken, signActionToken } from '../../src/lib/actions/token.js';
import type { Notification } from '../../src/lib/notify/notification.js';
import { loopbackActionDeps } from '../helpers/action-deps.js';
import { freshApiCallAlertHandler } from '../helpers/handlers.js';

/**
 * Acting from an alert, attacked on purpose: the function URL's request handling with the history table on
 * dynalite (links used once, mutes, the audit) and IAM's UpdateAccessKey on a loopback endpoint answering in the
 * query protocol's shape. Forged, tampered, expired, replayed and cross-account links; GET never acting; a
 * missing CSRF token; oversized bodies; the root user.
 */

const SECRET = 'test-secret-of-the-stack-0123456789abcdef';
const ACCOUNT = '143434273843';
const NOW = Date.parse('2026-12-02T03:12:00Z');
const DOMAIN = 'abc123.lambda-url.us-east-1.on.aws';
let aws: Loopback;
let table: LocalHistoryTable;
let announced: Notification[];
let deps: ActionDeps;

const claims = (change: Partial<ActionClaims> = {}): Omit<ActionClaims, 'nonce'> & { nonce?: string } => ({
  action: 'mute',
  alert: 'e2c7d5b8-0000-4000-8000-000000000001',
  detection: 'gpu-or-huge-instances',
  account: ACCOUNT,
  principal: 'arn:aws:iam::143434273843:user/christophe',
  expires: Math.floor(NOW / 1000) + 86_400,
  ...change,
});

const get = (token: string): FunctionUrlEvent => ({
  queryStringParameters: { t: token },
  requestContext: { domainName: DOMAIN, http: { method: 'GET', sourceIp: '203.0.113.5', userAgent: 'Mobile Safari' } },
});
const post = (form: Record<string, string>, base64 = false): FunctionUrlEvent => {
  const body = new URLSearchParams(form).toString();
  return {
    body: base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: base64,
    requestContext: {
      domainName: DOMAIN,
      http: { method: 'POST', sourceIp: '203.0.113.5', userAgent: 'Mobile Safari' },
    },
  };
};
/** The form the confirmation page holds for a token. */
const formOf = (token: string, extra: Record<string, string> = {}) => {
  const nonce = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()).nonce as string;
  return { t: token, csrf: csrfToken(SECRET, nonce), ...extra };
};
const iamCalls = () => aws.requests.filter((request) => queryParams(request).get('Action') === 'UpdateAccessKey');
const calls = (action: string) =>
  aws.requests
    .filter((request) => queryParams(request).get('Action') === action)
    .map((request) => queryParams(request));

/** IAM's and EC2's query-protocol answers, in their real shapes, for the calls the lock-downs make. */
function answerIamAndEc2(request: import('../../dev/loopback.js').RecordedRequest) {
  const action = queryParams(request).get('Action') ?? '';
  const xml = (body: string) => ({ status: 200, headers: { 'content-type': 'text/xml' }, body });
  if (['UpdateAccessKey', 'PutUserPolicy', 'DeleteUserPolicy', 'PutRolePolicy', 'DeleteRolePolicy'].includes(action)) {
    return xml(
      `<${action}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ResponseMetadata></${action}Response>`,
    );
  }
  if (action === 'StopInstances' || action === 'StartInstances') {
    const [from, to] = action === 'StopInstances' ? [16, 64] : [80, 0];
    return xml(
      `<${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId><instancesSet><item><instanceId>i-0abc1234def567890</instanceId><currentState><code>${to}</code><name>${to === 64 ? 'stopping' : 'pending'}</name></currentState><previousState><code>${from}</code><name>${from === 16 ? 'running' : 'stopped'}</name></previousState></item></instancesSet></${action}Response>`,
    );
  }
  return { status: 400, body: 'unexpected' };
}

beforeAll(async () => {
  aws = await startLoopback(answerIamAndEc2);
  table = await startHistoryTable('actions');
  Object.assign(process.env, loopbackAwsEnv(aws.url, 'us-east-1'));
});
afterAll(async () => {
  await aws.close();
  await table.close();
});
beforeEach(() => {
  aws.requests.length = 0;
  announced = [];
  deps = loopbackActionDeps({ secret: SECRET, account: ACCOUNT, awsUrl: aws.url, table, announced, nowMs: NOW });
});

describe('the action links, attacked', () => {
  it('shows a confirmation page on GET and changes nothing, with a strict policy and no script', async () => {
    const token = signActionToken(SECRET, claims({ detection: '<img src=x onerror=alert(1)>' }));
    const before = table.requests.length;
    const page = await handleActionRequest(get(token), deps);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(page.body).toContain('<form method="post">');
    expect(page.body).not.toMatch(/<script|<img/i);
    expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // Showing the page wrote nothing and called nobody: a mail scanner fetching the link does nothing.
    expect(table.requests.length).toBe(before);
    expect(announced).toEqual([]);
  });

  it('mutes on the page\u2019s POST, once: the same form again is refused as used', async () => {
    const token = signActionToken(SECRET, claims());
    const done = await handleActionRequest(post(formOf(token, { duration: '24h' })), deps);
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Detection gpu-or-huge-instances is muted until 2026-12-03T03:12:00Z.');
    expect(await deps.store.quieted('gpu-or-huge-instances', 'arn:aws:iam::1:user/anyone', NOW / 1000)).toBe(true);
    expect(announced[0]?.summary).toContain('Confirmed from 203.0.113.5 (Mobile Safari)');
    const again = await handleActionRequest(post(formOf(token, { duration: '24h' })), deps);
    expect(again.statusCode).toBe(409);
    expect(announced).toHaveLength(1);
  });

  it('refuses forged, tampered, expired and cross-account links, and a token for another action', async () => {
    const forged = signActionToken('another-secret', claims());
    expect((await handleActionRequest(get(forged), deps)).statusCode).toBe(403);
    // A mute link turned into a key deactivation by editing its payload: the signature no longer matches.
    const mute = signActionToken(SECRET, claims());
    const [body, signature] = mute.split('.');
    const edited = JSON.parse(Buffer.from(body ?? '', 'base64url').toString());
    const tampered = `${Buffer.from(JSON.stringify({ ...edited, action: 'deactivate-key', accessKey: 'AKIAIOSFODNN7EXAMPLE' })).toString('base64url')}.${signature}`;
    expect((await handleActionRequest(post(formOf(tampered)), deps)).statusCode).toBe(403);
    const expired = signActionToken(SECRET, claims({ expires: Math.floor(NOW / 1000) - 1 }));
    expect((await handleActionRequest(get(expired), deps)).statusCode).toBe(410);
    const elsewhere = signActionToken(SECRET, claims({ account: '999988887777' }));
    expect((await handleActionRequest(get(elsewhere), deps)).statusCode).toBe(403);
    expect((await handleActionRequest(get('not-a-token'), deps)).statusCode).toBe(400);
    expect((await handleActionRequest(get('a'.repeat(5_000)), deps)).statusCode).toBe(400);
    expect(iamCalls()).toHaveLength(0);
    expect(announced).toEqual([]);
  });

  it('refuses a POST without the page\u2019s CSRF token, an offer the page did not make, an oversized body, a PUT', async () => {
    const token = signActionToken(SECRET, claims());
    expect((await handleActionRequest(post({ t: token, duration: '24h' }), deps)).statusCode).toBe(403);
    expect(
      (await handleActionRequest(post({ t: token, csrf: csrfToken(SECRET, 'other'), duration: '24h' }), deps))
        .statusCode,
    ).toBe(403);
    expect((await handleActionRequest(post(formOf(token, { duration: '365d' })), deps)).statusCode).toBe(400);
    expect(
      (await handleActionRequest(post(formOf(token, { duration: '24h', pad: 'x'.repeat(5_000) })), deps)).statusCode,
    ).toBe(413);
    const put = { ...post(formOf(token)), requestContext: { http: { method: 'PUT' } } };
    expect((await handleActionRequest(put, deps)).statusCode).toBe(405);
    // None of them used the link: the real page's POST still works.
    expect((await handleActionRequest(post(formOf(token, { duration: '1h' }), true), deps)).statusCode).toBe(200);
  });

  it('never mutes or allows the root user from a link', async () => {
    const root = signActionToken(
      SECRET,
      claims({ action: 'this-was-me', principal: 'arn:aws:iam::143434273843:root', detection: 'root-activity' }),
    );
    const page = await handleActionRequest(post(formOf(root, { duration: '1d' })), deps);
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('Nothing about the root user');
  });

  it('deactivates the access key the alert named, announces it with an undo link, and the undo reactivates it', async () => {
    const token = signActionToken(SECRET, claims({ action: 'deactivate-key', accessKey: 'AKIAIOSFODNN7EXAMPLE' }));
    const done = await handleActionRequest(post(formOf(token)), deps);
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Access key AKIAIOSFODNN7EXAMPLE deactivated.');
    const [call] = iamCalls();
    expect(Object.fromEntries(queryParams(call as never))).toMatchObject({
      Action: 'UpdateAccessKey',
      UserName: 'christophe',
      AccessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      Status: 'Inactive',
    });
    const undoUrl = announced[0]?.link?.url ?? '';
    expect(undoUrl.startsWith(`https://${DOMAIN}/?t=`)).toBe(true);
    expect(announced[0]?.severity).toBe('medium');
    const undoToken = new URL(undoUrl).searchParams.get('t') ?? '';
    expect((await handleActionRequest(get(undoToken), deps)).body).toContain('Undo:');
    const undone = await handleActionRequest(post(formOf(undoToken)), deps);
    expect(undone.statusCode).toBe(200);
    expect(queryParams(iamCalls()[1] as never).get('Status')).toBe('Active');
    // The audit keeps both, with who confirmed them.
    const original = await deps.store.readAudit(
      new URL(undoUrl).searchParams.get('t')
        ? JSON.parse(Buffer.from(undoToken.split('.')[0] ?? '', 'base64url').toString()).alert
        : '',
    );
    expect(original).toMatchObject({ action: 'deactivate-key', sourceIp: '203.0.113.5', userAgent: 'Mobile Safari' });
    expect(original?.undoneAt).toBe('2026-12-02T03:12:00.000Z');
  });

  it('locks a user, a role\u2019s older sessions and instances down, and each undo reverses it', async () => {
    const cases: Array<[Partial<ActionClaims>, string, string, (form: URLSearchParams) => void]> = [
      [
        { action: 'deny-user' },
        'PutUserPolicy',
        'DeleteUserPolicy',
        (form) => {
          expect(form.get('UserName')).toBe('christophe');
          expect(JSON.parse(form.get('PolicyDocument') ?? '{}').Statement[0]).toMatchObject({
            Effect: 'Deny',
            Action: '*',
          });
        },
      ],
      [
        { action: 'revoke-sessions', principal: 'arn:aws:sts::143434273843:assumed-role/deploy/ci', role: 'deploy' },
        'PutRolePolicy',
        'DeleteRolePolicy',
        (form) => {
          expect(form.get('RoleName')).toBe('deploy');
          expect(JSON.parse(form.get('PolicyDocument') ?? '{}').Statement[0].Condition).toEqual({
            DateLessThan: { 'aws:TokenIssueTime': '2026-12-02T03:12:00.000Z' },
          });
        },
      ],
      [
        { action: 'stop-instances', instances: ['i-0abc1234def567890'], region: 'sa-east-1' },
        'StopInstances',
        'StartInstances',
        (form) => expect(form.get('InstanceId.1')).toBe('i-0abc1234def567890'),
      ],
    ];
    for (const [change, does, undoes, check] of cases) {
      aws.requests.length = 0;
      announced.length = 0;
      const token = signActionToken(SECRET, claims(change));
      expect((await handleActionRequest(get(token), deps)).statusCode).toBe(200);
      expect(calls(does)).toHaveLength(0);
      const done = await handleActionRequest(post(formOf(token)), deps);
      expect(done.statusCode, does).toBe(200);
      const [form] = calls(does);
      if (!form) throw new Error(`no ${does}`);
      check(form);
      expect(announced[0]?.severity).toBe('medium');
      const undo = new URL(announced[0]?.link?.url ?? '').searchParams.get('t') ?? '';
      expect((await handleActionRequest(post(formOf(undo)), deps)).statusCode, undoes).toBe(200);
      expect(calls(undoes), undoes).toHaveLength(1);
    }
  });

  it('refuses an instance list or a role that is not what AWS names them, even signed', async () => {
    const odd = signActionToken(
      SECRET,
      claims({ action: 'stop-instances', instances: ['i-0abc; rm -rf'], region: 'sa-east-1' }),
    );
    expect((await handleActionRequest(get(odd), deps)).statusCode).toBe(400);
    const many = signActionToken(
      SECRET,
      claims({
        action: 'stop-instances',
        instances: Array.from({ length: 11 }, (_, index) => `i-0abc1234def5678${String(index).padStart(2, '0')}`),
        region: 'sa-east-1',
      }),
    );
    expect((await handleActionRequest(get(many), deps)).statusCode).toBe(400);
    const role = signActionToken(SECRET, claims({ action: 'revoke-sessions', role: 'a/b' }));
    expect((await handleActionRequest(get(role), deps)).statusCode).toBe(400);
  });

  it('says a refused change changed nothing, and leaves the link used', async () => {
    aws.respondWith(() => ({
      status: 403,
      headers: { 'content-type': 'text/xml' },
      body: '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized</Message></Error><RequestId>1</RequestId></ErrorResponse>',
    }));
    const token = signActionToken(SECRET, claims({ action: 'deactivate-key', accessKey: 'AKIAI44QH8DHBEXAMPLE' }));
    const page = await handleActionRequest(post(formOf(token)), deps);
    expect(page.statusCode).toBe(502);
    expect(announced).toEqual([]);
  });
});

describe('from the alert to the action and back, through both functions', () => {
  const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:143434273843:secret:AlertActionsSecret-AbCdEf';
  const context = (account: string) =>
    ({
      getRemainingTimeInMillis: () => 60_000,
      invokedFunctionArn: `arn:aws:lambda:us-east-1:${account}:function:account-watch-prod-alertActions`,
    }) as unknown as import('aws-lambda').Context;

  it('puts signed links in the alert; its mute link, confirmed, quiets the next call of that detection', async () => {
    const { eventOf, stratusRecord } = await import('../helpers/attack-cases.js');
    const { fakeAwsResponder, publishedEmails } = await import('../../dev/aws-loopback.js');
    aws.respondWith(fakeAwsResponder({ secretValue: SECRET }));
    const saved = { ...process.env };
    try {
      const apiCallAlert = await freshApiCallAlertHandler(aws.url, table, {
        NOTIFY_TOPIC_ARN: 'arn:aws:sns:us-east-1:143434273843:account-watch-prod-notifications',
        ACTIONS_URL: `https://${DOMAIN}/`,
        ACTIONS_SECRET_ARN: SECRET_ARN,
      });
      const record = stratusRecord('defense-evasion.cloudtrail-stop', 'StopLogging');
      await apiCallAlert(eventOf(record), context(ACCOUNT));
      const [email] = publishedEmails(aws.requests);
      expect(email?.body).toContain('Act from this alert');
      const links = [
        ...(email?.body ?? '').matchAll(/(This was me|Mute this detection|Deactivate access key \S+): (https:\S+)/g),
      ];
      expect(links.map((match) => match[1])).toEqual([
        'This was me',
        'Mute this detection',
        expect.stringMatching(/^Deactivate access key AKIA/),
      ]);
      const mute = new URL(links[1]?.[2] ?? '').searchParams.get('t') ?? '';

      const alertActions = (await import('../../src/handlers/alert-actions.js')).handler;
      const page = await alertActions(get(mute), context(ACCOUNT));
      expect(page.statusCode).toBe(200);
      const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      const done = await alertActions(post({ t: mute, csrf, duration: '1h' }), context(ACCOUNT));
      expect(done.statusCode).toBe(200);
      // Announced on every channel, like any notification.
      expect(publishedEmails(aws.requests).map((message) => message.subject)).toContain(
        '[Action] mute cloudtrail-stopped',
      );
      // The same link from another account's function is refused.
      expect((await alertActions(get(mute), context('999988887777'))).statusCode).toBe(403);

      aws.requests.length = 0;
      const again = await apiCallAlert(eventOf({ ...record, eventID: 'after-the-mute' }), context(ACCOUNT));
      expect(again).toMatchObject({ detected: 1, notified: 0 });
      expect(publishedEmails(aws.requests)).toEqual([]);
    } finally {
      process.env = saved;
    }
  });

  it('in Slack app mode: the queued alert’s mute button, clicked in Slack and verified, quiets the next call', async () => {
    const { eventOf, stratusRecord } = await import('../helpers/attack-cases.js');
    const { fakeAwsResponder, publishedEmails } = await import('../../dev/aws-loopback.js');
    const { slackSignature } = await import('../../src/lib/actions/slack.js');
    const SIGNING_SECRET = 'e2e-slack-signing-secret-00000000';
    aws.respondWith(fakeAwsResponder({ secretValue: SECRET, ssmParameterValue: SIGNING_SECRET }));
    const saved = { ...process.env };
    try {
      const apiCallAlert = await freshApiCallAlertHandler(aws.url, table, {
        NOTIFY_TOPIC_ARN: 'arn:aws:sns:us-east-1:143434273843:account-watch-prod-notifications',
        ACTIONS_URL: `https://${DOMAIN}/`,
        ACTIONS_SECRET_ARN: SECRET_ARN,
        DELIVERY_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/143434273843/account-watch-prod-deliveries.fifo',
        SLACK_BOT_TOKEN_PARAMETER: '/account-watch/slack-bot-token',
        SLACK_CHANNEL: 'C0TESTCHAN1',
        SLACK_SIGNING_SECRET_PARAMETER: '/account-watch/slack-signing-secret',
      });
      // Another detection than the mute above: CloudTrail's event selectors changed.
      const record = stratusRecord('defense-evasion.cloudtrail-event-selectors', 'PutEventSelectors');
      const recordAccount = String(record.recipientAccountId);
      await apiCallAlert(eventOf({ ...record, eventID: 'slack-app-e2e' }), context(recordAccount));
      const queued = aws.requests
        .filter((request) => request.headers['x-amz-target'] === 'AmazonSQS.SendMessage')
        .map((request) => JSON.parse(JSON.parse(request.body).MessageBody));
      const slack = queued.find((message) => message.channel === 'slack');
      const elements = (
        slack.payload.message.attachments[0].blocks as {
          elements?: { value?: string; action_id: string; text: { text: string } }[];
        }[]
      )
        .flatMap((block) => block.elements ?? [])
        .filter((element) => element.value);
      const mute = elements.find((element) => element.text.text === 'Mute this detection: 1 hour');
      expect(mute?.action_id).toMatch(/^aw-act-/);

      const alertActions = (await import('../../src/handlers/alert-actions.js')).handler;
      const body = new URLSearchParams({
        payload: JSON.stringify({
          type: 'block_actions',
          user: { id: 'U0OWNER0001', username: 'owner' },
          team: { id: 'T0TESTTEAM', domain: 'example-team' },
          actions: [{ action_id: mute?.action_id, value: mute?.value, type: 'button' }],
        }),
      }).toString();
      const timestamp = String(Math.floor(Date.now() / 1000));
      const click = (signature: string) => ({
        body,
        headers: { 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature },
        requestContext: { domainName: DOMAIN, http: { method: 'POST', sourceIp: '54.209.0.1', userAgent: 'Slackbot' } },
      });
      // Signed with another secret: refused; with the one in Parameter Store (read decrypted, once): done.
      aws.requests.length = 0;
      expect(
        (await alertActions(click(slackSignature('not-it', timestamp, body)), context(recordAccount))).statusCode,
      ).toBe(401);
      const done = await alertActions(click(slackSignature(SIGNING_SECRET, timestamp, body)), context(recordAccount));
      expect(done.statusCode).toBe(200);
      const read = aws.requests.find((request) => request.headers['x-amz-target'] === 'AmazonSSM.GetParameter');
      expect(JSON.parse(read?.body ?? '{}')).toMatchObject({
        Name: '/account-watch/slack-signing-secret',
        WithDecryption: true,
      });
      expect(
        publishedEmails(aws.requests)
          .map((message) => message.body)
          .join('\n'),
      ).toContain('Slack user @owner (U0OWNER0001) in example-team');
      aws.requests.length = 0;
      const again = await apiCallAlert(eventOf({ ...record, eventID: 'after-the-slack-mute' }), context(recordAccount));
      expect(again).toMatchObject({ detected: 1, notified: 0 });
    } finally {
      process.env = saved;
    }
  });

  it('puts "this was me" in a sign-in alert; confirmed, signing in between those countries is no longer "too fast"', async () => {
    const { fakeAwsResponder, publishedEmails } = await import('../../dev/aws-loopback.js');
    const { replaySignIn } = await import('../../dev/sign-in-sequence.js');
    const { freshSigninAlertHandler } = await import('../helpers/handlers.js');
    aws.respondWith(fakeAwsResponder({ secretValue: SECRET }));
    const saved = { ...process.env };
    const SIGN_IN_ACCOUNT = '123456789012';
    const [JAPAN, TAIWAN, RUSSIA] = ['133.242.0.1', '114.32.0.1', '5.3.0.1'];
    let sequence = 0;
    try {
      const signinAlert = await freshSigninAlertHandler(aws.url, {
        AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
        HISTORY_TABLE: table.tableName,
        NOTIFY_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:account-watch-prod-notifications',
        ACTIONS_URL: `https://${DOMAIN}/`,
        ACTIONS_SECRET_ARN: SECRET_ARN,
      });
      const signIn = (time: string, ip: string) =>
        signinAlert(
          replaySignIn('eventbridge-iam-user-success-mfa-01.json', {
            eventId: `mika-${++sequence}`,
            time,
            ip,
            userName: 'mika',
          }),
          context(SIGN_IN_ACCOUNT),
        );
      // Learnt: five sign-ins from Japan over eight days.
      for (const day of ['01', '03', '05', '07', '09']) await signIn(`2026-03-${day}T09:00:00Z`, JAPAN);
      await signIn('2026-03-12T01:00:00Z', JAPAN);
      aws.requests.length = 0;
      await signIn('2026-03-12T01:40:00Z', TAIWAN);
      const [travel] = publishedEmails(aws.requests);
      expect(travel?.subject).toContain('Sign-ins from two countries by mika');
      const links = [...(travel?.body ?? '').matchAll(/^(This was me|Deny everything to user mika): (https:\S+)$/gm)];
      expect(links.map((match) => match[1])).toEqual(['This was me', 'Deny everything to user mika']);
      const wasMe = new URL(links[0]?.[2] ?? '').searchParams.get('t') ?? '';

      const alertActions = (await import('../../src/handlers/alert-actions.js')).handler;
      const page = await alertActions(get(wasMe), context(SIGN_IN_ACCOUNT));
      expect(page.statusCode).toBe(200);
      // The memory keeps what it saw: no duration to choose; the page names the countries, network and browser.
      expect(page.body).not.toContain('<select');
      expect(page.body).toMatch(/TW, 114\.32\.0\.0\/24, [^,]+, JP/);
      const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      // A duration the page did not offer is refused, as for any action.
      expect((await alertActions(post({ t: wasMe, csrf, duration: '7d' }), context(SIGN_IN_ACCOUNT))).statusCode).toBe(
        400,
      );
      aws.requests.length = 0;
      const done = await alertActions(post({ t: wasMe, csrf }), context(SIGN_IN_ACCOUNT));
      expect(done.statusCode).toBe(200);
      const [announcement] = publishedEmails(aws.requests);
      expect(announcement?.subject).toBe('[Action] this-was-me signin-impossibleTravel');
      expect(announcement?.body).toContain('confirmed as arn:aws:iam::123456789012:user/mika');

      // Back and forth between the two confirmed countries: known, not raised.
      aws.requests.length = 0;
      await signIn('2026-03-12T02:20:00Z', JAPAN);
      await signIn('2026-03-12T03:00:00Z', TAIWAN);
      expect(
        publishedEmails(aws.requests)
          .map((email) => email.subject)
          .join('\n'),
      ).not.toContain('two countries');
      // A third country within the span is still "too fast": the confirmation covers only what it named.
      await signIn('2026-03-12T03:30:00Z', RUSSIA);
      expect(publishedEmails(aws.requests).at(-1)?.subject).toContain('Sign-ins from two countries by mika');

      // Undone (the announcement's link): the next switch alerts again.
      const undo =
        new URL(/Undo it:\n(https:\S+)/.exec(announcement?.body ?? '')?.[1] ?? '').searchParams.get('t') ?? '';
      const undoPage = await alertActions(get(undo), context(SIGN_IN_ACCOUNT));
      const undoCsrf = /name="csrf" value="([^"]+)"/.exec(undoPage.body)?.[1] ?? '';
      expect((await alertActions(post({ t: undo, csrf: undoCsrf }), context(SIGN_IN_ACCOUNT))).statusCode).toBe(200);
      aws.requests.length = 0;
      await signIn('2026-04-20T01:00:00Z', JAPAN);
      await signIn('2026-04-20T01:30:00Z', TAIWAN);
      expect(publishedEmails(aws.requests).at(-1)?.subject).toContain('Sign-ins from two countries by mika');
    } finally {
      process.env = saved;
    }
  });
});
