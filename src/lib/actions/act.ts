import {
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { IAMClient } from '@aws-sdk/client-iam';
import { HistoryTable, isConditionFailure, parseFactKey } from '../history/table.js';
import type { ActionClaims, ActionName } from './token.js';

/**
 * What an action changes, and how it is undone, with every change kept in the history table: links used
 * (`ACTION#<nonce>`, once each), mutes (`MUTE#<detection>`), "this was me" (`ALLOW#<detection>`, one item per
 * principal), a sign-in's "this was me" (`confirmedAt` on the principal's facts, `P#<principal>`) and the audit
 * trail (`AUDIT`, one item per action: who confirmed it, from where, what changed).
 */

/** How long a link's use, a mute and the audit are kept. */
const AUDIT_KEEP_DAYS = 400;

export interface Confirmation {
  sourceIp: string;
  userAgent: string;
  nowMs: number;
}

/** One audit record: what was done from which link, confirmed by whom, and what an undo must reverse. */
export interface AuditRecord {
  id: string;
  action: ActionName;
  detection: string;
  alert: string;
  principal?: string;
  accessKey?: string;
  role?: string;
  instances?: string[];
  region?: string;
  /** A sign-in's "this was me": the facts confirmed (`country#JP`, …). */
  facts?: string[];
  /** For a mute or "this was me": until when (epoch seconds). */
  until?: number;
  sourceIp: string;
  userAgent: string;
  at: string;
  /** Set once it has been undone. */
  undoneAt?: string;
}

export interface ActionStore {
  /** True the first time a link's nonce is used, false ever after. */
  useOnce(nonce: string, nowMs: number): Promise<boolean>;
  mute(detection: string, until: number): Promise<void>;
  allow(detection: string, principal: string, until: number): Promise<void>;
  /** A sign-in's "this was me": the facts become the principal's own (or, undone, no longer). */
  confirmSignIn(principal: string, facts: string[], confirmed: boolean, nowMs: number): Promise<void>;
  audit(record: AuditRecord): Promise<void>;
  readAudit(id: string): Promise<AuditRecord | undefined>;
  /** The latest actions, newest first. */
  listAudit(limit: number): Promise<AuditRecord[]>;
  markUndone(id: string, at: string): Promise<void>;
  /** Whether a detection is muted, or this principal allowed for it, now. */
  quieted(detection: string, principal: string | undefined, nowSeconds: number): Promise<boolean>;
}

const expires = (nowMs: number, days = AUDIT_KEEP_DAYS) => ({ N: String(Math.floor(nowMs / 1000) + days * 86_400) });

export function tableActionStore(client: DynamoDBClient, tableName: string, historyDays = 90): ActionStore {
  const history = new HistoryTable(client, tableName, historyDays);
  return {
    async useOnce(nonce, nowMs) {
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: {
              pk: { S: `ACTION#${nonce}` },
              sk: { S: 'USED' },
              usedAt: { S: new Date(nowMs).toISOString() },
              expiresAt: expires(nowMs, 30),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async mute(detection, until) {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            pk: { S: `MUTE#${detection}` },
            sk: { S: '*' },
            until: { N: String(until) },
            expiresAt: { N: String(until) },
          },
        }),
      );
    },
    async allow(detection, principal, until) {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            pk: { S: `MUTE#${detection}` },
            sk: { S: principal.slice(0, 1000) },
            until: { N: String(until) },
            expiresAt: { N: String(until) },
          },
        }),
      );
    },
    async confirmSignIn(principal, facts, confirmed, nowMs) {
      await history.confirmFacts(
        principal,
        facts.map(parseFactKey),
        confirmed ? new Date(nowMs).toISOString() : undefined,
        nowMs,
      );
    },
    async audit(record) {
      const at = Date.parse(record.at);
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            pk: { S: 'AUDIT' },
            sk: { S: record.id },
            record: { S: JSON.stringify(record) },
            expiresAt: expires(at),
          },
        }),
      );
    },
    async readAudit(id) {
      const { Item } = await client.send(
        new GetItemCommand({ TableName: tableName, Key: { pk: { S: 'AUDIT' }, sk: { S: id } }, ConsistentRead: true }),
      );
      return Item?.record?.S ? (JSON.parse(Item.record.S) as AuditRecord) : undefined;
    },
    async listAudit(limit) {
      const { Items = [] } = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: 'AUDIT' } },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return Items.flatMap((item) => (item.record?.S ? [JSON.parse(item.record.S) as AuditRecord] : []));
    },
    async markUndone(id, at) {
      const record = await this.readAudit(id);
      if (!record) return;
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: { pk: { S: 'AUDIT' }, sk: { S: id } },
          UpdateExpression: 'SET #record = :record',
          ExpressionAttributeNames: { '#record': 'record' },
          ExpressionAttributeValues: { ':record': { S: JSON.stringify({ ...record, undoneAt: at }) } },
        }),
      );
      if (record.action === 'mute') await this.mute(record.detection, 0);
      if (record.action === 'this-was-me' && record.principal && record.facts) {
        await this.confirmSignIn(record.principal, record.facts, false, Date.parse(at));
      } else if (record.action === 'this-was-me' && record.principal) {
        await this.allow(record.detection, record.principal, 0);
      }
    },
    async quieted(detection, principal, nowSeconds) {
      const { Items = [] } = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: `MUTE#${detection}` } },
        }),
      );
      return Items.some(
        (item) => (item.sk?.S === '*' || item.sk?.S === principal) && Number(item.until?.N) > nowSeconds,
      );
    },
  };
}

/** The IAM user an access key belongs to, from the principal's ARN (only IAM users have long-term keys). */
export function userNameOf(principal: string | undefined): string | undefined {
  const match = principal ? /^arn:aws[\w-]*:iam::\d{12}:user\/(?:.*\/)?([\w+=,.@-]{1,64})$/.exec(principal) : null;
  return match?.[1];
}

export type KeyControl = (userName: string, accessKeyId: string, status: 'Active' | 'Inactive') => Promise<void>;

/** UpdateAccessKey through the client `iam` gives (made on first use). */
export function iamKeyControl(iam: () => Promise<IAMClient>): KeyControl {
  return async (UserName, AccessKeyId, Status) => {
    const { UpdateAccessKeyCommand } = await import('@aws-sdk/client-iam');
    await (await iam()).send(new UpdateAccessKeyCommand({ UserName, AccessKeyId, Status }));
  };
}

/** The inline policy a lock-down puts on a user (deny all) or a role (deny sessions issued before it). */
export const LOCK_POLICY_NAME = 'account-watch-lock-down';

/** The deny-all policy of a user locked down from an alert. */
export function denyAllPolicy(): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: 'LockedDownFromAnAlert', Effect: 'Deny', Action: '*', Resource: '*' }],
  });
}

/** The console's "Revoke active sessions": deny every session of the role issued before `at`. */
export function revokeOlderSessionsPolicy(at: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'RevokedFromAnAlert',
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { DateLessThan: { 'aws:TokenIssueTime': at } },
      },
    ],
  });
}

/** The lock-downs besides a key: each with its undo. */
export interface LockControl {
  putUserPolicy(userName: string, document: string): Promise<void>;
  deleteUserPolicy(userName: string): Promise<void>;
  putRolePolicy(roleName: string, document: string): Promise<void>;
  deleteRolePolicy(roleName: string): Promise<void>;
  stopInstances(region: string, ids: string[]): Promise<void>;
  startInstances(region: string, ids: string[]): Promise<void>;
}

/** Through IAM and EC2's clients (made on first use; EC2 one per region). */
export function awsLockControl(
  iam: () => Promise<IAMClient>,
  ec2: (region: string) => Promise<import('@aws-sdk/client-ec2').EC2Client>,
): LockControl {
  const sdk = () => import('@aws-sdk/client-iam');
  const ec2Sdk = () => import('@aws-sdk/client-ec2');
  return {
    async putUserPolicy(UserName, PolicyDocument) {
      const { PutUserPolicyCommand } = await sdk();
      await (await iam()).send(new PutUserPolicyCommand({ UserName, PolicyName: LOCK_POLICY_NAME, PolicyDocument }));
    },
    async deleteUserPolicy(UserName) {
      const { DeleteUserPolicyCommand } = await sdk();
      await (await iam()).send(new DeleteUserPolicyCommand({ UserName, PolicyName: LOCK_POLICY_NAME }));
    },
    async putRolePolicy(RoleName, PolicyDocument) {
      const { PutRolePolicyCommand } = await sdk();
      await (await iam()).send(new PutRolePolicyCommand({ RoleName, PolicyName: LOCK_POLICY_NAME, PolicyDocument }));
    },
    async deleteRolePolicy(RoleName) {
      const { DeleteRolePolicyCommand } = await sdk();
      await (await iam()).send(new DeleteRolePolicyCommand({ RoleName, PolicyName: LOCK_POLICY_NAME }));
    },
    async stopInstances(region, InstanceIds) {
      const { StopInstancesCommand } = await ec2Sdk();
      await (await ec2(region)).send(new StopInstancesCommand({ InstanceIds }));
    },
    async startInstances(region, InstanceIds) {
      const { StartInstancesCommand } = await ec2Sdk();
      await (await ec2(region)).send(new StartInstancesCommand({ InstanceIds }));
    },
  };
}

export type ActOutcome =
  | { ok: true; record: AuditRecord }
  | { ok: false; reason: 'used' | 'choice' | 'root' | 'failed' };

/** The root user is never quieted from a link, whatever the detection. */
export function isRoot(claims: Pick<ActionClaims, 'principal' | 'detection'>): boolean {
  return /:root$/.test(claims.principal ?? '') || claims.detection.startsWith('root-');
}

/**
 * Does what a verified link (and its page's choice) asks, once: the link is claimed first, so a replay or a
 * second click does nothing; then the change; then the audit. An undo reverses the audit record it names.
 */
export async function act(
  claims: ActionClaims,
  durationSeconds: number | undefined,
  confirmation: Confirmation,
  deps: { store: ActionStore; keys: KeyControl; locks?: LockControl },
): Promise<ActOutcome> {
  const { store, keys, locks } = deps;
  if ((claims.action === 'mute' || claims.action === 'this-was-me') && isRoot(claims))
    return { ok: false, reason: 'root' };
  // A sign-in's "this was me" confirms facts for good (the history's own life); the rest last a chosen time.
  const signInFacts = claims.action === 'this-was-me' ? claims.facts : undefined;
  if (
    (claims.action === 'mute' || (claims.action === 'this-was-me' && !signInFacts)) &&
    durationSeconds === undefined
  ) {
    return { ok: false, reason: 'choice' };
  }
  if (claims.action === 'this-was-me' && !claims.principal) return { ok: false, reason: 'choice' };
  const userName = userNameOf(claims.principal);
  if (claims.action === 'deactivate-key' && (!claims.accessKey || !userName)) return { ok: false, reason: 'choice' };
  const lockDown =
    claims.action === 'deny-user' || claims.action === 'revoke-sessions' || claims.action === 'stop-instances';
  if (lockDown && !locks) return { ok: false, reason: 'choice' };
  if (claims.action === 'deny-user' && !userName) return { ok: false, reason: 'choice' };
  if (claims.action === 'revoke-sessions' && !claims.role) return { ok: false, reason: 'choice' };
  if (claims.action === 'stop-instances' && (!claims.instances || !claims.region))
    return { ok: false, reason: 'choice' };
  if (!(await store.useOnce(claims.nonce, confirmation.nowMs))) return { ok: false, reason: 'used' };
  const at = new Date(confirmation.nowMs).toISOString();
  const until = durationSeconds !== undefined ? Math.floor(confirmation.nowMs / 1000) + durationSeconds : undefined;
  const record: AuditRecord = {
    id: `${at}#${claims.nonce}`,
    action: claims.action,
    detection: claims.detection,
    alert: claims.alert,
    ...(claims.principal ? { principal: claims.principal } : {}),
    ...(claims.accessKey ? { accessKey: claims.accessKey } : {}),
    ...(claims.role ? { role: claims.role } : {}),
    ...(claims.instances ? { instances: claims.instances } : {}),
    ...(claims.region ? { region: claims.region } : {}),
    ...(signInFacts ? { facts: signInFacts } : {}),
    ...(until !== undefined && !signInFacts ? { until } : {}),
    sourceIp: confirmation.sourceIp.slice(0, 64),
    userAgent: confirmation.userAgent.slice(0, 256),
    at,
  };
  try {
    switch (claims.action) {
      case 'mute':
        await store.mute(claims.detection, until as number);
        break;
      case 'this-was-me':
        if (signInFacts) await store.confirmSignIn(claims.principal as string, signInFacts, true, confirmation.nowMs);
        else await store.allow(claims.detection, claims.principal as string, until as number);
        break;
      case 'deactivate-key':
        await keys(userName as string, claims.accessKey as string, 'Inactive');
        break;
      case 'deny-user':
        await locks?.putUserPolicy(userName as string, denyAllPolicy());
        break;
      case 'revoke-sessions':
        await locks?.putRolePolicy(claims.role as string, revokeOlderSessionsPolicy(at));
        break;
      case 'stop-instances':
        await locks?.stopInstances(claims.region as string, claims.instances as string[]);
        break;
      case 'undo': {
        const original = await store.readAudit(claims.alert);
        if (!original || original.undoneAt) return { ok: false, reason: 'used' };
        const owner = userNameOf(original.principal);
        if (original.action === 'deactivate-key') {
          if (!owner || !original.accessKey) return { ok: false, reason: 'choice' };
          await keys(owner, original.accessKey, 'Active');
        }
        if (original.action === 'deny-user' && owner) await locks?.deleteUserPolicy(owner);
        if (original.action === 'revoke-sessions' && original.role) await locks?.deleteRolePolicy(original.role);
        if (original.action === 'stop-instances' && original.region && original.instances) {
          await locks?.startInstances(original.region, original.instances);
        }
        await store.markUndone(original.id, at);
        record.detection = original.detection;
        if (original.accessKey) record.accessKey = original.accessKey;
        if (original.principal) record.principal = original.principal;
        if (original.role) record.role = original.role;
        if (original.instances) record.instances = original.instances;
        if (original.region) record.region = original.region;
        if (original.facts) record.facts = original.facts;
        break;
      }
    }
  } catch {
    return { ok: false, reason: 'failed' };
  }
  await store.audit(record);
  return { ok: true, record };
}
