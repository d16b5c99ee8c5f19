import { z } from 'zod';
import { awsRegion, finiteNumber, isoInstant, metricName, resourceId } from './common.js';

/** An anomalous window (topic `eaawas.anomalies`, key: resource id). */
export const anomalySchema = z
  .object({
    resource_id: resourceId,
    region: awsRegion,
    metric: metricName,
    window_start: isoInstant,
    window_end: isoInstant,
    window_size_s: z.number().int().min(1),
    observed: finiteNumber.describe('Mean of the window.'),
    expected: finiteNumber.describe('Baseline the detector expected for this window.'),
    score: finiteNumber.describe('Robust z-score of the residual; larger is more anomalous.'),
    method: z.string().min(1).describe('Detector name and version, for example seasonal-robust-z/1.'),
    severity: z.enum(['low', 'medium', 'high']),
  })
  .strict()
  .describe('An anomalous window with its score and method.');

export type Anomaly = z.infer<typeof anomalySchema>;
