import pino from 'pino';
import { Registry } from 'prom-client';
import type { EaawasConfig } from '../../../pipeline/config/config-schema.js';
import { loadConfig } from '../../../pipeline/config/load-config.js';
import { deepMerge, type PlainObject } from '../../../pipeline/config/merge.js';
import { systemClock } from '../../../pipeline/runner/clock.js';
import type {
  StageContext,
  StageDefinition,
  StageInstance,
  StageResult,
} from '../../../pipeline/runner/stage.js';
import { topicNames, type TopicNames } from '../../../pipeline/topics/topic-names.js';
import { createPipelineTopics } from '../../../pipeline/transport/create-topics.js';
import { createTransport } from '../../../pipeline/transport/create-transport.js';
import type { Consumer, IncomingRecord, Transport } from '../../../pipeline/transport/transport.js';
import { sampleSchema, type Sample } from '../../../schemas/definitions/index.js';
import { uniqueName } from '../transport/poll.js';

export const silent = pino({ level: 'silent' });

/** Loads a config with its own topic prefix and short timings, on the requested transport. */
export function testConfig(kind: 'embedded' | 'kafka', extra: PlainObject = {}): EaawasConfig {
  return loadConfig({
    env: { KAFKA_BROKERS: process.env.KAFKA_BROKERS },
    overrides: deepMerge(
      {
        transport: { kind, topic_prefix: `${uniqueName('runner')}.`, partitions: 2 },
        logging: { level: 'silent' },
        runner: {
          max_batch_records: 50,
          shutdown_timeout_ms: 10_000,
          lag_interval_ms: 200,
          // Kafka clients retry with these too; a topic's leader can take a moment after creation.
          retry: { initial_delay_ms: 20, max_delay_ms: 500, max_attempts: 6 },
        },
      },
      extra,
    ),
  });
}

export interface RunnerFixture {
  config: EaawasConfig;
  topics: TopicNames;
  transport: Transport;
  registry: Registry;
  context(): StageContext;
  /** Starts a consumer in its own group that collects every record of a topic. */
  collect(topic: string): Promise<IncomingRecord[]>;
  close(): Promise<void>;
}

/** Creates a runner fixture; `extra` overrides config keys beyond the test defaults. */
export async function createRunnerFixture(
  kind: 'embedded' | 'kafka',
  extra: PlainObject = {},
): Promise<RunnerFixture> {
  const config = testConfig(kind, extra);
  const topics = topicNames(config.transport.topic_prefix);
  const registry = new Registry();
  const transport = createTransport(config, { logger: silent, registry });
  await createPipelineTopics(transport, config);
  const collectors: Consumer[] = [];

  return {
    config,
    topics,
    transport,
    registry,
    context: () => ({ config, topics, transport, registry, logger: silent, clock: systemClock }),
    async collect(topic) {
      const records: IncomingRecord[] = [];
      const consumer = transport.consumer({
        groupId: uniqueName('collector'),
        topics: [topic],
        fromBeginning: true,
      });
      collectors.push(consumer);
      await consumer.run((batch) => {
        records.push(...batch.records);
        return Promise.resolve();
      });
      return records;
    },
    async close() {
      await Promise.allSettled(collectors.map((consumer) => consumer.close()));
      await transport
        .admin()
        .deleteTopics(Object.values(topics))
        .catch(() => undefined);
      await transport.close();
    },
  };
}

export function sample(resourceId: string, value: number): Sample {
  return {
    resource_id: resourceId,
    resource_type: 'ec2_instance',
    region: 'eu-north-1',
    metric: 'cpu_utilization',
    unit: 'percent',
    value,
    event_time: '2026-12-04T10:00:00.000Z',
    period_s: 60,
    source: 'replay',
  };
}

export interface EchoHooks {
  /** Runs before each batch is processed; throwing fails the batch. */
  beforeBatch?(records: Sample[]): Promise<void> | void;
  onClose?(): void;
}

/**
 * Defines a small real stage that turns every sample into an anomaly record carrying the sample's
 * value as `observed`, and rejects samples above 90 percent with DATA_INVALID.
 */
export function echoStage(name: string, hooks: EchoHooks = {}): StageDefinition {
  return {
    name,
    inputs: (topics) => [{ topic: topics.samples, schema: sampleSchema }],
    outputs: (topics) => [topics.anomalies],
    create(context): Promise<StageInstance> {
      return Promise.resolve({
        async processBatch(records): Promise<StageResult> {
          await hooks.beforeBatch?.(records.map((record) => record.value as Sample));
          const result: StageResult = { outputs: [], rejections: [] };
          for (const record of records) {
            const value = record.value as Sample;
            if (value.value > 90) {
              result.rejections!.push({ record, code: 'DATA_INVALID', reason: 'value above 90 percent' });
              continue;
            }
            result.outputs.push({
              topic: context.topics.anomalies,
              key: value.resource_id,
              value: {
                resource_id: value.resource_id,
                region: value.region,
                metric: value.metric,
                window_start: value.event_time,
                window_end: value.event_time,
                window_size_s: value.period_s,
                observed: value.value,
                expected: 0,
                score: 0,
                method: 'echo/1',
                severity: 'low',
              },
            });
          }
          return result;
        },
        close() {
          hooks.onClose?.();
          return Promise.resolve();
        },
      });
    },
  };
}

export function observed(record: IncomingRecord): number {
  return (JSON.parse(record.value!.toString('utf8')) as { observed: number }).observed;
}
