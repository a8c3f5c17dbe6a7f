import type { DisplaySettings } from '../display.js';
import type { CostMetric } from './metrics.js';

/** The cost digest's settings; config.ts loads them from the environment (loadCostSettings). */

/** Settings of the daily cost digest. */
export interface CostSettings extends DisplaySettings {
  metric: CostMetric;
  excludedRecordTypes: string[];
  monthlyBudget?: number;
  topServices: number;
  anomalyStdDevs: number;
  anomalyMinAmount: number;
  /** Where the month-end forecast comes from: Cost Explorer (one more request) or the last seven days' trend. */
  forecastSource: 'costExplorer' | 'trend';
  /** Optional second currency shown beside the bill's, at a fixed rate, labelled approximate. */
  displayCurrency?: { code: string; rate: number };
}
