import { z } from 'zod';

const awsRegion = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-north-1');

/** Settings of the provider-API carbon source (`carbon_provider:` in the config). */
export const carbonProviderConfigSchema = z
  .object({
    enabled: z
      .boolean()
      .describe('Whether `eaawas run` polls the provider and publishes to the carbon topic.'),
    kind: z.enum(['electricity_maps']).describe('API dialect of the provider.'),
    base_url: z
      .string()
      .url()
      .nullable()
      .describe('Base URL of the provider API, without the version path; required when enabled.'),
    api_key: z.string().min(1).nullable().describe('API key sent with every request; null sends none.'),
    emission_factor_type: z
      .enum(['direct', 'lifecycle'])
      .describe(
        'direct matches the bundled series (operational emissions); lifecycle adds upstream emissions.',
      ),
    regions: z.array(awsRegion).describe('Regions to poll; empty polls aws.regions.'),
    zones: z
      .record(awsRegion, z.string().min(1))
      .describe('Grid zone per region where it differs from data/carbon/aws_region_grid_zones.csv.'),
    poll_interval_s: z
      .number()
      .int()
      .min(10)
      .max(86_400)
      .describe('Time between two polls of every region, in seconds.'),
    cache_ttl_s: z
      .number()
      .int()
      .min(0)
      .max(86_400)
      .describe('How long the reading of one zone is reused, in seconds.'),
    min_request_interval_ms: z
      .number()
      .int()
      .min(0)
      .max(60_000)
      .describe('Minimum time between two provider requests, in milliseconds.'),
    request_timeout_ms: z
      .number()
      .int()
      .min(100)
      .max(120_000)
      .describe('Timeout of one provider request, in milliseconds.'),
  })
  .strict()
  .refine((provider) => !provider.enabled || provider.base_url !== null, {
    message: 'base_url must be set when the provider is enabled',
    path: ['base_url'],
  });

export type CarbonProviderConfig = z.infer<typeof carbonProviderConfigSchema>;
