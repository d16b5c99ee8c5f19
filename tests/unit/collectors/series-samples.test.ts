import { describe, expect, it } from '@jest/globals';
import { mergeMetricResults } from '../../../stages/collectors/cloudwatch/get-metric-data.js';
import {
  containerInsightsNodeSeries,
  ec2InstanceSeries,
} from '../../../stages/collectors/cloudwatch/metric-series.js';
import { newSamples } from '../../../stages/collectors/cloudwatch/series-samples.js';

const [cpuSeries, networkInSeries] = ec2InstanceSeries('us-east-1', 'i-0abc');
const t = (minute: number): number => Date.parse('2026-12-04T10:00:00Z') + minute * 60_000;

describe('newSamples', () => {
  it('publishes only datapoints past the mark', () => {
    const points = [
      { timestampMs: t(0), value: 10 },
      { timestampMs: t(5), value: 20 },
      { timestampMs: t(10), value: 30 },
    ];

    const result = newSamples(cpuSeries!, points, 300, t(5));

    expect(result.samples.map((sample) => sample.value)).toEqual([30]);
    expect(result.highWaterMarkMs).toBe(t(10));
  });

  it('leaves a missing period missing', () => {
    const points = [
      { timestampMs: t(0), value: 12.5 },
      { timestampMs: t(10), value: 14 },
    ];

    const result = newSamples(cpuSeries!, points, 300, null);

    expect(result.samples.map((sample) => sample.event_time)).toEqual([
      '2026-12-04T10:00:00.000Z',
      '2026-12-04T10:10:00.000Z',
    ]);
    expect(result.samples.some((sample) => sample.value === 0)).toBe(false);
  });

  it('maps fields of a CPU sample', () => {
    const result = newSamples(cpuSeries!, [{ timestampMs: t(0), value: 42.25 }], 300, null);

    expect(result.samples).toEqual([
      {
        resource_id: 'i-0abc',
        resource_type: 'ec2_instance',
        region: 'us-east-1',
        metric: 'cpu_utilization',
        unit: 'percent',
        value: 42.25,
        event_time: '2026-12-04T10:00:00.000Z',
        period_s: 300,
        source: 'cloudwatch',
      },
    ]);
  });

  it('skips an impossible percent but advances', () => {
    const result = newSamples(cpuSeries!, [{ timestampMs: t(0), value: 130 }], 300, null);

    expect(result.samples).toEqual([]);
    expect(result.invalid).toBe(1);
    expect(result.highWaterMarkMs).toBe(t(0));
  });

  it('accepts large byte counts', () => {
    const result = newSamples(networkInSeries!, [{ timestampMs: t(0), value: 5e9 }], 300, null);

    expect(result.samples[0]?.unit).toBe('bytes');
    expect(result.samples[0]?.value).toBe(5e9);
  });
});

describe('mergeMetricResults', () => {
  it('joins pages of one query id in time order', () => {
    const merged = mergeMetricResults([
      { Id: 'q0', Timestamps: [new Date(t(10))], Values: [3] },
      { Id: 'q1', Timestamps: [new Date(t(0))], Values: [7] },
      { Id: 'q0', Timestamps: [new Date(t(0)), new Date(t(5))], Values: [1, 2] },
    ]);

    expect(merged.get('q0')?.map((point) => point.value)).toEqual([1, 2, 3]);
    expect(merged.get('q1')?.map((point) => point.value)).toEqual([7]);
  });
});

describe('containerInsightsNodeSeries', () => {
  it('names a node by cluster and node name', () => {
    const series = containerInsightsNodeSeries('eu-north-1', 'node_cpu_utilization', [
      { Name: 'InstanceId', Value: 'i-1' },
      { Name: 'NodeName', Value: 'ip-10-0-0-1.eu-north-1.compute.internal' },
      { Name: 'ClusterName', Value: 'demo' },
    ]);

    expect(series?.resourceId).toBe('demo/ip-10-0-0-1.eu-north-1.compute.internal');
    expect(series?.resourceType).toBe('eks_node');
    expect(series?.metric).toBe('cpu_utilization');
  });

  it('ignores a cluster-level aggregate', () => {
    expect(
      containerInsightsNodeSeries('eu-north-1', 'node_cpu_utilization', [
        { Name: 'ClusterName', Value: 'demo' },
      ]),
    ).toBeNull();
  });

  it('keys series independently of dimension order', () => {
    const left = containerInsightsNodeSeries('eu-north-1', 'node_memory_utilization', [
      { Name: 'NodeName', Value: 'n' },
      { Name: 'ClusterName', Value: 'c' },
    ]);
    const right = containerInsightsNodeSeries('eu-north-1', 'node_memory_utilization', [
      { Name: 'ClusterName', Value: 'c' },
      { Name: 'NodeName', Value: 'n' },
    ]);

    expect(left?.seriesId).toBe(right?.seriesId);
  });
});
