import { describe, expect, it } from 'vitest';
import { loadSignInFixture, signInFixtureNames } from '../../../dev/fixtures.js';
import { messagesFor } from '../../../src/lib/i18n/index.js';
import { normalizeSignIn } from '../../../src/lib/signin/normalize.js';
import { extractSignInRecords } from '../../../src/lib/signin/records.js';
import type { SignIn } from '../../../src/lib/signin/sign-in.js';
import { summarizeUserAgent } from '../../../src/lib/signin/user-agent.js';

function normalizeFixture(name: string): SignIn {
  const { records } = extractSignInRecords(loadSignInFixture(name));
  expect(records).toHaveLength(1);
  const [first] = records;
  if (!first) throw new Error('no record');
  return normalizeSignIn(first.record, first.envelope);
}

type Expected = [
  kind: SignIn['principal']['kind'],
  outcome: SignIn['outcome']['status'],
  mfa: SignIn['mfa']['status'],
  method: SignIn['mfa']['method'],
  ip: string,
  account: string,
];

const EXPECTED: Record<string, Expected> = {
  'eventbridge-iam-user-checkmfa-virtual-01.json': [
    'iamUser',
    'success',
    'required',
    'virtual',
    '1.2.3.4',
    '123456789012',
  ],
  'eventbridge-iam-user-exitrole-01.json': [
    'iamUser',
    'success',
    'notApplicable',
    undefined,
    '1.2.3.4',
    '123456789012',
  ],
  'eventbridge-iam-user-failure-mfa-01.json': [
    'iamUser',
    'failure',
    'used',
    undefined,
    '119.14.228.90',
    '123456789012',
  ],
  'eventbridge-iam-user-success-mfa-01.json': ['iamUser', 'success', 'used', undefined, '1.2.3.4', '123456789012'],
  'eventbridge-iam-user-switchrole-01.json': [
    'iamUser',
    'success',
    'notApplicable',
    undefined,
    '1.2.3.4',
    '123456789012',
  ],
  'federated-saml-okta-success-01.json': [
    'federation',
    'success',
    'delegated',
    undefined,
    '111.111.111.111',
    '123456789012',
  ],
  'getsignintoken-sso-portal-01.json': [
    'identityCenterRole',
    'notApplicable',
    'notApplicable',
    undefined,
    '10.0.0.1',
    '123456789012',
  ],
  'iam-user-checkmfa-u2f-01.json': ['iamUser', 'success', 'required', 'fido', '192.0.2.0', '111122223333'],
  'iam-user-failure-01.json': ['iamUser', 'failure', 'used', undefined, '192.0.2.0', '111122223333'],
  'iam-user-failure-hidden-username-01.json': [
    'iamUser',
    'failure',
    'notReached',
    undefined,
    '192.0.2.101',
    '123456789012',
  ],
  'iam-user-success-mfa-u2f-01.json': ['iamUser', 'success', 'used', 'fido', '192.0.2.0', '111122223333'],
  'iam-user-success-no-mfa-01.json': ['iamUser', 'success', 'notUsed', undefined, '192.0.2.0', '111122223333'],
  'identity-center-credentialchallenge-password-01.json': [
    'identityCenterUser',
    'success',
    'notApplicable',
    undefined,
    '203.0.113.0',
    '111122223333',
  ],
  'identity-center-credentialverification-password-failure-01.json': [
    'identityCenterUser',
    'failure',
    'notApplicable',
    undefined,
    '203.0.113.0',
    '111122223333',
  ],
  'identity-center-userauthentication-external-idp-01.json': [
    'identityCenterUser',
    'success',
    'delegated',
    undefined,
    '203.0.113.0',
    '111122223333',
  ],
  'identity-center-userauthentication-password-totp-01.json': [
    'identityCenterUser',
    'success',
    'used',
    'totp',
    '203.0.113.0',
    '111122223333',
  ],
  // A failed password never reaches the MFA step, whatever MFAUsed says.
  'root-failure-01.json': ['root', 'failure', 'notReached', undefined, '192.0.2.0', '111122223333'],
  'root-password-updated-01.json': ['root', 'success', 'notApplicable', undefined, '192.0.2.0', '111122223333'],
  'root-success-mfa-01.json': ['root', 'success', 'used', 'totp', '192.0.2.0', '111122223333'],
  'root-success-no-mfa-01.json': ['root', 'success', 'notUsed', undefined, '192.0.2.0', '111122223333'],
  'sso-identity-center-role-success-02.json': [
    'identityCenterRole',
    'success',
    'identityCenter',
    undefined,
    '1.2.3.4',
    'xxx',
  ],
};

describe('normalizeSignIn on the recorded public sign-in events', () => {
  it('has an expectation for every fixture in the folder', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(signInFixtureNames());
  });

  it.each(Object.entries(EXPECTED))('normalizes %s', (name, [kind, outcome, mfa, method, ip, account]) => {
    const signIn = normalizeFixture(name);
    expect(signIn.principal.kind).toBe(kind);
    expect(signIn.outcome.status).toBe(outcome);
    expect(signIn.mfa.status).toBe(mfa);
    expect(signIn.mfa.method).toBe(method);
    expect(signIn.sourceIp).toBe(ip);
    expect(signIn.accountId).toBe(account);
  });
});

describe('normalizeSignIn details', () => {
  it('names an IAM Identity Center permission set and the person behind it', () => {
    const signIn = normalizeFixture('sso-identity-center-role-success-02.json');
    expect(signIn.principal.permissionSet).toBe('developer_admin');
    expect(signIn.principal.displayName).toBe('foo@bar.com (developer_admin)');
  });

  it('reads IAM Identity Center\u2019s newer sign-in shape: type IdentityCenterUser, the person in onBehalfOf', () => {
    // The recorded event rewritten to the userIdentity AWS documents for Identity Center sign-ins since 2025.
    const event = loadSignInFixture('identity-center-userauthentication-password-totp-01.json') as Record<
      string,
      unknown
    >;
    const detail = { ...((event.detail as Record<string, unknown> | undefined) ?? event) };
    detail.userIdentity = {
      type: 'IdentityCenterUser',
      accountId: '111122223333',
      onBehalfOf: {
        userId: 'a1111111-1111-1111-11a1-111aa111aa11',
        identityStoreArn: 'arn:aws:identitystore::111122223333:identitystore/d-111111a1a1',
      },
      credentialId: 'EXAMPLE-credential',
    };
    const named = {
      ...detail,
      additionalEventData: { ...(detail.additionalEventData as object), UserName: 'anyuser' },
    };
    const [first] = extractSignInRecords(named).records;
    if (!first) throw new Error('no record');
    const signIn = normalizeSignIn(first.record, first.envelope);
    expect(signIn.principal).toMatchObject({ kind: 'identityCenterUser', displayName: 'anyuser' });
    expect(signIn.mfa).toMatchObject({ status: 'used', method: 'totp' });
    const { UserName: _name, ...unnamed } = named.additionalEventData as Record<string, unknown>;
    const [second] = extractSignInRecords({ ...named, additionalEventData: unnamed }).records;
    if (!second) throw new Error('no record');
    expect(normalizeSignIn(second.record, second.envelope).principal.displayName).toBe(
      'Identity Center user a1111111-1111-1111-11a1-111aa111aa11',
    );
  });

  it('never calls a SAML sign-in "without MFA" even though CloudTrail says MFAUsed No', () => {
    const signIn = normalizeFixture('federated-saml-okta-success-01.json');
    expect(signIn.principal.identityProvider).toBe('Okta');
    expect(signIn.principal.displayName).toBe('okta/tester@domain.tld');
    expect(signIn.mfa.status).toBe('delegated');
  });

  it('keeps the failure reason from errorMessage, since console failures carry no errorCode', () => {
    expect(normalizeFixture('iam-user-failure-01.json').outcome).toEqual({
      status: 'failure',
      reason: 'Failed authentication',
    });
  });

  it('hides HIDDEN_DUE_TO_SECURITY_REASONS instead of showing it as a user name', () => {
    const signIn = normalizeFixture('iam-user-failure-hidden-username-01.json');
    expect(signIn.principal.userNameHidden).toBe(true);
    expect(signIn.principal.displayName).toBeUndefined();
    expect(signIn.principal.userName).toBeUndefined();
  });

  it('keeps the legacy region "global" and links to the event in the region whose bus received it', () => {
    const signIn = normalizeFixture('eventbridge-iam-user-success-mfa-01.json');
    expect(signIn.region).toBe('global');
    expect(signIn.deliveredRegion).toBe('us-east-1');
    expect(signIn.consoleUrl).toBe(
      'https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/a8391789-0bb2-463a-9d00-7fb681169e46',
    );
  });

  it('links to the recording region when there is no envelope', () => {
    const signIn = normalizeFixture('iam-user-success-no-mfa-01.json');
    expect(signIn.consoleUrl).toContain(
      'https://us-east-2.console.aws.amazon.com/cloudtrailv2/home?region=us-east-2#/events/',
    );
  });

  it('reads an event time without a zone as UTC', () => {
    expect(normalizeFixture('sso-identity-center-role-success-02.json').eventTime).toBe('2022-03-16T19:17:41.000Z');
  });

  it('summarises the user agent as browser and system', () => {
    expect(normalizeFixture('eventbridge-iam-user-success-mfa-01.json').userAgent?.summary).toBe('Edge 91 on macOS');
    expect(normalizeFixture('iam-user-success-no-mfa-01.json').userAgent?.summary).toBe('Firefox 62 on macOS');
    expect(normalizeFixture('iam-user-failure-hidden-username-01.json').userAgent?.summary).toBe(
      'Firefox 24 on Windows',
    );
  });

  it('records the role switched to and from', () => {
    expect(normalizeFixture('eventbridge-iam-user-switchrole-01.json').switchTarget).toBe(
      'arn:aws:iam::234567890123:role/STSRole',
    );
    expect(normalizeFixture('eventbridge-iam-user-exitrole-01.json').switchTarget).toBe(
      'arn:aws:sts::234567890123:assumed-role/STSRole/tempuser',
    );
  });
});

describe('normalizeSignIn on odd input', () => {
  it('accepts MFAUsed in any letter case', () => {
    for (const answer of ['YES', 'Yes', 'yes']) {
      const record = loadSignInFixture('root-success-no-mfa-01.json');
      (record.additionalEventData as Record<string, unknown>).MFAUsed = answer;
      expect(normalizeSignIn(record).mfa.status).toBe('used');
    }
  });

  it('survives a record without arn, additionalEventData or responseElements', () => {
    const record = loadSignInFixture('iam-user-failure-01.json');
    delete record.additionalEventData;
    delete record.responseElements;
    delete (record.userIdentity as Record<string, unknown>).arn;
    const signIn = normalizeSignIn(record);
    expect(signIn.principal).toMatchObject({ kind: 'iamUser', displayName: 'anaya' });
    expect(signIn.outcome).toEqual({ status: 'failure', reason: 'Failed authentication' });
    expect(signIn.mfa.status).toBe('notReached');
  });

  it('trims an account ID with a leading space', () => {
    const record = loadSignInFixture('root-success-mfa-01.json');
    record.recipientAccountId = ' 111122223333';
    expect(normalizeSignIn(record).accountId).toBe('111122223333');
  });

  it('accepts requestParameters "None" and an unknown event name', () => {
    const record = loadSignInFixture('eventbridge-iam-user-success-mfa-01.json').detail as Record<string, unknown>;
    record.eventName = 'SomethingNew';
    expect(record.requestParameters).toBe('None');
    const signIn = normalizeSignIn(record);
    expect(signIn.eventName).toBe('SomethingNew');
    expect(signIn.outcome.status).toBe('notApplicable');
  });

  it.each([
    ['null', null],
    ['a string', 'ConsoleLogin'],
    ['an empty object', {}],
    [
      'wrong types everywhere',
      { eventName: 42, userIdentity: 'root', additionalEventData: [], eventTime: 'yesterday', sourceIPAddress: {} },
    ],
  ])('never throws on %s', (_label, record) => {
    const signIn = normalizeSignIn(record);
    expect(signIn.eventName).toBe('Unknown');
    expect(signIn.principal.kind).toBe('unknown');
    expect(signIn.eventTime).toBeUndefined();
    expect(signIn.consoleUrl).toBeUndefined();
  });

  it('encodes an event ID in the console link and ignores a region that is not one', () => {
    const signIn = normalizeSignIn({ eventID: 'a/b#c?d', awsRegion: 'evil.example.com/x' });
    expect(signIn.consoleUrl).toBe(
      'https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/a%2Fb%23c%3Fd',
    );
  });
});

describe('extractSignInRecords', () => {
  it('takes the sign-in records of a CloudTrail log file and skips other services', () => {
    const logFile = {
      Records: [
        loadSignInFixture('root-success-mfa-01.json'),
        { eventSource: 's3.amazonaws.com', eventName: 'GetObject' },
        'not a record',
      ],
    };
    const { records, skipped } = extractSignInRecords(logFile);
    expect(records).toHaveLength(1);
    expect(skipped).toBe(2);
  });

  it('keeps the envelope region, account and time of an EventBridge event', () => {
    const { records } = extractSignInRecords(loadSignInFixture('eventbridge-iam-user-switchrole-01.json'));
    expect(records[0]?.envelope).toEqual({
      region: 'us-east-1',
      account: '123456789012',
      time: '2021-07-19T03:41:25Z',
    });
  });

  it('accepts a JSON array of records and ignores input that is no object', () => {
    expect(extractSignInRecords([loadSignInFixture('root-failure-01.json')]).records).toHaveLength(1);
    expect(extractSignInRecords(42).records).toHaveLength(0);
    expect(extractSignInRecords(undefined)).toEqual({ records: [], skipped: 0 });
  });
});

describe('summarizeUserAgent for programs that are not browsers', () => {
  it.each([
    ['Jersey/${project.version} (HttpUrlConnection 1.8.0_292)', 'Jersey (Java HTTP client) (a program, not a browser)'],
    [
      'aws-cli/2.13.5 Python/3.11.4 Darwin/22.5.0 exe/x86_64 prompt/off command/iam.create-user',
      'AWS CLI 2 (a program, not a browser)',
    ],
    [
      'Boto3/1.28.3 md/Botocore#1.31.3 ua/2.0 os/linux#5.15 lang/python#3.11.4',
      'AWS SDK for Python (Boto3) (a program, not a browser)',
    ],
    ['aws-sdk-js/3.400.0 ua/2.0 os/linux#6.1 lang/js md/nodejs#18.17.1', 'AWS SDK for js (a program, not a browser)'],
    ['curl/8.1.2', 'curl (a program, not a browser)'],
  ])('shows %s as the tool it is', (userAgent, summary) => {
    expect(summarizeUserAgent(userAgent)).toBe(summary);
  });

  it('says it in the reader\u2019s language', () => {
    const ja = messagesFor('ja').userAgent;
    expect(summarizeUserAgent('curl/8.1.2', ja)).toBe('curl（ブラウザーではなくプログラム）');
    expect(
      summarizeUserAgent(
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36',
        ja,
      ),
    ).toBe('Chrome 119（macOS）');
  });

  it('still reads a browser as a browser', () => {
    expect(
      summarizeUserAgent(
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36',
      ),
    ).toBe('Chrome 119 on macOS');
  });
});
