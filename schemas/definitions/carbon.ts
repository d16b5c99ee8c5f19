import { z } from 'zod';
import { awsRegion, isoInstant, nonNegative } from './common.js';

/**
 * Grid carbon intensity of a region for one UTC hour (topic `eaawas.carbon`, key: region). The
 * intensity is location-based and average, in grams CO2e per kWh.
 */
export const carbonSchema = z
  .object({
    region: awsRegion,
    zone: z.string().min(1).describe('Grid zone the region draws from, for example SE-SE3.'),
    hour: isoInstant.describe('Start of the UTC hour.'),
    intensity_g_per_kwh: nonNegative,
    kind: z.enum(['observed', 'forecast']),
    source: z
      .enum(['replay', 'provider', 'annual_average', 'model'])
      .describe('annual_average marks an hour whose figure was missing and replaced by the annual mean.'),
    fallback: z.boolean().describe('True when the hourly figure was missing and a fallback was used.'),
    model_version: z.string().nullable().describe('Model that produced a forecast; null for observations.'),
    issued_at: isoInstant.nullable().describe('For forecasts, the hour the forecast was made from.'),
  })
  .strict()
  .describe('Grid carbon intensity observed or forecast for a region and hour.');

export type Carbon = z.infer<typeof carbonSchema>;
