import { describe, expect, it } from '@jest/globals';
import {
  alignedWindow,
  buildQueryBatches,
  MAX_QUERIES_PER_REQUEST,
} from '../../../stages/collectors/cloudwatch/metric-queries.js';
import { ec2InstanceSeries } from '../../../stages/collectors/cloudwatch/metric-series.js';

const QUERY_ID = /^[a-z][a-zA-Z0-9_]*$/;

function instanceSeries(count: number) {
  return Array.from({ length: count }, (_, index) =>
    ec2InstanceSeries('us-east-1', `i-${index.toString(16).padStart(17, '0')}`),
  ).flat();
}

describe('buildQueryBatches', () => {
  it('caps batches at 500 queries', () => {
    const series = instanceSeries(400);

    const batches = buildQueryBatches(series, 300, 10_000);

    expect(batches.map((batch) => batch.queries.length)).toEqual([500, 500, 200]);
    expect(MAX_QUERIES_PER_REQUEST).toBe(500);
  });

  it('uses valid and unique query ids', () => {
    const batches = buildQueryBatches(instanceSeries(5), 60, 4);

    for (const batch of batches) {
      const ids = batch.queries.map((query) => query.Id ?? '');
      expect(ids.every((id) => QUERY_ID.test(id))).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...batch.seriesById.keys()]).toEqual(ids);
    }
  });

  it('keeps every series exactly once', () => {
    const series = instanceSeries(7);

    const batches = buildQueryBatches(series, 60, 4);

    const covered = batches.flatMap((batch) => [...batch.seriesById.values()].map((entry) => entry.seriesId));
    expect(covered).toEqual(series.map((entry) => entry.seriesId));
  });

  it('sets period and statistic per metric', () => {
    const [batch] = buildQueryBatches(ec2InstanceSeries('eu-north-1', 'i-1'), 300, 500);

    const stats = batch?.queries.map((query) => [
      query.MetricStat?.Metric?.MetricName,
      query.MetricStat?.Stat,
      query.MetricStat?.Period,
    ]);
    expect(stats).toEqual([
      ['CPUUtilization', 'Average', 300],
      ['NetworkIn', 'Sum', 300],
      ['NetworkOut', 'Sum', 300],
    ]);
  });
});

describe('alignedWindow', () => {
  it('aligns both ends to the period', () => {
    const now = Date.parse('2026-12-04T10:07:31.250Z');

    const window = alignedWindow(now, 300, 1800);

    expect(new Date(window.endMs).toISOString()).toBe('2026-12-04T10:05:00.000Z');
    expect(new Date(window.startMs).toISOString()).toBe('2026-12-04T09:35:00.000Z');
  });

  it('rounds the lookback up to whole periods', () => {
    const now = Date.parse('2026-12-04T10:00:00.000Z');

    const window = alignedWindow(now, 300, 301);

    expect(window.endMs - window.startMs).toBe(600_000);
  });
});
