import { z } from 'zod';

/** Settings of the anomaly stage and its detector. Defaults and their reasons are in configs/default.yaml. */
export const anomalyConfigSchema = z
  .object({
    window_sizes_s: z
      .array(z.number().int().min(1))
      .min(1)
      .describe(
        'Aggregate window sizes the detector scores, in seconds; windows of other sizes are ignored.',
      ),
    season_s: z
      .number()
      .int()
      .min(60)
      .describe('Length of the seasonal cycle, in seconds (86400 for daily).'),
    slot_s: z
      .number()
      .int()
      .min(60)
      .describe('Width of one time-of-day slot of the seasonal baseline, in seconds; must divide season_s.'),
    level_alpha: z.number().gt(0).lt(1).describe('EWMA weight of a new value in the level of the baseline.'),
    seasonal_alpha: z.number().gt(0).lt(1).describe('EWMA weight of a new value in its time-of-day slot.'),
    residual_history: z
      .number()
      .int()
      .min(10)
      .max(10_000)
      .describe('Residuals kept for the median and MAD estimate of the residual scale, in windows.'),
    warmup_windows: z
      .number()
      .int()
      .min(1)
      .describe('Windows a series must have before the detector may report an anomaly.'),
    cooldown_windows: z
      .number()
      .int()
      .min(0)
      .describe(
        'Windows after an anomaly during which the same series reports no further one; it is still scored.',
      ),
    threshold: z
      .number()
      .gt(0)
      .describe('Robust z-score at or above which a window is anomalous (low severity).'),
    clip: z
      .number()
      .gt(0)
      .describe(
        'Robust z-score at which a residual is clipped before it updates the baseline (a Huber-type update), so an' +
          ' outlier moves the baseline no more than an ordinary value at this score.',
      ),
    min_scale_fraction: z
      .number()
      .min(0)
      .describe(
        'Floor of the residual scale as a fraction of the expected value, so a flat series needs a real change.',
      ),
    min_scale_absolute: z
      .object({
        percent: z.number().gt(0).describe('Floor for percent metrics, in percentage points.'),
        bytes: z.number().gt(0).describe('Floor for byte metrics, in bytes per window.'),
      })
      .strict()
      .describe('Floor of the residual scale in the unit of the metric, for series that sit near zero.'),
  })
  .strict()
  .refine((config) => config.season_s % config.slot_s === 0, {
    message: 'slot_s must divide season_s',
    path: ['slot_s'],
  });

export type AnomalyConfig = z.infer<typeof anomalyConfigSchema>;
