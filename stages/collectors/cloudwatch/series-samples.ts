import type { Sample } from '../../../schemas/definitions/index.js';
import type { Datapoint } from './get-metric-data.js';
import type { MetricSeries } from './metric-series.js';

/** Samples of one series that lie past its high-water mark, and the mark after them. */
export interface NewSamples {
  samples: Sample[];
  /** Event time of the newest datapoint read past the old mark, in epoch milliseconds; the old mark when none. */
  highWaterMarkMs: number | null;
  /** Datapoints dropped because their value cannot be a sample (not finite, or a percent outside 0 to 100). */
  invalid: number;
}

/**
 * Turns the datapoints of one series into samples, keeping only those later than the series'
 * high-water mark, so overlapping polls publish each datapoint once. A datapoint at or before the
 * mark is a repeat of one already published (or one that arrived too late, after a later period
 * was published) and is skipped. Periods without a datapoint produce no sample: nothing is filled in.
 */
export function newSamples(
  series: MetricSeries,
  points: readonly Datapoint[],
  periodS: number,
  highWaterMarkMs: number | null,
): NewSamples {
  const samples: Sample[] = [];
  let mark = highWaterMarkMs;
  let invalid = 0;
  for (const point of points) {
    if (highWaterMarkMs !== null && point.timestampMs <= highWaterMarkMs) {
      continue;
    }
    mark = mark === null ? point.timestampMs : Math.max(mark, point.timestampMs);
    const validPercent = series.unit !== 'percent' || (point.value >= 0 && point.value <= 100);
    if (!Number.isFinite(point.value) || !validPercent || (series.unit === 'bytes' && point.value < 0)) {
      invalid += 1;
      continue;
    }
    samples.push({
      resource_id: series.resourceId,
      resource_type: series.resourceType,
      region: series.region,
      metric: series.metric,
      unit: series.unit,
      value: point.value,
      event_time: new Date(point.timestampMs).toISOString(),
      period_s: periodS,
      source: series.source,
    });
  }
  return { samples, highWaterMarkMs: mark, invalid };
}
