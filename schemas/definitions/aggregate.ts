import { z } from 'zod';
import {
  awsRegion,
  finiteNumber,
  isoInstant,
  metricName,
  metricUnit,
  resourceId,
  resourceType,
} from './common.js';

/**
 * One closed event-time window of one resource and metric (topic `eaawas.aggregates`, key:
 * resource id). Windows are half-open, [window_start, window_end), and aligned to the epoch.
 */
export const aggregateSchema = z
  .object({
    resource_id: resourceId,
    resource_type: resourceType,
    region: awsRegion,
    metric: metricName,
    unit: metricUnit,
    window_start: isoInstant,
    window_end: isoInstant,
    window_size_s: z.number().int().min(1),
    count: z.number().int().min(1),
    mean: finiteNumber,
    min: finiteNumber,
    max: finiteNumber,
    p95: finiteNumber.describe('95th percentile by nearest rank over the samples of the window.'),
    first_sample_at: isoInstant,
    last_sample_at: isoInstant,
  })
  .strict()
  .describe('One closed event-time window of one resource and metric.');

export type Aggregate = z.infer<typeof aggregateSchema>;
