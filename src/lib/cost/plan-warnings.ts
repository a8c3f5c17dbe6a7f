import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { PlanSummary } from './account-plan.js';
import { addDays } from './dates.js';

/**
 * Warnings before a new account's cliff, each sent once: the credits running out within 14 days at the current
 * pace; 50%, 80% and 100% of them used; and 30, 7 and 1 days before a free plan ends (the account then closes).
 * The rules are pure; what was sent, and the most credits the account has had (the API says only what is
 * left, so "used" is measured against the highest balance seen), live in the history table under pk `PLAN`.
 */

export const PLAN_WARNINGS = [
  'creditsRunOut14Days',
  'creditsUsed50',
  'creditsUsed80',
  'creditsUsed100',
  'planEnds30Days',
  'planEnds7Days',
  'planEnds1Day',
] as const;
export type PlanWarningKind = (typeof PLAN_WARNINGS)[number];

export interface PlanWarning {
  kind: PlanWarningKind;
  /** Identifies the warning for this plan: sent once per plan and kind. */
  key: string;
  usedPercent?: number;
  daysLeft?: number;
}

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * The warnings due on `today` for a plan, most serious first. Only the highest of each family is due: a
 * digest that finds 100% used does not also send 50% and 80%.
 */
export function dueWarnings(plan: PlanSummary, peakCredits: number, today: string): PlanWarning[] {
  if (plan.status !== 'active') return [];
  const planKey = `${plan.type}#${plan.expires ?? 'open'}`;
  const warnings: PlanWarning[] = [];
  const left = plan.credits?.amount ?? 0;
  if (peakCredits > 0) {
    const usedPercent = Math.min(100, Math.max(0, (1 - left / peakCredits) * 100));
    const threshold = left <= 0.005 ? 100 : usedPercent >= 80 ? 80 : usedPercent >= 50 ? 50 : undefined;
    if (threshold !== undefined) {
      warnings.push({
        kind: `creditsUsed${threshold}` as PlanWarningKind,
        key: `${planKey}#used${threshold}`,
        usedPercent,
      });
    }
  }
  if (left > 0.005 && plan.creditsLastUntil && !plan.outlastsPlan && plan.creditsLastUntil <= addDays(today, 14)) {
    warnings.push({
      kind: 'creditsRunOut14Days',
      key: `${planKey}#runOut14`,
      daysLeft: Math.max(0, daysBetween(today, plan.creditsLastUntil)),
    });
  }
  if (plan.type === 'free' && plan.expires) {
    const daysLeft = daysBetween(today, plan.expires);
    const step = daysLeft <= 1 ? 1 : daysLeft <= 7 ? 7 : daysLeft <= 30 ? 30 : undefined;
    if (step !== undefined && daysLeft >= 0) {
      const kind: PlanWarningKind = step === 1 ? 'planEnds1Day' : step === 7 ? 'planEnds7Days' : 'planEnds30Days';
      warnings.push({ kind, key: `${planKey}#ends${step}`, daysLeft });
    }
  }
  return warnings;
}

/** What the warnings remember: the highest credit balance seen, and which warnings went out. */
export interface PlanMemory {
  /** Records `credits` and returns the highest balance seen for this plan, this one included. */
  peakCredits(planKey: string, credits: number, nowMs: number): Promise<number>;
  /** True the first time a warning key is claimed, false ever after. */
  claim(key: string, nowMs: number): Promise<boolean>;
}

/** Kept past a free plan's six months and a paid plan's year of credits. */
const KEEP_DAYS = 400;

export const PLAN_MEMORY_PK = 'PLAN';

export function planMemory(dynamodb: DynamoDBClient, tableName: string): PlanMemory {
  const expires = (nowMs: number) => ({ N: String(Math.floor(nowMs / 1000) + KEEP_DAYS * 86_400) });
  return {
    async peakCredits(planKey, credits, nowMs) {
      const Key = { pk: { S: PLAN_MEMORY_PK }, sk: { S: `PEAK#${planKey}` } };
      const { Item } = await dynamodb.send(new GetItemCommand({ TableName: tableName, Key, ConsistentRead: true }));
      const known = Number(Item?.peak?.N);
      if (Number.isFinite(known) && known >= credits) return known;
      await dynamodb.send(
        new PutItemCommand({
          TableName: tableName,
          Item: { ...Key, peak: { N: String(credits) }, expiresAt: expires(nowMs) },
        }),
      );
      return credits;
    },
    async claim(key, nowMs) {
      try {
        await dynamodb.send(
          new PutItemCommand({
            TableName: tableName,
            Item: {
              pk: { S: PLAN_MEMORY_PK },
              sk: { S: `WARNED#${key}` },
              sentAt: { S: new Date(nowMs).toISOString() },
              expiresAt: expires(nowMs),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if (
          error instanceof ConditionalCheckFailedException ||
          (error as { name?: string }).name === 'ConditionalCheckFailedException'
        ) {
          return false;
        }
        throw error;
      }
    },
  };
}
