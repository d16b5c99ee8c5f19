import { z } from 'zod';
import { awsRegion, isoInstant, nonNegative, resourceId, resourceType } from './common.js';

/**
 * Power, energy, carbon and cost of one resource over one window (topic `eaawas.energy`, key:
 * resource id). Bounds come from the spread of the power curve's source data.
 */
export const energySchema = z
  .object({
    resource_id: resourceId,
    resource_type: resourceType,
    instance_type: z.string().min(1),
    region: awsRegion,
    window_start: isoInstant,
    window_end: isoInstant,
    duration_s: z.number().int().min(1),
    state: z
      .enum(['running', 'stopped', 'terminated'])
      .describe('Stopped and terminated resources draw 0 W.'),
    cpu_utilization_percent: nonNegative.max(100).describe('Mean CPU utilization used, clamped to 0..100.'),
    power_w: nonNegative.describe('Average IT power in watts, before PUE.'),
    power_w_lower: nonNegative,
    power_w_upper: nonNegative,
    energy_wh: nonNegative.describe('IT energy times PUE, in watt-hours.'),
    energy_wh_lower: nonNegative,
    energy_wh_upper: nonNegative,
    pue: z.number().finite().min(1),
    pue_source: z.enum(['region', 'provider_average']),
    grid_intensity_g_per_kwh: nonNegative,
    intensity_kind: z.literal('location_based_average'),
    intensity_source: z
      .enum(['hourly', 'annual_average'])
      .describe('hourly: the grid series for that hour; annual_average: the hour was missing.'),
    operational_gco2e: nonNegative,
    embodied_gco2e: nonNegative,
    cost_usd: nonNegative,
    estimate_quality: z
      .enum(['measured', 'family', 'architecture', 'default'])
      .describe('Which power curve was used: the type itself, its family, its architecture, or the default.'),
  })
  .strict()
  .describe('Power, energy, carbon and cost of one resource over one window.');

export type Energy = z.infer<typeof energySchema>;
