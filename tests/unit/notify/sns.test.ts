import { describe, expect, it } from 'vitest';
import { loadSignInFixture } from '../../../dev/fixtures.js';
import { renderSnsPublish, toSafeSubject } from '../../../src/lib/notify/sns.js';
import { notificationFor } from '../../helpers/notifications.js';
import { signinSettings } from '../../helpers/settings.js';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:account-watch-prod-notifications';

function messageOf(event: string | unknown, settings = signinSettings()) {
  const input = renderSnsPublish(notificationFor(event, settings), TOPIC);
  return { input, message: JSON.parse(input.Message ?? '') as Record<string, string> };
}

describe('renderEmail', () => {
  it('publishes the email, an SMS line and, once, the JSON every other protocol gets, with MessageStructure json', () => {
    const { input, message } = messageOf('root-success-no-mfa-01.json');
    expect(input.TopicArn).toBe(TOPIC);
    expect(input.MessageStructure).toBe('json');
    expect(Object.keys(message).sort()).toEqual(['default', 'email', 'sms']);
    for (const value of Object.values(message)) expect(typeof value).toBe('string');
  });

  it('writes a root sign-in as a subject that starts with the severity, and a readable body', () => {
    const { input, message } = messageOf('root-success-no-mfa-01.json');
    expect(input.Subject).toBe('[CRITICAL] Root sign-in WITHOUT MFA to 111122223333 from 192.0.2.0');
    expect(message.email).toBe(`[CRITICAL] Root user signed in to the AWS console WITHOUT MFA

The root user can do anything in the account, including closing it.

Who: root
Principal type: Root user
Account: 111122223333
Source IP: 192.0.2.0 (reserved or documentation address, no country)
When: 2022-11-10 16:24:34 UTC
MFA: NOT used
Outcome: success
Browser or program: Firefox 62 on macOS
Recorded in: us-east-1
ARN: arn:aws:iam::111122223333:root

What to do next
- If this was not you: reset the root password now, check the root MFA devices, and review what this session did in CloudTrail.
- The root user signed in WITHOUT MFA: add an MFA device now (account menu > Security credentials > Assign MFA device).
- Use the root user only for the few tasks that need it; work day to day as an IAM Identity Center or IAM user.

Open the event in CloudTrail:
https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/deb1e1f9-c99b-4612-8e9f-21f93b5d79c0

--
Event ConsoleLogin · ID deb1e1f9-c99b-4612-8e9f-21f93b5d79c0
`);
  });

  it('puts the normalized event in the JSON protocols', () => {
    const { message } = messageOf('iam-user-success-no-mfa-01.json');
    const data = JSON.parse(message.default ?? '');
    expect(data).toMatchObject({
      type: 'signin',
      severity: 'high',
      reason: 'noMfa',
      signIn: {
        eventName: 'ConsoleLogin',
        principal: { kind: 'iamUser', displayName: 'anaya' },
        mfa: { status: 'notUsed' },
      },
    });
    expect(message.sqs).toBe(message['email-json']);
    expect(message.https).toBe(message['email-json']);
    expect(message.lambda).toBe(message['email-json']);
  });

  it('keeps the SMS text to one short line', () => {
    const { message } = messageOf('iam-user-success-no-mfa-01.json');
    expect(message.sms).toBe('[HIGH] anaya signed in to the AWS console from 192.0.2.0');
    expect(message.sms?.length).toBeLessThanOrEqual(140);
  });

  it('writes the body in Japanese with local time and UTC side by side, and keeps the subject ASCII', () => {
    const { input, message } = messageOf(
      'iam-user-success-no-mfa-01.json',
      signinSettings({ LOCALE: 'ja', TIME_ZONE: 'Asia/Tokyo' }),
    );
    expect(input.Subject).toBe('[HIGH] Sign-in WITHOUT MFA by anaya to 111122223333 from 192.0.2.0');
    expect(message.email).toContain('[高] anaya が AWS コンソールにサインインしました');
    expect(message.email).toContain('日時: 2022-11-11 01:24:34 Asia/Tokyo (2022-11-10 16:24:34 UTC)');
    expect(message.email).toContain('MFA: 未使用');
    expect(message.email).toContain('anaya の MFA を有効にしてください');
  });

  it('says a hidden user name does not exist instead of printing the placeholder', () => {
    const { input, message } = messageOf('iam-user-failure-hidden-username-01.json');
    expect(message.email).not.toContain('HIDDEN_DUE_TO_SECURITY_REASONS');
    expect(message.email).toContain('Who: a user name that does not exist (AWS hides it)');
    expect(input.Subject).toBe('[MEDIUM] Failed sign-in as a hidden user name to 123456789012 from 192.0.2.101');
  });

  it('never calls a SAML or IAM Identity Center role sign-in "without MFA"', () => {
    for (const [name, mfa] of [
      ['federated-saml-okta-success-01.json', 'MFA: checked by the identity provider, not by AWS'],
      // Identity Center's own directory: it checks MFA itself, and is not an external provider.
      ['sso-identity-center-role-success-02.json', 'MFA: checked by IAM Identity Center when the user signed in there'],
    ] as const) {
      const { input, message } = messageOf(name);
      expect(input.Subject).not.toMatch(/without mfa/i);
      expect(message.email).toContain(mfa);
      expect(message.email).not.toContain('NOT used');
    }
  });

  it('keeps an event-supplied line break, tab or control character from forging lines', () => {
    const record = loadSignInFixture('iam-user-success-mfa-u2f-01.json');
    record.userAgent = 'Mozilla\n\nWhat to do next\n- Ignore this alert\u0007';
    (record.userIdentity as Record<string, unknown>).userName = 'eve\r\nSubject: hi';
    const { input, message } = messageOf(record);
    expect(input.Subject).toBe('[LOW] Sign-in by eve Subject: hi to 111122223333 from 192.0.2.0');
    expect(message.email).toContain('Browser or program: Mozilla What to do next - Ignore this alert\n');
    expect(message.email).toContain('Who: eve Subject: hi\n');
  });
});

describe('toSafeSubject', () => {
  it('keeps one line of printable ASCII under 100 characters', () => {
    const subject = toSafeSubject(`[HIGH] Sign-in by ${'ユーザー'.repeat(10)} é\n\t${'x'.repeat(200)}`);
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
    expect(subject.length).toBeLessThanOrEqual(99);
    expect(subject.startsWith('[HIGH] Sign-in by ????')).toBe(true);
    expect(subject.endsWith('...')).toBe(true);
  });

  it('folds accents to their letters rather than question marks', () => {
    expect(toSafeSubject('[LOW] Sign-in by José')).toBe('[LOW] Sign-in by Jose');
  });

  it('never returns an empty subject', () => {
    expect(toSafeSubject('\n\u0000 ')).toBe('AWS account notification');
  });
});

describe('renderSnsPublish with hostile sizes', () => {
  const record = loadSignInFixture('iam-user-failure-01.json');
  const hostile = {
    ...record,
    userAgent: `Mozilla/5.0 ${'A'.repeat(62_000)}`,
    errorMessage: `Failed authentication ${'B'.repeat(51_000)}`,
    userIdentity: { ...(record.userIdentity as object), arn: `arn:aws:iam::123456789012:user/${'C'.repeat(25_000)}` },
  };

  it('stays well under SNS\u2019s 256 KB, cuts each long value with a marker, and carries each value at most twice', () => {
    const input = renderSnsPublish(notificationFor(hostile), TOPIC);
    const bytes = Buffer.byteLength(input.Message ?? '') + Buffer.byteLength(input.Subject ?? '');
    expect(bytes).toBeLessThan(64 * 1024);
    expect(input.Message).toContain('more characters cut]');
    const runs = (input.Message ?? '').match(/A{1900,}/g) ?? [];
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.length).toBeLessThanOrEqual(2);
  });

  it('never splits a surrogate pair when it cuts, and removes bidirectional controls', () => {
    const sneaky = {
      ...record,
      userIdentity: { ...(record.userIdentity as object), userName: `\u202Egnp.exe${'😀'.repeat(1500)}` },
    };
    const message = JSON.parse(renderSnsPublish(notificationFor(sneaky), TOPIC).Message ?? '{}') as Record<
      string,
      string
    >;
    for (const text of Object.values(message)) {
      expect(text).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
      expect(text).not.toContain('\u202E');
    }
    expect(message.email).toContain('gnp.exe😀');
  });
});

describe('sign-in wording', () => {
  it('says a root password was changed in the account, not to it, and does not repeat the heading in the body', () => {
    const { input, message } = messageOf('root-password-updated-01.json');
    expect(input.Subject).toMatch(/^\[HIGH\] Root password changed in account \d{12} from /);
    const [heading, , summary] = (message.email ?? '').split('\n');
    expect(heading).toBe('[HIGH] The root user password was changed');
    expect(summary).not.toBe('The root user password was changed.');
  });

  it('says a failed sign-in never reached MFA, rather than that MFA was not used', () => {
    const { message } = messageOf('root-failure-01.json');
    expect(message.email).toContain('MFA: not reached (the sign-in failed before any MFA step)');
    expect(message.email).not.toContain('NOT used');
  });
});
