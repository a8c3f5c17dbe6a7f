import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { logger } from '../logger.js';
import type { Channel } from '../notify/channel.js';
import { deliverNotification } from '../notify/deliver.js';
import { summarizeAccountPlan } from './account-plan.js';
import { costAndUsageRequest, fetchDailyCosts, fetchForecast, planCostQueries } from './cost-explorer.js';
import { type FreeTierApi, readFreeTierFacts } from './free-tier.js';
import { buildCostDigestNotification } from './message.js';
import { buildCostReport } from './report.js';
import type { CostSettings } from './settings.js';

export interface CostDigestRun {
  reportDay: string;
  requests: number;
  severity: string;
  monthToDate: number;
}

/**
 * One digest: plan the dates, ask Cost Explorer (≤ 2 requests in the usual case) and, beside it, the free Free
 * Tier API for a new account's plan, build, deliver.
 */
export async function runCostDigest(
  today: string,
  ce: CostExplorerClient,
  settings: CostSettings,
  channels: Channel[],
  freeTier?: FreeTierApi,
): Promise<CostDigestRun> {
  const plan = planCostQueries(today, settings.forecastSource);
  const [usage, forecast, freeTierFacts] = await Promise.all([
    fetchDailyCosts(ce, costAndUsageRequest(plan, settings), settings.metric),
    fetchForecast(ce, plan, settings),
    freeTier ? readFreeTierFacts(freeTier) : undefined,
  ]);
  const requests = usage.requests + forecast.requests;
  const report = buildCostReport(usage.days, forecast.forecast, plan, settings);
  const account = freeTierFacts ? summarizeAccountPlan(freeTierFacts, report) : undefined;
  logger.info('Cost digest built', {
    reportDay: plan.reportDay,
    requests,
    severity: report.severity,
    anomalies: report.anomalies.map((anomaly) => anomaly.kind),
    accountPlan: account?.plan ? `${account.plan.type} ${account.plan.status}` : 'none',
  });
  await deliverNotification(buildCostDigestNotification(report, settings, requests, account), channels);
  return { reportDay: plan.reportDay, requests, severity: report.severity, monthToDate: report.monthToDate };
}
