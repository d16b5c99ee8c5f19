import { z } from 'zod';

/** An instant in UTC as ISO 8601 with a `Z` suffix, for example `2026-12-04T10:00:00.000Z`. */
export const isoInstant = z.iso.datetime({ offset: false }).describe('UTC instant, ISO 8601 with Z suffix.');

export const awsRegion = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-north-1')
  .describe('AWS region code.');

export const resourceId = z
  .string()
  .min(1)
  .max(512)
  .describe('Instance id, node group ARN-like id, or node name.');

export const finiteNumber = z.number().finite();
export const nonNegative = z.number().finite().min(0);

export const resourceType = z
  .enum(['ec2_instance', 'eks_nodegroup', 'eks_node'])
  .describe('ec2_instance: one EC2 instance; eks_nodegroup: an EKS managed node group; eks_node: one node.');

/** Metrics EAAWAS reads, each with a fixed unit. */
export const metricName = z
  .enum(['cpu_utilization', 'memory_utilization', 'network_in', 'network_out'])
  .describe(
    'cpu_utilization and memory_utilization are percents from 0 to 100 (CloudWatch CPUUtilization is a percent);' +
      ' network_in and network_out are bytes per period.',
  );

export const metricUnit = z
  .enum(['percent', 'bytes'])
  .describe('Unit of value: percent (0 to 100) or bytes.');

/** The unit each metric is published in. */
export const METRIC_UNITS = {
  cpu_utilization: 'percent',
  memory_utilization: 'percent',
  network_in: 'bytes',
  network_out: 'bytes',
} as const satisfies Record<z.infer<typeof metricName>, z.infer<typeof metricUnit>>;
