/** Summary statistics of the values of one window. */
export interface WindowSummary {
  count: number;
  mean: number;
  min: number;
  max: number;
  p95: number;
}

/**
 * Returns the value at percentile `percent` by the nearest-rank method: the smallest value such
 * that at least `percent`% of the values are at or below it, that is sorted[ceil(p/100 * n) - 1].
 * @param sorted values in ascending order, at least one.
 */
export function nearestRank(sorted: readonly number[], percent: number): number {
  if (sorted.length === 0) {
    throw new Error('nearestRank needs at least one value');
  }
  const rank = Math.max(1, Math.ceil((percent / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/**
 * Summarizes the values of a window. The values are sorted first and summed in ascending order,
 * so the floating-point mean does not depend on the order the samples arrived in.
 */
export function summarize(values: readonly number[]): WindowSummary {
  if (values.length === 0) {
    throw new Error('summarize needs at least one value; an empty window is never emitted');
  }
  const sorted = [...values].sort((a, b) => a - b);
  let sum = 0;
  for (const value of sorted) {
    sum += value;
  }
  return {
    count: sorted.length,
    mean: sum / sorted.length,
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    p95: nearestRank(sorted, 95),
  };
}
