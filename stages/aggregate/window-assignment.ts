/**
 * Event-time tumbling windows. A window of size S covers the half-open interval [k*S, (k+1)*S)
 * in epoch milliseconds for an integer k, so windows of every process line up and a sample at
 * an exact boundary instant opens the next window rather than closing the previous one.
 */

export interface WindowBounds {
  startMs: number;
  endMs: number;
  sizeS: number;
}

/** Returns the window of size `sizeS` seconds that contains `eventTimeMs`. */
export function assignWindow(eventTimeMs: number, sizeS: number): WindowBounds {
  const sizeMs = sizeS * 1000;
  const startMs = Math.floor(eventTimeMs / sizeMs) * sizeMs;
  return { startMs, endMs: startMs + sizeMs, sizeS };
}

/**
 * Returns the earliest end among the windows of every size that contain `eventTimeMs`. A sample is
 * accepted only while this end is after the watermark, so it lands in every configured size or in
 * none, and the windows of different sizes always count the same samples.
 */
export function earliestWindowEnd(eventTimeMs: number, sizesS: readonly number[]): number {
  let earliest = Number.POSITIVE_INFINITY;
  for (const sizeS of sizesS) {
    earliest = Math.min(earliest, assignWindow(eventTimeMs, sizeS).endMs);
  }
  return earliest;
}

/** Watermark of a partition: the highest event time seen minus the allowed lateness, or null before any sample. */
export function watermarkOf(maxEventTimeMs: number | null, allowedLatenessS: number): number | null {
  return maxEventTimeMs === null ? null : maxEventTimeMs - allowedLatenessS * 1000;
}
