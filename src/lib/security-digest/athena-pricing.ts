/** Athena bills $5 per TB scanned, at least 10 MB a query. */
export function scanCostUsd(scannedBytes: number): number {
  return (Math.max(scannedBytes, 10 * 1024 * 1024) / 1e12) * 5;
}
