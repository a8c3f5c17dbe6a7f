import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

describe('npx serverless invoke local', () => {
  it('renders one event offline when no destination is configured', () => {
    const output = execFileSync(
      'npx',
      [
        'serverless',
        'invoke',
        'local',
        '-f',
        'signinAlert',
        '-p',
        'tests/fixtures/signin-events/iam-user-success-no-mfa-01.json',
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', POWERTOOLS_LOG_LEVEL: 'WARN' },
      },
    );
    expect(output).toContain('Subject: [HIGH] Sign-in WITHOUT MFA by anaya to 111122223333 from 192.0.2.0');
    expect(output).toContain('Turn on MFA for anaya');
    expect(output).toContain('"color": "#E65100"');
    expect(output).toContain('"notified": 1');
  });

  it("runs securityDigest with the project's saved queries, and reports every query it could not run", () => {
    const output = execFileSync('npx', ['serverless', 'invoke', 'local', '-f', 'securityDigest'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', NODE_NO_WARNINGS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // No credentials here, so Athena refuses every query; what matters is that all eleven were found and reported.
    expect(output).toContain('Subject: [Security MEDIUM] No findings in 11 queries | 11 failed');
    expect(output).toContain('Root user activity: CredentialsProviderError');
    expect(output).not.toContain('/var/task/queries');
  });
});
