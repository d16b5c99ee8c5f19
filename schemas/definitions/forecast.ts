import { z } from 'zod';
import { finiteNumber, isoInstant, metricName, resourceId } from './common.js';

/** A forecast of one resource's metric for one horizon (topic `eaawas.forecasts`, key: resource id). */
export const forecastSchema = z
  .object({
    resource_id: resourceId,
    metric: metricName,
    issued_at: isoInstant.describe('Event time of the newest window the forecast used.'),
    horizon_s: z.number().int().min(1),
    target_time: isoInstant.describe('End of the horizon.'),
    mean: finiteNumber.describe('Forecast mean over the horizon, in the metric unit.'),
    lower: finiteNumber,
    upper: finiteNumber,
    interval: z.number().gt(0).lt(1).describe('Coverage of [lower, upper], for example 0.8.'),
    model_name: z.string().min(1),
    model_version: z.string().min(1),
  })
  .strict()
  .refine((forecast) => forecast.lower <= forecast.mean && forecast.mean <= forecast.upper, {
    message: 'lower <= mean <= upper must hold',
    path: ['mean'],
  })
  .describe('A forecast for a horizon, with interval and model version.');

export type Forecast = z.infer<typeof forecastSchema>;
