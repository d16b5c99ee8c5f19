import { z } from 'zod';

/** Settings of the CloudWatch publisher stage (`cloudwatch_publisher:` in the config). */
export const cloudWatchPublisherConfigSchema = z
  .object({
    enabled: z.boolean().describe('Whether `eaawas run` starts the CloudWatch publisher.'),
    namespace: z
      .string()
      .regex(/^[^:][^:]{0,254}$/, 'must be 1 to 255 characters without a colon, for example EAAWAS/Metrics')
      .refine((namespace) => !namespace.startsWith('AWS/'), 'must not start with AWS/, which AWS reserves')
      .describe('CloudWatch namespace of the custom metrics.'),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-north-1')
      .describe('Region the metrics are put to.'),
    dimensions: z
      .record(z.string().min(1).max(255), z.string().min(1).max(1024))
      .refine(
        (dimensions) => Object.keys(dimensions).length <= 28,
        'at most 28 extra dimensions; CloudWatch allows 30 and 2 are used',
      )
      .describe('Extra dimensions on every data point, for example { Environment: prod }.'),
    max_age_s: z
      .number()
      .int()
      .min(60)
      .max(14 * 86_400)
      .describe(
        'Windows older than this are not put, in seconds; CloudWatch rejects data points older than two weeks.',
      ),
  })
  .strict();

export type CloudWatchPublisherConfig = z.infer<typeof cloudWatchPublisherConfigSchema>;
