import { describe, expect, it } from 'vitest';
import { credentialReportFixture } from '../../../dev/hygiene-account.js';
import { parseCredentialReport, ROOT_ROW_USER } from '../../../src/lib/hygiene/credential-report.js';

describe('parseCredentialReport', () => {
  it('reads the root row, whose password columns are not_supported, and users with N/A for what they lack', () => {
    const rows = parseCredentialReport(credentialReportFixture('unhealthy'));
    expect(rows.map((row) => row.user)).toEqual([ROOT_ROW_USER, 'bob', 'old-ci', 'intern']);
    const [root, bob, oldCi, intern] = rows;
    expect(root).toMatchObject({
      arn: 'arn:aws:iam::123456789012:root',
      passwordEnabled: undefined,
      passwordLastUsed: '2026-11-28T22:41:05.000Z',
      mfaActive: false,
      accessKeys: [{ active: true, lastRotated: '2021-04-03T11:00:00.000Z', lastUsed: '2026-11-27T03:15:00.000Z' }],
    });
    expect(bob).toMatchObject({ passwordEnabled: true, mfaActive: false, accessKeys: [] });
    // Two active keys: both kept, in order.
    expect(oldCi?.accessKeys.map((key) => key.lastRotated)).toEqual([
      '2025-06-01T10:00:00.000Z',
      '2022-08-20T10:00:00.000Z',
    ]);
    // no_information: a password never used has no last use.
    expect(intern).toMatchObject({
      passwordEnabled: true,
      passwordLastUsed: undefined,
      created: '2026-05-01T09:00:00.000Z',
    });
  });

  it('reads columns by name, so a reordered or added column changes nothing, and accepts TRUE in capitals', () => {
    const csv = [
      'arn,user,extra_column,mfa_active,password_enabled,access_key_1_active,access_key_1_last_rotated',
      'arn:aws:iam::123456789012:user/carol,carol,whatever,TRUE,TRUE,FALSE,N/A',
    ].join('\r\n');
    expect(parseCredentialReport(csv)).toEqual([
      {
        user: 'carol',
        arn: 'arn:aws:iam::123456789012:user/carol',
        created: undefined,
        passwordEnabled: true,
        passwordLastUsed: undefined,
        mfaActive: true,
        accessKeys: [],
      },
    ]);
  });

  it('reads a quoted field with a comma and a doubled quote, and treats an unreadable date as absent', () => {
    const csv = 'user,arn,password_last_used\n"a,""b""",arn:aws:iam::1:user/x,2026-13-45T99:00:00+00:00\n';
    expect(parseCredentialReport(csv)[0]).toMatchObject({ user: 'a,"b"', passwordLastUsed: undefined });
  });

  it('refuses a file that is not a credential report, with a clear error', () => {
    expect(() => parseCredentialReport('Name,Value\nx,1\n')).toThrow(/not an IAM credential report/);
    expect(() => parseCredentialReport('')).toThrow(/not an IAM credential report/);
  });
});
