import { planForwarding } from '../forwarding-plan.js';
import { logger } from '../logger.js';
import type { Channel } from '../notify/channel.js';
import { deliverNotification } from '../notify/deliver.js';
import { evaluateChecks } from './checks.js';
import { type HygieneClients, type InspectOptions, inspectAccount, type StackTarget } from './inspect.js';
import { buildHygieneNotification } from './message.js';
import type { HygieneSettings } from './settings.js';
import { compareWithLastWeek, type HygieneMemory, rememberedFrom } from './week-over-week.js';

export interface HygieneRun {
  checkedAt: string;
  checks: number;
  failed: string[];
  unknown: string[];
  fixed: string[];
  added: string[];
  severity: string;
}

/** The regions the forwarding plan of a scope puts a stack in (none for `none`). */
export function expectedForwardingRegions(homeRegion: string, scope: HygieneSettings['forwardingScope']): string[] {
  return scope === 'none' ? [] : planForwarding(homeRegion, [], scope).regions;
}

export interface HygieneRunInput {
  clients: HygieneClients;
  accountId: string;
  settings: HygieneSettings;
  /** The stack to check; in Lambda, the one the function belongs to. */
  stack: StackTarget;
  /** Last week's results; absent in a local run without the history table. */
  memory?: HygieneMemory;
  channels: Channel[];
  options?: InspectOptions;
}

/**
 * One weekly report: read last week's results, inspect, check, build, deliver, then remember this week's.
 * This week is remembered only once delivered, so a retried run still compares with last week.
 */
export async function runHygieneReport(input: HygieneRunInput): Promise<HygieneRun> {
  const { settings, memory } = input;
  const previous = memory
    ? await memory.read().catch((error: unknown) => {
        logger.error('Hygiene history unavailable', { error: error instanceof Error ? error.message : String(error) });
        return 'unavailable' as const;
      })
    : ('unavailable' as const);
  const facts = await inspectAccount(
    input.clients,
    { accountId: input.accountId, homeRegion: settings.region },
    input.stack,
    input.options,
  );
  const results = evaluateChecks(facts, { monthlyBudget: settings.monthlyBudget });
  const changes = compareWithLastWeek(results, previous);
  const notification = buildHygieneNotification(
    results,
    changes,
    {
      accountId: input.accountId,
      homeRegion: settings.region,
      checkedAt: facts.checkedAt,
      topicArn: input.stack.topicArn,
    },
    settings,
  );
  const run: HygieneRun = {
    checkedAt: facts.checkedAt,
    checks: results.length,
    failed: results.filter((entry) => entry.status === 'fail').map((entry) => entry.id),
    unknown: results.filter((entry) => entry.status === 'unknown').map((entry) => entry.id),
    fixed: changes.fixed,
    added: changes.added,
    severity: notification.severity,
  };
  logger.info('Hygiene report built', {
    ...run,
    problems: results.flatMap((entry) => (entry.problem ? [entry.problem] : [])),
  });
  await deliverNotification(notification, input.channels);
  if (memory) {
    // A lost write only makes next week compare with an older report: never worth a second report.
    await memory.save(rememberedFrom(results, facts.checkedAt)).catch((error: unknown) => {
      logger.error('Hygiene results not remembered', { error: error instanceof Error ? error.message : String(error) });
    });
  }
  return run;
}
