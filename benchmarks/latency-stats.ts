/** Latency figures of one run, in milliseconds. */
export interface LatencySummary {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Returns the value at quantile `q` (0 to 1) of sorted values by nearest rank, or NaN when there are none. */
export function nearestRank(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1]!;
}

export function summarizeLatencies(latenciesMs: readonly number[]): LatencySummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50Ms: nearestRank(sorted, 0.5),
    p99Ms: nearestRank(sorted, 0.99),
    maxMs: sorted.at(-1) ?? Number.NaN,
  };
}

/**
 * Calls `send(index)` `count` times at a steady `ratePerSecond`, each at its scheduled moment
 * without waiting for earlier sends, so a slow send shows up as latency instead of slowing the
 * rate. Resolves when every send has settled.
 * @throws the first send failure
 */
export async function sendAtSteadyRate(
  count: number,
  ratePerSecond: number,
  send: (index: number) => Promise<void>,
): Promise<void> {
  const intervalMs = 1000 / ratePerSecond;
  const started = performance.now();
  const pending: Array<Promise<void>> = [];
  for (let index = 0; index < count; index += 1) {
    const waitMs = started + index * intervalMs - performance.now();
    if (waitMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
    pending.push(send(index));
  }
  await Promise.all(pending);
}
