import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queryParams } from '../../dev/aws-loopback.js';
import { type LocalHistoryTable, startHistoryTable } from '../../dev/history-table.js';
import { type Loopback, startLoopback } from '../../dev/loopback.js';
import type { ActionDeps, FunctionUrlEvent } from '../../src/lib/actions/http.js';
import { apiCallActionLinks, withActionLinks } from '../../src/lib/actions/links.js';
import { handleFunctionUrl, replyToSlack, SLACK_MAX_BODY_BYTES, slackSignature } from '../../src/lib/actions/slack.js';
import { signActionToken } from '../../src/lib/actions/token.js';
import { normalizeApiCall } from '../../src/lib/api-calls/api-call.js';
import type { Notification } from '../../src/lib/notify/notification.js';
import { renderSlack } from '../../src/lib/notify/slack.js';
import { loopbackActionDeps } from '../helpers/action-deps.js';
import { stratusRecord } from '../helpers/attack-cases.js';
import { notificationFor } from '../helpers/notifications.js';

/**
 * Slack's buttons at the function URL, attacked on purpose: clicks as Slack sends them (a form whose `payload`
 * is a block_actions JSON, signed v0 with the app's signing secret), the history table on dynalite, IAM on a
 * loopback endpoint. A bad signature, a signature with another secret, an old or a future timestamp, an
 * oversized body, a replayed click, a forged value, a choice not offered, a response URL that is not Slack's.
 */

const LINK_SECRET = 'slack-buttons-link-secret-0123456789abcd';
const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const NOW = Date.parse('2026-12-02T03:12:00Z');
const DOMAIN = 'abc123.lambda-url.us-east-1.on.aws';
const RESPONSE_URL = 'https://hooks.slack.com/actions/T0TESTTEAM/6000000000001/Xyz0abcDEF1ghiJKL2mnoPQR';

let aws: Loopback;
let table: LocalHistoryTable;
let announced: Notification[];
let replies: Array<{ url: string; text: string }>;
let secretReads: number;
let deps: ActionDeps;

const call = normalizeApiCall(stratusRecord('defense-evasion.cloudtrail-stop', 'StopLogging'), {});
const ACCOUNT = String(call.accountId);

/** The alert's acting buttons as the app posts them (fresh tokens each time). */
function buttons(): Array<{ action_id: string; value: string; text: { text: string } }> {
  const links = apiCallActionLinks(
    call,
    'cloudtrail-stopped',
    { secret: LINK_SECRET, baseUrl: `https://${DOMAIN}/`, nowMs: NOW },
    'en',
    'high',
  );
  const message = renderSlack(withActionLinks(notificationFor('root-success-mfa-01.json'), links, 'en'), {
    interactive: true,
  });
  const blocks = (message.attachments?.[0]?.blocks ?? []) as unknown as {
    type: string;
    elements?: Array<{ action_id: string; value: string; text: { text: string } }>;
  }[];
  return blocks.flatMap((block) => block.elements ?? []).filter((element) => element.value);
}

const button = (label: string) => {
  const found = buttons().find((candidate) => candidate.text.text === label);
  if (!found) throw new Error(`no button ${label}`);
  return found;
};

/** The block_actions payload Slack sends for a click (fields as Slack's reference shows them). */
function clickBody(action: { action_id: string; value?: string; url?: string }, responseUrl = RESPONSE_URL): string {
  const payload = {
    type: 'block_actions',
    user: { id: 'U0ALICE0001', username: 'alice', name: 'alice', team_id: 'T0TESTTEAM' },
    api_app_id: 'A0TESTAPP01',
    token: 'verification-token-deprecated',
    container: { type: 'message', message_ts: '1700000001.000100', channel_id: 'C0TESTCHAN1', is_ephemeral: false },
    trigger_id: '6000000000001.1000000000001.abcdef',
    team: { id: 'T0TESTTEAM', domain: 'example-team' },
    channel: { id: 'C0TESTCHAN1', name: 'aws-alerts' },
    response_url: responseUrl,
    actions: [
      {
        action_id: action.action_id,
        block_id: 'b1',
        text: { type: 'plain_text', text: 'x', emoji: true },
        ...(action.value ? { value: action.value } : {}),
        ...(action.url ? { url: action.url } : {}),
        type: 'button',
        action_ts: '1700000005.000200',
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

function signed(
  body: string,
  options: { secret?: string; timestamp?: number; signature?: string; base64?: boolean } = {},
): FunctionUrlEvent {
  const timestamp = String(options.timestamp ?? Math.floor(NOW / 1000));
  return {
    body: options.base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: options.base64 ?? false,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': options.signature ?? slackSignature(options.secret ?? SIGNING_SECRET, timestamp, body),
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    },
    requestContext: { domainName: DOMAIN, http: { method: 'POST', sourceIp: '54.209.0.1', userAgent: 'Slackbot 1.0' } },
  };
}

const keyUpdates = () => aws.requests.filter((request) => queryParams(request).get('Action') === 'UpdateAccessKey');

beforeAll(async () => {
  aws = await startLoopback((request) => {
    const action = queryParams(request).get('Action') ?? '';
    return {
      status: 200,
      headers: { 'content-type': 'text/xml' },
      body: `<${action}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ResponseMetadata></${action}Response>`,
    };
  });
  table = await startHistoryTable('slack-buttons');
});
afterAll(async () => {
  await aws.close();
  await table.close();
});
beforeEach(() => {
  aws.requests.length = 0;
  announced = [];
  replies = [];
  secretReads = 0;
  deps = {
    ...loopbackActionDeps({ secret: LINK_SECRET, account: ACCOUNT, awsUrl: aws.url, table, announced, nowMs: NOW }),
    slack: {
      signingSecret: async () => {
        secretReads++;
        return SIGNING_SECRET;
      },
      respond: async (url, message) => {
        replies.push({ url, text: message.text });
      },
    },
  };
});

describe('a Slack button click', () => {
  it('deactivates the key, tells the clicker alone with an undo link, and announces who clicked', async () => {
    const label = `Deactivate access key ${call.principal.accessKeyId}`;
    const response = await handleFunctionUrl(signed(clickBody(button(label))), deps);
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('');
    expect(keyUpdates()).toHaveLength(1);
    expect(queryParams(keyUpdates()[0] as never).get('Status')).toBe('Inactive');
    expect(replies).toHaveLength(1);
    expect(replies[0]?.url).toBe(RESPONSE_URL);
    expect(replies[0]?.text).toContain(`Access key ${call.principal.accessKeyId} deactivated.`);
    expect(replies[0]?.text).toMatch(/<https:\/\/abc123\.lambda-url\.us-east-1\.on\.aws\/\?t=[\w.-]+\|Undo it>/);
    expect(announced[0]?.summary).toContain('Slack user @alice (U0ALICE0001) in example-team');
    const [audit] = await deps.store.listAudit(5);
    expect(audit).toMatchObject({ action: 'deactivate-key', sourceIp: expect.stringContaining('@alice') });
  });

  it('mutes for the duration its button names, read from the base64 body Lambda may hand over', async () => {
    const response = await handleFunctionUrl(
      signed(clickBody(button('Mute this detection: 7 days')), { base64: true }),
      deps,
    );
    expect(response.statusCode).toBe(200);
    expect(replies[0]?.text).toContain('Detection cloudtrail-stopped is muted until 2026-12-09T03:12:00Z.');
    expect(await deps.store.quieted('cloudtrail-stopped', 'arn:aws:iam::1:user/anyone', NOW / 1000)).toBe(true);
  });

  it('replies to the clicker beside the announcement, not after it (Slack waits 3 seconds)', async () => {
    let replied: () => void = () => undefined;
    const reply = new Promise<void>((resolve) => {
      replied = resolve;
    });
    const slack = deps.slack as NonNullable<typeof deps.slack>;
    const response = await handleFunctionUrl(signed(clickBody(button('This was me: 1 day'))), {
      ...deps,
      // The announcement finishes only once the reply is out: were they one after the other, this would fail.
      announce: () =>
        Promise.race([
          reply,
          new Promise<void>((_, reject) => setTimeout(() => reject(new Error('the reply waited')), 2_000)),
        ]),
      slack: {
        ...slack,
        respond: async (url, message) => {
          await slack.respond(url, message);
          replied();
        },
      },
    });
    expect(response.statusCode).toBe(200);
    expect(replies[0]?.text).toContain('is not alerted on for cloudtrail-stopped until');
  });

  it('acknowledges a click on a URL button (the page, the console) and does nothing', async () => {
    const response = await handleFunctionUrl(
      signed(clickBody({ action_id: 'xYz1', url: 'https://console.aws.amazon.com/cloudtrail' })),
      deps,
    );
    expect(response.statusCode).toBe(200);
    expect(replies).toEqual([]);
    expect(announced).toEqual([]);
  });
});

describe('a Slack button click, attacked', () => {
  const deactivate = () => button(`Deactivate access key ${call.principal.accessKeyId}`);

  it('refuses a request signed with another secret, or not signed, with a plain 401 and no reply', async () => {
    const body = clickBody(deactivate());
    for (const event of [
      signed(body, { secret: 'not-the-apps-signing-secret-00000' }),
      signed(body, { signature: 'v0=' }),
      signed(body, { signature: `v0=${'0'.repeat(64)}` }),
      { ...signed(body), headers: { 'x-slack-request-timestamp': String(NOW / 1000) } },
    ]) {
      const response = await handleFunctionUrl(event, deps);
      expect(response.statusCode).toBe(401);
      expect(response.body).toContain('not signed by this account\u2019s Slack app');
    }
    expect(keyUpdates()).toEqual([]);
    expect(replies).toEqual([]);
  });

  it('refuses a body changed after signing: another button\u2019s value in a signed request', async () => {
    const original = clickBody(button('This was me: 1 day'));
    const event = signed(original);
    event.body = clickBody(deactivate());
    expect((await handleFunctionUrl(event, deps)).statusCode).toBe(401);
    expect(keyUpdates()).toEqual([]);
  });

  it('refuses a correctly signed request more than 5 minutes old or ahead (a recorded click replayed later)', async () => {
    const body = clickBody(deactivate());
    for (const timestamp of [NOW / 1000 - 301, NOW / 1000 + 301]) {
      const response = await handleFunctionUrl(signed(body, { timestamp }), deps);
      expect(response.statusCode).toBe(401);
      expect(response.body).toContain('more than 5 minutes old');
    }
    expect((await handleFunctionUrl(signed(body, { timestamp: NOW / 1000 - 299 }), deps)).statusCode).toBe(200);
    expect(keyUpdates()).toHaveLength(1);
  });

  it('refuses an oversized body before computing any signature', async () => {
    const body = `payload=${'a'.repeat(SLACK_MAX_BODY_BYTES)}`;
    const response = await handleFunctionUrl(signed(body), deps);
    expect(response.statusCode).toBe(413);
    expect(secretReads).toBe(0);
  });

  it('acts once for a click replayed within the 5 minutes: the token is used', async () => {
    const event = signed(clickBody(deactivate()));
    expect((await handleFunctionUrl(event, deps)).statusCode).toBe(200);
    expect((await handleFunctionUrl(event, deps)).statusCode).toBe(200);
    expect(keyUpdates()).toHaveLength(1);
    expect(announced).toHaveLength(1);
    expect(replies[1]?.text).toContain('The link was used already');
  });

  it('refuses, to the clicker, a value that is not a token of ours, for another account, or a choice not offered', async () => {
    const forged = signActionToken('another-stack-secret-000000000000000000', {
      action: 'deactivate-key',
      alert: 'e',
      detection: 'cloudtrail-stopped',
      account: ACCOUNT,
      principal: 'arn:aws:iam::123456789012:user/christophe',
      accessKey: 'AKIAEXAMPLE000000000',
      expires: NOW / 1000 + 600,
    });
    const otherAccount = signActionToken(LINK_SECRET, {
      action: 'mute',
      alert: 'e',
      detection: 'cloudtrail-stopped',
      account: '999999999999',
      expires: NOW / 1000 + 600,
    });
    const mute = new URLSearchParams(button('Mute this detection: 1 hour').value);
    mute.set('duration', '365d');
    for (const value of [`t=${forged}`, `t=${otherAccount}&duration=1h`, mute.toString()]) {
      const response = await handleFunctionUrl(signed(clickBody({ action_id: 'aw-act-0', value })), deps);
      expect(response.statusCode).toBe(200);
    }
    expect(replies.map((reply) => reply.text)).toEqual([
      'This link cannot be used: The link is not one of ours.',
      'This link cannot be used: The link is for another AWS account.',
      'This link cannot be used: That choice is not offered for this action.',
    ]);
    expect(keyUpdates()).toEqual([]);
    expect(announced).toEqual([]);
  });

  it('never posts to a response URL that is not Slack\u2019s own', async () => {
    const body = clickBody(button('This was me: 1 day'), 'https://attacker.example/collect');
    expect((await handleFunctionUrl(signed(body), deps)).statusCode).toBe(200);
    expect(replies).toEqual([]);
  });

  it('refuses Slack requests where the app\u2019s buttons are not set up, and a form that is no click', async () => {
    const body = clickBody(deactivate());
    expect((await handleFunctionUrl(signed(body), { ...deps, slack: undefined })).statusCode).toBe(404);
    expect((await handleFunctionUrl(signed('payload=%7Bnot-json'), deps)).statusCode).toBe(400);
    expect(keyUpdates()).toEqual([]);
  });

  it('never acts on a GET, whatever its Slack headers', async () => {
    const event = signed(clickBody(deactivate()));
    const response = await handleFunctionUrl(
      { ...event, requestContext: { domainName: DOMAIN, http: { method: 'GET', sourceIp: '54.209.0.1' } } },
      deps,
    );
    expect(response.statusCode).not.toBe(200);
    expect(keyUpdates()).toEqual([]);
  });
});

describe('the reply to a click', () => {
  it('is one JSON POST, not retried: Slack waits 3 seconds for the click\u2019s answer', async () => {
    const hook = await startLoopback(() => ({ status: 500, body: 'no' }));
    try {
      const message = { response_type: 'ephemeral', replace_original: false, text: 'Done' } as const;
      await expect(replyToSlack(`${hook.url}/actions/T0/1/x`, message)).rejects.toThrow(/HTTP 500/);
      expect(hook.requests).toHaveLength(1);
      expect(JSON.parse(hook.requests[0]?.body ?? '{}')).toEqual(message);
      expect(hook.requests[0]?.headers['content-type']).toBe('application/json');
    } finally {
      await hook.close();
    }
  });
});
