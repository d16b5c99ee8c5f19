import { z } from 'zod';
import { sourcesSchema } from '../../stages/collectors/sources-config.js';
import { aggregateConfigSchema } from '../../stages/aggregate/aggregate-config.js';
import { anomalyConfigSchema } from '../../stages/anomaly/anomaly-config.js';
import { allocatorConfigSchema } from '../../stages/allocator/allocator-config.js';
import { executorConfigSchema } from '../../stages/executor/executor-config.js';
import { predictorConfigSchema } from '../../stages/predictor/predictor-config.js';
import { energyConfigSchema } from '../../stages/energy/energy-config.js';
import { archiveConfigSchema } from '../../stages/archive/archive-config.js';
import { cloudWatchPublisherConfigSchema } from '../../stages/cloudwatch-publisher/cloudwatch-publisher-config.js';
import { carbonProviderConfigSchema } from '../../stages/carbon/carbon-provider-config.js';
import { apiSchema } from '../api/api-config-schema.js';

/**
 * The configuration schema. Defaults live in configs/default.yaml, not here, so the file a user
 * copies is the single place that states every default with its unit and reason. Every field has
 * a description; `npm run config:reference` renders them into docs/configuration.md.
 */

const brokerAddress = z
  .string()
  .regex(/^[^\s:]+:\d{1,5}$/, 'must be host:port, for example 127.0.0.1:9092')
  .describe('A Kafka bootstrap address as host:port.');

export const transportSchema = z
  .object({
    kind: z
      .enum(['embedded', 'kafka'])
      .describe('embedded: in-process log on one machine; kafka: Apache Kafka.'),
    topic_prefix: z
      .string()
      .regex(/^[A-Za-z0-9._-]*$/, 'may contain only letters, digits, dots, underscores and dashes')
      .describe('Prefix of every topic name; replaces `eaawas.`.'),
    partitions: z
      .number()
      .int()
      .min(1)
      .max(1024)
      .describe('Partitions of each topic that `topics create` makes.'),
    replication_factor: z.number().int().min(1).max(16).describe('Replication factor of created topics.'),
  })
  .strict();

export const kafkaSchema = z
  .object({
    brokers: z
      .array(brokerAddress)
      .min(1)
      .describe('Bootstrap brokers; KAFKA_BROKERS overrides (comma-separated).'),
    client_id: z.string().min(1).describe('Kafka client id prefix; the stage name is appended.'),
    connection_timeout_ms: z
      .number()
      .int()
      .min(100)
      .describe('TCP connect timeout per broker, in milliseconds.'),
    request_timeout_ms: z.number().int().min(1000).describe('Timeout of one Kafka request, in milliseconds.'),
    session_timeout_ms: z
      .number()
      .int()
      .min(6000)
      .describe('Consumer session timeout, in milliseconds; a member silent this long is removed.'),
    heartbeat_interval_ms: z
      .number()
      .int()
      .min(100)
      .describe('Consumer heartbeat interval, in milliseconds.'),
  })
  .strict();

export const loggingSchema = z
  .object({
    level: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .describe('Lowest level logged.'),
    directory: z
      .string()
      .min(1)
      .nullable()
      .describe('Folder for one NDJSON log file per component; null logs to standard output.'),
  })
  .strict();

export const retrySchema = z
  .object({
    initial_delay_ms: z.number().int().min(1).describe('Delay before the first retry, in milliseconds.'),
    max_delay_ms: z.number().int().min(1).describe('Cap on one retry delay, in milliseconds.'),
    max_attempts: z.number().int().min(1).describe('Attempts in all, including the first.'),
  })
  .strict()
  .refine((retry) => retry.max_delay_ms >= retry.initial_delay_ms, {
    message: 'max_delay_ms must be at least initial_delay_ms',
    path: ['max_delay_ms'],
  });

export const runnerSchema = z
  .object({
    max_batch_records: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .describe('Most records handed to a stage at once.'),
    shutdown_timeout_ms: z
      .number()
      .int()
      .min(100)
      .describe('How long SIGTERM or SIGINT waits for the batch in flight before disconnecting, in ms.'),
    lag_interval_ms: z
      .number()
      .int()
      .min(100)
      .describe('How often consumer lag is measured, in milliseconds.'),
    retry: retrySchema,
  })
  .strict();

export const awsSchema = z
  .object({
    regions: z
      .array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-north-1'))
      .min(1),
    endpoint: z
      .string()
      .url()
      .nullable()
      .describe('Endpoint override for every AWS client (moto in tests); null uses the AWS endpoints.'),
    max_attempts: z.number().int().min(1).max(20).describe('Attempts of the SDK adaptive retry mode.'),
    credentials: z
      .object({
        access_key_id: z.string().min(1).describe('AWS access key id.'),
        secret_access_key: z.string().min(1).describe('AWS secret access key.'),
        session_token: z
          .string()
          .min(1)
          .nullable()
          .describe('Session token of temporary credentials, or null.'),
      })
      .strict()
      .nullable()
      .describe("Static credentials for every AWS client; null uses the SDK's default credential chain."),
  })
  .strict();

// The api section's schema lives with the API; it is re-exported here so imports keep working.
export { apiSchema };

export const configSchema = z
  .object({
    transport: transportSchema,
    kafka: kafkaSchema,
    logging: loggingSchema,
    runner: runnerSchema,
    aws: awsSchema,
    api: apiSchema,
    sources: sourcesSchema,
    aggregate: aggregateConfigSchema,
    anomaly: anomalyConfigSchema,
    energy: energyConfigSchema,
    archive: archiveConfigSchema,
    cloudwatch_publisher: cloudWatchPublisherConfigSchema,
    carbon_provider: carbonProviderConfigSchema,
    allocator: allocatorConfigSchema,
    executor: executorConfigSchema,
    predictor: predictorConfigSchema,
  })
  .strict();

export type EaawasConfig = z.infer<typeof configSchema>;
