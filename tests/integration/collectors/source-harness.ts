import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { Registry } from 'prom-client';
import type { EaawasConfig } from '../../../pipeline/config/config-schema.js';
import { loadConfig } from '../../../pipeline/config/load-config.js';
import { deepMerge, type PlainObject } from '../../../pipeline/config/merge.js';
import type { Clock } from '../../../pipeline/runner/clock.js';
import type { Publish } from '../../../pipeline/runner/source.js';
import type { StageContext } from '../../../pipeline/runner/stage.js';
import { COMPACTED_TOPICS, type TopicKey, topicNames } from '../../../pipeline/topics/topic-names.js';
import { createKafkaTransport } from '../../../pipeline/transport/kafka/kafka-transport.js';
import type { RecordHeaders, Transport } from '../../../pipeline/transport/transport.js';
import { TOPIC_SCHEMAS } from '../../../schemas/definitions/index.js';
import { MOTO_CREDENTIALS, motoEndpoint } from '../aws/moto.js';

/** Returns a name unique to this test run, for topics, clusters and streams. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

/**
 * Loads the config for a source test: Kafka on the test broker, a topic prefix of its own, moto as
 * the AWS endpoint with dummy credentials, and `overrides` on top.
 */
export function sourceTestConfig(overrides: PlainObject = {}): EaawasConfig {
  const brokers = process.env.KAFKA_BROKERS;
  if (brokers === undefined || brokers === '') {
    throw new Error(
      'KAFKA_BROKERS is not set; run the integration tests through jest so its global setup starts a broker',
    );
  }
  const config = loadConfig({
    env: { KAFKA_BROKERS: brokers, EAAWAS_TRANSPORT: 'kafka' },
    overrides: deepMerge(
      {
        transport: { topic_prefix: `test.src.${uniqueSuffix()}.`, partitions: 1 },
        aws: { endpoint: motoEndpoint(), credentials: MOTO_CREDENTIALS, max_attempts: 2 },
      },
      overrides,
    ),
  });
  if (config.aws.credentials === null || config.aws.endpoint === null) {
    throw new Error('a source test config must set explicit AWS credentials and endpoint');
  }
  return config;
}

/** Creates a Kafka transport on the test broker. */
export function createSourceTestTransport(config: EaawasConfig, registry: Registry): Transport {
  return createKafkaTransport({
    kafka: config.kafka,
    retry: config.runner.retry,
    maxBatchRecords: config.runner.max_batch_records,
    clientName: 'source-test',
    groupIdPrefix: config.transport.topic_prefix,
    logger: pino({ level: 'silent' }),
    registry,
  });
}

/** Creates the pipeline topics of the config's prefix, one partition each. */
export async function createTestTopics(transport: Transport, config: EaawasConfig): Promise<void> {
  await transport.connect();
  const names = topicNames(config.transport.topic_prefix);
  await transport.admin().createTopics(
    (Object.keys(names) as TopicKey[]).map((key) => ({
      topic: names[key],
      partitions: 1,
      replicationFactor: 1,
      compacted: COMPACTED_TOPICS.includes(key),
    })),
  );
}

/** Creates a clock the test moves by hand. */
export function manualClock(startMs: number): Clock & { set(ms: number): void } {
  let now = startMs;
  return { now: () => now, set: (ms) => (now = ms) };
}

/** Builds the stage context a source receives from the runner, on a silent logger. */
export function sourceContext(
  config: EaawasConfig,
  transport: Transport,
  clock: Clock,
  registry = new Registry(),
): StageContext {
  return {
    config,
    topics: topicNames(config.transport.topic_prefix),
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    registry,
    transport,
    clock,
  };
}

/**
 * Creates a `Publish` like the runner's. It validates each value against its topic's schema, sends the JSON and
 * resolves after the broker acknowledged it. An invalid message fails the test.
 */
export async function createTestPublish(transport: Transport, config: EaawasConfig): Promise<Publish> {
  const producer = await transport.producer();
  const names = topicNames(config.transport.topic_prefix);
  const schemaByTopic = new Map(
    (Object.keys(TOPIC_SCHEMAS) as Array<keyof typeof TOPIC_SCHEMAS>).map((key) => [
      names[key],
      TOPIC_SCHEMAS[key],
    ]),
  );
  return async (outputs) => {
    for (const output of outputs) {
      if (output.value !== null) {
        schemaByTopic.get(output.topic)?.parse(output.value);
      }
      await producer.send(output.topic, [
        {
          key: output.key,
          value: output.value === null ? null : JSON.stringify(output.value),
          ...(output.timestamp === undefined ? {} : { timestamp: output.timestamp }),
        },
      ]);
    }
  };
}

/** One record read back: its key, parsed JSON value (null for a tombstone) and headers. */
export interface ReadRecord {
  key: string | null;
  value: unknown;
  raw: Buffer | null;
  headers: RecordHeaders;
}

/** Reads a topic from the start to its current end. */
export async function readTopic(transport: Transport, topic: string): Promise<ReadRecord[]> {
  const records: ReadRecord[] = [];
  await transport.readToEnd(topic, (record) => {
    let value: unknown = null;
    if (record.value !== null) {
      try {
        value = JSON.parse(record.value.toString('utf8')) as unknown;
      } catch {
        value = record.value.toString('utf8');
      }
    }
    records.push({ key: record.key, value, raw: record.value, headers: record.headers });
  });
  return records;
}
