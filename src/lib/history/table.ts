import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { logger } from '../logger.js';

/**
 * The history table: one DynamoDB table, on demand, every item with a TTL (`expiresAt`, epoch seconds),
 * shared by the sign-in alerts (what they remember), the API-call alerts (claims, bursts), deliverySender
 * (claims, LINE's monthly allowance) and the weekly hygiene report (last week's results). Deployed as `…-signin-history`, the feature
 * it began with. Keys (`pk`, `sk`, both strings):
 *
 * | pk                    | sk                          | what it remembers                                   | kept         |
 * |-----------------------|-----------------------------|-----------------------------------------------------|--------------|
 * | `P#<principal>`       | `PROFILE`                   | first and last sign-in, number of sign-ins          | historyDays  |
 * | `P#<principal>`       | `COUNTRY#JP`                | first/last seen from the country, count, last IP    | historyDays  |
 * | `P#<principal>`       | `NETWORK#198.51.100.0/24`   | first/last seen from the /24 or /48, count          | historyDays  |
 * | `P#<principal>`       | `AGENT#Chrome on macOS`     | first/last seen with the browser/OS family, count   | historyDays  |
 * |                       |                             | (each fact: `confirmedAt` once "this was me" from an alert) |      |
 * | `FAIL#IP#<ip>`        | `<eventTime>#<eventId>`     | one failed sign-in from the address: user, country  | window + 1 d |
 * | `FAIL#P#<principal>`  | `<eventTime>#<eventId>`     | one failed sign-in of the principal: address        | window + 1 d |
 * | `GUESS#IP#<ip>` / `GUESS#P#<principal>` | `ALERT`   | the window a guessing alert covers, its count       | window + 1 d |
 * | `EVENT#<eventID>`     | `CLAIM`                     | this event is being or was notified, and its facts  | 14 days      |
 * | `EVENT#api#<eventID>` (`…#count`) / `EVENT#<channel>#<key>` | `CLAIM` | the same for an API call, a queued chat message | 14 days |
 * | `BURST#<detection>#<principal or key>` | `WINDOW` | an API-call burst: count, start, examples (burst.ts) | window + 1 d |
 * | `HYGIENE`             | `LATEST`                    | last week's hygiene results (hygiene/week-over-week.ts) | 60 days  |
 * | `ALLOWANCE#line`      | `<YYYY-MM>`                 | LINE messages used of the month's allowance         | 62 days      |
 *
 * `<principal>` is the principal's ARN. One Query on `P#<principal>` reads everything known about a
 * principal; a failure window is one Query on a time range of `FAIL#…` (its sort keys start with the
 * ISO event time, so they sort by time). A new fact is a conditional put, so of two invocations racing on
 * the same first sighting exactly one learns that it is new.
 */

export const HISTORY_KEY = { partition: 'pk', sort: 'sk', ttl: 'expiresAt' } as const;

export type FactKind = 'country' | 'network' | 'agent';

/** A fact as one string, `country#JP`: the memory's set of known facts, and a "this was me" link's claims. */
export function factKey(fact: { kind: FactKind; value: string }): string {
  return `${fact.kind}#${fact.value}`;
}

/** `country#JP` → the fact; the caller has checked the form (a signed link's claims are validated). */
export function parseFactKey(key: string): { kind: FactKind; value: string } {
  const split = key.indexOf('#');
  return { kind: key.slice(0, split) as FactKind, value: key.slice(split + 1) };
}
const FACT_PREFIX: Record<FactKind, string> = { country: 'COUNTRY#', network: 'NETWORK#', agent: 'AGENT#' };

export interface KnownFact {
  kind: FactKind;
  value: string;
  firstSeen: string;
  lastSeen: string;
  signIns: number;
  lastIp?: string;
  /** When the principal's owner confirmed it from an alert ("this was me"). */
  confirmedAt?: string;
}

export interface PrincipalHistory {
  profile?: { firstSeen: string; lastSeen: string; signIns: number };
  facts: KnownFact[];
}

export type FailureScope = 'source' | 'principal';

export interface FailureRecord {
  eventTime: string;
  /** The user the failure named (source scope) or the address it came from (principal scope). */
  target?: string;
  country?: string;
}

export type GuessingClaim = 'alert' | 'followUp' | 'folded';

export type EventClaim =
  | { state: 'claimed'; token: string; facts?: string }
  | { state: 'alreadySent' }
  | { state: 'inProgress' };

const S = (value: string): AttributeValue => ({ S: value });
const N = (value: number): AttributeValue => ({ N: String(value) });
const str = (item: Record<string, AttributeValue> | undefined, name: string) => item?.[name]?.S;
const num = (item: Record<string, AttributeValue> | undefined, name: string) => Number(item?.[name]?.N ?? 0);
const epochSeconds = (ms: number) => Math.floor(ms / 1000);
const DAY_MS = 86_400_000;

/**
 * DynamoDB keys are at most 2048 (partition) and 1024 (sort) bytes; 200 characters are at most 800 bytes
 * of UTF-8, so an event's odd or hostile field never breaks a write. Real ARNs and IDs are far shorter.
 */
function keyPart(value: string): string {
  return value.length > 200 ? value.slice(0, 200) : value;
}

/**
 * How long a claim holds others off: longer than every claiming function's 60 s timeout, so a live claimant
 * is never overtaken, and shorter than Lambda's first retry (about a minute after a failed run ends), so the
 * retry of one that died can take over.
 */
export const CLAIM_LEASE_MS = 90_000;

/** A month's allowance count outlives its month, so doctor can still show last month's. */
const ALLOWANCE_KEPT_DAYS = 62;

/** A conditional write that lost: the one answer that is not an error for a claim or a first sighting. */
export function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error as { name?: string })?.name === 'ConditionalCheckFailedException'
  );
}

/** The sign-in history on DynamoDB. Every method is one to three requests; none reads then writes a new fact. */
export class HistoryTable {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly historyDays: number,
  ) {}

  private historyExpiry(atMs: number): AttributeValue {
    return N(epochSeconds(atMs + this.historyDays * DAY_MS));
  }

  /** Everything remembered about a principal: its profile and its countries, networks and browsers. */
  async principalHistory(principal: string, nowMs: number): Promise<PrincipalHistory> {
    const history: PrincipalHistory = { facts: [] };
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': S(`P#${keyPart(principal)}`) },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        // TTL deletes within days, not at once: an expired item is forgotten here already.
        if (num(item, 'expiresAt') * 1000 <= nowMs) continue;
        const sk = str(item, 'sk') ?? '';
        const firstSeen = str(item, 'firstSeen') ?? '';
        const lastSeen = str(item, 'lastSeen') ?? '';
        const signIns = num(item, 'signIns');
        if (sk === 'PROFILE') {
          history.profile = { firstSeen, lastSeen, signIns };
          continue;
        }
        const kind = (Object.keys(FACT_PREFIX) as FactKind[]).find((k) => sk.startsWith(FACT_PREFIX[k]));
        if (!kind) continue;
        history.facts.push({
          kind,
          value: sk.slice(FACT_PREFIX[kind].length),
          firstSeen,
          lastSeen,
          signIns,
          lastIp: str(item, 'lastIp'),
          ...(str(item, 'confirmedAt') ? { confirmedAt: str(item, 'confirmedAt') } : {}),
        });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return history;
  }

  /**
   * Records that the principal signed in with this fact. Returns 'new' to exactly one caller per fact:
   * the conditional put that created it. Everyone else counts a fact that exists; a fact the caller's
   * history read already holds (`knownAlready`) is counted at once, with no race to decide.
   */
  async recordFact(
    principal: string,
    kind: FactKind,
    value: string,
    at: { eventTime: string; ip?: string },
    nowMs: number,
    knownAlready = false,
  ): Promise<'new' | 'known'> {
    const key = { pk: S(`P#${keyPart(principal)}`), sk: S(`${FACT_PREFIX[kind]}${keyPart(value)}`) };
    const expiresAt = this.historyExpiry(nowMs);
    if (!knownAlready) {
      try {
        await this.client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: {
              ...key,
              firstSeen: S(at.eventTime),
              lastSeen: S(at.eventTime),
              signIns: N(1),
              expiresAt,
              ...(at.ip ? { lastIp: S(at.ip) } : {}),
            },
            // A fact whose TTL has passed but is not yet deleted is new again, as principalHistory says.
            ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
            ExpressionAttributeValues: { ':now': N(epochSeconds(nowMs)) },
          }),
        );
        return 'new';
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: key,
        UpdateExpression: `SET lastSeen = :at, expiresAt = :exp${at.ip ? ', lastIp = :ip' : ''} ADD signIns :one`,
        ExpressionAttributeValues: {
          ':at': S(at.eventTime),
          ':exp': expiresAt,
          ':one': N(1),
          ...(at.ip ? { ':ip': S(at.ip) } : {}),
        },
      }),
    );
    return 'known';
  }

  /**
   * "This was me" from a sign-in alert: the facts are marked as the principal's own (`at`), or, for an undo,
   * no longer (`at` undefined). A fact not yet recorded (its alert went out without the history) is created,
   * already known, so it is never "new" again; its life is the history's, counted from now.
   */
  async confirmFacts(
    principal: string,
    facts: Array<{ kind: FactKind; value: string }>,
    at: string | undefined,
    nowMs: number,
  ): Promise<void> {
    await Promise.all(
      facts.map((fact) =>
        this.client
          .send(
            new UpdateItemCommand({
              TableName: this.tableName,
              Key: { pk: S(`P#${keyPart(principal)}`), sk: S(`${FACT_PREFIX[fact.kind]}${keyPart(fact.value)}`) },
              ...(at
                ? {
                    UpdateExpression: 'SET confirmedAt = :at, expiresAt = if_not_exists(expiresAt, :exp)',
                    ExpressionAttributeValues: { ':at': S(at), ':exp': this.historyExpiry(nowMs) },
                  }
                : { UpdateExpression: 'REMOVE confirmedAt', ConditionExpression: 'attribute_exists(pk)' }),
            }),
          )
          .catch((error: unknown) => {
            // Undoing a fact that has expired since: nothing to undo.
            if (!at && isConditionFailure(error)) return;
            throw error;
          }),
      ),
    );
  }

  /** Counts a successful sign-in on the principal's profile (first sign-in kept, last moved on). */
  async recordSignIn(principal: string, eventTime: string, nowMs: number): Promise<void> {
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: { pk: S(`P#${keyPart(principal)}`), sk: S('PROFILE') },
        UpdateExpression:
          'SET firstSeen = if_not_exists(firstSeen, :at), lastSeen = :at, expiresAt = :exp ADD signIns :one',
        ExpressionAttributeValues: { ':at': S(eventTime), ':exp': this.historyExpiry(nowMs), ':one': N(1) },
      }),
    );
  }

  /**
   * Records one failed sign-in under a source address or a principal and returns every failure of that
   * key in [from, to]. The sort key holds the event ID, so a redelivered event is one failure, not two.
   */
  async recordFailure(
    scope: FailureScope,
    key: string,
    failure: { eventTime: string; eventId: string; target?: string; country?: string },
    window: { from: string; to: string; expiresAtMs: number },
  ): Promise<FailureRecord[]> {
    const pk = failurePartition(scope, key);
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: {
          pk: S(pk),
          sk: S(`${failure.eventTime}#${keyPart(failure.eventId)}`),
          expiresAt: N(epochSeconds(window.expiresAtMs)),
          ...(failure.target ? { target: S(keyPart(failure.target)) } : {}),
          ...(failure.country ? { country: S(failure.country) } : {}),
        },
      }),
    );
    return this.failures(scope, key, window);
  }

  /** The failures of a source address or principal whose event time is in [from, to]. */
  async failures(scope: FailureScope, key: string, window: { from: string; to: string }): Promise<FailureRecord[]> {
    const records: FailureRecord[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': S(failurePartition(scope, key)),
            ':from': S(window.from),
            // '~' sorts after '#' and every ID character: the upper bound includes events at `to` itself.
            ':to': S(`${window.to}~`),
          },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        records.push({
          eventTime: (str(item, 'sk') ?? '').split('#')[0] ?? '',
          target: str(item, 'target'),
          country: str(item, 'country'),
        });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return records;
  }

  /**
   * Decides who sends the guessing alert for a key: the first invocation to reach the threshold in a
   * window sends it ('alert'); the first to reach the follow-up count sends one follow-up; everyone else
   * is folded into them. Conditional updates, so two invocations never both send.
   */
  async claimGuessingAlert(
    scope: FailureScope,
    key: string,
    claim: { count: number; followUpAt: number; eventTime: string; windowEnd: string; expiresAtMs: number },
  ): Promise<GuessingClaim> {
    const Key = { pk: S(`GUESS#${scope === 'source' ? 'IP' : 'P'}#${keyPart(key)}`), sk: S('ALERT') };
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            ...Key,
            windowEnd: S(claim.windowEnd),
            alertedCount: N(claim.count),
            followUpSent: { BOOL: false },
            expiresAt: N(epochSeconds(claim.expiresAtMs)),
          },
          // No alert yet, or the last one's window has closed before this failure.
          ConditionExpression: 'attribute_not_exists(pk) OR windowEnd < :at',
          ExpressionAttributeValues: { ':at': S(claim.eventTime) },
        }),
      );
      return 'alert';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    if (claim.count < claim.followUpAt) return 'folded';
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key,
          UpdateExpression: 'SET followUpSent = :yes, alertedCount = :count',
          ConditionExpression: 'followUpSent = :no AND windowEnd >= :at',
          ExpressionAttributeValues: {
            ':yes': { BOOL: true },
            ':no': { BOOL: false },
            ':count': N(claim.count),
            ':at': S(claim.eventTime),
          },
        }),
      );
      return 'followUp';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return 'folded';
    }
  }

  /**
   * Claims an event for notifying. Exactly one invocation gets 'claimed' for an event ID; another sees
   * 'alreadySent', or 'inProgress' while the claimant's lease runs. A claimant that failed to deliver
   * releases its claim with what it learnt (so Lambda's retry sends, and says the same); one that died leaves a
   * lease that expires (its retry then judges the event again).
   */
  async claimEvent(eventId: string, nowMs: number, leaseMs = CLAIM_LEASE_MS): Promise<EventClaim> {
    const token = `${nowMs.toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    const Key = { pk: S(`EVENT#${keyPart(eventId)}`), sk: S('CLAIM') };
    try {
      const result = await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key,
          UpdateExpression: 'SET #state = :claimed, #token = :token, leaseUntil = :lease, expiresAt = :exp',
          ConditionExpression: 'attribute_not_exists(pk) OR (#state = :claimed AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#state': 'state', '#token': 'token' },
          ExpressionAttributeValues: {
            ':claimed': S('claimed'),
            ':token': S(token),
            ':lease': N(nowMs + leaseMs),
            ':now': N(nowMs),
            // As long as the dead-letter queue keeps an event: a redriven event is still recognised.
            ':exp': N(epochSeconds(nowMs + 14 * DAY_MS)),
          },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return { state: 'claimed', token, facts: str(result.Attributes, 'facts') };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const existing = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk = :sk',
        ExpressionAttributeValues: { ':pk': Key.pk, ':sk': Key.sk },
        ConsistentRead: true,
      }),
    );
    return str(existing.Items?.[0], 'state') === 'sent' ? { state: 'alreadySent' } : { state: 'inProgress' };
  }

  /** Where a claim stands, read consistently: 'sent', 'claimed' (being sent, or given back to retry), or undefined. */
  async claimState(eventId: string): Promise<'sent' | 'claimed' | undefined> {
    const existing = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk = :sk',
        ExpressionAttributeValues: { ':pk': S(`EVENT#${keyPart(eventId)}`), ':sk': S('CLAIM') },
        ConsistentRead: true,
      }),
    );
    const state = str(existing.Items?.[0], 'state');
    return state === 'sent' || state === 'claimed' ? state : undefined;
  }

  async markEventSent(eventId: string, token: string): Promise<void> {
    await this.updateOwnClaim(eventId, token, 'SET #state = :sent REMOVE leaseUntil', { ':sent': S('sent') });
  }

  /**
   * Gives a claim back after a failed delivery, so the retry of the invocation notifies, with what this
   * attempt learnt (the facts it recorded are no longer new to the table, so the retry could not tell).
   */
  async releaseEvent(eventId: string, token: string, facts: string): Promise<void> {
    await this.updateOwnClaim(eventId, token, 'SET leaseUntil = :zero, facts = :facts', {
      ':zero': N(0),
      ':facts': S(facts),
    });
  }

  /**
   * Ends a claim: marked sent, or given back with what was learnt so that Lambda's retry sends. Never throws:
   * the notification has been sent or has failed already, and a lost claim only expires with its lease. The
   * failure is logged with `historyUnavailable`, which the stack's metric filter counts.
   */
  async settle(
    eventId: string,
    token: string,
    outcome: { sent: true } | { sent: false; facts?: string },
  ): Promise<void> {
    try {
      if (outcome.sent) await this.markEventSent(eventId, token);
      else await this.releaseEvent(eventId, token, outcome.facts ?? '{}');
    } catch (error) {
      logger.error('History unavailable: claim not settled', {
        historyUnavailable: true,
        eventId,
        sent: outcome.sent,
        error,
      });
    }
  }

  /**
   * Takes one message from a channel's monthly allowance (LINE's free 200 a month): one conditional ADD, so
   * two senders racing for the last message cannot both have it. Returns how many are used with this one,
   * or undefined when the allowance is spent.
   */
  async takeFromAllowance(channel: string, month: string, limit: number, nowMs: number): Promise<number | undefined> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: S(`ALLOWANCE#${channel}`), sk: S(month) },
          UpdateExpression: 'ADD used :one SET expiresAt = :expires',
          ConditionExpression: 'attribute_not_exists(used) OR used < :limit',
          ExpressionAttributeValues: {
            ':one': N(1),
            ':limit': N(limit),
            ':expires': N(epochSeconds(nowMs + ALLOWANCE_KEPT_DAYS * DAY_MS)),
          },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(Attributes?.used?.N ?? 1);
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /** Gives back a message taken for a delivery that then failed, so a retry does not count it twice. */
  async returnToAllowance(channel: string, month: string): Promise<void> {
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: { pk: S(`ALLOWANCE#${channel}`), sk: S(month) },
        UpdateExpression: 'ADD used :minusOne',
        ConditionExpression: 'used > :zero',
        ExpressionAttributeValues: { ':minusOne': N(-1), ':zero': N(0) },
      }),
    );
  }

  /** How many messages of the month's allowance are used (npm run doctor shows it). */
  async allowanceUsed(channel: string, month: string): Promise<number> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk = :sk',
        ExpressionAttributeValues: { ':pk': S(`ALLOWANCE#${channel}`), ':sk': S(month) },
      }),
    );
    return Number(Items[0]?.used?.N ?? 0);
  }

  private async updateOwnClaim(
    eventId: string,
    token: string,
    update: string,
    values: Record<string, AttributeValue>,
  ): Promise<void> {
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: { pk: S(`EVENT#${keyPart(eventId)}`), sk: S('CLAIM') },
        UpdateExpression: update,
        ConditionExpression: '#token = :token',
        ExpressionAttributeNames: { '#token': 'token', ...(update.includes('#state') ? { '#state': 'state' } : {}) },
        ExpressionAttributeValues: { ...values, ':token': S(token) },
      }),
    );
  }
}

function failurePartition(scope: FailureScope, key: string): string {
  return `FAIL#${scope === 'source' ? 'IP' : 'P'}#${keyPart(key)}`;
}
