/** The Cost Explorer metrics the digest can report (GetCostAndUsage names). */
export const COST_METRICS = ['UnblendedCost', 'AmortizedCost', 'NetUnblendedCost'] as const;
export type CostMetric = (typeof COST_METRICS)[number];
