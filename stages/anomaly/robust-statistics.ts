/** Scale factor that makes the median absolute deviation estimate the standard deviation of normal data. */
export const MAD_TO_SIGMA = 1.4826;

/** Returns the median of the values (the mean of the two middle ones for an even count), or 0 for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) {
    return 0;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Returns the median absolute deviation of the values around `center`. */
export function medianAbsoluteDeviation(values: readonly number[], center: number): number {
  return median(values.map((value) => Math.abs(value - center)));
}

/** Returns `value` limited to the interval [low, high]. */
export function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
