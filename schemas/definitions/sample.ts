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

/** One metric reading of one resource at an event time (topic `eaawas.samples`, key: resource id). */
export const sampleSchema = z
  .object({
    resource_id: resourceId,
    resource_type: resourceType,
    region: awsRegion,
    metric: metricName,
    unit: metricUnit,
    value: finiteNumber.describe('The reading; percent metrics range from 0 to 100.'),
    event_time: isoInstant.describe('Start of the period the reading covers, UTC.'),
    period_s: z.number().int().min(1).describe('Length of the period the reading covers, in seconds.'),
    source: z
      .enum(['cloudwatch', 'container_insights', 'kinesis', 'replay'])
      .describe('Where the reading came from.'),
  })
  .strict()
  .refine((sample) => sample.unit !== 'percent' || (sample.value >= 0 && sample.value <= 100), {
    message: 'a percent value must be between 0 and 100',
    path: ['value'],
  })
  .describe('One metric reading of one resource at an event time.');

export type Sample = z.infer<typeof sampleSchema>;
