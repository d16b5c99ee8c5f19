import type { Dimension } from '@aws-sdk/client-cloudwatch';
import type { Sample } from '../../../schemas/definitions/index.js';

/** One CloudWatch metric series the collector reads and the sample fields its datapoints become. */
export interface MetricSeries {
  /** Stable key of the series: region, namespace, metric, statistic and sorted dimensions. */
  seriesId: string;
  region: string;
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
  stat: 'Average' | 'Sum';
  resourceId: string;
  resourceType: Sample['resource_type'];
  metric: Sample['metric'];
  unit: Sample['unit'];
  source: Sample['source'];
}

/** Builds the stable series key; dimensions are sorted so their order in a listing does not matter. */
export function seriesKey(
  region: string,
  namespace: string,
  metricName: string,
  stat: string,
  dimensions: Dimension[],
): string {
  const dimensionText = [...dimensions]
    .map((dimension) => `${dimension.Name ?? ''}=${dimension.Value ?? ''}`)
    .sort()
    .join(',');
  return `${region}|${namespace}|${metricName}|${stat}|${dimensionText}`;
}

/**
 * The AWS/EC2 metrics read per instance. CPUUtilization is the period's average percent (0 to 100);
 * NetworkIn and NetworkOut are summed, so a datapoint is the bytes moved in its period.
 */
const EC2_METRICS = [
  { metricName: 'CPUUtilization', stat: 'Average', metric: 'cpu_utilization', unit: 'percent' },
  { metricName: 'NetworkIn', stat: 'Sum', metric: 'network_in', unit: 'bytes' },
  { metricName: 'NetworkOut', stat: 'Sum', metric: 'network_out', unit: 'bytes' },
] as const;

/** Lists the metric series of one EC2 instance. */
export function ec2InstanceSeries(region: string, instanceId: string): MetricSeries[] {
  return EC2_METRICS.map(({ metricName, stat, metric, unit }) => {
    const dimensions = [{ Name: 'InstanceId', Value: instanceId }];
    return {
      seriesId: seriesKey(region, 'AWS/EC2', metricName, stat, dimensions),
      region,
      namespace: 'AWS/EC2',
      metricName,
      dimensions,
      stat,
      resourceId: instanceId,
      resourceType: 'ec2_instance',
      metric,
      unit,
      source: 'cloudwatch',
    };
  });
}

/** Container Insights node metrics, both percents, and the sample metric each becomes. */
export const CONTAINER_INSIGHTS_NODE_METRICS = {
  node_cpu_utilization: 'cpu_utilization',
  node_memory_utilization: 'memory_utilization',
} as const;

export const CONTAINER_INSIGHTS_NAMESPACE = 'ContainerInsights';

/**
 * Builds the series of one Container Insights node metric found by ListMetrics. Returns null when
 * its dimensions do not name one node, because cluster-level aggregates carry only ClusterName.
 * The resource id is `<cluster>/<node name>`.
 */
export function containerInsightsNodeSeries(
  region: string,
  metricName: keyof typeof CONTAINER_INSIGHTS_NODE_METRICS,
  dimensions: Dimension[],
): MetricSeries | null {
  const cluster = dimensions.find((dimension) => dimension.Name === 'ClusterName')?.Value;
  const node = dimensions.find((dimension) => dimension.Name === 'NodeName')?.Value;
  if (cluster === undefined || node === undefined) {
    return null;
  }
  return {
    seriesId: seriesKey(region, CONTAINER_INSIGHTS_NAMESPACE, metricName, 'Average', dimensions),
    region,
    namespace: CONTAINER_INSIGHTS_NAMESPACE,
    metricName,
    dimensions,
    stat: 'Average',
    resourceId: `${cluster}/${node}`,
    resourceType: 'eks_node',
    metric: CONTAINER_INSIGHTS_NODE_METRICS[metricName],
    unit: 'percent',
    source: 'container_insights',
  };
}
