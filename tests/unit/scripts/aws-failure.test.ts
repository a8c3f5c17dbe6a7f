import { describe, expect, it } from 'vitest';
import { whyAwsCallFailed } from '../../../scripts/aws-failure.js';

const awsError = (name: string, message: string, status: number) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

describe('whyAwsCallFailed', () => {
  it('says credentials, network or permission in one line, never the class name alone', () => {
    expect(
      whyAwsCallFailed(
        Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }),
      ),
    ).toMatch(/^credentials: none found; run aws configure/);
    expect(
      whyAwsCallFailed(awsError('ExpiredToken', 'The security token included in the request is expired', 400)),
    ).toBe(
      'credentials: AWS refused them, The security token included in the request is expired; check the key, or sign in again if they expired',
    );
    expect(
      whyAwsCallFailed(
        awsError('AccessDeniedException', 'User: arn:aws:iam::1:user/a is not authorized', 400),
        'budgets:ViewBudget',
      ),
    ).toBe(
      'permission: your credentials may not call budgets:ViewBudget; User: arn:aws:iam::1:user/a is not authorized',
    );
    expect(whyAwsCallFailed(awsError('ThrottlingException', 'Rate exceeded', 400), 'events:ListRules')).toMatch(
      /^throttled: /,
    );
    const refused = Object.assign(new Error('connect ECONNREFUSED'), {
      code: 'ECONNREFUSED',
      address: '127.0.0.1',
      port: 9,
    });
    expect(whyAwsCallFailed(Object.assign(new Error('wrapped'), { cause: refused }))).toMatch(
      /^network: 127\.0\.0\.1:9 refused the connection/,
    );
    expect(
      whyAwsCallFailed(
        Object.assign(new Error('getaddrinfo ENOTFOUND x'), { code: 'ENOTFOUND', hostname: 'sts.xx.amazonaws.com' }),
      ),
    ).toMatch(/^network: sts\.xx\.amazonaws\.com is not a known host name/);
    expect(whyAwsCallFailed(new Error('line one\nline two'))).toBe('failed: line one');
  });
});
