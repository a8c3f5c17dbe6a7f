import { DETECTIONS, type Detection } from '../src/lib/api-calls/catalogue.js';
import { type EventPattern, packRulePatterns } from '../src/lib/api-calls/pattern.js';
import type { CfnValue, Resource } from './cfn.js';

/**
 * The EventBridge rules of the API-call detections: every detection's pattern, packed into as few rules
 * as fit EventBridge's pattern size. The same patterns run in the home region (rules invoking
 * apiCallAlert) and in every forwarding region (rules forwarding the candidates home), so an event is
 * filtered where it happens and only candidates cross regions or start the function.
 */

export interface ApiCallRule {
  pattern: EventPattern;
  /**
   * Also matched against read-only calls (List, Get, Describe …), which EventBridge delivers only to rules
   * in this state; only detections with narrow patterns (refused calls) are packed into such a rule.
   */
  state: 'ENABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
}

/**
 * The detections of each kind of rule, in order: the write rules, then the rules that also receive reads. The
 * detections that watch this stack itself are in both, so disabling or deleting the rule that holds one copy is
 * reported by the other (the history table's claim on the event ID sends it once).
 */
export function apiCallRuleDetections(readOnlyEvents: boolean, options: RuleOptions = {}): Detection[] {
  return DETECTIONS.filter((detection) => !detection.optIn || options.reads).filter(
    (detection) => !!detection.readOnlyEvents === readOnlyEvents || (readOnlyEvents && detection.watchesItself),
  );
}

/** What the owner chose at deploy time: apiCallReads adds the detections that need every read-only call. */
export interface RuleOptions {
  reads?: boolean;
}

export function apiCallRules(options: RuleOptions = {}): ApiCallRule[] {
  const pack = (readOnlyEvents: boolean) =>
    packRulePatterns(
      // Detections that share a pattern (two readings of one trust policy) share its place in the rule.
      [
        ...new Map(
          apiCallRuleDetections(readOnlyEvents, options).map((detection) => [
            JSON.stringify(detection.pattern),
            detection.pattern,
          ]),
        ).values(),
      ],
    );
  return [
    ...pack(false).map((pattern) => ({ pattern, state: 'ENABLED' as const })),
    ...pack(true).map((pattern) => ({ pattern, state: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' as const })),
  ];
}

export function apiCallRuleName(service: string, stage: string, index: number): string {
  return `${service}-${stage}-api-calls-${index + 1}`;
}

/** osls eventBridge events for apiCallAlert, one per packed rule, retried for a day then dead-lettered. */
export function apiCallEvents(service: string, stage: string, options: RuleOptions = {}): unknown[] {
  return apiCallRules(options).map(({ pattern }, index) => ({
    eventBridge: {
      name: apiCallRuleName(service, stage, index),
      description:
        'API calls that take over an account, blind its logging, expose it or run up its bill (docs/detections.md)',
      pattern,
      retryPolicy: { maximumEventAge: 86400, maximumRetryAttempts: 185 },
      deadLetterQueueArn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] },
    },
  }));
}

/** The rules osls cannot give a state other than ENABLED: their names, and the state the plugin sets. */
export function apiCallRuleStates(
  service: string,
  stage: string,
  options: RuleOptions = {},
): Record<string, ApiCallRule['state']> {
  return Object.fromEntries(
    apiCallRules(options)
      .map((rule, index) => [apiCallRuleName(service, stage, index), rule.state] as const)
      .filter(([, state]) => state !== 'ENABLED'),
  );
}

/** The forwarding stack's rules: the same packed patterns, forwarding to the home region's default bus. */
export function apiCallForwardingRules(
  stage: string,
  homeBus: CfnValue,
  options: RuleOptions = {},
): Record<string, Resource> {
  return Object.fromEntries(
    apiCallRules(options).map(({ pattern, state }, index) => [
      `ForwardApiCallsRule${index + 1}`,
      {
        Type: 'AWS::Events::Rule',
        Properties: {
          Name: `account-watch-${stage}-forward-api-calls-${index + 1}`,
          Description: 'Forward candidate API calls (docs/detections.md) to the home region',
          EventPattern: pattern as unknown as CfnValue,
          State: state,
          Targets: [
            {
              Id: 'home-region-default-bus',
              Arn: homeBus,
              RoleArn: { 'Fn::GetAtt': ['ForwardRole', 'Arn'] },
              RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
              DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['ForwardDeadLetterQueue', 'Arn'] } },
            },
          ],
        },
      },
    ]),
  );
}

/** The packed patterns alone, in rule order (for the docs and the tests). */
export function apiCallRulePatterns(options: RuleOptions = {}): EventPattern[] {
  return apiCallRules(options).map((rule) => rule.pattern);
}
