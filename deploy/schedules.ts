import type { FunctionName } from '../src/lib/settings.js';
import { logicalIdOf, type Resource } from './cfn.js';

/**
 * The digests' daily schedules and the hygiene report's weekly one (EventBridge Scheduler), written here
 * rather than as osls `schedule` events because osls cannot give them a retry policy or a dead-letter queue.
 */

/** How long and how often Scheduler keeps trying to start a run Lambda did not accept (throttled, say). */
export const SCHEDULE_RETRY = { MaximumEventAgeInSeconds: 21_600, MaximumRetryAttempts: 20 } as const;

export interface DailyScheduleOptions {
  functionName: FunctionName;
  /** The schedule's name, unique in the account: <service>-<stage>-<what>. */
  name: string;
  description: string;
  time: { hour: number; minute: number };
  timeZone: string;
}

/** An EventBridge Scheduler cron at a local time of day: minutes hours day-of-month month day-of-week year. */
export function dailyCron(time: { hour: number; minute: number }): string {
  return `cron(${time.minute} ${time.hour} * * ? *)`;
}

/** An EventBridge Scheduler cron once a week: day-of-month must be ? when day-of-week is given. */
export function weeklyCron(day: string, time: { hour: number; minute: number }): string {
  return `cron(${time.minute} ${time.hour} ? * ${day} *)`;
}

/**
 * A daily schedule in the user's time zone that starts the function with its own role, retries a start
 * that fails, and dead-letters one it never could. The logical ID is the one osls gave it, so an existing
 * stack updates the schedule in place.
 */
export function dailySchedule(options: DailyScheduleOptions): Record<string, Resource> {
  return scheduleAt(options, dailyCron(options.time));
}

/** The same, once a week on `day` (MON … SUN). */
export function weeklySchedule(options: DailyScheduleOptions & { day: string }): Record<string, Resource> {
  return scheduleAt(options, weeklyCron(options.day, options.time));
}

function scheduleAt(options: DailyScheduleOptions, expression: string): Record<string, Resource> {
  const id = logicalIdOf(options.functionName);
  return {
    [`${id}SchedulerSchedule1`]: {
      Type: 'AWS::Scheduler::Schedule',
      Properties: {
        Name: options.name,
        Description: options.description,
        ScheduleExpression: expression,
        ScheduleExpressionTimezone: options.timeZone,
        State: 'ENABLED',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: {
          Arn: { 'Fn::GetAtt': [`${id}LambdaFunction`, 'Arn'] },
          RoleArn: { 'Fn::GetAtt': [`${id}SchedulerRole`, 'Arn'] },
          RetryPolicy: { ...SCHEDULE_RETRY },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } },
        },
      },
    },
  };
}
