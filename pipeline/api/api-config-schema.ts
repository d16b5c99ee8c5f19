import { z } from 'zod';

/**
 * The `api` config section: listen address, how long POST /workload/allocate waits for the
 * decision, authentication, rate limiting, body limit, CORS and the size of the materialized state.
 * Defaults and their reasons live in configs/default.yaml.
 */

const sha256Hex = z
  .string()
  .regex(
    /^[0-9a-f]{64}$/,
    'must be a lowercase hex SHA-256 digest (64 characters); print one with `eaawas api hash-key`',
  )
  .describe('SHA-256 of an accepted API key, as lowercase hex.');

export const apiRateLimitSchema = z
  .object({
    requests_per_second: z
      .number()
      .positive()
      .describe(
        'Tokens added per second to each client bucket (one bucket per API key, or per IP without keys).',
      ),
    burst: z.number().int().min(1).describe('Bucket capacity: the most requests a client may send at once.'),
    max_clients: z
      .number()
      .int()
      .min(1)
      .describe('Most buckets kept at once; the least recently used bucket is dropped past this.'),
  })
  .strict();

export const apiStateSchema = z
  .object({
    recent_windows_per_resource: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .describe('Energy windows kept per resource for trends and the heatmap.'),
    recent_anomalies: z.number().int().min(1).max(100_000).describe('Anomalies kept, newest first.'),
    recent_decisions: z.number().int().min(1).max(100_000).describe('Decisions listed on the dashboard.'),
    forecasts_per_resource: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .describe('Forecasts kept per resource and metric.'),
    carbon_hours_per_region: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .describe('Carbon intensity hours kept per region.'),
  })
  .strict();

export const apiSchema = z
  .object({
    host: z.string().min(1).describe('Listen address of the HTTP API.'),
    port: z.number().int().min(0).max(65535).describe('Listen port of the HTTP API; 0 picks a free port.'),
    allocate_wait_ms: z
      .number()
      .int()
      .min(0)
      .max(120_000)
      .describe(
        'How long POST /workload/allocate waits for the decision before answering 202, in milliseconds.',
      ),
    max_body_bytes: z
      .number()
      .int()
      .min(256)
      .max(10_000_000)
      .describe('Largest accepted request body, in bytes.'),
    api_key_sha256: z
      .array(sha256Hex)
      .describe(
        'Hashes of accepted API keys; empty turns authentication off. /health, /ready and /metrics stay open.',
      ),
    rate_limit: apiRateLimitSchema,
    cors_origins: z
      .array(z.string().min(1))
      .describe(
        'Origins allowed by CORS, for example https://ops.example.com; ["*"] allows any; empty sends no CORS headers.',
      ),
    fleet_power_alert_w: z
      .number()
      .positive()
      .describe(
        'Fleet power in watts above which the Prometheus rule EaawasFleetPowerHigh fires; exported as a gauge.',
      ),
    state: apiStateSchema,
  })
  .strict();

export type ApiConfig = z.infer<typeof apiSchema>;
