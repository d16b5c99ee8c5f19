import type { MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { MetricSeries } from './metric-series.js';

/** CloudWatch's limit of queries in one GetMetricData request. */
export const MAX_QUERIES_PER_REQUEST = 500;

/** One GetMetricData request's queries and the series each query id stands for. */
export interface QueryBatch {
  queries: MetricDataQuery[];
  seriesById: Map<string, MetricSeries>;
}

/**
 * Splits series into request batches of at most `batchSize` queries (capped at 500). Query ids are
 * `q0`, `q1`, ... within each request: they start with a lowercase letter, use only letters and
 * digits (CloudWatch requires ^[a-z][a-zA-Z0-9_]*$) and are unique in the request.
 */
export function buildQueryBatches(
  series: readonly MetricSeries[],
  periodS: number,
  batchSize: number,
): QueryBatch[] {
  const size = Math.max(1, Math.min(batchSize, MAX_QUERIES_PER_REQUEST));
  const batches: QueryBatch[] = [];
  for (let start = 0; start < series.length; start += size) {
    const seriesById = new Map<string, MetricSeries>();
    const queries = series.slice(start, start + size).map((entry, index): MetricDataQuery => {
      const id = `q${index}`;
      seriesById.set(id, entry);
      return {
        Id: id,
        MetricStat: {
          Metric: { Namespace: entry.namespace, MetricName: entry.metricName, Dimensions: entry.dimensions },
          Period: periodS,
          Stat: entry.stat,
        },
        ReturnData: true,
      };
    });
    batches.push({ queries, seriesById });
  }
  return batches;
}

/**
 * The half-open interval [startMs, endMs) a poll reads. Both ends sit on period boundaries (multiples
 * of the period since the epoch), so every datapoint covers one whole period, and the period still
 * in progress is left for a later poll. The interval spans `lookbackS` rounded up to whole periods.
 */
export function alignedWindow(
  nowMs: number,
  periodS: number,
  lookbackS: number,
): { startMs: number; endMs: number } {
  const periodMs = periodS * 1000;
  const endMs = Math.floor(nowMs / periodMs) * periodMs;
  const periods = Math.max(1, Math.ceil(lookbackS / periodS));
  return { startMs: endMs - periods * periodMs, endMs };
}
