import { z } from 'zod';

/** Settings of the allocator stage (`allocator:` in the config file). Defaults are in configs/default.yaml. */
export const allocatorConfigSchema = z
  .object({
    carbon_aware: z
      .boolean()
      .describe('Score by carbon as well as cost; false gives the same policy without carbon (a baseline).'),
    carbon_weight_per_gco2e: z.number().finite().min(0).describe('Score points per gram CO2e added.'),
    energy_weight_per_kwh: z
      .number()
      .finite()
      .min(0)
      .describe(
        'Score points per kWh added (PUE included); with carbon_aware false this and cost are the whole score.',
      ),
    cost_weight_per_usd: z.number().finite().min(0).describe('Score points per US dollar added.'),
    max_utilization_percent: z
      .number()
      .gt(0)
      .max(100)
      .describe(
        'Highest forecast CPU utilization (upper bound plus the request) an existing instance may reach.',
      ),
    catalog_instance_types: z
      .array(z.string().min(1))
      .min(1)
      .describe('Instance types the allocator may launch; types without power or price data are skipped.'),
    schedule_horizon_hours: z
      .number()
      .int()
      .min(1)
      .max(168)
      .describe('How many hours ahead of not_before a deferrable request may be shifted.'),
    min_deferral_gain_percent: z
      .number()
      .min(0)
      .max(100)
      .describe('A later start is taken only if its score is at least this percent below starting at once.'),
    deferred_vcpus_per_region_hour: z
      .number()
      .gt(0)
      .describe(
        'Most vCPUs of deferred work that may run in one region in one hour, so deferrals spread out.',
      ),
    forecast_max_age_s: z
      .number()
      .int()
      .min(1)
      .describe('A utilization forecast issued longer ago than this, in seconds, is ignored.'),
    state_catch_up_timeout_ms: z
      .number()
      .int()
      .min(0)
      .describe(
        'How long an assignment waits for the fleet state to catch up before deciding, in milliseconds.',
      ),
    max_alternatives: z.number().int().min(0).max(100).describe('Alternatives listed in a decision.'),
  })
  .strict();

export type AllocatorConfig = z.infer<typeof allocatorConfigSchema>;
