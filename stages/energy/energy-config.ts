import { z } from 'zod';

const awsRegion = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-north-1');
const pueValue = z.number().finite().min(1).max(3);

/** Settings of the energy stage and its materialized state (`energy:` in the config). */
export const energyConfigSchema = z
  .object({
    data_dir: z.string().min(1).describe('Folder with the power/, pricing/, carbon/ and derived/ tables.'),
    window_size_s: z
      .number()
      .int()
      .min(1)
      .describe(
        'Size of the aggregate windows the stage prices, in seconds. Other sizes are skipped so each interval counts once.',
      ),
    pue: z
      .object({
        provider_average: pueValue.describe(
          'PUE used for regions without a published figure (dimensionless).',
        ),
        regions: z
          .record(awsRegion, pueValue)
          .describe('Published PUE per region; these regions are labeled `region`.'),
      })
      .strict(),
    inventory_recheck_interval_ms: z
      .number()
      .int()
      .min(0)
      .max(3_600_000)
      .describe(
        'Minimum time between two rereads of the inventory topic for windows of unknown resources, in milliseconds.',
      ),
    carbon_history_hours: z
      .number()
      .int()
      .min(1)
      .max(24 * 366)
      .describe('Hours of observed carbon intensity kept per region, for windows that arrive late.'),
    state: z
      .object({
        history_windows: z
          .number()
          .int()
          .min(1)
          .max(100_000)
          .describe('Recent energy records kept per instance.'),
      })
      .strict(),
  })
  .strict();

export type EnergyConfig = z.infer<typeof energyConfigSchema>;
