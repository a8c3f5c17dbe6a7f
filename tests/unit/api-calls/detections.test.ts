import { join } from 'node:path';
import { GetPolicyVersionCommand, IAMClient, ListAttachedGroupPoliciesCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DETECTIONS } from '../../../src/lib/api-calls/catalogue.js';
import { detectApiCall, detectionContext, targetOf } from '../../../src/lib/api-calls/detect.js';
import { iamGroupRights, iamPolicyVersion } from '../../../src/lib/api-calls/iam-readers.js';
import { extractApiCalls, processApiCallEvent } from '../../../src/lib/api-calls/process.js';
import { replayLogs } from '../../../src/lib/api-calls/replay.js';
import { loadApiCallSettings } from '../../../src/lib/config.js';
import { COUNTRY_DATABASE, lazyCountryLookup } from '../../../src/lib/geo/locate.js';
import { findLogFiles } from '../../../src/lib/security-digest/local.js';
import {
  burstPositives,
  derivedCall,
  negatives,
  panther,
  positives,
  sequences,
  stratus,
} from '../../helpers/attack-cases.js';

/**
 * The detection catalogue on real attack logs (tests/helpers/attack-cases.ts): every detection has a positive
 * case, and the catalogue's own EventBridge pattern is applied as the rule would apply it; and on a real
 * account's hour of Terraform, console and attack traffic (tests/fixtures/cloudtrail-logs).
 */

const ids = DETECTIONS.map((detection) => detection.id);
const countries = lazyCountryLookup({
  GEO_DATABASE_FILE: join(import.meta.dirname, '..', '..', '..', COUNTRY_DATABASE),
});
const settings = loadApiCallSettings(
  {
    ALLOWED_REGIONS: 'us-east-1,ap-northeast-1',
    TRAIL_BUCKET: 'sample-cloudtrail-bucket-name',
    ORGANIZATION_ACCOUNTS: '111122223333',
  },
  ids,
);

function detect(input: unknown, overrides: Partial<typeof settings> = {}): string[][] {
  return extractApiCalls(input).map(({ call, detail }) =>
    detectApiCall(call, detail, { ...settings, ...overrides })
      .hits.filter((hit) => !hit.countFrom)
      .map((hit) => hit.id),
  );
}

describe('the detection catalogue on attack logs', () => {
  it.each(positives)('%s', (_, input, expected) => {
    // Each detection the case names, and no other, over every call of the log.
    expect([...new Set(detect(input()).flat())].sort()).toEqual([...expected].sort());
  });

  it.each(negatives)('raises nothing: %s', (_, input, closest, rightlyRaised = []) => {
    const raised = [...new Set(detect(input()).flat())];
    expect(raised).not.toContain(closest);
    expect(raised.sort()).toEqual([...rightlyRaised].sort());
  });

  it.each(burstPositives)('%s', async (_, input, id, alerts) => {
    const run = await processApiCallEvent(input(), settings, []);
    const sent = run.assessed.filter((item) => item.notify && item.hits[0]?.id === id);
    expect(sent).toHaveLength(alerts);
    expect(sent[0]?.notification?.title).toMatch(/^10 times: /);
  });

  it('names what each alert touched: every detection finds a target in each of its positive cases', () => {
    const context = detectionContext(settings);
    const missing: string[] = [];
    for (const [name, input, expected] of positives) {
      for (const { call, detail } of extractApiCalls(input())) {
        for (const hit of detectApiCall(call, detail, settings).hits) {
          // A refused call of any kind is counted by access-denied-burst, which names the key in its own field.
          if (!expected.includes(hit.id) || hit.countFrom) continue;
          if (!targetOf(hit, call, context)) missing.push(`${hit.id} in ${name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it.each(sequences)('remembers (apiCallReads): %s', async (_, input, id, alerts) => {
    const run = await processApiCallEvent(input(), { ...settings, reads: true }, [], { country: countries.lookup });
    expect(run.assessed.filter((item) => item.notify && item.hits[0]?.id === id)).toHaveLength(alerts);
  });

  it('leaves the read-only detections out unless apiCallReads is chosen', async () => {
    const [, input] = sequences[0] as (typeof sequences)[number];
    const run = await processApiCallEvent(input(), settings, [], { country: countries.lookup });
    expect(run.assessed.flatMap((item) => item.hits.map((hit) => hit.id))).not.toContain('key-from-new-country');
  });

  it('has a positive case for every detection in the catalogue', () => {
    const covered = new Set([
      ...positives.flatMap(([, , expected]) => expected),
      ...burstPositives.map(([, , id]) => id),
      ...sequences.filter(([, , , alerts]) => alerts > 0).map(([, , id]) => id),
    ]);
    expect(ids.filter((id) => !covered.has(id))).toEqual([]);
  });

  it('has a negative case (a harmless look-alike) for every detection in the catalogue', () => {
    const covered = new Set([
      ...negatives.map(([, , id]) => id),
      ...sequences.filter(([, , , alerts]) => alerts === 0).map(([, , id]) => id),
    ]);
    expect(ids.filter((id) => !covered.has(id))).toEqual([]);
    // Each negative names a real detection, and the look-alike reaches that detection's rule or its neighbours.
    expect([...covered].filter((id) => !ids.includes(id))).toEqual([]);
  });

  it('alerts only on the attack steps of a real account\u2019s hour of Terraform, console and attack traffic', async () => {
    const folder = join(import.meta.dirname, '..', '..', 'fixtures', 'cloudtrail-logs');
    const result = await replayLogs(findLogFiles(folder), settings);
    expect(result.records).toBe(2900);
    const alerts = new Map<string, number>();
    for (const { assessed } of result.alerts) {
      const key = `${assessed.hits[0]?.id} ${assessed.call.eventName}`;
      alerts.set(key, (alerts.get(key) ?? 0) + 1);
    }
    // Every one is a Stratus technique run in that account (or its Terraform teardown deleting buckets, secrets
    // without recovery and a database without a final snapshot, which is what those detections are for), once
    // per burst; the 13 CreateRole, 6 AttachRolePolicy and 5 PutRolePolicy of its setup, its reads and
    // describes raise nothing, and the three StopLogging that failed with TrailNotFoundException changed nothing.
    // The two NAT gateways its setup created are one alert (one principal, one burst): they bill by the hour.
    expect(Object.fromEntries([...alerts].sort())).toEqual({
      'access-denied-burst DescribeInstanceAttribute': 1,
      'access-denied-burst GetPasswordData': 1,
      'access-key-for-other-user CreateAccessKey': 1,
      'admin-policy-granted AttachRolePolicy': 1,
      'bucket-deleted DeleteBucket': 2,
      'bucket-objects-set-to-expire PutBucketLifecycle': 1,
      'cloudtrail-changed PutEventSelectors': 1,
      'cloudtrail-deleted DeleteTrail': 1,
      'database-deleted-without-snapshot DeleteDBInstance': 1,
      'flow-logs-deleted DeleteFlowLogs': 1,
      'gpu-or-huge-instances RunInstances': 2,
      'iam-user-created CreateUser': 1,
      'lambda-code-replaced-by-someone-new UpdateFunctionCode20150331v2': 1,
      'lambda-public-permission AddPermission20150331v2': 1,
      'login-profile-for-other-user CreateLoginProfile': 1,
      'nat-gateway-created CreateNatGateway': 1,
      'organization-left LeaveOrganization': 1,
      'resource-shared-with-another-account PutBucketPolicy': 1,
      'role-passed-by-someone-new RunInstances': 1,
      'role-trust-opened UpdateAssumeRolePolicy': 1,
      'roles-anywhere-trust-anchor CreateTrustAnchor': 1,
      'secret-deleted-without-recovery DeleteSecret': 2,
      'security-group-open-to-world AuthorizeSecurityGroupIngress': 1,
      'snapshot-or-image-shared ModifyDBSnapshotAttribute': 1,
      'snapshot-or-image-shared ModifyImageAttribute': 1,
      'ssm-command-by-someone-new SendCommand': 1,
    });
  });

  it('lets an allowlisted principal change what it is expected to, but never quiets the root user', () => {
    const allowlist = loadApiCallSettings(
      { DETECTION_ALLOWLIST: 'iam-user-created:arn:aws:iam::*:user/christophe,*:arn:aws:iam::123456789012:root' },
      ids,
    ).allowlist;
    expect(detect(stratus('persistence.iam-create-admin-user'), { allowlist }).flat().sort()).toEqual([
      'access-key-for-other-user',
      'admin-policy-granted',
    ]);
    expect(detect(panther('aws_root_access_key_created', 'Root Access Key Created'), { allowlist }).flat()).toContain(
      'root-access-key-created',
    );
  });

  it('refuses an allowlist naming a detection that does not exist, naming the setting', () => {
    expect(() => loadApiCallSettings({ DETECTION_ALLOWLIST: 'iam-users-created:arn:aws:iam::*:role/ci' }, ids)).toThrow(
      /DETECTION_ALLOWLIST \(deploy parameter detectionAllowlist\): "iam-users-created" is not a detection/,
    );
  });

  it('gives every detection both languages, an action and a pattern on a real event field', () => {
    for (const detection of DETECTIONS) {
      for (const text of [detection.title, detection.why, detection.action]) {
        expect(text.en.length, detection.id).toBeGreaterThan(10);
        expect(text.ja.length, detection.id).toBeGreaterThan(5);
        expect(text.ja, detection.id).not.toBe(text.en);
      }
      expect(JSON.stringify(detection.pattern), detection.id).toMatch(/eventSource|userIdentity|errorCode|userAgent/);
    }
  });
});

// One mock of the IAM client for the file: a second mockClient of the same class would replace the first.
const iam = mockClient(IAMClient);
afterEach(() => iam.reset());

describe('user-added-to-group reads the group\u2019s rights at alert time', () => {
  const addition = () =>
    derivedCall('iam.amazonaws.com', 'AddUserToGroup', { userName: 'mallory', groupName: 'admins' });

  async function alert() {
    const client = new IAMClient({ region: 'us-east-1' });
    const readers = { groupRights: iamGroupRights(() => client) };
    const run = await processApiCallEvent(addition(), settings, [], { readers });
    return run.assessed.find((item) => item.hits[0]?.id === 'user-added-to-group');
  }

  it('is high when the group holds AdministratorAccess, and says so', async () => {
    iam.on(ListAttachedGroupPoliciesCommand, { GroupName: 'admins' }).resolves({
      AttachedPolicies: [
        { PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
      ],
    });
    const item = await alert();
    expect(item?.notification?.severity).toBe('high');
    expect(item?.notification?.fields.find((field) => field.label === 'On')?.value).toBe(
      'user/mallory \u2192 group/admins: group holds arn:aws:iam::aws:policy/AdministratorAccess',
    );
  });

  it('is low for a group of ordinary rights', async () => {
    iam.on(ListAttachedGroupPoliciesCommand).resolves({
      AttachedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
    });
    expect((await alert())?.notification?.severity).toBe('low');
  });

  it('stays medium, saying why, when the rights cannot be read', async () => {
    iam.on(ListAttachedGroupPoliciesCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
    const item = await alert();
    expect(item?.notification?.severity).toBe('medium');
    expect(item?.notification?.fields.find((field) => field.label === 'On')?.value).toContain(
      'group rights not read: AccessDenied',
    );
  });
});

describe('policy-default-version-changed reads the version made the default', () => {
  const switchTo = (versionId: string) =>
    derivedCall('iam.amazonaws.com', 'SetDefaultPolicyVersion', {
      policyArn: 'arn:aws:iam::143434273843:policy/deploy',
      versionId,
    });

  async function alert(versionId: string) {
    const client = new IAMClient({ region: 'us-east-1' });
    const readers = { policyVersion: iamPolicyVersion(() => client) };
    const run = await processApiCallEvent(switchTo(versionId), settings, [], { readers });
    return run.assessed.find((item) => item.hits[0]?.id === 'policy-default-version-changed')?.notification;
  }

  it('is high when that version allows iam:* on everything, naming the statement', async () => {
    // IAM returns the document URL-encoded.
    iam
      .on(GetPolicyVersionCommand, { PolicyArn: 'arn:aws:iam::143434273843:policy/deploy', VersionId: 'v1' })
      .resolves({
        PolicyVersion: {
          VersionId: 'v1',
          Document: encodeURIComponent(
            JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }] }),
          ),
        },
      });
    const notification = await alert('v1');
    expect(notification?.severity).toBe('high');
    expect(notification?.fields.find((field) => field.label === 'On')?.value).toContain(
      'the version grants Allow iam:* on *',
    );
  });

  it('is low when the version grants no administration, and medium saying why when it cannot be read', async () => {
    iam.on(GetPolicyVersionCommand, { VersionId: 'v2' }).resolves({
      PolicyVersion: {
        VersionId: 'v2',
        Document: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }),
      },
    });
    iam
      .on(GetPolicyVersionCommand, { VersionId: 'v3' })
      .rejects(Object.assign(new Error('no'), { name: 'NoSuchEntity' }));
    expect((await alert('v2'))?.severity).toBe('low');
    const unread = await alert('v3');
    expect(unread?.severity).toBe('medium');
    expect(unread?.fields.find((field) => field.label === 'On')?.value).toContain('version not read: NoSuchEntity');
  });
});
