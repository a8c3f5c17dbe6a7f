import { describe, expect, it } from 'vitest';
import { loadSignInFixture } from '../../../dev/fixtures.js';
import { classifySignIn } from '../../../src/lib/signin/classify.js';
import { normalizeSignIn } from '../../../src/lib/signin/normalize.js';
import { extractSignInRecords } from '../../../src/lib/signin/records.js';
import type { SignIn } from '../../../src/lib/signin/sign-in.js';
import { signinSettings } from '../../helpers/settings.js';

function fixture(name: string): SignIn {
  const [first] = extractSignInRecords(loadSignInFixture(name)).records;
  if (!first) throw new Error(`no record in ${name}`);
  return normalizeSignIn(first.record, first.envelope);
}

describe('classifySignIn severity rules', () => {
  it('rates a console session made from a GetFederationToken session high: a leaked key opening the console', () => {
    // The SSO portal's GetSigninToken, made by the federated user that Stratus's sts-federation-token creates.
    const [first] = extractSignInRecords(loadSignInFixture('getsignintoken-sso-portal-01.json')).records;
    if (!first) throw new Error('no record');
    const record = structuredClone(first.record) as Record<string, unknown>;
    record.userIdentity = {
      type: 'FederatedUser',
      principalId: '742491224508:stratus_red_team',
      arn: 'arn:aws:sts::742491224508:federated-user/stratus_red_team',
      accountId: '742491224508',
    };
    const signIn = normalizeSignIn(record, first.envelope);
    expect(classifySignIn(signIn, signinSettings())).toMatchObject({
      severity: 'high',
      reason: 'federationTokenConsole',
      notify: true,
    });
  });

  it.each([
    ['root-success-no-mfa-01.json', 'critical', 'rootSignIn'],
    ['root-success-mfa-01.json', 'critical', 'rootSignIn'],
    ['root-failure-01.json', 'high', 'rootFailure'],
    ['root-password-updated-01.json', 'high', 'rootPasswordChange'],
    ['iam-user-success-no-mfa-01.json', 'high', 'noMfa'],
    ['iam-user-failure-01.json', 'medium', 'failure'],
    ['iam-user-failure-hidden-username-01.json', 'medium', 'failure'],
    ['identity-center-credentialverification-password-failure-01.json', 'medium', 'failure'],
    ['iam-user-success-mfa-u2f-01.json', 'low', 'withMfa'],
    ['eventbridge-iam-user-success-mfa-01.json', 'low', 'withMfa'],
    ['identity-center-userauthentication-password-totp-01.json', 'low', 'withMfa'],
    ['federated-saml-okta-success-01.json', 'low', 'federated'],
    ['sso-identity-center-role-success-02.json', 'low', 'identityCenter'],
    ['identity-center-userauthentication-external-idp-01.json', 'low', 'federated'],
    ['eventbridge-iam-user-switchrole-01.json', 'info', 'roleSwitch'],
    ['eventbridge-iam-user-exitrole-01.json', 'info', 'roleSwitch'],
    ['eventbridge-iam-user-checkmfa-virtual-01.json', 'info', 'intermediateStep'],
    ['identity-center-credentialchallenge-password-01.json', 'info', 'intermediateStep'],
    ['getsignintoken-sso-portal-01.json', 'info', 'federated'],
  ])('rates %s as %s (%s)', (name, severity, reason) => {
    expect(classifySignIn(fixture(name), signinSettings())).toMatchObject({ severity, reason, lowered: false });
  });

  it.each([
    ['missing', undefined],
    ['a boolean', true],
    ['an unexpected word', 'Maybe'],
  ])('rates an IAM user sign-in whose MFAUsed is %s as "MFA unknown", medium, never as with MFA', (_, answer) => {
    const record = fixture('iam-user-success-mfa-u2f-01.json');
    const signIn = normalizeSignIn({
      ...loadSignInFixture('iam-user-success-mfa-u2f-01.json'),
      additionalEventData: { LoginTo: 'https://console.aws.amazon.com', MobileVersion: 'No', MFAUsed: answer },
    });
    expect(record.mfa.status).toBe('used');
    expect(signIn.mfa.status).toBe('unknown');
    expect(classifySignIn(signIn, signinSettings())).toMatchObject({ severity: 'medium', reason: 'mfaUnknown' });
  });

  it('rates a sign-in by an identity type it does not know medium, never as federated', () => {
    const signIn = normalizeSignIn({
      ...loadSignInFixture('iam-user-success-mfa-u2f-01.json'),
      userIdentity: { type: 'BrandNewIdentity', principalId: 'X', arn: 'arn:aws:iam::111122223333:something/x' },
    });
    expect(signIn.principal.kind).toBe('unknown');
    expect(classifySignIn(signIn, signinSettings())).toMatchObject({ severity: 'medium', reason: 'unknownIdentity' });
  });

  it('rates an unknown sign-in event medium so it is not missed', () => {
    const signIn = normalizeSignIn({
      eventName: 'BrandNewSignInStep',
      userIdentity: { type: 'IAMUser', userName: 'a' },
    });
    expect(classifySignIn(signIn, signinSettings())).toMatchObject({ severity: 'medium', reason: 'unknownEvent' });
  });

  it('rates an IAM Identity Center sign-in with a password alone medium', () => {
    const record = loadSignInFixture('identity-center-userauthentication-password-totp-01.json');
    (record.additionalEventData as Record<string, unknown>).CredentialType = 'PASSWORD';
    expect(classifySignIn(normalizeSignIn(record), signinSettings())).toMatchObject({
      severity: 'medium',
      reason: 'identityCenterNoMfa',
    });
  });
});

describe('classifySignIn thresholds and allowlists', () => {
  it('stays quiet below the lowest severity that notifies, and notifies at or above it', () => {
    const settings = signinSettings({ MIN_SEVERITY: 'medium' });
    expect(classifySignIn(fixture('iam-user-success-mfa-u2f-01.json'), settings).notify).toBe(false);
    expect(classifySignIn(fixture('iam-user-failure-01.json'), settings).notify).toBe(true);
    expect(classifySignIn(fixture('eventbridge-iam-user-switchrole-01.json'), signinSettings()).notify).toBe(false);
    expect(
      classifySignIn(fixture('eventbridge-iam-user-switchrole-01.json'), signinSettings({ MIN_SEVERITY: 'info' }))
        .notify,
    ).toBe(true);
  });

  it('lowers a sign-in from a trusted network by one step', () => {
    const settings = signinSettings({ TRUSTED_CIDRS: '192.0.2.0/24' });
    expect(classifySignIn(fixture('iam-user-success-no-mfa-01.json'), settings)).toMatchObject({
      severity: 'medium',
      lowered: true,
      notify: true,
    });
  });

  it('silences a trusted sign-in when asked to', () => {
    const settings = signinSettings({ TRUSTED_CIDRS: '192.0.2.0/24', TRUSTED_ACTION: 'silence' });
    expect(classifySignIn(fixture('iam-user-success-no-mfa-01.json'), settings).notify).toBe(false);
  });

  it('requires every configured allowlist to match', () => {
    const settings = signinSettings({
      TRUSTED_CIDRS: '192.0.2.0/24',
      TRUSTED_PRINCIPALS: 'arn:aws:iam::111122223333:user/ops-*',
      TRUSTED_ACTION: 'silence',
    });
    // The IP matches but "anaya" does not match ops-*.
    expect(classifySignIn(fixture('iam-user-success-no-mfa-01.json'), settings).notify).toBe(true);
    const matching = signinSettings({
      TRUSTED_CIDRS: '192.0.2.0/24',
      TRUSTED_PRINCIPALS: 'arn:aws:iam::111122223333:user/an*',
      TRUSTED_ACTION: 'silence',
    });
    expect(classifySignIn(fixture('iam-user-success-no-mfa-01.json'), matching).notify).toBe(false);
  });

  it('never lowers or silences the root user, whatever the allowlists say', () => {
    const settings = signinSettings({
      TRUSTED_CIDRS: '0.0.0.0/0',
      TRUSTED_PRINCIPALS: 'arn:aws:iam::*',
      TRUSTED_ACTION: 'silence',
    });
    expect(classifySignIn(fixture('root-success-mfa-01.json'), settings)).toMatchObject({
      severity: 'critical',
      lowered: false,
      notify: true,
    });
  });

  it('matches IPv6 sources against IPv6 blocks and ignores a source that is not an IP', () => {
    const settings = signinSettings({ TRUSTED_CIDRS: '2001:db8::/32', TRUSTED_ACTION: 'silence' });
    const signIn = fixture('iam-user-success-no-mfa-01.json');
    expect(classifySignIn({ ...signIn, sourceIp: '2001:db8::1' }, settings).notify).toBe(false);
    expect(classifySignIn({ ...signIn, sourceIp: 'AWS Internal' }, settings).notify).toBe(true);
  });
});
