/** Outcome of adding one step to a series. */
export type AppendOutcome = 'appended' | 'restarted' | 'duplicate';

export interface SeriesHistoryOptions {
  /** Length of one step in milliseconds (a 5-minute window, an hour of carbon intensity). */
  stepMs: number;
  /** Values kept per series: the history a model needs. */
  capacity: number;
  /** Most series kept; the least recently updated one is dropped past it, bounding memory. */
  maxSeries: number;
}

export interface SeriesHistory {
  /**
   * Adds the value of the step starting at `startMs`. A step at or before the newest one is a
   * duplicate (redelivery) and is ignored; a step after a gap restarts the series, because the
   * features assume consecutive steps and a gap must not be filled with invented values.
   */
  append(key: string, startMs: number, value: number): AppendOutcome;
  /** The newest `capacity` values, oldest first, or null while the series is shorter. */
  window(key: string): number[] | null;
  size(): number;
}

interface Series {
  nextStartMs: number;
  values: number[];
}

/** Creates the per-key history of consecutive steps that feature rows are computed from. */
export function createSeriesHistory(options: SeriesHistoryOptions): SeriesHistory {
  const series = new Map<string, Series>();

  function touch(key: string, entry: Series): void {
    // Map keeps insertion order, so re-inserting makes the first key the least recently updated.
    series.delete(key);
    series.set(key, entry);
    if (series.size > options.maxSeries) {
      const oldest = series.keys().next().value;
      if (oldest !== undefined) {
        series.delete(oldest);
      }
    }
  }

  return {
    append(key, startMs, value) {
      const entry = series.get(key);
      if (entry !== undefined && startMs < entry.nextStartMs) {
        return 'duplicate';
      }
      if (entry === undefined || startMs !== entry.nextStartMs) {
        touch(key, { nextStartMs: startMs + options.stepMs, values: [value] });
        return entry === undefined ? 'appended' : 'restarted';
      }
      entry.values.push(value);
      if (entry.values.length > options.capacity) {
        entry.values.shift();
      }
      entry.nextStartMs = startMs + options.stepMs;
      touch(key, entry);
      return 'appended';
    },
    window(key) {
      const entry = series.get(key);
      return entry !== undefined && entry.values.length >= options.capacity ? [...entry.values] : null;
    },
    size: () => series.size,
  };
}
