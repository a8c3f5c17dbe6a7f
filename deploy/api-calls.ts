import { DETECTIONS } from '../src/lib/api-calls/catalogue.js';
import { type EventPattern, packRulePatterns } from '../src/lib/api-calls/pattern.js';
import type { CfnValue, Resource } from './cfn.js';

/**
 * The EventBridge rules of the API-call detections: every detection's pattern, packed into as few rules
 * as fit EventBridge's pattern size. The same patterns run in the home region (rules invoking
 * apiCallAlert) and in every forwarding region (rules forwarding the candidates home), so an event is
 * filtered where it happens and only candidates cross regions or start the function.
 */
export function apiCallRulePatterns(): EventPattern[] {
  return packRulePatterns(DETECTIONS.map((detection) => detection.pattern));
}

/** osls eventBridge events for apiCallAlert, one per packed rule, retried for a day then dead-lettered. */
export function apiCallEvents(service: string, stage: string): unknown[] {
  return apiCallRulePatterns().map((pattern, index) => ({
    eventBridge: {
      name: `${service}-${stage}-api-calls-${index + 1}`,
      description:
        'API calls that take over an account, blind its logging, expose it or run up its bill (docs/detections.md)',
      pattern,
      retryPolicy: { maximumEventAge: 86400, maximumRetryAttempts: 185 },
      deadLetterQueueArn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] },
    },
  }));
}

/** The forwarding stack's rules: the same packed patterns, forwarding to the home region's default bus. */
export function apiCallForwardingRules(stage: string, homeBus: CfnValue): Record<string, Resource> {
  return Object.fromEntries(
    apiCallRulePatterns().map((pattern, index) => [
      `ForwardApiCallsRule${index + 1}`,
      {
        Type: 'AWS::Events::Rule',
        Properties: {
          Name: `account-watch-${stage}-forward-api-calls-${index + 1}`,
          Description: 'Forward candidate API calls (docs/detections.md) to the home region',
          EventPattern: pattern as unknown as CfnValue,
          State: 'ENABLED',
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
