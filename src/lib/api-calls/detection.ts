import type { PriceReader } from '../cost/prices.js';
import type { Locale } from '../i18n/index.js';
import type { Severity } from '../notify/severity.js';
import type { ApiCall } from './api-call.js';
import type { GroupRightsReader, PolicyVersionReader } from './iam-readers.js';
import type { EventPattern } from './pattern.js';

/** What the detections may read of the account at alert time. */
export interface DetectionReaders {
  groupRights?: GroupRightsReader;
  policyVersion?: PolicyVersionReader;
  /** On-demand prices from the Price List, for the detections that are `priced`. */
  prices?: PriceReader;
}

/** The shape of one detection of the catalogue (catalogue.ts), apart so the group files can import it. */

export type DetectionGroup =
  | 'logging'
  | 'blinding'
  | 'watch'
  | 'root'
  | 'persistence'
  | 'escalation'
  | 'exposure'
  | 'destruction'
  | 'exfiltration'
  | 'cost'
  | 'recon';
export type Text = Record<Locale, string>;

export interface DetectionContext {
  /** Regions the account is meant to use (the allowedRegions setting). */
  allowedRegions: readonly string[];
  /** The trail's bucket, whose policy and lifecycle are part of the logging. */
  trailBucket?: string;
  /** Accounts counted as the account's own in resource policies (the organization's accounts). */
  trustedAccounts?: readonly string[];
}

export interface Detection {
  id: string;
  group: DetectionGroup;
  severity: Severity;
  /** What happened, as a headline. */
  title: Text;
  /** Why it matters, one or two sentences. */
  why: Text;
  /** What to do next, one step. */
  action: Text;
  /** The EventBridge pattern on the event's `detail`. */
  pattern: EventPattern;
  /** Only for what the pattern cannot say; absent means every event the pattern lets through is a finding. */
  matches?(call: ApiCall, context: DetectionContext): boolean;
  /**
   * What the call acted on, in a few words and in AWS's own notation (the same in every language): "user/alice",
   * "sg-0123 22/tcp ← 0.0.0.0/0", "g5.12xlarge × 4". Absent: the resource the request names (resourceOf).
   */
  target?(call: ApiCall, context: DetectionContext): string | undefined;
  /** Where in the console to look or fix it. */
  consoleUrl?(call: ApiCall): string | undefined;
  /** The saved query (queries/<name>.sql) that reports the same calls in the daily digest. */
  savedQuery?: string;
  /**
   * For detections of many calls rather than one: alert only when this many have matched within
   * burstWindowMinutes, counted per `burstBy` (then once more at ten times as many).
   */
  countFrom?: number;
  /** What a burst is counted per: the principal (default) or the access key it used. */
  burstBy?: 'principal' | 'accessKey';
  /**
   * Alert only the first time a principal makes this kind of call (remembered historyDays in the history
   * table): for calls that are routine for the few who use them and alarming from anyone new.
   */
  firstTimeOnly?: boolean;
  /**
   * Its rule must also receive read-only calls (EventBridge delivers them only to rules that opt in);
   * its pattern must then be narrow, as every read in the region is matched against it.
   */
  readOnlyEvents?: boolean;
  /**
   * Watches this stack itself: its pattern is packed into two rules, so the rule that is disabled or deleted
   * is reported by the other.
   */
  watchesItself?: boolean;
  /**
   * Needs read-only calls (apiCallReads): left out of the rules, and of the function's catalogue, unless the owner
   * opted in, because its pattern selects many reads.
   */
  optIn?: 'reads';
  /**
   * A memory of what is usual: the subject (an access key, an instance's session) and the fact seen with it (a
   * country, a network). The first sighting of a subject is learnt quietly; after that, a fact never seen with it
   * alerts once. Kept in the history table (historyDays), like firstTimeOnly.
   */
  remembers?(call: ApiCall): { subject: string; fact: string } | undefined;
  /**
   * A look at the account when the alert is made, for what the call alone cannot say (one read call, short
   * timeout; absent where nothing may be read, as in a replay): a severity that replaces the detection's, and
   * a few words added to what the alert names. Never throws.
   */
  assess?(call: ApiCall, readers: DetectionReaders): Promise<{ severity: Severity; note: string } | undefined>;
  /** Also when an AWS service makes the call (userIdentity.type AWSService), which is otherwise never a finding. */
  byAwsService?: boolean;
  /**
   * The call starts something billed by the hour (capacity.ts): the alert says what it costs an hour and a month,
   * from the Price List. `decides`: the price also decides whether it is news (at least costlyHourlyUsd keeps the
   * detection's severity; less is info); without a price, only a launch large on its face is reported.
   */
  priced?: 'shown' | 'decides';
  /** Also when the call failed with an error other than a refusal (it normally changed nothing). */
  evenWhenFailed?: boolean;
}

export const t = (en: string, ja: string): Text => ({ en, ja });
