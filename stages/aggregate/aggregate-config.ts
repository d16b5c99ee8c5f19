import { z } from 'zod';

/** Settings of the aggregate stage. Defaults and their reasons are in configs/default.yaml. */
export const aggregateConfigSchema = z
  .object({
    window_sizes_s: z
      .array(z.number().int().min(1).max(86_400))
      .min(1)
      .max(8)
      .describe('Sizes of the tumbling event-time windows, in seconds; each window is aligned to the epoch.'),
    allowed_lateness_s: z
      .number()
      .int()
      .min(0)
      .max(86_400)
      .describe(
        'How far behind the highest event time seen on a partition a sample may arrive and still count, in' +
          ' seconds. The watermark is that highest event time minus this value.',
      ),
  })
  .strict()
  .refine((config) => new Set(config.window_sizes_s).size === config.window_sizes_s.length, {
    message: 'window sizes must be distinct',
    path: ['window_sizes_s'],
  });

export type AggregateConfig = z.infer<typeof aggregateConfigSchema>;
