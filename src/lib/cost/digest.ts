import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { logger } from '../logger.js';
import type { Channel } from '../notify/channel.js';
import { deliverNotification } from '../notify/deliver.js';
import { costAndUsageRequest, fetchDailyCosts, fetchForecast, planCostQueries } from './cost-explorer.js';
import { buildCostDigestNotification } from './message.js';
import { buildCostReport } from './report.js';
import type { CostSettings } from './settings.js';

export interface CostDigestRun {
  reportDay: string;
  requests: number;
  severity: string;
  monthToDate: number;
}

/** One digest: plan the dates, ask Cost Explorer (≤ 2 requests in the usual case), build, deliver. */
export async function runCostDigest(
  today: string,
  ce: CostExplorerClient,
  settings: CostSettings,
  channels: Channel[],
): Promise<CostDigestRun> {
  const plan = planCostQueries(today, settings.forecastSource);
  const [usage, forecast] = await Promise.all([
    fetchDailyCosts(ce, costAndUsageRequest(plan, settings), settings.metric),
    fetchForecast(ce, plan, settings),
  ]);
  const requests = usage.requests + forecast.requests;
  const report = buildCostReport(usage.days, forecast.forecast, plan, settings);
  logger.info('Cost digest built', {
    reportDay: plan.reportDay,
    requests,
    severity: report.severity,
    anomalies: report.anomalies.map((anomaly) => anomaly.kind),
  });
  await deliverNotification(buildCostDigestNotification(report, settings, requests), channels);
  return { reportDay: plan.reportDay, requests, severity: report.severity, monthToDate: report.monthToDate };
}
